/**
 * What Canopy tells a user about updates, in words they can act on. Problems carry a
 * stable number (CANOPY-7xx) for support; the technical message goes in the detail.
 * Plain data and plain Node: the shell shows it in a native message box.
 */

export interface UpdateNotice {
  kind: 'info' | 'warning' | 'error';
  title: string;
  message: string;
  detail?: string;
}

/** Asked when an update has downloaded; `true` from the answer means restart now. */
export interface RestartQuestion {
  title: string;
  message: string;
  detail: string;
  /** [restart, later]. */
  buttons: [string, string];
  /** The button Return presses: Later while a workshop runs. */
  defaultId: 0 | 1;
}

export const CHECK_FOR_UPDATES_LABEL = 'Check for Updates…';

export const UPDATE_ERRORS = {
  offline: {
    code: 'CANOPY-701',
    message: `Canopy could not reach its update server. Check that this computer is online and that no proxy or firewall blocks it, then choose Help → ${CHECK_FOR_UPDATES_LABEL} again.`,
  },
  noRelease: {
    code: 'CANOPY-702',
    message:
      'The update server has no Canopy release for this kind of computer. Ask whoever runs it to upload every file of the release folder, including latest.yml, latest-mac.yml and latest-linux.yml.',
  },
  serverError: {
    code: 'CANOPY-703',
    message:
      'The update server answered, but not with a release Canopy can use. Try again later; if it keeps happening, tell whoever runs the server.',
  },
  untrusted: {
    code: 'CANOPY-704',
    message:
      "This computer does not trust the update server's certificate, so Canopy downloaded nothing. Tell whoever runs the server (and check the computer's date and time).",
  },
  integrity: {
    code: 'CANOPY-705',
    message:
      'The downloaded update failed its integrity or signature check, so Canopy did not install it and is unchanged. Tell whoever publishes Canopy updates.',
  },
  failed: {
    code: 'CANOPY-706',
    message: `Canopy could not update. Try Help → ${CHECK_FOR_UPDATES_LABEL} again later; the details below help whoever publishes Canopy updates.`,
  },
} as const;

export type UpdateProblem = keyof typeof UPDATE_ERRORS;

/** Node and Electron (Chromium) network errors that mean "could not reach the server". */
const OFFLINE_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
]);
const OFFLINE_NET =
  /net::ERR_(INTERNET_DISCONNECTED|NAME_NOT_RESOLVED|NAME_RESOLUTION_FAILED|CONNECTION_\w+|TIMED_OUT|NETWORK_\w+|ADDRESS_UNREACHABLE|PROXY_\w+|TUNNEL_CONNECTION_FAILED)/;
const CERTIFICATE =
  /net::ERR_(CERT_\w+|SSL_\w+|BAD_SSL_CLIENT_AUTH_CERT)|^(CERT_\w+|UNABLE_TO_VERIFY_LEAF_SIGNATURE|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)$/;

/** Sorts an error from electron-updater (or the network under it) into what to say. */
export function classifyUpdateError(error: unknown): UpdateProblem {
  const { code, message } = describe(error);
  if (code === 'ERR_UPDATER_INVALID_SIGNATURE' || code === 'ERR_CHECKSUM_MISMATCH')
    return 'integrity';
  // Squirrel.Mac refuses an update whose code signature does not match the app's.
  if (/checksum mismatch|code signature|not signed by/i.test(message)) return 'integrity';
  if (CERTIFICATE.test(code) || CERTIFICATE.test(message)) return 'untrusted';
  if (OFFLINE_CODES.has(code) || OFFLINE_NET.test(message)) return 'offline';
  if (
    code === 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND' ||
    code === 'ERR_UPDATER_ZIP_FILE_NOT_FOUND' ||
    code === 'ERR_UPDATER_NO_FILES_PROVIDED' ||
    code === 'HTTP_ERROR_404'
  )
    return 'noRelease';
  if (code.startsWith('HTTP_ERROR_') || code === 'ERR_UPDATER_INVALID_UPDATE_INFO')
    return 'serverError';
  return 'failed';
}

export function problemNotice(error: unknown): UpdateNotice {
  const problem = classifyUpdateError(error);
  const { code, message } = UPDATE_ERRORS[problem];
  return {
    kind: problem === 'integrity' || problem === 'failed' ? 'error' : 'warning',
    title: problem === 'offline' ? 'Canopy is offline' : 'Canopy could not update',
    message: `${code}: ${message}`,
    detail: firstLine(describe(error).message),
  };
}

export const notices = {
  development: (): UpdateNotice => ({
    kind: 'info',
    title: 'Updates are off',
    message: 'This is a development build of Canopy: it never updates itself.',
  }),
  noFeed: (): UpdateNotice => ({
    kind: 'info',
    title: 'Updates are not set up',
    message:
      'This copy of Canopy was built without an update server, so it does not update itself. Get new versions where you got this one.',
  }),
  unsupportedPackage: (): UpdateNotice => ({
    kind: 'info',
    title: 'Updates are not available here',
    message:
      'On Linux, Canopy updates itself only when it runs from its AppImage or was installed from its .deb package. Get new versions where you got this one.',
  }),
  upToDate: (version: string): UpdateNotice => ({
    kind: 'info',
    title: 'Canopy is up to date',
    message: `Canopy ${version} is the newest version.`,
  }),
  downloading: (version: string): UpdateNotice => ({
    kind: 'info',
    title: 'Update available',
    message: `Canopy ${version} is downloading in the background.`,
    detail: 'Keep working: Canopy asks you to restart when the update is ready.',
  }),
};

export function restartQuestion(version: string, inWorkshop: boolean): RestartQuestion {
  return {
    title: 'Restart to update',
    message: `Canopy ${version} is ready to install.`,
    detail: inWorkshop
      ? 'You are in a workshop: restarting takes this computer out of it until Canopy is back. Choose Later to install the update when you next quit Canopy.'
      : 'Your work is kept: Canopy saves as you go. Choose Later to install the update when you next quit Canopy.',
    buttons: ['Restart to Update', 'Later'],
    defaultId: inWorkshop ? 1 : 0,
  };
}

function describe(error: unknown): { code: string; message: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : '', message: error.message };
  }
  return { code: '', message: String(error) };
}

/** electron-updater folds whole stack traces into its messages: keep the sentence. */
function firstLine(message: string): string {
  const line = message.split('\n', 1)[0]!.trim();
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}
