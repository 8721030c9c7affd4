import { readFile } from 'node:fs/promises';
import { parseScript, type ScriptStep } from './scanScript';

/** A script file plus any plain labels, as the steps an emulated device plays once it is online. */
export async function loadScriptSteps(scriptPath: string | undefined, scans: readonly string[]): Promise<ScriptStep[]> {
  const steps: ScriptStep[] = scans.map((data) => ({ type: 'scan', data, repeat: 1, delayMs: 0 }));
  if (scriptPath !== undefined) steps.push(...parseScript(await readFile(scriptPath, 'utf8'), scriptPath));
  return steps;
}
