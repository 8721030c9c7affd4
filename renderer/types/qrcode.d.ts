// The part of `qrcode` the renderer uses (its symbol matrix, drawn as SVG by bankIdQr.ts). @types/qrcode pulls in
// Node's types, which renderer/tsconfig.json keeps out of browser code, so the renderer checks against this instead.
declare module 'qrcode' {
  export interface QRCode {
    modules: { size: number; get(row: number, col: number): number | boolean };
  }
  export function create(text: string, options?: { errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H' }): QRCode;
}
