import { create } from 'qrcode';

/** The white border BankID's and every QR reader's guidelines ask for, in modules. */
export const QUIET_ZONE = 4;

/** Dark modules of a QR symbol: `size` × `size`, read row by row. */
export interface QrModules {
  size: number;
  get(row: number, col: number): number | boolean;
}

/**
 * One SVG path for all dark modules: a rectangle per horizontal run, offset by the quiet zone. Built from elements
 * and attributes only (the page's CSP forbids inline styles and innerHTML).
 */
export function qrModulesPath(modules: QrModules): string {
  const parts: string[] = [];
  for (let row = 0; row < modules.size; row++) {
    let col = 0;
    while (col < modules.size) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < modules.size && modules.get(row, col)) col++;
      const run = col - start;
      parts.push(`M${start + QUIET_ZONE} ${row + QUIET_ZONE}h${run}v1h-${run}z`);
    }
  }
  return parts.join('');
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** BankID's animated QR code for one second's `qrData`, as an SVG image named `label` for screen readers. */
export function bankIdQrSvg(qrData: string, label: string): SVGSVGElement {
  const modules = create(qrData, { errorCorrectionLevel: 'L' }).modules;
  const side = modules.size + QUIET_ZONE * 2;
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${side} ${side}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('class', 'bankid-qr');
  svg.setAttribute('shape-rendering', 'crispEdges');
  const background = document.createElementNS(SVG_NS, 'rect');
  for (const [name, value] of Object.entries({ width: side, height: side, fill: '#ffffff' })) background.setAttribute(name, String(value));
  const dark = document.createElementNS(SVG_NS, 'path');
  dark.setAttribute('d', qrModulesPath(modules));
  dark.setAttribute('fill', '#000000');
  svg.append(background, dark);
  return svg;
}
