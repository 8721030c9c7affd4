import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Creates `file` holding `content`, never half-written and never over an existing file: the bytes go to a temporary
 * file that is fsynced and then hard-linked to the final name (link fails where the name exists, where rename would
 * replace it), and the directory is fsynced so the new name survives a power cut.
 * Returns false, leaving the existing file alone, where another process created `file` first.
 */
export function createFileDurably(file: string, content: Buffer | string, mode: number): boolean {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, 'wx', mode);
  try {
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  let created = true;
  try {
    fs.linkSync(tmp, file);
  } catch (error) {
    if (!(typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EEXIST')) throw error;
    created = false;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  syncDirectory(path.dirname(file));
  return created;
}

/** Removes `file` and fsyncs its directory, so the removal survives a power cut. */
export function removeFileDurably(file: string): void {
  fs.rmSync(file, { force: true });
  syncDirectory(path.dirname(file));
}

/** fsyncs a directory so the names created or removed in it are on disk. No-op on Windows, which cannot open one. */
export function syncDirectory(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
