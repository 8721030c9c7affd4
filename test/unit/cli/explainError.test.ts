import { describe, expect, it } from 'vitest';
import { explainCliError } from '../../../main/cli/explainError';
import { explainCacheOpenError } from '../../../sync/cache/cacheStartChecks';

const systemError = (message: string, fields: Record<string, unknown>) => Object.assign(new Error(message), fields);
const user = () => 'user till (uid 1001)';

describe('explainCliError: what tillid prints for an error that ends a command', () => {
  it.each<[string, unknown, RegExp]>([
    [
      'a busy POS API port',
      systemError('listen EADDRINUSE: address already in use 127.0.0.1:7420', { code: 'EADDRINUSE', syscall: 'listen', address: '127.0.0.1', port: 7420 }),
      /^Port 7420 on 127\.0\.0\.1 is already in use: another till may be running .* --port 7421 \(or --port 0 for any free one\)\.$/,
    ],
    [
      'a directory the user may not create',
      systemError("EACCES: permission denied, mkdir '/var/lib/tillid'", { code: 'EACCES', syscall: 'mkdir', path: '/var/lib/tillid' }),
      /^Permission denied: user till \(uid 1001\) may not use \/var\/lib\/tillid \(mkdir\)\. .* --data DIR\.$/,
    ],
    [
      'a file the user may not change',
      systemError("EPERM: operation not permitted, chmod '/srv/till'", { code: 'EPERM', syscall: 'chmod', path: '/srv/till' }),
      /^Permission denied: user till \(uid 1001\) may not use \/srv\/till \(chmod\)/,
    ],
    ['any other error, as it is', new Error('--port must be a whole number from 0 to 65535'), /^--port must be a whole number from 0 to 65535$/],
    ['a thrown string', 'something odd', /^something odd$/],
  ])('%s', (_name, error, expected) => {
    expect(explainCliError(error, user)).toMatch(expected);
  });
});

describe('explainCacheOpenError: SQLite failures that name neither the file nor a way out', () => {
  const sqlite = (code: string, message: string) => Object.assign(new Error(message), { code });
  it.each<[string, RegExp]>([
    ['SQLITE_NOTADB', /^\/d\/cache\.db is not a SQLite database .* --accept-empty-cache/],
    ['SQLITE_CORRUPT', /^\/d\/cache\.db is not a SQLite database/],
    ['SQLITE_CANTOPEN', /^\/d\/cache\.db cannot be opened for reading and writing by user .*--data\.$/],
    ['SQLITE_READONLY', /^\/d\/cache\.db cannot be opened for reading and writing/],
  ])('%s', (code, expected) => {
    const explained = explainCacheOpenError(sqlite(code, 'sqlite says no'), '/d/cache.db');
    expect((explained as Error).message).toMatch(expected);
    expect((explained as Error).cause).toMatchObject({ code });
  });

  it('leaves other errors as they are', () => {
    const other = new Error('disk I/O error');
    expect(explainCacheOpenError(other, '/d/cache.db')).toBe(other);
  });
});
