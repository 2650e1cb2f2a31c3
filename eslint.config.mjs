import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import house from './lint/boundaries.mjs';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data/', '.venv/', '.tools/', '*.js', '*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Which room may import which (lint/boundaries.mjs, docs/architecture.md).
    files: ['**/*.ts'],
    plugins: { house },
    rules: { 'house/boundaries': 'error' },
  },
  {
    // The pages' own scripts: plain browser JavaScript, served as they are.
    files: ['web/public/js/**/*.js'],
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: 'script',
      globals: Object.fromEntries(
        [
          'window',
          'document',
          'fetch',
          'URLSearchParams',
          'AbortController',
          'setTimeout',
          'clearTimeout',
          'Event',
        ].map((name) => [name, 'readonly']),
      ),
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { caughtErrors: 'none' }],
    },
  },
);
