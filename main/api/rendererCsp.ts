/**
 * The renderer's Content-Security-Policy: the page may load only its own script and stylesheet and talk only to its
 * own origin: no inline script, no eval, no frames, no form posts elsewhere. Sent by the renderer host and, again,
 * by the Electron shell on every response from the app's origin.
 */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
