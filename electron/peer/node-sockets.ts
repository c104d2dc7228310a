/**
 * WebSockets in Node for a workshop peer: dialling out as the dialler wants it
 * (shared/sync/dialer.ts), the helpers both directions share, and the keepalive that
 * drops connections which stopped answering (a laptop that went to sleep leaves a
 * half-open TCP connection that no write ever fails on).
 */
import { WebSocket, type RawData } from 'ws';
import {
  CLOSE_CODE,
  MAX_WIRE_FRAME_BYTES,
  type DialSocket,
  type DialSocketEvents,
  type PeerAddress,
} from '../../shared/sync';
import { CLOSE_TIMEOUT_MS } from './gate';
import './ws-options';

export interface DialOptions {
  /** The local address to leave from (a machine with several; tests use 127.0.0.x). */
  localAddress?: string;
  handshakeTimeoutMs: number;
}

/** Opens a socket to a peer, showing `ticket` (admission.ts) if we have one. */
export function dialNode(
  address: PeerAddress,
  events: DialSocketEvents,
  ticket: string | null,
  options: DialOptions,
): { socket: WebSocket; dial: DialSocket } {
  const { host, port } = address;
  const query = ticket ? `/?t=${ticket}` : '';
  const url = `ws://${host.includes(':') ? `[${host}]` : host}:${port}${query}`;
  const socket = new WebSocket(url, {
    localAddress: options.localAddress,
    maxPayload: MAX_WIRE_FRAME_BYTES,
    maxFragments: 64,
    perMessageDeflate: false,
    handshakeTimeout: options.handshakeTimeoutMs,
    closeTimeout: CLOSE_TIMEOUT_MS,
  });
  socket.binaryType = 'nodebuffer';
  socket.on('open', () => events.open());
  socket.on('message', (data) => events.message(toBytes(data)));
  socket.on('error', () => {
    /* 'close' follows and decides */
  });
  let closed = false;
  const close = (code: number) => {
    if (closed) return;
    closed = true;
    events.closed(code);
  };
  // Refused at the door with a bare HTTP status: busy (503) or not allowed (403).
  socket.on('unexpected-response', (request, response) => {
    request.destroy();
    close(response.statusCode === 503 ? CLOSE_CODE.tooManyAttempts : 1006);
  });
  socket.on('close', (code) => close(code));
  return {
    socket,
    dial: {
      send: (data) => sendOpen(socket, data),
      close: (code, reason) => closeSocket(socket, code, reason),
      terminate: () => socket.terminate(),
    },
  };
}

export function sendOpen(socket: WebSocket, data: Uint8Array): void {
  if (socket.readyState === WebSocket.OPEN) socket.send(data);
}

/** Closes with a reason; ws destroys the socket if the peer does not answer in time. */
export function closeSocket(socket: WebSocket, code: number, reason: string): void {
  if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING)
    socket.close(code, reason);
}

export function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Every open socket of a peer, pinged now and then; one that missed a ping is dropped. */
export class Keepalive {
  readonly sockets = new Set<WebSocket>();
  private readonly alive = new WeakMap<WebSocket, boolean>();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(everyMs: number) {
    this.timer = setInterval(() => this.ping(), everyMs);
    this.timer.unref();
  }

  track(socket: WebSocket): void {
    this.sockets.add(socket);
    this.alive.set(socket, true);
    socket.on('pong', () => this.alive.set(socket, true));
    socket.once('close', () => this.sockets.delete(socket));
  }

  /** Stops pinging and drops every socket at once. */
  stop(): void {
    clearInterval(this.timer);
    for (const socket of this.sockets) socket.terminate();
  }

  private ping(): void {
    for (const socket of this.sockets) {
      if (socket.readyState !== WebSocket.OPEN) continue;
      if (!this.alive.get(socket)) {
        socket.terminate();
        continue;
      }
      this.alive.set(socket, false);
      socket.ping();
    }
  }
}
