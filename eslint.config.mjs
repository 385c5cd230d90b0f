import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.data/', '.tools/', 'coverage/', 'jest.config.js'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Type-aware rules: a promise nobody awaits loses its error; an async callback where a plain one
    // is expected (an event listener, a forEach) does too.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // Workflow code is replayed: only the SDK and types may come in (docs/design.md, STYLE.md habit 1).
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!@temporalio/(workflow|common)$|\\.\\.?/).*', message: 'workflows/ may import only @temporalio/workflow, @temporalio/common and relative files' },
            // src/domain/statuses.ts is plain data (the final statuses), safe in the workflow sandbox.
            { regex: '^\\.\\./src/(?!domain/statuses$)', allowTypeImports: true, message: 'workflows/ imports only types from src/ (values only from src/domain/statuses)' },
            { group: ['../activities', '../activities/**'], allowTypeImports: true, message: 'workflows/ imports only types from activities/' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'setTimeout', message: 'use sleep() or condition() from @temporalio/workflow' }],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'workflows must be deterministic' },
        { object: 'Date', property: 'now', message: 'the SDK makes Date.now() deterministic, but read time through workflow inputs or timers' },
      ],
    },
  },
  {
    // Services hold no HTTP and read no environment (STYLE.md habits 1 and 6).
    files: ['src/services/**/*.ts', 'src/chat/**/*.ts', 'activities/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['fastify', '**/http/**'], message: 'services and activities do not depend on HTTP' }] }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'take configuration from Config' }],
    },
  },
);
