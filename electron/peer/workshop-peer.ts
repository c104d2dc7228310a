/**
 * A workshop peer: one shared Y.Doc kept in step with every other peer that knows the
 * workshop code, over WebSockets, in a mesh. Plain Node (no `electron` import): the
 * Electron main process starts it for the desktop app, and the headless host reuses
 * it. Peers are found by multicast DNS where the network allows it, or dialled by
 * address:port.
 *
 * Dialled peers are redialled after a drop, with exponential backoff and jitter; edits
 * made meanwhile merge when the connection returns (Yjs state-vector sync on every
 * open). A peer that fails the handshake is not redialled: it has another code.
 */
import { EventEmitter } from 'node:events';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from '@noble/hashes/utils.js';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import {
  AttemptLimiter,
  CLOSE_CODE,
  DEFAULT_LIMITS,
  dialStatus,
  redialDelay,
  NOT_RETRIED,
  PeerSession,
  toHex,
  type Limits,
  type LinkStatus,
  type UpdateGuard,
  type WorkshopInfo,
} from '../../shared/sync';

import { PeerDiscovery, type DiscoveredPeer } from './discovery';
import { WorkerUpdateGuard } from './worker-update-guard';

export interface PeerAddress {
  host: string;
  port: number;
}

export interface WorkshopPeerOptions {
  /** Normalized workshop code. */
  code: string;
  doc: Y.Doc;
  awareness?: Awareness;
  /** The document this workshop edits, when this peer has one (a joiner learns it). */
  docId?: string | null;
  /** Port to listen on; 0 picks a free one. */
  port?: number;
  host?: string;
  /** Most connections (open or in handshake) at once. */
  maxPeers?: number;
  limits?: Partial<Limits>;
  guard?: UpdateGuard;
  /** Handshake attempts per remote address per minute. */
  attemptsPerMinute?: number;
  /** Backoff bounds for redialling, in ms. */
  backoff?: { initial: number; max: number };
  /** Find peers by multicast DNS (and be found). */
  discover?: boolean;
  /** Multicast interface address for discovery (e.g. 127.0.0.1 in tests). */
  discoveryInterface?: string;
  /**
   * An HTTP server to share the port with (the host serves the web app on it); the
   * peer makes it listen, and closes it on stop.
   */
  httpServer?: HttpServer;
}

interface DialTarget {
  address: PeerAddress;
  attempt: number;
  timer: ReturnType<typeof setTimeout> | null;
  socket: WebSocket | null;
  session: PeerSession | null;
  status: LinkStatus;
}

export interface WorkshopPeerEvents {
  status: [LinkStatus[]];
  info: [WorkshopInfo];
  error: [Error];
}

export class WorkshopPeer extends EventEmitter<WorkshopPeerEvents> {
  readonly peerId = randomBytes(16);
  readonly peerIdHex = toHex(this.peerId);
  readonly awareness: Awareness;
  private server: WebSocketServer | null = null;
  private readonly sessions = new Set<PeerSession>();
  private readonly inbound = new Map<PeerSession, LinkStatus>();
  private readonly targets = new Map<string, DialTarget>();
  private readonly limiter: AttemptLimiter;
  private readonly guard: UpdateGuard;
  private readonly ownsGuard: boolean;
  private readonly maxPeers: number;
  private readonly limits: Limits;
  private readonly backoff: { initial: number; max: number };
  private docId: string | null;
  private saved: Map<number, number> | undefined;
  private savedTimer: ReturnType<typeof setTimeout> | null = null;
  private lastSavedSent = 0;
  private stopped = false;
  private discovery: PeerDiscovery | null = null;

  constructor(private readonly opts: WorkshopPeerOptions) {
    super();
    if (opts.awareness) this.awareness = opts.awareness;
    else {
      // A relay, not a person: it passes presence on but has none of its own.
      this.awareness = new Awareness(opts.doc);
      this.awareness.setLocalState(null);
    }
    this.limiter = new AttemptLimiter(opts.attemptsPerMinute ?? 6, opts.attemptsPerMinute ?? 6);
    this.guard = opts.guard ?? new WorkerUpdateGuard();
    this.ownsGuard = !opts.guard;
    this.maxPeers = opts.maxPeers ?? 32;
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.backoff = opts.backoff ?? { initial: 250, max: 10_000 };
    this.docId = opts.docId ?? null;
  }

  get workshopDocId(): string | null {
    return this.docId;
  }

