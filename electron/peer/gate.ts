/**
 * The door of a listening workshop peer: everything between a TCP connection and a
 * WebSocket that may start a handshake. Until a session is authenticated, a stranger
 * may hold only what a handshake needs, so the whole peer's memory stays bounded under
 * any traffic from people without the code:
 *
 * - TCP connections are capped per address and in total, and HTTP requests that dawdle
 *   (headers, bodies, idle keep-alives) are cut off;
 * - a WebSocket upgrade from a browser page this peer did not serve is refused
 *   (origin-policy.ts);
 * - unauthenticated WebSockets are admitted by `Admission` (caps, and the guess
 *   budget), refused ones are destroyed at once, with a bare HTTP status;
 * - no WebSocket message may exceed MAX_WIRE_FRAME_BYTES, so ws never buffers more than
 *   that for a socket, fragments included, and a socket that sent nothing useful
 *   after its close frame is destroyed after CLOSE_TIMEOUT_MS, not ws's 30 s.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Admission } from '../../shared/sync';
import { MAX_WIRE_FRAME_BYTES, type Admitted } from '../../shared/sync';
import { checkOrigin, type OriginPolicy } from './origin-policy';
import './ws-options';

export interface GateLimits {
  /** Open TCP connections from one address (a browser opens several to load the app). */
  connectionsPerAddress: number;
  connectionsTotal: number;
}

export const DEFAULT_GATE_LIMITS: GateLimits = {
  connectionsPerAddress: 256,
  connectionsTotal: 2048,
};

/** HTTP timeouts: a request has 5 s for its headers and 10 s in all. */
export const HTTP_TIMEOUTS = {
  headersTimeout: 5_000,
  requestTimeout: 10_000,
  keepAliveTimeout: 5_000,
  /** How often Node checks the two above (its default is 30 s). */
  connectionsCheckingInterval: 1_000,
};

/**
 * The HTTP server a peer listens with: `server` (the host serves the web app on it)
 * or one that answers plain HTTP with 426, either way with the timeouts above.
 */
export function peerServer(server?: Server): Server {
  const s =
    server ??
    createServer(
      { connectionsCheckingInterval: HTTP_TIMEOUTS.connectionsCheckingInterval },
      (_req, res) => {
        res.writeHead(426, { 'Content-Type': 'text/plain' });
        res.end('This port takes Canopy workshop connections only.');
      },
    );
  s.headersTimeout = HTTP_TIMEOUTS.headersTimeout;
  s.requestTimeout = HTTP_TIMEOUTS.requestTimeout;
  s.keepAliveTimeout = HTTP_TIMEOUTS.keepAliveTimeout;
  return s;
}

/** After we close a WebSocket, how long its peer has to answer before it is destroyed. */
export const CLOSE_TIMEOUT_MS = 1_000;

export interface GateOptions {
  server: Server;
  admission: Admission;
  origin: OriginPolicy;
  limits?: Partial<GateLimits>;
  /** A WebSocket that may start a handshake; `admitted` tracks it until it authenticates. */
  onSocket(socket: WebSocket, address: string, admitted: Admitted): void;
}

export class Gate {
  readonly wss: WebSocketServer;
  private readonly limits: GateLimits;
  private readonly connections = new Map<string, number>();
  private total = 0;
  private readonly counters = { refusedTcp: 0, refusedOrigin: 0, refusedBusy: 0 };

  constructor(private readonly o: GateOptions) {
    this.limits = { ...DEFAULT_GATE_LIMITS, ...o.limits };
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: MAX_WIRE_FRAME_BYTES,
      // A handshake frame is one message; a data frame of ours is one message too.
      maxFragments: 64,
      perMessageDeflate: false,
      closeTimeout: CLOSE_TIMEOUT_MS,
      clientTracking: true,
    });
    const server = o.server;
    server.on('connection', this.onConnection);
    server.on('upgrade', this.onUpgrade);
  }

  stats() {
    return { connections: this.total, ...this.counters, ...this.o.admission.stats() };
  }

  close(): void {
    this.o.server.off('connection', this.onConnection);
    this.o.server.off('upgrade', this.onUpgrade);
    this.o.admission.close();
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }

  private readonly onConnection = (socket: Socket): void => {
    const address = socket.remoteAddress ?? 'unknown';
    const mine = this.connections.get(address) ?? 0;
    if (mine >= this.limits.connectionsPerAddress || this.total >= this.limits.connectionsTotal) {
      this.counters.refusedTcp++;
      socket.destroy();
      return;
    }
    this.connections.set(address, mine + 1);
    this.total++;
    socket.once('close', () => {
      this.total--;
      const left = (this.connections.get(address) ?? 1) - 1;
      if (left > 0) this.connections.set(address, left);
      else this.connections.delete(address);
    });
  };

  private readonly onUpgrade = (request: IncomingMessage, socket: Socket, head: Buffer): void => {
    const address = socket.remoteAddress ?? 'unknown';
    const verdict = checkOrigin(request.headers.origin, request.headers.host, this.o.origin);
    if (!verdict.ok) {
      this.counters.refusedOrigin++;
      return refuse(
        socket,
        403,
        `Canopy accepts workshop connections only from its own page (${verdict.why}).`,
      );
    }
    let ws: WebSocket | null = null;
    const admitted = this.o.admission.admit(
      address,
      () => {
        // Evicted to make room: a socket that has not said hello, or a stranger's.
        if (ws) ws.terminate();
        else socket.destroy();
      },
      ticketOf(request.url),
    );
    if (!admitted) {
      this.counters.refusedBusy++;
      return refuse(socket, 503, 'Too many connections are waiting to join; try again shortly.');
    }
    socket.once('close', () => admitted.release());
    this.wss.handleUpgrade(request, socket, head, (upgraded) => {
      ws = upgraded;
      // A bad frame (too large, bad opcode): ws answers with a close frame; do not wait
      // 30 s for a stranger to answer it.
      upgraded.on('error', () => upgraded.terminate());
      this.o.onSocket(upgraded, address, admitted);
    });
  };
}

/** The ticket a returning participant shows, `/?t=…` (admission.ts checks it). */
function ticketOf(url: string | undefined): string | null {
  const match = /^\/\?t=([0-9a-f]{32})$/.exec(url ?? '');
  return match ? match[1]! : null;
}

/** Answers an upgrade with a bare HTTP status and closes the connection. */
function refuse(socket: Socket, status: number, message: string): void {
  const reason = status === 403 ? 'Forbidden' : 'Service Unavailable';
  const destroy = () => socket.destroy();
  // Destroyed once the answer is on its way, whatever the client does (it may never
  // read it, nor close its side).
  socket.once('finish', destroy);
  setTimeout(destroy, CLOSE_TIMEOUT_MS).unref();
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`,
  );
}
