/**
 * Serves the built renderer (dist/renderer) on `app://canopy/...`. A custom scheme
 * instead of file:// gives the page a real origin, so CSP 'self', fetch and storage
 * behave as on the web, and nothing outside the renderer folder is reachable.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY } from './security-policy';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/** Headers on every app:// response, errors included. */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}

/** A decoded path segment that could name a file outside its folder, or a drive/stream. */
function isUnsafeSegment(segment: string): boolean {
  return (
    segment === '' ||
    segment === '.' ||
    segment === '..' ||
    /[/\\:\0]/.test(segment) ||
    // Windows ignores trailing dots and spaces, so "..." or ".. " could act like "..".
    /^\.+\s*$/.test(segment)
  );
}

/**
 * Maps an `app://canopy/...` URL to a file inside `root`, or null when the URL is
 * foreign or the path could escape `root`. Checks each decoded segment (catching
 * %2e%2e, %2f, %5c, drive letters) and then the joined path again, belt and braces.
 */
export function resolveAppRequest(requestUrl: string, root: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  return resolveAppPath(url.pathname, root);
}

/**
 * Maps a URL path (still percent-encoded) to a file inside `root`, or null when it
 * could escape `root`. Shared by app:// in the desktop app and the host's HTTP server.
 */
export function resolveAppPath(pathname: string, root: string): string | null {
  const rawPath = pathname === '/' || pathname === '' ? '/index.html' : pathname;
  if (!rawPath.startsWith('/')) return null;
  const segments: string[] = [];
  for (const raw of rawPath.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (isUnsafeSegment(segment)) return null;
    segments.push(segment);
  }

  const resolvedRoot = path.resolve(root);
  const filePath = path.resolve(resolvedRoot, ...segments);
  const relative = path.relative(resolvedRoot, filePath);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return filePath;
}

export interface AppProtocolOptions {
  /** The folder holding index.html and assets/. */
  root: string;
  /** Injected for tests; defaults to fs.promises.readFile. */
  readFile?: (filePath: string) => Promise<Uint8Array>;
  /** Maps a request URL to a file; defaults to app://canopy/ URLs inside root. */
  resolve?: (url: string) => string | null;
  /** Extra headers on every response (the HTTP host adds its own). */
  headers?: Record<string, string>;
}

function textResponse(status: number, message: string, extra: Record<string, string>): Response {
  return new Response(message, {
    status,
    headers: { ...securityHeaders(), ...extra, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

/** The handler for `protocol.handle(APP_SCHEME, ...)`: static files only, GET and HEAD. */
export function createAppProtocolHandler(
  options: AppProtocolOptions,
): (request: Request) => Promise<Response> {
  const read = options.readFile ?? readFile;
  const resolve = options.resolve ?? ((url: string) => resolveAppRequest(url, options.root));
  const extra = options.headers ?? {};
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return textResponse(405, 'Method not allowed', extra);
    }
    const filePath = resolve(request.url);
    if (!filePath) return textResponse(404, 'Not found', extra);

    let body: Uint8Array;
    try {
      body = await read(filePath);
    } catch {
      // Missing file, a folder, unreadable: all the same to the page.
      return textResponse(404, 'Not found', extra);
    }
    return new Response(request.method === 'HEAD' ? null : Buffer.from(body), {
      status: 200,
      headers: {
        ...securityHeaders(),
        ...extra,
        'Content-Type': contentTypeFor(filePath),
        'Content-Length': String(body.byteLength),
      },
    });
  };
}
