// Lint keeps the walls of STYLE.md: electron only in src/main/electron, renderer never imports main,
// shared imports nothing runtime-specific, server never imports src/main.
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const runtimeModules = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'electron',
  'react',
  'react-dom',
  'better-sqlite3',
  'drizzle-orm/*',
  'ws',
  'keytar',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      '**/node_modules',
      'out',
      'dist',
      'dist-web',
      'test-results',
      'playwright-report',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/ban-ts-comment': [
        'error',
        { 'ts-ignore': true, 'ts-nocheck': true, 'ts-expect-error': 'allow-with-description' },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use a literal union or an as-const object, not enum.' },
      ],
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only src/main/electron imports electron.' }] },
      ],
    },
  },
  {
    files: ['src/main/electron/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to main only through lib/api.ts.' }],
          patterns: [
            {
              group: ['**/main/**', '@main/*', 'node:*'],
              message: 'The renderer never imports the main process or Node.',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'window', property: 'botdesk', message: 'Only lib/api.ts touches window.botdesk.' },
      ],
    },
  },
  {
    files: ['src/renderer/src/lib/api.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: runtimeModules,
              message: 'src/shared is pure TypeScript: no Node, Electron, DOM or database imports.',
            },
            {
              group: ['**/main/**', '**/renderer/**', '**/server/**'],
              message: 'src/shared imports nothing outside shared.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The server never imports electron.' }],
          patterns: [
            { group: ['**/src/main/**', '@main/*'], message: 'The server never imports the desktop main process.' },
          ],
        },
      ],
    },
  },
);
