/**
 * build/installer.nsh compiles with a real makensis (Debian's `nsis`; CI installs it),
 * warnings as errors, in a harness that defines what electron-builder's installer
 * script gives an include: LogicLib, APP_EXECUTABLE_FILENAME and ${isUpdated}. The
 * installer itself can only run on Windows (README, Packaging: how to check it there).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const makensis = await run('makensis', ['-VERSION']).then(
  () => true,
  () => false,
);
// Without makensis here, say so; in CI its absence is a failure, not a skip.
const available = makensis || process.env.CI === 'true';

const HARNESS = `Unicode true
Name "Canopy include check"
OutFile "\${OUT}"
RequestExecutionLevel user
SilentInstall silent
!include LogicLib.nsh
!define APP_EXECUTABLE_FILENAME "Canopy.exe"
Var updated
!macro _isUpdated _a _b _t _f
  StrCmp $updated "1" \`\${_t}\` \`\${_f}\`
!macroend
!define isUpdated \`"" isUpdated ""\`
!include "\${INCLUDE}"
Function un.onInit
  StrCpy $updated "0"
FunctionEnd
Section
  !insertmacro customInstall
  WriteUninstaller "$EXEDIR\\uninstall.exe"
SectionEnd
Section "Uninstall"
  !insertmacro customUnInstall
SectionEnd
`;

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'canopy-nsis-'));
  await writeFile(path.join(work, 'harness.nsi'), HARNESS);
});
afterAll(() => rm(work, { recursive: true, force: true }));

async function compile(include: string): Promise<{ ok: boolean; output: string }> {
  const args = ['-V2', '-WX', `-DOUT=${path.join(work, 'out.exe')}`, `-DINCLUDE=${include}`];
  try {
    const { stdout, stderr } = await run('makensis', [...args, path.join(work, 'harness.nsi')]);
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return { ok: false, output: stdout + stderr };
  }
}

describe.runIf(available)('build/installer.nsh', () => {
  it('compiles with makensis, warnings as errors', async () => {
    expect(makensis, 'install makensis: apt-get install nsis').toBe(true);
    const result = await compile(path.resolve('build/installer.nsh'));
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  });

  it('the harness catches a broken include (so the check above means something)', async () => {
    const broken = path.join(work, 'broken.nsh');
    const source = await readFile('build/installer.nsh', 'utf8');
    await writeFile(broken, source.replace('${EndIf}', '${EndIff}'));
    const result = await compile(broken);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/EndIff/);
  });
});
