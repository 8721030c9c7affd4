import { currentUser } from '../../sync/cache';

interface SystemError {
  code?: unknown;
  syscall?: unknown;
  path?: unknown;
  address?: unknown;
  port?: unknown;
}

/**
 * What `tillid` prints for an error that ends a command: the error's own message, unless it is one of the system
 * errors a newcomer meets first and Node words for a programmer (EADDRINUSE, EACCES); those say what to do.
 */
export function explainCliError(error: unknown, user: () => string = currentUser): string {
  const message = error instanceof Error ? error.message : String(error);
  const system = (typeof error === 'object' && error !== null ? error : {}) as SystemError;
  if (system.code === 'EADDRINUSE' && system.syscall === 'listen') {
    const port = typeof system.port === 'number' ? system.port : undefined;
    const where = port === undefined ? 'The POS API port' : `Port ${port} on ${typeof system.address === 'string' ? system.address : '127.0.0.1'}`;
    return (
      `${where} is already in use: another till may be running (stop it first), or another program has the port. ` +
      `To run this one beside it, give it another port: --port ${port === undefined ? 7421 : port + 1} (or --port 0 for any free one).`
    );
  }
  if ((system.code === 'EACCES' || system.code === 'EPERM') && typeof system.path === 'string') {
    const action = typeof system.syscall === 'string' ? ` (${system.syscall})` : '';
    return (
      `Permission denied: ${user()} may not use ${system.path}${action}. Give that user access to it, run tillid as the ` +
      'user who owns it, or choose another data directory with --data DIR.'
    );
  }
  return message;
}
