// Node module hooks for a test: resolving esbuild or tsx fails, as in an install without devDependencies.
// Load with `node --import ./test/support/forbidDevPackages.mjs …`.
import { register } from 'node:module';

const hooks = `
export async function resolve(specifier, context, next) {
  if (/^(esbuild|tsx)(\\/|$)/.test(specifier)) throw new Error('a devDependency was loaded at run time: ' + specifier);
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
