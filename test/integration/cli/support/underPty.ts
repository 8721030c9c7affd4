import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/**
 * Runs a command with a real pseudo-terminal as its stdin, stdout and stderr, as a person at a terminal runs
 * it: python3's pty.fork makes the pty the child's controlling terminal; what the test writes to this
 * process's stdin is typed into the terminal, and what the child prints comes out on this process's stdout.
 */
const PTY_HOST_PY = String.raw`
import os, pty, select, sys
pid, master = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
stdin_open = True
while True:
    watched = [master, 0] if stdin_open else [master]
    readable, _, _ = select.select(watched, [], [])
    if master in readable:
        try:
            data = os.read(master, 65536)
        except OSError:
            data = b""
        if not data:
            break
        os.write(1, data)
    if 0 in readable:
        data = os.read(0, 65536)
        if data:
            os.write(master, data)
        else:
            stdin_open = False
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status) & 255)
`;

export interface PtyProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything the command printed so far (the terminal echoes what was typed, too). */
  output(): string;
  /** Types text into the terminal (a line needs its own "\r", as Enter sends). */
  type(text: string): void;
  /** Resolves once the output matches; rejects after timeoutMs with what was printed. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Sends SIGINT to the command, as Ctrl-C does, and waits for it to exit (SIGKILL after 10 s). */
  interrupt(): Promise<void>;
}

export function spawnUnderPty(command: string, args: string[], options: { cwd: string }): PtyProcess {
  const child = spawn('python3', ['-c', PTY_HOST_PY, command, ...args], { cwd: options.cwd });
  let printed = '';
  child.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => printed,
    type: (text) => child.stdin.write(text),
    async waitFor(pattern, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(printed)) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`no ${String(pattern)} in:\n${printed}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async interrupt() {
      if (child.exitCode !== null) return;
      // Ctrl-C typed into the terminal: the line discipline sends SIGINT to the command's process group.
      child.stdin.write('\x03');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
