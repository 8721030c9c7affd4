import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import path from 'node:path';
import ts from 'typescript';

// The layering rule is what keeps the folders honest: prove it fires, and stays quiet where it should.
const root = path.resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function messagesFor(file: string, code: string, rule = 'tillid/layering'): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.resolve(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === rule).map((m) => m.message);
}

describe('layering lint rule', () => {
  it.each([
    ['renderer/app.ts', "import fs from 'node:fs';\nexport const x = fs;\n", /Node built-ins/],
    ['renderer/app.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n", /electron/],
    ['renderer/app.ts', "import { x } from '../sync/cache/db';\nexport const y = x;\n", /renderer\/ may not import sync\/cache\/db/],
    ['renderer/app.ts', "import Database from 'better-sqlite3';\nexport const y = Database;\n", /renderer\/ may not import better-sqlite3/],
    ['renderer/app.ts', "import { x } from '../drivers/serial/port';\nexport const y = x;\n", /may not import drivers\/serial\/port/],
    ['renderer/app.ts', "import { x } from '../drivers/wedgeless';\nexport const y = x;\n", /may not import drivers\/wedgeless/],
    ['drivers/serial/port.ts', "import { app } from 'electron';\nexport const y = app;\n", /electron/],
    ['drivers/serial/port.ts', "import { x } from '../../main/till';\nexport const y = x;\n", /drivers\/serial\/ may not import main\/till/],
    ['sync/cache/db.ts', "import { x } from '../../renderer/app';\nexport const y = x;\n", /sync\/cache\/ may not import renderer\/app/],
    ['main/api/server.ts', "import { app } from 'electron';\nexport const y = app;\n", /only main\/electron/],
    // The five that passed the old forbid-list rule.
    ['drivers/serial/port.ts', "import Database from 'better-sqlite3';\nexport const y = Database;\n", /drivers\/serial\/ may not import better-sqlite3/],
    ['sync/cache/db.ts', "import { x } from '../client/crmSession';\nexport const y = x;\n", /sync\/cache\/ may not import sync\/client\/crmSession/],
    ['drivers/serial/port.ts', "import { x } from '../../scripts/reexport';\nexport const y = x;\n", /drivers\/serial\/ may not import scripts\/reexport/],
    ['scripts/reexport.ts', "export { createTill } from '../main/till/till';\n", /scripts\/ may not import main\/till\/till/],
    ['renderer/app.ts', 'export const till = import(`../main/till/till`);\n', /renderer\/ may not import main\/till\/till/],
    // And the tricks around them.
    ['renderer/app.ts', 'const where = "till";\nexport const till = import(`../main/till/${where}`);\n', /computed path/],
    ['renderer/app.ts', "export type Till = import('../main/till/till').Till;\n", /renderer\/ may not import main\/till\/till/],
    ['renderer/app.ts', "import x = require('../main/till/till');\nexport const y = x;\n", /renderer\/ may not import main\/till\/till/],
    ['main/electron/preload.ts', "import { readFileSync } from 'node:fs';\nexport const y = readFileSync;\n", /preload\/ may not import Node built-ins/],
    ['bin/tillid.mjs', "import { x } from '../drivers/serial/port.ts';\nexport const y = x;\n", /bin\/ may not import drivers\/serial\/port/],
    ['hub/store.ts', "import { x } from '../sync/cache/database';\nexport const y = x;\n", /hub\/ may not import sync\/cache\/database/],
    ['drivers/device/portScannerDevice.ts', "import { x } from '../serial/serialAccess';\nexport const y = x;\n", /drivers\/device\/ may not import drivers\/serial/],
    ['base/x.ts', "import { z } from 'zod';\nexport const y = z;\n", /base\/ may not import zod/],
    ['newfolder/x.ts', 'export const y = 1;\n', /in no folder with a layering rule/],
    ['hub/routes/syncRoutes.ts', "import { x } from '../../sync/cache/memberCache';\nexport const y = x;\n", /hub\/ may not import sync\/cache\/memberCache/],
    ['hub/routes/syncRoutes.ts', "import { x } from '../../main/till';\nexport const y = x;\n", /hub\/ may not import main\/till/],
    ['sync/client/pullChanges.ts', "import { x } from '../../hub/createHub';\nexport const y = x;\n", /sync\/client\/ may not import hub\/createHub/],
    // The till sits below its API: no import points back up, and the API reaches the till only through its ports.
    ['main/till/till.ts', "import { x } from '../api/routes';\nexport const y = x;\n", /main\/till\/ may not import main\/api\/routes/],
    ['main/till/till.ts', "import { x } from '../compose/startTill';\nexport const y = x;\n", /main\/till\/ may not import main\/compose\/startTill/],
    ['main/api/routes.ts', "import { x } from '../till/till';\nexport const y = x;\n", /main\/api\/ may not import main\/till\/till/],
  ])('%s: rejects %s', async (file, code, expected) => {
    const messages = await messagesFor(file, code);
    expect(messages.join('\n')).toMatch(expected);
  });

  it.each([
    ['renderer/app.ts', "import { x } from '../main/api/contract/identify';\nexport const y = x;\n"],
    ['renderer/wedgeCapture.ts', "import { x } from '../drivers/wedge/windowWedgeDecoder';\nexport const y = x;\n"],
    ['main/electron/window.ts', "import { app } from 'electron';\nexport const y = app;\n"],
    ['main/api/server.ts', "import { x } from '../../sync/client/db';\nexport const y = x;\n"],
    ['drivers/serial/port.ts', "import { SerialPort } from 'serialport';\nexport const y = SerialPort;\n"],
    ['drivers/serial/port.ts', "import { x } from '../device/portBinding';\nexport const y = x;\n"],
    ['hub/store.ts', "import { x } from '../sync/protocol';\nexport const y = x;\n"],
    ['hub/routes/syncRoutes.ts', "import { x } from '../../sync/protocol/upload';\nexport const y = x;\n"],
    ['main/electron/preload.ts', "import { contextBridge } from 'electron';\nexport const y = contextBridge;\n"],
    ['test/unit/x.test.ts', "import { x } from '../../main/till/till';\nexport const y = x;\n"],
    ['main/till/till.ts', "import type { x } from '../api/contract/identify';\nexport type Y = x;\n"],
    ['main/api/routes.ts', "import type { TillCore } from '../till/ports/tillCore';\nexport type Y = TillCore;\n"],
    ['main/compose/startTill.ts', "import { a } from '../till/till';\nimport { b } from '../api/server';\nexport const y = [a, b];\n"],
  ])('%s: allows %s', async (file, code) => {
    expect(await messagesFor(file, code)).toEqual([]);
  });

  it('rejects Node globals in the renderer', async () => {
    expect(await messagesFor('renderer/app.ts', "export const b = Buffer.from('x');\n", 'no-restricted-globals')).toEqual([
      "Unexpected use of 'Buffer'. Buffer is Node's: the renderer runs in a browser",
    ]);
    expect(await messagesFor('main/api/server.ts', "export const b = Buffer.from('x');\n", 'no-restricted-globals')).toEqual([]);
  });
});

describe('the renderer tsconfig', () => {
  it('has DOM types and no Node types: Buffer and process do not typecheck in renderer/', () => {
    const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'renderer/tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
    if (!config) throw new Error('renderer/tsconfig.json does not parse');
    const file = path.join(root, 'renderer/__layering_probe__.ts');
    const source = "export const b = Buffer.from('x');\nexport const p = process.env;\nexport const d: HTMLElement = document.body;\n";
    const host = ts.createCompilerHost(config.options);
    const readFile = host.readFile.bind(host);
    host.readFile = (name) => (path.resolve(name) === file ? source : readFile(name));
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (name) => path.resolve(name) === file || fileExists(name);
    const program = ts.createProgram([file], config.options, host);
    const errors = ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(errors).toEqual([expect.stringContaining("Cannot find name 'Buffer'"), expect.stringContaining("Cannot find name 'process'")]);
  });
});
