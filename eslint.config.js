// @ts-check
// The layering of Canopy is enforced here, not by convention (the idea of VS Code's layer rule):
//   shared/   imports no DOM, no Node built-ins and no electron (it runs everywhere);
//   renderer/ never imports electron/ nor Node built-ins (it also runs in a plain browser);
//   electron/ is plain Node; only electron/shell/ may import 'electron'.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const layerMessage = (layer, why) => `${layer} ${why} (see the layering notes in README.md).`;

const noNode = {
  paths: nodeBuiltins.map((name) => ({
    name,
    message: layerMessage('This layer', 'must not import Node built-ins'),
  })),
};
const noElectron = {
  name: 'electron',
  message: layerMessage('Only electron/shell/', "may import 'electron'"),
};

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
    files: ['shared/**/*.ts'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...noNode.paths,
            noElectron,
            { name: 'react', message: 'shared/ holds no UI code.' },
          ],
          patterns: [
            {
              group: ['**/renderer/**', '**/electron/**'],
              message: layerMessage('shared/', 'imports nothing from renderer/ or electron/'),
            },
          ],
        },
      ],
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
      'no-restricted-imports': [
        'error',
        {
          paths: [...noNode.paths, noElectron],
          patterns: [
            {
              group: ['**/electron/**'],
              message: layerMessage(
                'renderer/',
                'talks to the platform only through renderer/src/platform',
              ),
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/shell/**'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            {
              group: ['**/renderer/**'],
              message: layerMessage('electron/', 'never imports renderer/'),
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/shell/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/renderer/**'],
              message: layerMessage('electron/', 'never imports renderer/'),
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'test/**/*.{ts,tsx,js}',
      '*.config.{ts,js}',
      'scripts/**/*.{ts,js,mjs}',
      'build/**/*.{js,mjs}',
    ],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
