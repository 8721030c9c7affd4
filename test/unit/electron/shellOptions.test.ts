import { describe, expect, it } from 'vitest';
import { parseShellOptions, ShellOptionsError } from '../../../main/electron/shellOptions';

describe('the shell’s command line', () => {
  it.each([
    [[], {}, { demo: false, kiosk: false }],
    [['--demo'], {}, { demo: true, kiosk: false }],
    [['--data', '/srv/till', '--port', '7421'], {}, { dataDir: '/srv/till', port: 7421, demo: false, kiosk: false }],
    [['--data=/srv/till', '--port=0'], {}, { dataDir: '/srv/till', port: 0, demo: false, kiosk: false }],
    [['--kiosk'], {}, { demo: false, kiosk: true }],
    [['--accept-empty-cache'], {}, { demo: false, kiosk: false, acceptEmptyCache: true }],
    [[], { TILLID_KIOSK: '1' }, { demo: false, kiosk: true }],
    [[], { TILLID_KIOSK: 'no' }, { demo: false, kiosk: false }],
    [['--no-sandbox', '--enable-logging', '/path/to/main.mjs'], {}, { demo: false, kiosk: false }],
  ])('%j %j', (argv, env, expected) => {
    expect(parseShellOptions(argv, env)).toEqual(expected);
  });

  it.each([[['--port', 'abc']], [['--port', '70000']], [['--data', '']]])('refuses %j, naming the option', (argv) => {
    expect(() => parseShellOptions(argv)).toThrow(ShellOptionsError);
    expect(() => parseShellOptions(argv)).toThrow(/port|dataDir/);
  });
});
