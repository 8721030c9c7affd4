// ESLint rule: each folder imports only what its line in layers.mjs allows. A file in a folder with no rule, and an
// import whose path is computed (so it cannot be checked), are errors too.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { LAYERS } from './layers.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const runtimeDeps = new Set(Object.keys(manifest.dependencies ?? {}).filter((name) => name !== 'electron'));
const keys = Object.keys(LAYERS).sort((a, b) => b.length - a.length);
/** First path segments that name project paths (not packages) in an allowlist. */
const projectRoots = new Set([...keys.map((key) => key.split('/')[0]), 'dist']);

/** A project path without its extension, with forward slashes: `drivers/serial/serialAccess`. */
function projectPath(absPath) {
  return path.relative(root, absPath).split(path.sep).join('/').replace(/\.(d\.ts|ts|mts|cts|mjs|cjs|js|json)$/, '');
}

function within(target, entry) {
  return target === entry || target.startsWith(`${entry}/`);
}

/** The rule key of a file: the most specific LAYERS key that contains it. */
export function layerOf(absFile) {
  const file = projectPath(absFile);
  return keys.find((key) => within(file, key));
}

function packageName(spec) {
  return spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
}

/** Why `spec`, imported from a file under `layer` in `fileDir`, is not allowed; null when it is. */
export function checkImport(layer, spec, fileDir) {
  const allowed = LAYERS[layer];
  if (allowed.includes('*')) return null;
  if (spec.startsWith('.') || spec.startsWith('/')) {
    const target = projectPath(path.resolve(fileDir, spec));
    if (within(target, layer)) return null;
    if (allowed.some((entry) => projectRoots.has(entry.split('/')[0]) && within(target, entry))) return null;
    return `${layer}/ may not import ${target} (its allowlist in scripts/eslint/layers.mjs does not name it)`;
  }
  if (builtins.has(spec) || builtins.has(spec.split('/')[0])) {
    return allowed.includes('node') ? null : `${layer}/ may not import Node built-ins (${spec})`;
  }
  const pkg = packageName(spec);
  if (allowed.includes(pkg)) return null;
  if (allowed.includes('deps') && runtimeDeps.has(pkg)) return null;
  return `${layer}/ may not import ${pkg}${pkg === 'electron' ? ' (only main/electron/ may)' : ''}`;
}

/** The string an import names, when it is written out; undefined when it is computed at run time. */
function literalPath(node) {
  if (node?.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node?.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

export default {
  meta: { type: 'problem', docs: { description: 'Each folder imports only what scripts/eslint/layers.mjs allows it' }, schema: [] },
  create(context) {
    const file = context.filename;
    const layer = layerOf(file);
    const dir = path.dirname(file);
    function check(node, source) {
      if (!layer || LAYERS[layer].includes('*')) return;
      const spec = literalPath(source);
      if (spec === undefined) {
        context.report({ node, message: 'an import with a computed path cannot be checked by the layering rule: write the path out' });
        return;
      }
      const message = checkImport(layer, spec, dir);
      if (message) context.report({ node, message: `${message} (import '${spec}')` });
    }
    return {
      Program(node) {
        if (!layer) context.report({ node, message: `${projectPath(file)} is in no folder with a layering rule: add its folder to scripts/eslint/layers.mjs` });
      },
      ImportDeclaration(node) { check(node, node.source); },
      ExportNamedDeclaration(node) { if (node.source) check(node, node.source); },
      ExportAllDeclaration(node) { check(node, node.source); },
      TSImportEqualsDeclaration(node) { if (node.moduleReference.type === 'TSExternalModuleReference') check(node, node.moduleReference.expression); },
      ImportExpression(node) { check(node, node.source); },
      // `import('../x').T` in a type: erased at run time, but still a dependency.
      TSImportType(node) {
        const source = 'source' in node ? node.source : node.argument; // `argument` before typescript-eslint 8.x renamed it
        check(node, source?.type === 'TSLiteralType' ? source.literal : source);
      },
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node, node.arguments[0]);
      },
    };
  },
};
