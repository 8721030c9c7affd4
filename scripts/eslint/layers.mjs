// What each folder may import: an allowlist, as VS Code's import-pattern rule. A file takes the rule of the most
// specific key that contains it; a file with no rule at all is itself an error, so a new folder cannot slip through.
// A folder may always import inside itself. Entries are project paths (a folder or one file, no extension),
// `node` (Node built-ins), `deps` (any runtime dependency in package.json but electron) or a package name.
// Keep each folder's README ("May import") in step with its line here.

/** Pure TypeScript that runs in a browser too: the window wedge and everything it needs, and the HID report decoders. */
const PURE_DRIVERS = [
  'base',
  'drivers/aim',
  'drivers/scan',
  'drivers/keyboard',
  'drivers/framing',
  'drivers/wedge',
  'drivers/scanEvent',
  'drivers/hid/reportDecoder',
  'drivers/hid/pos',
  'drivers/hid/keyboard',
  'zod',
];

/** The driver contracts (zod), below every device. */
const DRIVER_CONTRACTS = [...PURE_DRIVERS, 'drivers/deviceConfig', 'drivers/scannerSpec'];

export const LAYERS = {
  // The bottom layer: imports nothing.
  base: [],

  // drivers/: pure folders → device/ → serial/, hid/ → emulate/ → createScannerDevice, deviceManager → record/
  'drivers/aim': PURE_DRIVERS,
  'drivers/scan': PURE_DRIVERS,
  'drivers/keyboard': PURE_DRIVERS,
  'drivers/framing': PURE_DRIVERS,
  'drivers/wedge': PURE_DRIVERS,
  'drivers/scanEvent': PURE_DRIVERS,
  'drivers/hid/reportDecoder': PURE_DRIVERS,
  'drivers/hid/pos': PURE_DRIVERS,
  'drivers/hid/keyboard': PURE_DRIVERS,
  'drivers/deviceConfig': DRIVER_CONTRACTS,
  'drivers/scannerSpec': DRIVER_CONTRACTS,
  'drivers/device': [...DRIVER_CONTRACTS, 'node', 'pino'],
  'drivers/serial': [...DRIVER_CONTRACTS, 'drivers/device', 'node', 'pino', 'serialport'],
  'drivers/hid': [...DRIVER_CONTRACTS, 'drivers/device', 'node', 'pino', 'node-hid'],
  'drivers/emulate': [...DRIVER_CONTRACTS, 'drivers/device', 'drivers/serial', 'drivers/hid', 'node', 'pino'],
  'drivers/diagnostics': [...DRIVER_CONTRACTS, 'drivers/serial', 'drivers/hid', 'node'],
  // The drivers' top: createScannerDevice and deviceManager, above every transport.
  drivers: [...DRIVER_CONTRACTS, 'drivers/device', 'drivers/serial', 'drivers/hid', 'drivers/emulate', 'node', 'pino'],
  'drivers/record': [...DRIVER_CONTRACTS, 'drivers/device', 'drivers/serial', 'drivers/hid', 'drivers/deviceManager', 'node', 'pino'],

  // sync/: protocol (zod only) and cache (SQLite, knows nothing of the wire) → client (the CRM side is the hub, hub/)
  'sync/protocol': ['base', 'zod'],
  'sync/cache': ['base', 'node', 'better-sqlite3', 'uuid', 'pino', 'zod'],
  'sync/client': ['base', 'sync/protocol', 'sync/cache', 'node', 'got', 'pino', 'uuid', 'zod'],

  // hub/: the central service shares only the sync protocol with the till.
  hub: ['base', 'sync/protocol', 'node', 'deps'],
  // The fleet page's host builds it with esbuild when run from the sources (a prebuilt dist/fleet needs none).
  'hub/fleetHost': ['hub/http', 'node', 'pino', 'esbuild'],
  // The fleet API's contract: zod only, so the browser page can import it.
  'hub/fleetContract': ['zod'],
  // The fleet page: browser code, talks to the hub through the contract only.
  'hub/fleetPage': ['hub/fleetContract', 'zod'],

  // main/: the till core.
  // base/ imports nothing and runs anywhere, so the browser may have it too (receipt arithmetic, minor units).
  'main/api/contract': ['base', 'zod'],
  'main/log': ['main/logFileSink', 'node', 'pino'],
  'main/logFileSink': ['node'],
  'main/tillFailure': [],
  'main/version': ['node'],
  'main/identify': ['base', 'main/api/contract', 'sync/cache', 'sync/protocol', 'node', 'libphonenumber-js', 'zod'],
  'main/stepup': [
    'base', 'main/tillFailure', 'main/api/contract', 'main/identify', 'sync/cache', 'sync/client', 'sync/protocol', 'node', 'pino', 'uuid', 'zod',
    // Two types of the customer session it checks: the step-up core still reads them from main/till.
    'main/till/profileSummary', 'main/till/customerSession',
  ],
  // The screens' config reuses the contract's schemas for the terms and tier names it hands to the screens.
  'main/config': ['base', 'main/api/contract', 'main/identify', 'main/stepup', 'drivers/deviceConfig', 'node', 'zod'],
  // The till core: below the POS API. It owns the ports the API calls it through (main/till/ports).
  'main/till': [
    'base', 'main/log', 'main/version', 'main/tillFailure', 'main/api/contract', 'main/config', 'main/identify', 'main/stepup',
    'drivers', 'sync/cache', 'sync/client', 'sync/protocol', 'node', 'deps',
  ],
  // The POS API reaches the till only through the ports main/till declares.
  'main/api': [
    'base', 'main/log', 'main/version', 'main/tillFailure', 'main/till/ports', 'main/stepup', 'main/identify', 'sync/client', 'sync/protocol',
    'node', 'deps', 'esbuild',
  ],
  // The one composition root: the till, its API and its sync, each built once, and the demo's hub (in-process, on
  // PGlite). Only the CLI and the Electron shell call it.
  'main/compose': [
    'base', 'main/log', 'main/version', 'main/tillFailure', 'main/till', 'main/api', 'main/config', 'main/identify', 'main/stepup', 'hub',
    'drivers', 'sync/cache', 'sync/client', 'sync/protocol', 'node', 'deps',
  ],
  'main/cli': [
    'base', 'main/log', 'main/version', 'main/compose', 'main/till', 'main/config', 'main/api', 'main/electron/launchElectron', 'main/identify', 'hub',
    'drivers', 'sync/cache', 'sync/client', 'sync/protocol', 'node', 'deps',
  ],
  // The Electron shell: the only folder that imports electron.
  'main/electron': ['base', 'main/log', 'main/version', 'main/compose', 'main/till', 'main/api', 'sync/client', 'node', 'deps', 'electron', 'esbuild'],
  // The preload runs in the page's sandbox: electron's contextBridge and ipcRenderer, the contract, the channel names.
  'main/electron/preload': ['electron', 'main/api/contract', 'main/electron/ipcChannels'],
  'main/electron/ipcChannels': [],

  // renderer/: browser code. The POS API's contract, the pure wedge decoder, and browser-safe packages (uuid: the
  // customer display's idempotency keys, UUIDv7 from crypto.getRandomValues).
  renderer: ['base', 'main/api/contract', 'drivers/wedge', 'zod', 'qrcode', 'libphonenumber-js', 'uuid'],

  // Tooling.
  bin: ['main/cli', 'dist', 'node', 'tsx'],
  // scripts/build.mjs loads the shell's bundler through tsx: build time only, never at run time.
  scripts: ['main/api', 'main/electron/bundleShell', 'node', 'esbuild', 'tsx', 'zod'],
  'scripts/eslint': ['node'],
  'eslint.config': ['scripts/eslint', 'node', '@eslint/js', 'typescript-eslint'],
  'vitest.config': ['test/support', 'node', 'vitest'],
  // Tests may reach anything of ours (that is their job) and any package; the rule still rejects computed paths.
  test: ['*'],
};
