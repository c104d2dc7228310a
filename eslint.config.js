// @ts-check
// The layering of Canopy is enforced here, not by convention (the idea of VS Code's layer
// rule): what each layer may import is the rule canopy/layers (eslint.layers.js); which
// globals it may touch is no-restricted-globals below.
//   shared/   imports no DOM, no Node built-ins and no electron (it runs everywhere);
//   renderer/ never imports electron/ nor Node built-ins (it also runs in a plain browser);
//   electron/ is plain Node; only electron/shell/ may import 'electron'.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import layers from './eslint.layers.js';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['shared/**/*.ts', 'renderer/**/*.{ts,tsx}', 'electron/**/*.ts'],
    plugins: { canopy: layers },
    rules: { 'canopy/layers': 'error' },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      // DOM globals are unavailable in main and the headless host.
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'navigator',
        'localStorage',
        'indexedDB',
        'location',
        'process',
        'Buffer',
        'require',
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['electron/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: [
      'test/**/*.{ts,tsx,js,mjs}',
      '*.config.{ts,js}',
      'eslint.layers.js',
      'scripts/**/*.{ts,js,mjs}',
      'build/**/*.{js,mjs}',
      'bench/**/*.mjs',
    ],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
