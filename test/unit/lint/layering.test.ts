/**
 * The layering rules in eslint.config.js, checked on code that breaks them: if a
 * rule is loosened by accident, these fail.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('layering is enforced by lint', () => {
  it('shared/ may not import Node built-ins, electron, React or the other layers', async () => {
    for (const source of [
      "'node:fs'",
      "'fs'",
      "'electron'",
      "'react'",
      "'../../renderer/src/ui/App'",
      "'../../electron/security-policy'",
    ]) {
      expect(
        await ruleIds(
          'shared/model/layering-probe.ts',
          `import x from ${source};\nexport const y = x;\n`,
        ),
      ).toContain('no-restricted-imports');
    }
  });

  it('shared/ may not touch DOM or Node globals', async () => {
    expect(
      await ruleIds('shared/model/layering-probe.ts', 'export const w = window.innerWidth;\n'),
    ).toContain('no-restricted-globals');
    expect(
      await ruleIds('shared/model/layering-probe.ts', 'export const e = process.env;\n'),
    ).toContain('no-restricted-globals');
  });

  it('renderer/ may not import electron/, electron or Node built-ins', async () => {
    for (const source of ["'../../electron/security-policy'", "'electron'", "'node:path'"]) {
      expect(
        await ruleIds(
          'renderer/src/layering-probe.ts',
          `import x from ${source};\nexport const y = x;\n`,
        ),
      ).toContain('no-restricted-imports');
    }
  });

  it("only electron/shell/ may import 'electron'", async () => {
    const code = "import { app } from 'electron';\nexport const a = app;\n";
    expect(await ruleIds('electron/layering-probe.ts', code)).toContain('no-restricted-imports');
    expect(await ruleIds('electron/shell/layering-probe.ts', code)).not.toContain(
      'no-restricted-imports',
    );
  });

  it('allowed imports pass', async () => {
    expect(
      await ruleIds(
        'shared/model/layering-probe.ts',
        "import * as Y from 'yjs';\nexport const d = new Y.Doc();\n",
      ),
    ).toEqual([]);
    expect(
      await ruleIds(
        'renderer/src/layering-probe.ts',
        "import { SCHEMA_VERSION } from '../../shared/model';\nexport const v = SCHEMA_VERSION;\n",
      ),
    ).toEqual([]);
  });
});
