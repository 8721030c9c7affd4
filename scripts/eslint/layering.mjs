// ESLint rule: a file's top-level folder decides what it may import.
// renderer/  browser code: no Node built-ins, no Electron, no native packages; of the core only main/api/contract,
//            and of the drivers only the pure keyboard-wedge decoder in drivers/wedge (it binds it to the window).
// drivers/   no Electron, no renderer, no main, no sync.
// sync/      no Electron, no renderer, no main, no drivers, no hub.
// hub/       the central service: no Electron; of ours only base/ and sync/protocol (the contract both sides import).
// main/      no renderer (it serves the built bundle, it does not import it); only main/electron may import electron.
import { builtinModules } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const nativeOrNodeOnly = new Set(['better-sqlite3', 'serialport', 'node-hid', 'pino', 'got', 'commander', 'esbuild', 'tsx']);

function areaOf(absFile) {
  const rel = path.relative(root, absFile).split(path.sep);
  if (rel[0] === 'main' && rel[1] === 'electron') return 'main/electron';
  if (rel[0] === 'main' && rel[1] === 'api' && rel[2] === 'contract') return 'main/api/contract';
  if (rel[0] === 'sync' && rel[1] === 'protocol') return 'sync/protocol';
  return rel[0] ?? '';
}

function isInside(absPath, folder) {
  const rel = path.relative(path.join(root, folder), absPath);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

function packageName(spec) {
  if (spec.startsWith('@')) return spec.split('/').slice(0, 2).join('/');
  return spec.split('/')[0];
}

function check(fromArea, spec, fileDir) {
  const isRelative = spec.startsWith('.') || spec.startsWith('/');
  const target = isRelative ? areaOf(path.resolve(fileDir, spec)) : null;
  const pkg = isRelative ? null : packageName(spec);
  const isElectron = pkg === 'electron' || spec.startsWith('electron/');
  const isBuiltin = !isRelative && builtins.has(spec.split('/')[0] === 'node:' ? spec : spec);

  switch (fromArea) {
    case 'renderer':
      if (isBuiltin || (pkg && builtins.has(pkg))) return 'renderer/ runs in the browser: it may not import Node built-ins';
      if (isElectron) return 'renderer/ may not import electron (use the preload API through the API client)';
      if (pkg && nativeOrNodeOnly.has(pkg)) return `renderer/ may not import ${pkg} (Node-only)`;
      if (isRelative && isInside(path.resolve(fileDir, spec), 'drivers/wedge')) return null;
      if (target && target !== 'renderer' && target !== 'main/api/contract')
        return `renderer/ may import only main/api/contract of the core (and drivers/wedge), not ${target}/`;
      return null;
    case 'main/api/contract':
      if (isBuiltin || (pkg && builtins.has(pkg)) || isElectron || (pkg && nativeOrNodeOnly.has(pkg)))
        return 'main/api/contract is shared with the browser: zod schemas only';
      if (target && target !== 'main/api/contract') return 'main/api/contract may import only itself';
      return null;
    case 'drivers':
      if (isElectron) return 'drivers/ may not import electron';
      if (target && ['renderer', 'main', 'main/electron', 'main/api/contract', 'sync'].includes(target))
        return `drivers/ may not import ${target}/`;
      return null;
    case 'sync':
    case 'sync/protocol':
      if (isElectron) return 'sync/ may not import electron';
      if (target && ['renderer', 'main', 'main/electron', 'main/api/contract', 'drivers', 'hub'].includes(target))
        return `sync/ may not import ${target}/`;
      return null;
    case 'hub':
      if (isElectron) return 'hub/ may not import electron';
      if (target && !['hub', 'sync/protocol', 'base'].includes(target)) return `hub/ may import only sync/protocol of the till (and base/), not ${target}/`;
      return null;
    case 'main':
      if (isElectron) return 'only main/electron/ may import electron';
      if (target === 'renderer') return 'main/ may not import renderer/ (serve its built bundle instead)';
      return null;
    case 'base':
      if (!isRelative || target !== 'base') return 'base/ is the bottom layer: it imports nothing but itself';
      return null;
    case 'main/electron':
      if (target === 'renderer') return 'main/electron/ may not import renderer/';
      return null;
    default:
      return null;
  }
}

export default {
  meta: { type: 'problem', docs: { description: 'Enforce the folder layering' }, schema: [] },
  create(context) {
    const file = context.filename;
    const fromArea = areaOf(file);
    const dir = path.dirname(file);
    function report(node, spec) {
      if (typeof spec !== 'string') return;
      const message = check(fromArea, spec, dir);
      if (message) context.report({ node, message: `${message} (import '${spec}')` });
    }
    return {
      ImportDeclaration(node) { report(node, node.source.value); },
      ExportNamedDeclaration(node) { if (node.source) report(node, node.source.value); },
      ExportAllDeclaration(node) { report(node, node.source.value); },
      ImportExpression(node) { if (node.source.type === 'Literal') report(node, node.source.value); },
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal')
          report(node, node.arguments[0].value);
      },
    };
  },
};
