/**
 * electron-builder.yml, checked without building (nothing is downloaded): loaded and
 * validated by electron-builder's own code (app-builder-lib's getConfig and
 * validateConfiguration, against its scheme.json), then every key the installers
 * depend on. Removing or misspelling one of them fails here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { SERVICE_TYPE } from '../../../electron/peer/discovery';
import { distPlan } from '../../../scripts/dist-plan';

interface Config {
  publish?: unknown;
  fileAssociations?: unknown;
  electronFuses?: unknown;
  mac?: Record<string, unknown> & { extendInfo?: Record<string, unknown> };
  win?: Record<string, unknown>;
  nsis?: Record<string, unknown>;
  [key: string]: unknown;
}

// app-builder-lib as electron-builder itself resolves it: the schema of the version in use.
const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
const { getConfig, validateConfiguration } = fromBuilder(
  'app-builder-lib/out/util/config/config.js',
) as {
  getConfig(projectDir: string, configPath: string, fromOptions: object | null): Promise<Config>;
  validateConfiguration(config: Config, debugLogger: object): Promise<void>;
};
const quietLogger = { isEnabled: false, add: () => undefined };

const load = (fromOptions: object | null = null) =>
  getConfig(process.cwd(), 'electron-builder.yml', fromOptions);

describe('electron-builder.yml', () => {
  it("passes electron-builder's own validation (scheme.json)", async () => {
    await expect(validateConfiguration(await load(), quietLogger)).resolves.toBeUndefined();
  });

  it('fails that validation with a misspelt key (the check is real)', async () => {
    const config = await load();
    const misspelt = { ...config, mac: { ...config.mac, extendedInfo: {} } };
    await expect(validateConfiguration(misspelt, quietLogger)).rejects.toThrow(
      /configuration\.mac/,
    );
  });

  it('publishes to a generic HTTP server whose URL comes from CANOPY_UPDATE_URL', async () => {
    const { publish } = await load();
    expect(publish).toEqual([{ provider: 'generic', url: '${env.CANOPY_UPDATE_URL}' }]);
  });

  it('publishes nothing when `npm run dist` has no URL (no app-update.yml, no checks)', async () => {
    const plan = distPlan({ linux: true }, {});
    const config = await load(plan.builderOptions.config ?? null);
    expect(config.publish).toBeNull();
    await expect(validateConfiguration(config, quietLogger)).resolves.toBeUndefined();
  });

  it('builds a dmg and a zip (for electron-updater) for x64 and arm64, arch in the name', async () => {
    const { mac } = await load();
    expect(mac?.target).toEqual([
      { target: 'dmg', arch: ['x64', 'arm64'] },
      { target: 'zip', arch: ['x64', 'arm64'] },
    ]);
    expect(mac?.artifactName).toMatch(/\$\{arch\}/);
  });

  it('declares local network use and the Bonjour type the peers advertise', async () => {
    const info = (await load()).mac?.extendInfo ?? {};
    expect(info.NSLocalNetworkUsageDescription).toMatch(/workshops/);
    expect(info.NSBonjourServices).toEqual([`_${SERVICE_TYPE}._tcp`]);
  });

  it('signs with the hardened runtime and the entitlements workshops need, and notarises', async () => {
    const { mac } = await load();
    expect(mac).toMatchObject({
      hardenedRuntime: true,
      notarize: true,
      entitlements: 'build/entitlements.mac.plist',
      entitlementsInherit: 'build/entitlements.mac.plist',
    });
    const plist = readFileSync('build/entitlements.mac.plist', 'utf8');
    const granted = [...plist.matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((m) => m[1]);
    expect(granted.sort()).toEqual([
      'com.apple.security.cs.allow-jit',
      'com.apple.security.network.client',
      'com.apple.security.network.server',
    ]);
  });

  it('signs Windows builds with signtool (CSC_LINK), not Azure, and checks updates are signed alike', async () => {
    const { win } = await load();
    expect(win).toMatchObject({
      target: [{ target: 'nsis', arch: ['x64'] }],
      signtoolOptions: { signingHashAlgorithms: ['sha256'] },
      verifyUpdateCodeSignature: true,
    });
    expect(win).not.toHaveProperty('azureSignOptions');
  });

  it('includes the firewall rule in the NSIS installer, by program and not by port', async () => {
    const { nsis } = await load();
    expect(nsis).toMatchObject({ include: 'build/installer.nsh', oneClick: false });
    const include = readFileSync(nsis!.include as string, 'utf8');
    const macro = (name: string) =>
      include.match(new RegExp(`!macro ${name}\\n([\\s\\S]*?)!macroend`))?.[1] ?? '';
    const program = 'program="$INSTDIR\\${APP_EXECUTABLE_FILENAME}"';
    const add = macro('customInstall').match(/netsh\.exe" advfirewall firewall add rule [^\n']*/);
    expect(add?.[0]).toContain('name="${CANOPY_FIREWALL_RULE}"');
    expect(add?.[0]).toContain('dir=in action=allow');
    expect(add?.[0]).toContain(program);
    // The desktop app listens on a port the system picks (workshop-service.ts).
    expect(add?.[0]).not.toMatch(/localport/);
    expect(macro('canopyDeleteFirewallRule')).toContain(
      `advfirewall firewall delete rule name="\${CANOPY_FIREWALL_RULE}" ${program}`,
    );
    expect(macro('customUnInstall')).toContain('!insertmacro canopyDeleteFirewallRule');
    expect(existsSync('build/installer.nsh')).toBe(true);
  });

  it('keeps the fuses, asar integrity and the .canopy file association', async () => {
    const config = await load();
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: 'canopy' })]);
  });

  it('ships the bundles but not node_modules or the headless host (it needs node_modules)', async () => {
    // getConfig gives `files` as [{ filter: [...] }].
    const filters = ((await load()).files as Array<{ filter: string[] }>).flatMap((f) => f.filter);
    expect(filters).toEqual(
      expect.arrayContaining(['dist/**/*', '!node_modules/**/*', '!dist/host/**/*']),
    );
  });
});
