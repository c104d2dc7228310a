/**
 * Which browser pages may open a workshop connection: only the page this peer served
 * itself. Any web page a participant opens could otherwise dial the workshop from
 * their browser (a WebSocket is not bound by the same-origin policy) and spend the
 * guess budget, or probe the host. Node peers and the desktop app send no Origin
 * header and are not affected: they prove themselves in the handshake like anyone.
 *
 * "Served itself" means the Origin names the same host and port as the request's Host
 * header, and that host is an address or a name of this machine: a page from
 * evil.example whose DNS name was rebound to this machine's address sends
 * `Host: evil.example:4455`, which is neither.
 */
import { isIP } from 'node:net';

export interface OriginPolicy {
  /** Names (lower case, no port) this machine answers to besides IP literals. */
  names: readonly string[];
  /** Origins allowed on top of the page's own, e.g. a TLS proxy in front (`https://canopy.example.org`). */
  extraOrigins: readonly string[];
}

export type OriginVerdict = { ok: true } | { ok: false; why: string };

/** Lower-cased host without the port; brackets of an IPv6 literal removed. */
function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']'));
  const colon = h.lastIndexOf(':');
  return colon > 0 && h.indexOf(':') === colon ? h.slice(0, colon) : h;
}

export function checkOrigin(
  origin: string | undefined,
  hostHeader: string | undefined,
  policy: OriginPolicy,
): OriginVerdict {
  // No Origin: not a browser page (Node peers, the desktop app's main process).
  if (origin === undefined) return { ok: true };
  if (policy.extraOrigins.includes(origin)) return { ok: true };
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return { ok: false, why: 'an Origin that is not a URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { ok: false, why: `a page from ${origin}` };
  if (!hostHeader || url.host !== hostHeader.trim().toLowerCase())
    return { ok: false, why: `a page from ${origin}, not from this host` };
  const name = hostName(hostHeader);
  if (isIP(name) || name === 'localhost' || policy.names.includes(name)) return { ok: true };
  return { ok: false, why: `a page from ${origin}, a name this machine does not answer to` };
}
