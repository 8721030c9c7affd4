import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { bundleElectronShell } from './bundleShell';

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
 * Bundles the shell and starts Electron on it with the given shell arguments (`--demo`, `--data DIR`, `--kiosk`,
 * `--port N`). Answers null when Electron is not installed, so the caller can fall back to the browser.
 */
export async function launchElectronShell(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<ChildProcess | null> {
  const binary = findElectronBinary();
  if (binary === null) return null;
  const bundle = await bundleElectronShell();
  // ELECTRON_RUN_AS_NODE from a parent would turn the app into plain Node: never pass it on.
  const { ELECTRON_RUN_AS_NODE: _ignored, ...cleanEnv } = env;
  return spawn(binary, [bundle.main, ...args], { stdio: 'inherit', env: cleanEnv });
}