  /** Starts listening; resolves with the port. */
  async listen(): Promise<number> {
    const http = this.opts.httpServer;
    const options = {
      // A little above our own limit, so the session refuses an oversized frame with
      // its numbered reason (CANOPY-102) instead of ws closing with a bare 1009.
      maxPayload: this.limits.maxFrameBytes + 1024,
      perMessageDeflate: false,
    };
    const server = http
      ? new WebSocketServer({ server: http, ...options })
      : new WebSocketServer({
          port: this.opts.port ?? 0,
          host: this.opts.host ?? '0.0.0.0',
          ...options,
        });
    this.server = server;
    server.on('connection', (socket, request) =>
      this.accept(socket, request.socket.remoteAddress ?? 'unknown'),
    );
    const listening = http ?? server;
    await new Promise<void>((resolve, reject) => {
      listening.once('listening', resolve);
      listening.once('error', reject);
      http?.listen(this.opts.port ?? 0, this.opts.host ?? '0.0.0.0');
    });
    const port = this.port!;
    if (this.opts.discover) {
      const discovery = new PeerDiscovery({
        id: this.peerIdHex,
        port,
        interface: this.opts.discoveryInterface,
      });
      discovery.on('peer', (found) => this.discovered(found));
      discovery.on('error', (e) => this.emit('error', e));
      discovery.start();
      this.discovery = discovery;
    }
    return port;
  }

  /**
   * A peer announced itself. Peers of other workshops announce themselves too (the
   * record says nothing about the workshop), so a refused handshake is expected and
   * the address is not tried again. The lower id dials, so a pair opens one
   * connection; the other dials too if nothing arrived after a while.
   */
  private discovered(found: DiscoveredPeer): void {
    const dial = () => {
      if (this.stopped || this.connectedPeers().includes(found.id)) return;
      this.connect({ host: found.host, port: found.port });
      const target = this.targets.get(key({ host: found.host, port: found.port }));
      if (target) target.status.discovered = true;
    };
    if (this.peerIdHex < found.id) dial();
    else setTimeout(dial, 2000).unref();
  }

  get port(): number | null {
    if (!this.server) return null;
    const address = (this.opts.httpServer ?? this.server).address() as AddressInfo | null;
    return address?.port ?? null;
  }

  /** Dials a peer and keeps redialling it while the workshop runs. */
  connect(address: PeerAddress): void {
    const key = `${address.host}:${address.port}`;
    if (this.stopped || this.targets.has(key)) return;
    const target: DialTarget = {
      address,
      attempt: 0,
      timer: null,
      socket: null,
      session: null,
      status: dialStatus(key),
    };
    this.targets.set(key, target);
    this.guard.prepare?.();
    this.dial(target);
  }

  /** Stops dialling an address and drops its connection. */
  disconnect(address: PeerAddress): void {
    const key = `${address.host}:${address.port}`;
    const target = this.targets.get(key);
    if (!target) return;
    this.targets.delete(key);
    if (target.timer) clearTimeout(target.timer);
    target.session?.close();
    target.socket?.terminate();
    this.emitStatus();
  }

  /** Ids of peers with an open session. */
  connectedPeers(): string[] {
    return [...this.sessions].filter((s) => s.isOpen).map((s) => s.remoteId!);
  }

  status(): LinkStatus[] {
    return [...[...this.targets.values()].map((t) => t.status), ...this.inbound.values()];
  }

  setDocId(docId: string): void {
    this.docId = docId;
    for (const s of this.sessions) s.sendInfo();
  }

  /**
   * Tells every peer what this one has safely on disk (its state vector after a
   * flush), so that their edits count as acknowledged. Only a peer with durable
   * storage (the host) calls this.
   */
  markSaved(saved: Map<number, number>): void {
    this.saved = saved;
    // At most one acknowledgement per interval (the first at once): a flush follows
    // every burst of edits, and an info frame per flush per peer would eat into each
    // peer's frame-rate allowance for the edits themselves.
    if (this.savedTimer || this.stopped) return;
    const wait = this.lastSavedSent + SAVED_INTERVAL_MS - Date.now();
    const send = () => {
      this.savedTimer = null;
      this.lastSavedSent = Date.now();
      for (const s of this.sessions) s.sendInfo();
    };
    if (wait <= 0) send();
    else this.savedTimer = setTimeout(send, wait);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.savedTimer) clearTimeout(this.savedTimer);
    await this.discovery?.stop();
    this.discovery = null;
    for (const t of this.targets.values()) if (t.timer) clearTimeout(t.timer);
    for (const s of [...this.sessions]) s.close();
    for (const t of this.targets.values()) t.socket?.terminate();
    this.targets.clear();
    if (this.ownsGuard) this.guard.close();
    // An Awareness keeps a timer that holds its document: one we made must go with us.
    if (!this.opts.awareness) this.awareness.destroy();
    const server = this.server;
    this.server = null;
    if (server) {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    const http = this.opts.httpServer;
    if (http?.listening) {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    }
  }

