import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TILL_JS_FLAGS } from '../../../main/electron/launchElectron';

// electron-builder is not installed here: check the packaging file says what the security review needs.
const root = path.resolve(import.meta.dirname, '../../..');
const config = readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');

function section(name: string): string {
  const match = new RegExp(`^${name}:\\n((?:[ #].*\\n|\\n)*)`, 'm').exec(config);
  return match?.[1] ?? '';
}

describe('electron-builder.yml', () => {
  it.each([
    ['runAsNode', 'false'],
    ['enableNodeOptionsEnvironmentVariable', 'false'],
    ['enableNodeCliInspectArguments', 'false'],
    ['onlyLoadAppFromAsar', 'true'],
    ['enableEmbeddedAsarIntegrityValidation', 'true'],
    ['enableCookieEncryption', 'true'],
  ])('flips the fuse %s to %s', (fuse, value) => {
    expect(section('electronFuses')).toMatch(new RegExp(`^  ${fuse}: ${value}$`, 'm'));
  });

  it.each(['AppImage', 'deb'])('builds %s for Linux', (target) => {
    expect(section('linux')).toMatch(new RegExp(`- ${target}$`, 'm'));
  });

  it("starts the Linux packages with the till core's V8 flags, the same tillid start gives Electron", () => {
    expect(section('linux')).toMatch(new RegExp(`^  executableArgs:\\n    - ${TILL_JS_FLAGS}$`, 'm'));
  });

  it('builds an NSIS installer for Windows', () => {
    expect(section('win')).toMatch(/- nsis$/m);
  });

  it.each(['better-sqlite3', '@serialport/bindings-cpp', 'node-hid'])('unpacks the native module %s from asar', (name) => {
    expect(section('asarUnpack')).toContain(`node_modules/${name}/**`);
  });

  it('ships the udev rules file, which exists', () => {
    expect(section('extraResources')).toContain('build/udev/70-tillid-scanners.rules');
    expect(existsSync(path.join(root, 'build/udev/70-tillid-scanners.rules'))).toBe(true);
  });

  it('starts the bundled shell entry', () => {
    expect(section('extraMetadata')).toMatch(/main: dist\/electron\/main\.mjs/);
  });
});
