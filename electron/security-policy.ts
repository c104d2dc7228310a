/**
 * What the app trusts: its own origin, a loopback dev server in development, and
 * http(s) links handed to the OS browser. Pure functions, so the rules are testable
 * without Electron.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'canopy';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

const CSP_DIRECTIVES: Record<string, readonly string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  // React Flow positions nodes with inline style attributes.
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  // WebSockets for LAN sync between peers.
  'connect-src': ["'self'", 'ws:', 'wss:'],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
  .join('; ');

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * `scheme://host[:port]` of a URL, or null when it has none. Node's URL reports the
 * origin of custom schemes such as `app:` as "null", so it is built by hand.
 */
export function originOf(url: string): string | null {
  const parsed = parseUrl(url);
  if (!parsed || parsed.host === '') return null;
  return `${parsed.protocol}//${parsed.host}`;
}

/** Navigation is allowed only when it stays on the app's own origin. */
export function isAllowedNavigation(url: string, appOrigin: string): boolean {
  return originOf(url) === appOrigin;
}

/** Only plain web links may leave the app for the OS browser; never file:, javascript: etc. */
export function isSafeExternalUrl(url: string): boolean {
  const parsed = parseUrl(url);
  if (!parsed) return false;
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  // Credentials in a link are a classic phishing disguise (https://bank.com@evil.example).
  return parsed.hostname !== '' && parsed.username === '' && parsed.password === '';
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The Vite dev server URL from CANOPY_DEV_URL, accepted only on loopback http(s):
 * a stray environment variable must not point the app at a remote site.
 */
export function parseDevServerUrl(value: string | undefined): URL | null {
  if (!value) return null;
  const parsed = parseUrl(value);
  if (!parsed) return null;
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  return LOOPBACK_HOSTS.has(parsed.hostname) ? parsed : null;
}
