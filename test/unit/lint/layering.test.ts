/**
 * The layering rules (eslint.layers.js, canopy/layers; globals in eslint.config.js),
 * checked on code that breaks them: if a rule is loosened by accident, these fail.
 * Each hole found in review has its case: dynamic import(), re-exports, require(),
 * Node-only packages in shared/ and renderer/, and `electron/…` subpaths.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function messages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

const SHARED = 'shared/model/layering-probe.ts';
const RENDERER = 'renderer/src/ui/layering-probe.ts';
const ELECTRON = 'electron/peer/layering-probe.ts';
const SHELL = 'electron/shell/layering-probe.ts';

/** Every way code can reach a module, for `source`. */
const forms = (source: string) => [
  `import x from '${source}';\nexport const y = x;\n`,
  `export { x } from '${source}';\n`,
  `export * from '${source}';\n`,
  `export const y = () => import('${source}');\n`,
  `export const y = () => import(\`${source}\`);\n`,
  `export type Y = typeof import('${source}');\n`,
];

async function expectRefused(file: string, source: string): Promise<void> {
  for (const code of forms(source)) {
    const found = await messages(file, code);
    expect(
      found.some((m) => m.startsWith('canopy/layers')),
      `${file}: ${code}`,
    ).toBe(true);
  }
}

async function expectAllowed(file: string, source: string): Promise<void> {
  const found = await messages(file, `import x from '${source}';\nexport const y = x;\n`);
  expect(
    found.filter((m) => m.startsWith('canopy/layers')),
    `${file} ← ${source}`,
  ).toEqual([]);
}

describe('layering is enforced by lint', () => {
  it('shared/ may not import Node built-ins, electron, React, Node-only packages or other layers', async () => {
    for (const source of [
      'node:fs',
      'fs',
      'electron',
      'electron/main',
      'react',
      'ws',
      'bonjour-service',
      '../../renderer/src/ui/App',
      '../../electron/security-policy',
    ])
      await expectRefused(SHARED, source);
  });

  it('renderer/ may not import electron/, electron, Node built-ins or Node-only packages', async () => {
    for (const source of [
      '../../../electron/security-policy',
      'electron',
      'electron/renderer',
      'node:path',
      'ws',
      'bonjour-service',
    ])
      await expectRefused(RENDERER, source);
  });

  it("only electron/shell/ may import 'electron' or its subpaths", async () => {
    for (const source of ['electron', 'electron/main', 'electron/common', '../shell/main'])
      await expectRefused(ELECTRON, source);
    await expectAllowed(SHELL, 'electron');
    await expectAllowed(SHELL, 'electron/main');
  });

  it('electron/ never imports renderer/', async () => {
    await expectRefused(ELECTRON, '../../renderer/src/ui/App');
    await expectRefused(SHELL, '../../renderer/src/ui/App');
  });

  it('require() is checked too, and a computed import() cannot pass unchecked', async () => {
    expect(await messages(RENDERER, "export const y = require('node:fs');\n")).toEqual(
      expect.arrayContaining([expect.stringMatching(/^canopy\/layers/)]),
    );
    expect(await messages(SHARED, 'export const y = (p: string) => import(p);\n')).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^canopy\/layers: import\(\) of a computed name/),
      ]),
    );
  });

  it('shared/ may not touch DOM or Node globals', async () => {
    expect(await messages(SHARED, 'export const w = window.innerWidth;\n')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^no-restricted-globals/)]),
    );
    expect(await messages(SHARED, 'export const e = process.env;\n')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^no-restricted-globals/)]),
    );
  });

  it('allowed imports pass', async () => {
    await expectAllowed(SHARED, 'yjs');
    await expectAllowed(SHARED, '@noble/hashes/sha2.js');
    await expectAllowed(SHARED, './ids');
    await expectAllowed(RENDERER, '../../../shared/model');
    await expectAllowed(RENDERER, 'react');
    await expectAllowed(RENDERER, '@xyflow/react');
    await expectAllowed(ELECTRON, 'node:fs');
    await expectAllowed(ELECTRON, 'ws');
    await expectAllowed(ELECTRON, '../../shared/sync');
  });

  it('a package not on its layer’s list is refused until it is added on purpose', async () => {
    await expectRefused(SHARED, 'left-pad');
    await expectRefused(RENDERER, 'left-pad');
    await expectAllowed(ELECTRON, 'left-pad');
  });
});
