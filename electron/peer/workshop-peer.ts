/**
 * A workshop peer: one shared Y.Doc kept in step with every other peer that knows the
 * workshop code, over WebSockets, in a mesh. Plain Node (no `electron` import): the
 * Electron main process starts it for the desktop app, and the headless host reuses
 * it. Peers are found by multicast DNS where the network allows it, or dialled by
 * address:port.
 *
 * Strangers on the network are kept to what a handshake needs: the gate (gate.ts) and
 * admission (shared/sync/admission.ts) bound sockets, memory and guesses before
 * anyone is authenticated; the dialer (shared/sync/dialer.ts) budgets our own dials,
 * which are guesses offered to whoever answers. docs/security.md has the figures.
 */
import { EventEmitter } from 'node:events';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { randomBytes } from '@noble/hashes/utils.js';
import type { WebSocket } from 'ws';
import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import {
  Admission,
  CLOSE_CODE,
  DEFAULT_LIMITS,
  Dialer,
  PeerSession,
  toHex,
  type Admitted,
  type DialTarget,
  type Limits,
  type LinkStatus,
  type PeerAddress,
  type SyncErrorKey,
  type UpdateGuard,
} from '../../shared/sync';
import type { TeamHandover } from '../../shared/sync/workshop-info';
import { PeerDiscovery, type DiscoveredPeer } from './discovery';
import { SessionRoom } from './session-room';
import { Gate, peerServer } from './gate';
import { nodeAead } from './native-aead';
import {
  DEFAULT_MAX_PEERS,
  type WorkshopPeerEvents,
  type WorkshopPeerOptions,
} from './peer-options';
import { SavedAcknowledgements } from './saved-acknowledgements';
import { closeSocket, dialNode, Keepalive, sendOpen, toBytes } from './node-sockets';
import { WorkerUpdateGuard } from './worker-update-guard';

export type { PeerAddress };
export { DEFAULT_MAX_PEERS } from './peer-options';
export type { RoomAttachment, WorkshopPeerEvents, WorkshopPeerOptions } from './peer-options';

/** What an incoming session needs besides what every session has. */
interface Inbound {
  status: LinkStatus;
  /** Issued when the peer got in; sent in our workshop info. */
  ticket: string | undefined;
  onHello(answer: () => void): boolean;
  admitOpen(): SyncErrorKey | null;
}

/** A socket has this long after its upgrade to say hello. */
const HELLO_DEADLINE_MS = 5_000;

export class WorkshopPeer extends EventEmitter<WorkshopPeerEvents> {
  readonly peerId = randomBytes(16);
  readonly peerIdHex = toHex(this.peerId);
  readonly awareness: Awareness;
  readonly admission: Admission;
  private server: HttpServer | null = null;
  private gate: Gate | null = null;
  private readonly sessions = new Set<PeerSession>();
  private readonly inbound = new Map<PeerSession, LinkStatus>();
  private readonly dialer: Dialer;
  private readonly guard: UpdateGuard;
  private readonly ownsGuard: boolean;
  private readonly maxPeers: number;
  private readonly limits: Limits;
  private docId: string | null;
  private team: TeamHandover | null = null;
  private readonly acks: SavedAcknowledgements;
  private stopped = false;
  private discovery: PeerDiscovery | null = null;
  /** Where each discovered peer id was announced, to forget it when it goes. */
  private readonly announced = new Map<string, PeerAddress>();
  private keepalive: Keepalive | null = null;

  constructor(private readonly opts: WorkshopPeerOptions) {
    super();
    this.acks = new SavedAcknowledgements(opts.doc, () => this.sessions);
    if (opts.awareness) this.awareness = opts.awareness;
    else {
      // A relay, not a person: it passes presence on but has none of its own.
      this.awareness = new Awareness(opts.doc);
      this.awareness.setLocalState(null);
    }
    this.admission = new Admission(opts.admission);
    this.guard = opts.guard ?? new WorkerUpdateGuard();
    this.ownsGuard = !opts.guard;
    this.maxPeers = opts.maxPeers ?? DEFAULT_MAX_PEERS;
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.docId = opts.docId ?? null;
    this.dialer = new Dialer({
      backoff: opts.backoff,
      budget: opts.dialBudget,
      onChange: () => this.emitStatus(),
      openSocket: (address, events, ticket) => {
        const { socket, dial } = dialNode(address, events, ticket, {
          localAddress: opts.localAddress,
          handshakeTimeoutMs: this.limits.handshakeTimeoutMs,
        });
        this.keepalive?.track(socket);
        return dial;
      },
      createSession: (transport, target) => this.createSession(transport, 'initiator', target),
    });
  }