  // ---------------------------------------------------------------------------------

  private dial(target: DialTarget): void {
    if (this.stopped) return;
    target.timer = null;
    target.status.state = target.attempt === 0 ? 'connecting' : 'retrying';
    this.emitStatus();
    const { host, port } = target.address;
    const socket = new WebSocket(`ws://${host.includes(':') ? `[${host}]` : host}:${port}`, {
      maxPayload: this.limits.maxFrameBytes + 1024,
      perMessageDeflate: false,
      handshakeTimeout: this.limits.handshakeTimeoutMs,
    });
    target.socket = socket;
    socket.binaryType = 'nodebuffer';
    let session: PeerSession | null = null;
    socket.on('open', () => {
      session = this.createSession(socket, 'initiator', target.status);
      target.session = session;
    });
    socket.on('message', (data) => session?.receive(toBytes(data)));
    socket.on('error', () => {
      /* 'close' follows and decides */
    });
    socket.on('close', (code) => {
      session?.transportClosed(code);
      target.socket = null;
      target.session = null;
      if (this.stopped || this.targets.get(key(target.address)) !== target) return;
      if (target.status.state === 'refused') return;
      const delay = redialDelay(this.backoff, target.attempt++);
      target.status.state = 'retrying';
      target.timer = setTimeout(() => this.dial(target), delay);
      this.emitStatus();
    });
  }

  private accept(socket: WebSocket, address: string): void {
    if (this.stopped) return socket.terminate();
    if (this.sessions.size >= this.maxPeers) {
      socket.close(CLOSE_CODE.tooManyPeers, 'CANOPY-108');
      return;
    }
    if (!this.limiter.tryAttempt(address)) {
      socket.close(CLOSE_CODE.tooManyAttempts, 'CANOPY-107');
      return;
    }
    const status: LinkStatus = {
      address,
      peerId: null,
      direction: 'in',
      discovered: false,
      state: 'connecting',
      error: null,
    };
    const session = this.createSession(socket, 'responder', status);
    this.inbound.set(session, status);
    socket.on('message', (data) => session.receive(toBytes(data)));
    socket.on('error', () => {
      /* 'close' follows */
    });
    socket.on('close', (code) => session.transportClosed(code));
    this.emitStatus();
  }

  private createSession(
    socket: WebSocket,
    role: 'initiator' | 'responder',
    status: LinkStatus,
  ): PeerSession {
    const session: PeerSession = new PeerSession(
      {
        send: (data) => {
          if (socket.readyState === WebSocket.OPEN) socket.send(data);
        },
        close: (code, reason) => {
          if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING)
            socket.close(code, reason);
        },
      },
      {
        role,
        code: this.opts.code,
        peerId: this.peerId,
        doc: this.opts.doc,
        awareness: this.awareness,
        guard: this.guard,
        limits: this.limits,
        info: () => ({ docId: this.docId, saved: this.saved }),
        // One session per peer, and never one with ourselves.
        accept: (remoteId: string): boolean =>
          remoteId !== this.peerIdHex &&
          ![...this.sessions].some((s) => s !== session && s.isOpen && s.remoteId === remoteId),
        onOpen: (s) => {
          status.peerId = s.remoteId;
          status.state = 'open';
          status.error = null;
          const target = [...this.targets.values()].find((t) => t.session === s);
          if (target) target.attempt = 0;
          if (role === 'responder') this.limiter.succeeded(status.address);
          this.emitStatus();
        },
        onInfo: (info) => {
          if (!this.docId && info.docId) this.docId = info.docId;
          this.emit('info', info);
        },
        onClose: (error, s) => {
          this.sessions.delete(s);
          this.inbound.delete(s);
          this.forgetAwareness(s);
          if (error) status.error = error.message;
          // A wrong code (or a peer that refuses our frames) will not change by waiting.
          if (error && NOT_RETRIED.has(error.key)) status.state = 'refused';
          else if (status.state === 'open') status.state = 'retrying';
          this.emitStatus();
        },
      },
    );
    this.sessions.add(session);
    return session;
  }

  /** Clears the presence of clients that only the closed session told us about. */
  private forgetAwareness(closed: PeerSession): void {
    const stillKnown = new Set<number>();
    for (const s of this.sessions) for (const c of s.remoteClients) stillKnown.add(c);
    const gone = [...closed.remoteClients].filter((c) => !stillKnown.has(c));
    if (gone.length) removeAwarenessStates(this.awareness, gone, 'peer-left');
  }

  private emitStatus(): void {
    this.emit('status', this.status());
  }
}

/** How often, at most, the host tells peers what is on its disk. */
const SAVED_INTERVAL_MS = 50;

const key = (a: PeerAddress) => `${a.host}:${a.port}`;

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
