/**
 * What `npm run dist` asks electron-builder for, from the environment: the update
 * server (CANOPY_UPDATE_URL) and a summary of signing and notarisation, which
 * electron-builder itself drives from CSC_LINK, APPLE_* and friends and skips when
 * they are absent. Pure, so the rules are tested (test/unit/packaging/dist-plan.test.ts).
 */

export type Env = Record<string, string | undefined>;

export interface DistRequest {
  mac?: boolean;
  win?: boolean;
  linux?: boolean;
  /** An unpacked app only (electron-builder --dir): quick, nothing to install. */
  dir?: boolean;
}

export interface DistPlan {
  /** Options for electron-builder's build(): the CLI's own shape. */
  builderOptions: {
    mac?: string[];
    win?: string[];
    linux?: string[];
    dir?: boolean;
    publish: 'never';
    config?: { publish: null };
  };
  /** One line per concern, printed before the build starts. */
  summary: string[];
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The update server's base URL, or null when the build has none. Plain HTTP is refused
 * (anyone on the way could hand out another "update"), except on the loopback for tests.
 */
export function updateUrl(env: Env): URL | null {
  const text = env.CANOPY_UPDATE_URL?.trim();
  if (!text) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(
      `CANOPY_UPDATE_URL is not a URL: "${text}". Write the folder that holds latest.yml, like https://updates.example.org/canopy/.`,
    );
  }
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK.has(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp)
    throw new Error(
      `CANOPY_UPDATE_URL must start with https:// (got "${text}"): over plain HTTP anyone on the way could replace an update.`,
    );
  if (url.search || url.hash)
    throw new Error(
      `CANOPY_UPDATE_URL is the folder of the release files, without ?query or #fragment (got "${text}").`,
    );
  return url;
}

function macSigning(env: Env): string {
  const identity = env.CSC_LINK
    ? 'signed with the certificate in CSC_LINK'
    : env.CSC_NAME
      ? `signed with the keychain identity "${env.CSC_NAME}"`
      : 'signed if the keychain has a "Developer ID Application" identity, otherwise not (Gatekeeper will warn, and macOS updates need a signed app)';
  const notary =
    env.APPLE_API_KEY || env.APPLE_API_KEY_ID || env.APPLE_API_ISSUER
      ? 'notarised with the App Store Connect API key (APPLE_API_KEY)'
      : env.APPLE_ID || env.APPLE_APP_SPECIFIC_PASSWORD || env.APPLE_TEAM_ID
        ? 'notarised with the Apple ID (APPLE_ID)'
        : env.APPLE_KEYCHAIN_PROFILE
          ? 'notarised with the keychain profile (APPLE_KEYCHAIN_PROFILE)'
          : 'not notarised (no APPLE_API_KEY or APPLE_ID)';
  return `macOS: ${identity}; ${notary}.`;
}

function windowsSigning(env: Env): string {
  if (env.WIN_CSC_LINK) return 'Windows: signed by signtool with the certificate in WIN_CSC_LINK.';
  if (env.CSC_LINK) return 'Windows: signed by signtool with the certificate in CSC_LINK.';
  return 'Windows: not signed (no WIN_CSC_LINK or CSC_LINK): SmartScreen will warn.';
}

/** `host`: the platform electron-builder builds for when none is asked for. */
export function distPlan(
  request: DistRequest,
  env: Env,
  host: NodeJS.Platform = process.platform,
): DistPlan {
  const url = updateUrl(env);
  const platforms = (['mac', 'win', 'linux'] as const).filter((p) => request[p]);
  const builderOptions: DistPlan['builderOptions'] = {
    // Targets and architectures come from electron-builder.yml.
    ...Object.fromEntries(platforms.map((p) => [p, []])),
    ...(request.dir ? { dir: true } : {}),
    // A generic server is a folder someone copies release/ into: nothing to upload.
    publish: 'never',
    // Without a URL the build carries no app-update.yml, so the app never checks.
    ...(url ? {} : { config: { publish: null } }),
  };
  const summary = [
    url
      ? `Updates: from ${url.href} (latest*.yml and the installers in release/ go there).`
      : 'Updates: off (CANOPY_UPDATE_URL is not set): this build never looks for updates.',
  ];
  const building = platforms.length
    ? platforms
    : [host === 'darwin' ? 'mac' : host === 'win32' ? 'win' : 'linux'];
  if (building.includes('mac')) summary.push(macSigning(env));
  if (building.includes('win')) summary.push(windowsSigning(env));
  return { builderOptions, summary };
}
