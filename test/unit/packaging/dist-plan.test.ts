/** What `npm run dist` asks electron-builder for (scripts/dist-plan.ts). */
import { describe, expect, it } from 'vitest';
import { distPlan, updateUrl } from '../../../scripts/dist-plan';

describe('updateUrl', () => {
  it('is null without CANOPY_UPDATE_URL (or with a blank one)', () => {
    expect(updateUrl({})).toBeNull();
    expect(updateUrl({ CANOPY_UPDATE_URL: '  ' })).toBeNull();
  });

  it('takes an https folder, and plain http on the loopback only (for tests)', () => {
    expect(updateUrl({ CANOPY_UPDATE_URL: 'https://updates.example.org/canopy/' })?.href).toBe(
      'https://updates.example.org/canopy/',
    );
    expect(updateUrl({ CANOPY_UPDATE_URL: 'http://127.0.0.1:8080/' })?.port).toBe('8080');
    expect(() => updateUrl({ CANOPY_UPDATE_URL: 'http://192.168.1.20/canopy/' })).toThrow(
      /must start with https:\/\/.*replace an update/,
    );
  });

  it('refuses what is not a URL, and a query or fragment, saying what to write', () => {
    expect(() => updateUrl({ CANOPY_UPDATE_URL: 'updates.example.org' })).toThrow(
      /not a URL: "updates\.example\.org"\. Write the folder that holds latest\.yml/,
    );
    expect(() => updateUrl({ CANOPY_UPDATE_URL: 'https://u.example.org/?token=1' })).toThrow(
      /without \?query/,
    );
  });
});

describe('distPlan', () => {
  it('turns publishing off when there is no update URL, and never uploads', () => {
    const plan = distPlan({ linux: true }, {});
    expect(plan.builderOptions).toEqual({ linux: [], publish: 'never', config: { publish: null } });
    expect(plan.summary[0]).toMatch(/^Updates: off/);
  });

  it('leaves electron-builder.yml’s publish in place when there is one', () => {
    const plan = distPlan(
      { mac: true, win: true },
      { CANOPY_UPDATE_URL: 'https://updates.example.org/canopy/' },
    );
    expect(plan.builderOptions).toEqual({ mac: [], win: [], publish: 'never' });
    expect(plan.summary[0]).toBe(
      'Updates: from https://updates.example.org/canopy/ (latest*.yml and the installers in release/ go there).',
    );
  });

  it('passes --dir through', () => {
    expect(distPlan({ dir: true }, {}, 'linux').builderOptions).toMatchObject({ dir: true });
  });

  it('says how macOS builds will be signed and notarised', () => {
    const none = distPlan({ mac: true }, {}).summary[1];
    expect(none).toMatch(/keychain has a "Developer ID Application" identity/);
    expect(none).toMatch(/not notarised/);
    const apiKey = distPlan(
      { mac: true },
      {
        CSC_LINK: 'cert.p12',
        APPLE_API_KEY: 'key.p8',
        APPLE_API_KEY_ID: 'ABC',
        APPLE_API_ISSUER: 'x',
      },
    ).summary[1];
    expect(apiKey).toBe(
      'macOS: signed with the certificate in CSC_LINK; notarised with the App Store Connect API key (APPLE_API_KEY).',
    );
    expect(distPlan({ mac: true }, { APPLE_ID: 'a@b.c' }).summary[1]).toMatch(/Apple ID/);
  });

  it('says whether Windows builds will be signed', () => {
    expect(distPlan({ win: true }, {}).summary[1]).toMatch(/not signed.*SmartScreen/);
    expect(distPlan({ win: true }, { WIN_CSC_LINK: 'w.pfx', CSC_LINK: 'm.p12' }).summary[1]).toBe(
      'Windows: signed by signtool with the certificate in WIN_CSC_LINK.',
    );
  });

  it('without a platform, summarises for the machine it runs on', () => {
    expect(distPlan({}, {}, 'darwin').summary[1]).toMatch(/^macOS:/);
    expect(distPlan({}, {}, 'win32').summary[1]).toMatch(/^Windows:/);
    expect(distPlan({}, {}, 'linux').summary).toHaveLength(1);
  });
});
