// Lint rules: typescript-eslint's recommended type-aware set, plus the few rules that keep
// asynchronous code honest (a forgotten await loses errors and breaks graceful shutdown).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import moduleBoundaries from './scripts/lint/module-boundaries.js';

/**
 * The module boundaries of src/ (scripts/lint/module-boundaries.js); a test may reach into the module it
 * tests. Exported for test/app/boundaries.test.ts, which runs this block on a fixture tree and on src/.
 */
export const boundaries = {
  files: ['src/**/*.ts'],
  ignores: ['**/*.test.ts'],
  plugins: { casus: { rules: { 'module-boundaries': moduleBoundaries } } },
  rules: { 'casus/module-boundaries': 'error' },
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'var/**', 'coverage/**', 'web/dist/**', 'web/src/api/schema.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'bin/*.js', 'scripts/lint/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // node:test's test()/describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] }] },
      ],
      // Fastify handlers and hooks are async by contract, whether or not they await.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // Tests read untyped JSON bodies (res.json()) and assert on them.
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
  boundaries,
  {
    // The web client (web/, its own tsconfig): browser globals and the rules of React's hooks.
    files: ['web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: globals.browser },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // TanStack Router's way to leave a route before it loads: `throw redirect(...)`.
      '@typescript-eslint/only-throw-error': [
        'error',
        { allow: [{ from: 'package', package: '@tanstack/router-core', name: 'Redirect' }] },
      ],
    },
  },
  {
    // Shipped migrations are history: they must do forever what they did when they shipped, so they
    // import no live constant or function (inline the values). Allowed: kysely, the migrator's types
    // and the module's own (earlier) migrations in the same folder.
    files: ['src/**/migrations/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!kysely$|\\./\\d{4}_[a-z0-9_]+\\.ts$|(\\.\\./)+(kernel/)?db/migrator\\.ts$)',
              message: "A migration imports only kysely, the migrator types and its own module's earlier migrations: write the values out.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
