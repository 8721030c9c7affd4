import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RENDERER_CSP } from '../../../main/api/rendererHost';
import { startPreviewServer } from '../../unit/renderer/support/previewServer';

let preview: Awaited<ReturnType<typeof startPreviewServer>>;
beforeAll(async () => {
  preview = await startPreviewServer();
});
afterAll(() => preview.close());

describe('the renderer host (browser mode)', () => {
  it.each([
    ['/', /^text\/html/, 'no-store'],
    ['/index.html', /^text\/html/, 'no-store'],
    ['/customer', /^text\/html/, 'no-store'],
    ['/app.js', /^text\/javascript/, 'no-cache'],
    ['/app.css', /^text\/css/, 'no-cache'],
  ])('serves %s as %s with cache-control %s', async (path, type, cache) => {
    const response = await fetch(`${preview.url}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(type);
    expect(response.headers.get('cache-control')).toBe(cache);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await response.text()).length).toBeGreaterThan(100);
  });

  it.each(['/', '/customer'])('sends a strict CSP with the page at %s: own origin only, no inline script', async (path) => {
    const response = await fetch(`${preview.url}${path}`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toBe(RENDERER_CSP);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(await response.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('answers HEAD without a body and a matching ETag with 304', async () => {
    const head = await fetch(`${preview.url}/app.js`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const etag = head.headers.get('etag') ?? '';
    const again = await fetch(`${preview.url}/app.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it.each(['POST', 'PUT', 'DELETE'])('refuses %s', async (method) => {
    const response = await fetch(`${preview.url}/`, { method });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it.each(['/secret.txt', '/../package.json', '/renderer/app.ts', '/main.ts'])('serves nothing else (%s)', async (path) => {
    expect((await fetch(`${preview.url}${path}`)).status).toBe(404);
  });

  it('keeps the Host check in front of the page too', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${preview.url}/`, { headers: { host: 'evil.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
  });
});
