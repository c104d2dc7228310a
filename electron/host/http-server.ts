/**
 * The host's HTTP side: the built web app, and nothing else, for browsers on the LAN.
 * Same file rules as app:// in the desktop app (no traversal, no listing, GET and
 * HEAD only) plus headers for a page served over plain http. The WebSocket upgrade
 * for sync arrives on the same server (see WorkshopPeer's httpServer option).
 */
import { createServer, type Server } from 'node:http';
import { createAppProtocolHandler, resolveAppPath } from '../app-protocol';
import { PROTOCOL_VERSION } from '../../shared/sync/wire';
import { HTTP_TIMEOUTS } from '../peer/gate';

/** Lets the web app know a Canopy host served it, so the sync address is this origin. */
export const HOST_MARKER_PATH = '/.well-known/canopy-host';

const HTTP_HEADERS = {
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  'Cache-Control': 'no-cache',
};

export function createHostHttpServer(root: string): Server {
  const serve = createAppProtocolHandler({
    root,
    resolve: (url) => resolveAppPath(new URL(url).pathname, root),
    headers: HTTP_HEADERS,
  });
  // Checked often, so a request that dawdles is cut off within a second of its limit.
  const options = { connectionsCheckingInterval: HTTP_TIMEOUTS.connectionsCheckingInterval };
  return createServer(options, async (req, res) => {
    try {
      // Only the path matters; a request target that is not a path gets nothing.
      const target = req.url ?? '';
      if (!target.startsWith('/') || target.startsWith('//')) {
        res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', ...HTTP_HEADERS });
        res.end('Bad request');
        return;
      }
      if (target === HOST_MARKER_PATH && (req.method === 'GET' || req.method === 'HEAD')) {
        // Says nothing about the workshop: only that this is a host and its protocol.
        const body = JSON.stringify({ canopyHost: true, protocol: PROTOCOL_VERSION });
        res.writeHead(200, { 'Content-Type': 'application/json', ...HTTP_HEADERS });
        res.end(req.method === 'HEAD' ? undefined : body);
        return;
      }
      const response = await serve(
        new Request(new URL(target, 'http://canopy.invalid'), { method: req.method ?? 'GET' }),
      );
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch {
      if (!res.headersSent) res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Bad request');
    }
  });
}
