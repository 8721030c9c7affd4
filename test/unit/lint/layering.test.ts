import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import path from 'node:path';

// The layering rule is what keeps the folders honest: prove it fires, and stays quiet where it should.
const eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, '../../..') });

async function messagesFor(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.resolve(import.meta.dirname, '../../..', file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'tillid/layering').map((m) => m.message);
}

describe('layering lint rule', () => {
  it.each([
    ['renderer/app.ts', "import fs from 'node:fs';\nexport const x = fs;\n", /Node built-ins/],
    ['renderer/app.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n", /electron/],
    ['renderer/app.ts', "import { x } from '../sync/cache/db';\nexport const y = x;\n", /only main\/api\/contract/],
    ['renderer/app.ts', "import Database from 'better-sqlite3';\nexport const y = Database;\n", /Node-only/],
    ['renderer/app.ts', "import { x } from '../drivers/serial/port';\nexport const y = x;\n", /only main\/api\/contract/],
    ['renderer/app.ts', "import { x } from '../drivers/wedgeless';\nexport const y = x;\n", /only main\/api\/contract/],
    ['drivers/serial/port.ts', "import { app } from 'electron';\nexport const y = app;\n", /electron/],
    ['drivers/serial/port.ts', "import { x } from '../../main/till';\nexport const y = x;\n", /drivers\/ may not import main/],
    ['sync/cache/db.ts', "import { x } from '../../renderer/app';\nexport const y = x;\n", /sync\/ may not import renderer/],
    ['main/api/server.ts', "import { app } from 'electron';\nexport const y = app;\n", /only main\/electron/],
    ['hub/routes/syncRoutes.ts', "import { x } from '../../sync/cache/memberCache';\nexport const y = x;\n", /hub\/ may import only sync\/protocol/],
    ['hub/routes/syncRoutes.ts', "import { x } from '../../main/till';\nexport const y = x;\n", /hub\/ may import only sync\/protocol/],
    ['sync/client/pullChanges.ts', "import { x } from '../../hub/createHub';\nexport const y = x;\n", /sync\/ may not import hub/],
  ])('%s: rejects %s', async (file, code, expected) => {
    const messages = await messagesFor(file, code);
    expect(messages.join('\n')).toMatch(expected);
  });

  it.each([
    ['renderer/app.ts', "import { x } from '../main/api/contract/identify';\nexport const y = x;\n"],
    ['renderer/wedgeCapture.ts', "import { x } from '../drivers/wedge/windowWedgeDecoder';\nexport const y = x;\n"],
    ['main/electron/window.ts', "import { app } from 'electron';\nexport const y = app;\n"],
    ['main/api/server.ts', "import { x } from '../../sync/cache/db';\nexport const y = x;\n"],
    ['drivers/serial/port.ts', "import { SerialPort } from 'serialport';\nexport const y = SerialPort;\n"],
    ['hub/routes/syncRoutes.ts', "import { x } from '../../sync/protocol';\nexport const y = x;\n"],
    ['hub/routes/syncRoutes.ts', "import { x } from '../../sync/protocol/upload';\nexport const y = x;\n"],
  ])('%s: allows %s', async (file, code) => {
    expect(await messagesFor(file, code)).toEqual([]);
  });
});
