/**
 * A workshop in a plain browser: the page cannot listen for connections or use
 * multicast, so it dials the workshop's host (a desktop app or the headless host)
 * over the browser's WebSocket, with the same authenticated, encrypted PeerSession
 * and the same dialler the Node peers use. A host accepts browser pages it served
 * itself only (docs/security.md), so a page dials only the host it came from; a page
 * from anywhere else is sent to the host's own page to join (JoinDialog).
 *
 * The session syncs the page's own document (the one the editor shows and IndexedDB
 * keeps): one Y.Doc per tab. Its id comes from the host once the session is open, so
 * the session holds what comes for the document until the page has opened that tree
 * and attached it (shared/sync/session-doc.ts). Network bytes are checked in a Web
 * Worker before they reach the document. The code and address are kept in
 * sessionStorage, so a reload of this tab rejoins.
 */
import { randomBytes } from '@noble/hashes/utils.js';
import { removeAwarenessStates, type Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { JoinWorkshopRequest } from '../../../shared/ipc';
import {
  CODE_HINT,
  Dialer,
  NO_WORKSHOP,
  normalizeWorkshopCode,
  parseAddress,
  PeerSession,
  SYNC_ERRORS,
  SyncError,
  TICKET_PATTERN,
  toHex,
  type DialSocket,
  type DialSocketEvents,
  type DialTarget,
  type PeerAddress,
  type Transport,
  type UpdateGuard,
  type WorkshopStatus,
} from '../../../shared/sync';
import type { PlatformWorkshop } from '../platform/platform';
import type { WebRoom } from './web-room';

const SAVED_KEY = 'canopy.workshop';
/** Served by the headless host (electron/host/http-server.ts). */
const HOST_MARKER_PATH = '/.well-known/canopy-host';

export interface WebWorkshopOptions {
  createGuard(): UpdateGuard;
  /** Where the joined workshop is remembered across reloads (sessionStorage). */
  saved?: Storage | null;
  backoff?: { initial: number; max: number };
  /** The room, spoken for on the session to a host that keeps one. */
  room?: WebRoom;
}

interface Joined {
  code: string;
  guard: UpdateGuard;
  peerId: Uint8Array;
  docId: string | null;
  dialer: Dialer;
}

/** The tree open in this page, to sync when it is the workshop's. */
interface PageDoc {
  docId: string;
  doc: Y.Doc;
  awareness: Awareness;
}

/** Thrown when a page would dial a host that did not serve it: it must open the host's page. */
export class ForeignHostError extends Error {
  constructor(readonly address: string) {
    super(`${SYNC_ERRORS.foreignOrigin.code}: ${SYNC_ERRORS.foreignOrigin.message}`);
  }
}

export class WebWorkshop implements PlatformWorkshop {
  readonly canHost = false;
  readonly discovers = false;
  private joined: Joined | null = null;
  private page: PageDoc | null = null;
  private readonly listeners = new Set<(status: WorkshopStatus) => void>();

  constructor(private readonly options: WebWorkshopOptions) {
    // The browser knows before the socket does: drop at once, and redial as soon as
    // the network is back instead of waiting out the backoff.
    window.addEventListener('offline', () => this.joined?.dialer.dropAll());
    window.addEventListener('online', () => this.joined?.dialer.redialNow());
    const saved = readSaved(options.saved);
    if (saved) void this.join(saved).catch(() => options.saved?.removeItem(SAVED_KEY));
  }

  start(): Promise<WorkshopStatus> {
    return Promise.reject(
      new Error(
        'A browser cannot accept connections. Start the workshop in the Canopy desktop app (or on a Canopy host), then join it here with its code.',
      ),
    );
  }

  async join(request: JoinWorkshopRequest & { ticket?: string | null }): Promise<WorkshopStatus> {
    const code = normalizeWorkshopCode(request.code);
    if (!code) throw new Error(CODE_HINT);
    if (!request.address)
      throw new Error(
        'In a browser, type the address of the computer running the workshop, like 192.168.1.20:4455 (the Share panel there shows it).',
      );
    const address = parseAddress(request.address);
    if (!address)
      throw new Error(`"${request.address}" is not an address; write it as 192.168.1.20:4455.`);
    this.checkOwnHost(address, request.address);
    await this.stop();
    const joined: Joined = {
      code,
      guard: this.options.createGuard(),
      peerId: randomBytes(16),
      docId: null,
      dialer: null as unknown as Dialer,
    };
    joined.dialer = new Dialer({
      backoff: this.options.backoff,
      onChange: () => this.emit(),
      openSocket: (a, events, ticket) => openBrowserSocket(a, events, ticket),
      createSession: (transport, target) => this.createSession(joined, transport, target),
    });
    this.joined = joined;
    this.remember({ code, address: request.address, ticket: request.ticket ?? null });
    joined.guard.prepare?.();
    joined.dialer.connect(address, { ticket: request.ticket ?? null });
    return this.current();
  }

  async connect(addressText: string): Promise<void> {
    const address = parseAddress(addressText);
    if (!address)
      throw new Error(`"${addressText}" is not an address; write it as 192.168.1.20:4455.`);
    if (!this.joined) throw new Error('Join a workshop first.');
    this.checkOwnHost(address, addressText);
    this.joined.dialer.connect(address);
  }

  async stop(): Promise<void> {
    const j = this.joined;
    if (!j) return;
    this.joined = null;
    this.options.saved?.removeItem(SAVED_KEY);
    j.dialer.stop();
    j.guard.close();
    this.emit();
  }

  /** What a reload of this tab needs to rejoin. */
  private remember(saved: Saved): void {
    this.options.saved?.setItem(SAVED_KEY, JSON.stringify(saved));
  }

  private hostCheck: Promise<string | null> | null = null;

  /** Asks once whether a Canopy host served this page (it answers a marker path). */
  hostAddress(): Promise<string | null> {
    this.hostCheck ??= fetch(HOST_MARKER_PATH, { cache: 'no-store' })
      .then(async (r) => {
        const body = (r.ok ? await r.json() : null) as { canopyHost?: unknown } | null;
        return body?.canopyHost === true ? pageHost() : null;
      })
      .catch(() => null);
    return this.hostCheck;
  }

  async status(): Promise<WorkshopStatus> {
    return this.current();
  }

  onStatus(listener: (status: WorkshopStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  attach(docId: string, doc: Y.Doc, awareness: Awareness): () => void {
    const page: PageDoc = { docId, doc, awareness };
    this.page = page;
    for (const session of this.sessions()) this.syncPage(session);
    return () => {
      if (this.page !== page) return;
      this.page = null;
      // The sessions stay, holding what comes for the tree until it is open again.
      for (const session of this.sessions()) session.doc.detach();
    };
  }

  // ---------------------------------------------------------------------------------

  /** A host accepts only pages it served: dialling any other is refused (CANOPY-112). */
  private checkOwnHost(address: PeerAddress, typed: string): void {
    const here = parseAddress(pageHost());
    if (!here || here.host !== address.host || here.port !== address.port)
      throw new ForeignHostError(typed);
  }

  private sessions(): PeerSession[] {
    return this.joined?.dialer.list().flatMap((t) => (t.session ? [t.session] : [])) ?? [];
  }

  /** Syncs the page's document on `session` if it is the running workshop's tree. */
  private syncPage(session: PeerSession, j = this.joined): void {
    const page = this.page;
    if (page && j && j === this.joined && page.docId === j.docId)
      session.doc.attach(page.doc, page.awareness);
  }

  private current(): WorkshopStatus {
    const j = this.joined;
    if (!j) return NO_WORKSHOP;
    return {
      running: true,
      code: j.code,
      docId: j.docId,
      listening: false,
      webApp: false,
      addresses: [],
      links: j.dialer.status().map((status) => ({ ...status })),
      error: null,
    };
  }

  private emit(): void {
    const status = this.current();
    for (const listener of this.listeners) listener(status);
  }

  private createSession(j: Joined, transport: Transport, target: DialTarget): PeerSession {
    const peerIdHex = toHex(j.peerId);
    let room: { receive(payload: Uint8Array): void; close(): void } | null = null;
    // No document yet: the page's is attached once the workshop's tree is open here.
    const session = new PeerSession(transport, {
      role: 'initiator',
      code: j.code,
      peerId: j.peerId,
      doc: null,
      awareness: null,
      guard: j.guard,
      info: () => ({ docId: j.docId }),
      onRoom: (payload) => {
        if (!room) throw new SyncError('malformed', 'a room message where there is no room');
        room.receive(payload);
      },
      accept: (remoteId) =>
        remoteId !== peerIdHex &&
        !j.dialer
          .list()
          .some((t) => t !== target && t.session?.isOpen && t.session.remoteId === remoteId),
      onOpen: (s) => {
        target.status.peerId = s.remoteId;
        target.status.state = 'open';
        target.status.error = null;
        j.dialer.sessionOpened(target);
        this.emit();
      },
      onInfo: (info, s) => {
        if (info.room && !room && this.options.room) room = this.options.room.attach(s);
        if (info.ticket) {
          // Shown when this tab reconnects (a reload too): a turn ahead of strangers.
          target.ticket = info.ticket;
          this.remember({ code: j.code, address: target.key, ticket: info.ticket });
        }
        if (!j.docId && info.docId) {
          j.docId = info.docId;
          for (const other of this.sessions()) this.syncPage(other);
          this.emit();
        }
      },
      onClose: (error, s) => {
        room?.close();
        room = null;
        j.dialer.sessionClosed(target, error);
        // Presence of the people behind this link leaves with it.
        const gone = [...s.remoteClients];
        if (gone.length && this.page) removeAwarenessStates(this.page.awareness, gone, 'peer-left');
        this.emit();
      },
    });
    this.syncPage(session, j);
    return session;
  }
}

/** host:port of this page, the port spelled out even when it is the default. */
function pageHost(): string {
  return `${location.hostname}:${location.port || (location.protocol === 'https:' ? 443 : 80)}`;
}

/** The browser's WebSocket as the dialler's socket. */
function openBrowserSocket(
  address: PeerAddress,
  events: DialSocketEvents,
  ticket: string | null,
): DialSocket {
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const socket = new WebSocket(
    `${scheme}://${host}:${address.port}${ticket ? `/?t=${ticket}` : ''}`,
  );
  socket.binaryType = 'arraybuffer';
  socket.onopen = () => events.open();
  socket.onmessage = (e: MessageEvent) => {
    // Text frames are not part of the protocol: an empty frame is refused as malformed.
    events.message(e.data instanceof ArrayBuffer ? new Uint8Array(e.data) : new Uint8Array(0));
  };
  socket.onclose = (e) => events.closed(e.code);
  return {
    send: (data) => {
      if (socket.readyState === WebSocket.OPEN) socket.send(data as Uint8Array<ArrayBuffer>);
    },
    close: (code, reason) => socket.close(code, reason),
    // A browser cannot destroy a socket; closing is the most it can do.
    terminate: () => socket.close(),
  };
}

interface Saved {
  code: string;
  address: string;
  ticket: string | null;
}

function readSaved(storage: Storage | null | undefined): Saved | null {
  try {
    const saved = JSON.parse(storage?.getItem(SAVED_KEY) ?? 'null') as unknown;
    const s = saved as Partial<Saved> | null;
    if (s && typeof s.code === 'string' && typeof s.address === 'string')
      return {
        code: s.code,
        address: s.address,
        ticket: typeof s.ticket === 'string' && TICKET_PATTERN.test(s.ticket) ? s.ticket : null,
      };
  } catch {
    /* not ours, or damaged: ignore */
  }
  return null;
}
