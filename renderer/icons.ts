import { icon } from './elements';

const stroke = { fill: 'none', stroke: 'currentColor', 'stroke-width': 1.8, 'stroke-linejoin': 'round', 'stroke-linecap': 'round' };

export const qrIcon = (): SVGSVGElement =>
  icon([
    { tag: 'rect', attrs: { x: 3, y: 3, width: 7, height: 7, ...stroke } },
    { tag: 'rect', attrs: { x: 14, y: 3, width: 7, height: 7, ...stroke } },
    { tag: 'rect', attrs: { x: 3, y: 14, width: 7, height: 7, ...stroke } },
    { tag: 'path', attrs: { d: 'M14 14h3v3h-3zM19 19h2v2h-2zM14 20h2M20 14v3', ...stroke } },
  ]);

export const cardIcon = (): SVGSVGElement =>
  icon([
    { tag: 'rect', attrs: { x: 2.5, y: 5, width: 19, height: 14, rx: 2, ...stroke } },
    { tag: 'path', attrs: { d: 'M2.5 9.5h19M6 15h4', ...stroke } },
  ]);

export const phoneIcon = (): SVGSVGElement =>
  icon([
    { tag: 'rect', attrs: { x: 6.5, y: 2.5, width: 11, height: 19, rx: 2, ...stroke } },
    { tag: 'path', attrs: { d: 'M10.5 18.5h3', ...stroke } },
  ]);

export const backspaceIcon = (): SVGSVGElement =>
  icon([
    { tag: 'path', attrs: { d: 'M8 5h12a1.5 1.5 0 0 1 1.5 1.5v11A1.5 1.5 0 0 1 20 19H8l-5.5-7z', ...stroke } },
    { tag: 'path', attrs: { d: 'M11 9.5l5 5M16 9.5l-5 5', ...stroke } },
  ]);

export const checkIcon = (): SVGSVGElement => icon([{ tag: 'path', attrs: { d: 'M4.5 12.5l5 5 10-11', ...stroke, 'stroke-width': 2.4 } }]);

export const cloudOffIcon = (): SVGSVGElement =>
  icon([
    { tag: 'path', attrs: { d: 'M7 18h10a4 4 0 0 0 .6-7.96A6 6 0 0 0 6.1 9.1 4.5 4.5 0 0 0 7 18z', ...stroke } },
    { tag: 'path', attrs: { d: 'M3 3l18 18', ...stroke } },
  ]);
