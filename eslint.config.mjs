import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import layering from './scripts/eslint/layering.mjs';

export default tseslint.config(
  { ignores: ['.tmp-*', 'node_modules/', 'dist/', 'test-results/', 'renderer/dist/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { tillid: { rules: { layering } } },
    rules: {
      'tillid/layering': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // Everything but the renderer and the fleet page runs in Node.
    ignores: ['renderer/**', 'hub/fleetPage/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', performance: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', AbortController: 'readonly', structuredClone: 'readonly', queueMicrotask: 'readonly', fetch: 'readonly' } },
  },
  {
    // Tests poke at parsed JSON answers; the code under test stays strict.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The renderer is browser code: Node's globals are not there (renderer/tsconfig.json leaves out Node's types too).
    files: ['renderer/**/*.ts', 'hub/fleetPage/**/*.ts'],
    languageOptions: { globals: { fetch: 'readonly', sessionStorage: 'readonly', window: 'readonly', document: 'readonly', navigator: 'readonly', localStorage: 'readonly', EventSource: 'readonly', HTMLElement: 'readonly', KeyboardEvent: 'readonly', requestAnimationFrame: 'readonly' } },
    rules: {
      'no-restricted-globals': [
        'error',
        ...['Buffer', 'process', 'require', 'module', 'global', '__dirname', '__filename', 'setImmediate', 'clearImmediate'].map((name) => ({
          name,
          message: `${name} is Node's: the renderer runs in a browser`,
        })),
      ],
    },
  },
);