  get workshopDocId(): string | null {
    return this.docId;
  }

  /** Starts listening; resolves with the port. */
  async listen(): Promise<number> {
    const server = peerServer(this.opts.httpServer);
    this.server = server;
    this.gate = new Gate({
      server,
      admission: this.admission,
      limits: this.opts.gate,
      origin: {
        names: ownNames(),
        extraOrigins: this.opts.allowedOrigins ?? [],
      },
      onSocket: (socket, address, admitted) => this.accept(socket, address, admitted),
    });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
      server.listen(this.opts.port ?? 0, this.opts.host ?? '0.0.0.0');
    });
    this.keepalive = new Keepalive(this.opts.keepaliveMs ?? 15_000);
    const port = this.port!;
    if (this.opts.discover) {
      const discovery = new PeerDiscovery({
        id: this.peerIdHex,
        port,
        interface: this.opts.discoveryInterface,
      });
      discovery.on('peer', (found) => this.discovered(found));
      discovery.on('gone', (id) => {
        const address = this.announced.get(id);
        this.announced.delete(id);
        if (address) this.dialer.vanished(address);
      });
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
    if (this.opts.dialDiscovered === false) return;
    const address = { host: found.host, port: found.port };
    this.announced.set(found.id, address);
    if (this.announced.size > 1024) this.announced.delete(this.announced.keys().next().value!);
    const dial = () => {
      if (this.stopped || this.connectedPeers().includes(found.id)) return;
      this.dialer.connect(address, { discovered: true });
    };
    if (this.peerIdHex < found.id) dial();
    else setTimeout(dial, 2000).unref();
  }

  get port(): number | null {
    const address = this.server?.address() as AddressInfo | null | undefined;
    return address?.port ?? null;
  }

  /** Dials a peer and keeps redialling it while the workshop runs. */
  connect(address: PeerAddress): void {
    if (this.stopped) return;
    this.guard.prepare?.();
    this.dialer.connect(address);
  }

  /** Stops dialling an address and drops its connection. */
  disconnect(address: PeerAddress): void {
    this.dialer.disconnect(address);
  }

  /** Ids of peers with an open session. */
  connectedPeers(): string[] {
    return [...this.sessions].filter((s) => s.isOpen).map((s) => s.remoteId!);
  }

  status(): LinkStatus[] {
    return [...this.dialer.status(), ...this.inbound.values()];
  }

  /** Counters of the door: refusals, evictions, answered handshakes (for tests and benchmarks). */
  gateStats() {
    return this.gate?.stats() ?? null;
  }

  setDocId(docId: string): void {
    this.docId = docId;
    for (const s of this.sessions) s.sendInfo();
  }

  /**
   * Hands the tree's team-server access to every participant, inside the encrypted
   * session (they typed the code); null stops handing it to those who join later.
   */
  setTeamAccess(team: TeamHandover | null): void {
    this.team = team;
    for (const s of this.sessions) s.sendInfo();
  }

  /** What this peer has safely on disk: see saved-acknowledgements.ts. */
  markSaved(saved: Map<number, number>): void {
    this.acks.markSaved(saved);
  }

  /**
   * Drops every connection at once, as a network loss does (dialled peers are
   * redialled, with the tickets they were given).
   */
  dropConnections(): void {
    for (const socket of this.keepalive?.sockets ?? []) socket.terminate();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.acks.stop();

    await this.discovery?.stop();
    this.discovery = null;
    this.dialer.stop();
    for (const s of [...this.sessions]) s.close();
    this.keepalive?.stop();
    if (this.ownsGuard) this.guard.close();
    // An Awareness keeps a timer that holds its document: one we made must go with us.
    if (!this.opts.awareness) this.awareness.destroy();
    this.gate?.close();
    this.gate = null;
    const server = this.server;
    this.server = null;
    if (server?.listening) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  // ---------------------------------------------------------------------------------

  private accept(socket: WebSocket, address: string, admitted: Admitted): void {
    if (this.stopped) return socket.terminate();
    this.keepalive?.track(socket);
    if (this.openInbound() >= this.maxPeers) {
      closeSocket(socket, CLOSE_CODE.tooManyPeers, 'CANOPY-108');
      return;
    }
    const deadline = setTimeout(() => socket.terminate(), HELLO_DEADLINE_MS);
    deadline.unref();
    const status: LinkStatus = {
      address,
      peerId: null,
      direction: 'in',
      discovered: false,
      state: 'connecting',
      error: null,
    };
    const transport = {
      send: (data: Uint8Array) => sendOpen(socket, data),
      close: (code: number, reason: string) => closeSocket(socket, code, reason),
    };
    const inbound: Inbound = {
      status,
      ticket: undefined,
      onHello: (answer) => {
        clearTimeout(deadline);
        return admitted.hello(answer);
      },
      admitOpen: () => {
        admitted.authenticated();
        // Full meanwhile: honest, but there is no room.
        if (this.openInbound() >= this.maxPeers) return 'tooManyPeers';
        // For the next time they connect, whatever floods from their address.
        inbound.ticket = this.admission.issueTicket(address);
        return null;
      },
    };
    const session = this.createSession(transport, 'responder', null, inbound);
    this.inbound.set(session, status);
    socket.on('message', (data) => session.receive(toBytes(data)));
    socket.on('close', (code) => {
      clearTimeout(deadline);
      admitted.release();
      session.transportClosed(code);
    });
    this.emitStatus();
  }

  private openInbound(): number {
    let open = 0;
    for (const s of this.inbound.keys()) if (s.isOpen) open++;
    return open;
  }

  private createSession(
    transport: { send(data: Uint8Array): void; close(code: number, reason: string): void },
    role: 'initiator' | 'responder',
    target: DialTarget | null,
    inbound?: Inbound,
  ): PeerSession {
    const status = target?.status ?? inbound!.status;
    const room = new SessionRoom(this.opts.doc, this.opts.room);
    const session: PeerSession = new PeerSession(transport, {
      role,
      code: this.opts.code,
      peerId: this.peerId,
      doc: this.opts.doc,
      awareness: this.awareness,
      guard: this.guard,
      aead: nodeAead ?? undefined,
      limits: this.limits,
      info: () => ({
        docId: this.docId,
        saved: this.acks.saved,
        ticket: inbound?.ticket,
        room: Boolean(this.opts.room),
        ...(this.team && { team: this.team }),
      }),
      onRoom: (payload) => room.receive(payload),
      // Hosting a room: a participant's edits while the tree is locked are undone.
      applyUpdate: room.applyUpdate,
      appliesAsIs: room.appliesAsIs,
      onHello: inbound?.onHello,
      admitOpen: inbound?.admitOpen,
      // One session per peer, and never one with ourselves.
      accept: (remoteId: string): boolean =>
        remoteId !== this.peerIdHex &&
        ![...this.sessions].some((s) => s !== session && s.isOpen && s.remoteId === remoteId),
      onOpen: (s) => {
        status.peerId = s.remoteId;
        status.state = 'open';
        status.error = null;
        if (target) this.dialer.sessionOpened(target);
        if (inbound) room.admit(s);
        this.emitStatus();
      },
      onInfo: (info) => {
        if (!this.docId && info.docId) this.docId = info.docId;
        if (target && info.ticket) target.ticket = info.ticket;
        if (info.room && !room.attached && !this.opts.room)
          room.attach(this.opts.onRoom?.(session) ?? null);
        this.emit('info', info);
      },
      onClose: (error, s) => {
        room.close();
        this.sessions.delete(s);
        this.inbound.delete(s);
        this.acks.forget(s);
        this.forgetAwareness(s);
        if (target) this.dialer.sessionClosed(target, error);
        else if (error) status.error = error.message;
        if (status.state === 'open') status.state = 'retrying';
        this.emitStatus();
      },
    });
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

/** Names this machine answers to, for the origin check. */
function ownNames(): string[] {
  const name = hostname().toLowerCase();
  return [name, `${name}.local`, `${name.split('.')[0]}.local`];
}
