// npm run lint: ESLint's and typescript-eslint's recommended rules, without type information (fast).
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const node = {
  console: 'readonly', process: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly',
  clearInterval: 'readonly', setImmediate: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', URL: 'readonly',
  URLSearchParams: 'readonly', performance: 'readonly', structuredClone: 'readonly', fetch: 'readonly', AbortSignal: 'readonly',
  AbortController: 'readonly', Buffer: 'readonly', __dirname: 'readonly', __filename: 'readonly', require: 'readonly', module: 'writable', exports: 'writable',
};
const browser = {
  window: 'readonly', document: 'readonly', navigator: 'readonly', getComputedStyle: 'readonly', innerHeight: 'readonly', innerWidth: 'readonly',
  requestAnimationFrame: 'readonly', acquireVsCodeApi: 'readonly', CSS: 'readonly', HTMLElement: 'readonly', HTMLInputElement: 'readonly',
  Element: 'readonly', Event: 'readonly', KeyboardEvent: 'readonly', MouseEvent: 'readonly',
};

export default defineConfig(
  { ignores: ['dist/**', 'dist-test*/**', 'node_modules/**', 'test/harness/node_modules/**', 'test/fixtures/**', 'samples/**', 'out/**', '.cache/**'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: node },
    rules: {
      // `_name` marks a parameter an interface requires but this implementation does not use. Unused
      // code is reported without failing the run: it is tidying, not a defect.
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Control characters in a regular expression are how text is cleaned of them (CSV, Markdown, SARIF).
      'no-control-regex': 'off',
      // Re-thrown errors read better with their cause, but a missing one is not a defect.
      'preserve-caught-error': 'warn',
      // `let node = this` starts a walk down a tree; arrow functions already keep `this` in callbacks.
      '@typescript-eslint/no-this-alias': 'off',
    },
  },
  // Page scripts, and the functions tests run inside a page (page.evaluate).
  { files: ['src/webview/**', 'media/**', 'test/browser/**', 'test/e2e/**'], languageOptions: { globals: browser } },
  // CommonJS scripts load modules with require().
  { files: ['**/*.js', '**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // Tests read JSON of any shape, and match output text as printed, indentation included.
  { files: ['test/**'], rules: { '@typescript-eslint/no-explicit-any': 'off', 'no-regex-spaces': 'off' } },
);
