import http from 'node:http';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashManagerPin, verifyManagerPin } from '../../../main/till/managerPin';
import { managerRoutes } from '../../../main/api/managerRoutes';
import type { ManagerCore } from '../../../main/till/ports/managerCore';
import { createApiServer, type ApiServer } from '../../../main/api/server';
import { httpRequest } from '../../support/httpRequest';

// Issue 11.9: the PIN limit must hold when guesses arrive together, not only one after another. The PIN is checked
// with the real scrypt, whose tens of milliseconds are the window parallel guesses used to slip through.
const TOKEN = 'tok_parallel_pin_guessing_000';
const GUESSES = 200;
let server: ApiServer;
let url: string;
let checks = 0;

beforeAll(async () => {
  const pinHash = await hashManagerPin('1234');
  const unused = (): never => {
    throw new Error('not used by this test');
  };
  const core: ManagerCore = {
    verifyPin: (pin) => {
      checks += 1;
      return verifyManagerPin(pin, pinHash);
    },
    enrolment: unused,
    enrol: unused,
    rebootstrap: unused,
    diagnostics: unused,
    listDeadLetters: unused,
  };
  server = createApiServer({ routes: managerRoutes(core), token: TOKEN, logger: pino({ level: 'silent' }) });
  ({ url } = await server.listen(0));
});

afterAll(() => server?.close());

describe('parallel manager PIN guesses', () => {
  it(`${GUESSES} guesses at once get 5 checks; the rest are told how long to wait`, async () => {
    // Every guess on its own connection, all sent before any answer comes back.
    const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
    const guesses = Array.from({ length: GUESSES }, (_, i) => String(i).padStart(4, '0'));
    const answers = await Promise.all(
      guesses.map((pin) =>
        httpRequest(`${url}/api/v1/manager/session`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ pin }),
          timeoutMs: 60_000,
          agent,
        }),
      ),
    );
    agent.destroy();
    const statuses = answers.map((a) => a.status);
    expect(checks).toBe(5);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(GUESSES - 5);
    for (const limited of answers.filter((a) => a.status === 429)) {
      const seconds = (limited.json() as { retryAfterSeconds: number }).retryAfterSeconds;
      expect(seconds).toBeGreaterThan(0);
      expect(limited.headers['retry-after']).toBe(String(seconds));
    }
  });

  it('keeps the right PIN out while locked', async () => {
    const res = await httpRequest(`${url}/api/v1/manager/session`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ pin: '1234' }),
    });
    expect(res.status).toBe(429);
    expect(checks).toBe(5);
  });
});
