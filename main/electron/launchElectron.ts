import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { RUNS_FROM_BUNDLE } from '../version';
import { bundleElectronShell, REPO_ROOT } from './bundleShell';

/**
 * The Electron binary from node_modules, or null when it was never downloaded (`npm run electron:install` fetches
 * it; machines without it run the till in a browser instead).
 */
export function findElectronBinary(): string | null {
  try {
    const binary: unknown = createRequire(import.meta.url)('electron');
    return typeof binary === 'string' ? binary : null;
  } catch {
    return null;
  }
}

/**
 * V8 flags for Electron's main process, where the till's core runs. They must be on the command line: the main
 * process's V8 is set up before any code of ours runs. An 8 MiB young generation, as `npm start` gives plain Node: a
 * till handles a few requests a minute, and V8's default nursery holds about 20 MB more RSS (docs/performance.md).
 */
export const TILL_JS_FLAGS = '--js-flags=--max-semi-space-size=8';

/** The shell `npm run build` made beside the built command, used as it is by a run from dist/ (no esbuild then). */
const PREBUILT_SHELL_MAIN = path.join(REPO_ROOT, 'dist', 'electron', 'main.mjs');

/**
 * Bundles the shell (a run from the built command uses the one built with it) and starts Electron on it with the given shell arguments (`--demo`, `--data DIR`, `--kiosk`,
 * `--port N`). Answers null when Electron is not installed, so the caller can fall back to the browser.
 */
export async function launchElectronShell(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<ChildProcess | null> {
  const binary = findElectronBinary();
  if (binary === null) return null;
  const main = RUNS_FROM_BUNDLE && existsSync(PREBUILT_SHELL_MAIN) ? PREBUILT_SHELL_MAIN : (await bundleElectronShell()).main;
  // ELECTRON_RUN_AS_NODE from a parent would turn the app into plain Node: never pass it on.
  const { ELECTRON_RUN_AS_NODE: _ignored, ...cleanEnv } = env;
  return spawn(binary, [TILL_JS_FLAGS, main, ...args], { stdio: 'inherit', env: cleanEnv });
}
