/**
 * A workshop in a plain browser: the page cannot listen for connections or use
 * multicast, so it dials peers (a desktop app or the headless host) by address, over
 * the browser's WebSocket, with the same authenticated, encrypted PeerSession the
 * Node peers use. Network bytes are checked in a Web Worker before they reach the
 * workshop's copy of the document; the open document joins that copy over a
 * MessageChannel, exactly as a desktop window joins main's copy.
 *
 * The code and address are kept in sessionStorage, so a reload of this tab rejoins.
 */
import { randomBytes } from '@noble/hashes/utils.js';
import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { JoinWorkshopRequest } from '../../../shared/ipc';
import {
  alreadyCheckedGuard,
  dialStatus,
  linkDocOverPort,
  NO_WORKSHOP,
  NOT_RETRIED,
  normalizeWorkshopCode,
  parseAddress,
  PeerSession,
  redialDelay,
  toHex,
  type LinkStatus,
  type PortLike,
  type PortLink,
  type UpdateGuard,
  type WorkshopStatus,
} from '../../../shared/sync';
import type { PlatformWorkshop } from '../platform/platform';

const SAVED_KEY = 'canopy.workshop';
/** Served by the headless host (electron/host/http-server.ts). */
const HOST_MARKER_PATH = '/.well-known/canopy-host';

export interface WebWorkshopOptions {
  createGuard(): UpdateGuard;
  /** Where the joined workshop is remembered across reloads (sessionStorage). */
  saved?: Storage | null;
  backoff?: { initial: number; max: number };
}

interface Target {
  host: string;
  port: number;
  attempt: number;
  timer: ReturnType<typeof setTimeout> | null;
  socket: WebSocket | null;
  session: PeerSession | null;
  status: LinkStatus;
}

interface Joined {
  code: string;
  doc: Y.Doc;
  awareness: Awareness;
  guard: UpdateGuard;
  peerId: Uint8Array;
  docId: string | null;
  targets: Map<string, Target>;
  links: Set<PortLink>;
}

export class WebWorkshop implements PlatformWorkshop {
  readonly canHost = false;
  readonly discovers = false;
  private joined: Joined | null = null;
  private readonly listeners = new Set<(status: WorkshopStatus) => void>();
  private readonly backoff: { initial: number; max: number };

  constructor(private readonly options: WebWorkshopOptions) {
    this.backoff = options.backoff ?? { initial: 250, max: 10_000 };
    // The browser knows before the socket does: drop at once, and redial as soon as
    // the network is back instead of waiting out the backoff.
    window.addEventListener('offline', () => {
      for (const t of this.joined?.targets.values() ?? []) t.socket?.close();
    });
    window.addEventListener('online', () => {
      const j = this.joined;
      if (!j) return;
      for (const t of j.targets.values()) {
        if (!t.timer || t.status.state === 'refused') continue;
        clearTimeout(t.timer);
        t.attempt = 0;
        this.dial(j, t);
      }
    });
    const saved = readSaved(options.saved);
    if (saved) void this.join(saved).catch(() => options.saved?.removeItem(SAVED_KEY));
  }

  start(): Promise<WorkshopStatus> {
    return Promise.reject(
      new Error(
        'A browser cannot accept connections. Start the workshop in the Canopy desktop app (or on a Canopy host), then join it here with its code and address.',
      ),
    );
  }

  async join(request: JoinWorkshopRequest): Promise<WorkshopStatus> {
    const code = normalizeWorkshopCode(request.code);
    if (!code) throw new Error('A workshop code has 8 letters and digits, like K7QM-3XPA.');
    if (!request.address)
      throw new Error(
        'In a browser, type the address of the computer running the workshop, like 192.168.1.20:4455 (the Share panel there shows it).',
      );
    const address = parseAddress(request.address);
    if (!address)
      throw new Error(`"${request.address}" is not an address; write it as 192.168.1.20:4455.`);
    await this.stop();
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    // A relay, not a person: the page's own presence comes over the link.
    awareness.setLocalState(null);
    this.joined = {
      code,
      doc,
      awareness,
      guard: this.options.createGuard(),
      peerId: randomBytes(16),
      docId: null,
      targets: new Map(),
      links: new Set(),
    };
    this.options.saved?.setItem(SAVED_KEY, JSON.stringify({ code, address: request.address }));
    this.joined.guard.prepare?.();
    this.addTarget(address.host, address.port);
    return this.current();
  }

  async connect(addressText: string): Promise<void> {
    const address = parseAddress(addressText);
    if (!address)
      throw new Error(`"${addressText}" is not an address; write it as 192.168.1.20:4455.`);
    if (!this.joined) throw new Error('Join a workshop first.');
    this.addTarget(address.host, address.port);
  }

  async stop(): Promise<void> {
    const j = this.joined;
    if (!j) return;
    this.joined = null;
    this.options.saved?.removeItem(SAVED_KEY);
    for (const t of j.targets.values()) {
      if (t.timer) clearTimeout(t.timer);
      t.session?.close();
      t.socket?.close();
    }
    for (const link of j.links) link.close();
    j.guard.close();
    j.awareness.destroy();
    j.doc.destroy();
    this.emit();
  }

  private hostCheck: Promise<string | null> | null = null;

  /** Asks once whether a Canopy host served this page (it answers a marker path). */
  hostAddress(): Promise<string | null> {
    this.hostCheck ??= fetch(HOST_MARKER_PATH, { cache: 'no-store' })
      .then(async (r) => {
        const body = (r.ok ? await r.json() : null) as { canopyHost?: unknown } | null;
        return body?.canopyHost === true ? location.host : null;
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

  async link(): Promise<MessagePort> {
    const j = this.joined;
    if (!j) throw new Error('No workshop is running.');
    const { port1, port2 } = new MessageChannel();
    // Same page, and the network side was checked by the guard already.
    const link = linkDocOverPort(port1 as PortLike, {
      doc: j.doc,
      awareness: j.awareness,
      guard: alreadyCheckedGuard,
      onError: () => j.links.delete(link),
    });
    j.links.add(link);
    return port2;
  }

  // ---------------------------------------------------------------------------------

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
      links: [...j.targets.values()].map((t) => ({ ...t.status })),
      error: null,
    };
  }

  private emit(): void {
    const status = this.current();
    for (const listener of this.listeners) listener(status);
  }

  private addTarget(host: string, port: number): void {
    const j = this.joined!;
    const key = `${host}:${port}`;
    if (j.targets.has(key)) return;
    const target: Target = {
      host,
      port,
      attempt: 0,
      timer: null,
      socket: null,
      session: null,
      status: dialStatus(key),
    };
    j.targets.set(key, target);
    this.dial(j, target);
  }

  private dial(j: Joined, target: Target): void {
    if (this.joined !== j) return;
    target.timer = null;
    target.status.state = target.attempt === 0 ? 'connecting' : 'retrying';
    this.emit();
    const host = target.host.includes(':') ? `[${target.host}]` : target.host;
    let socket: WebSocket;
    try {
      socket = new WebSocket(`ws://${host}:${target.port}`);
    } catch (e) {
      target.status.state = 'refused';
      target.status.error = `Cannot connect to ${target.status.address}: ${(e as Error).message}`;
      this.emit();
      return;
    }
    socket.binaryType = 'arraybuffer';
    target.socket = socket;
    let session: PeerSession | null = null;
    socket.onopen = () => {
      session = this.createSession(j, socket, target);
      target.session = session;
    };
    socket.onmessage = (e: MessageEvent) => {
      if (e.data instanceof ArrayBuffer) session?.receive(new Uint8Array(e.data));
      // Text frames are not part of the protocol.
      else session?.receive(new Uint8Array(0));
    };
    socket.onclose = (e) => {
      session?.transportClosed(e.code);
      target.socket = null;
      target.session = null;
      if (this.joined !== j || target.status.state === 'refused') return;
      if (!target.status.error && target.attempt > 0)
        target.status.error = `Cannot reach ${target.status.address}; trying again.`;
      const delay = redialDelay(this.backoff, target.attempt++);
      target.status.state = 'retrying';
      target.timer = setTimeout(() => this.dial(j, target), delay);
      this.emit();
    };
  }

  private createSession(j: Joined, socket: WebSocket, target: Target): PeerSession {
    const peerIdHex = toHex(j.peerId);
    return new PeerSession(
      {
        send: (data) => {
          if (socket.readyState === WebSocket.OPEN) socket.send(data as Uint8Array<ArrayBuffer>);
        },
        close: (code, reason) => socket.close(code, reason),
      },
      {
        role: 'initiator',
        code: j.code,
        peerId: j.peerId,
        doc: j.doc,
        awareness: j.awareness,
        guard: j.guard,
        info: () => ({ docId: j.docId }),
        accept: (remoteId) =>
          remoteId !== peerIdHex &&
          ![...j.targets.values()].some(
            (t) => t !== target && t.session?.isOpen && t.session.remoteId === remoteId,
          ),
        onOpen: (s) => {
          target.attempt = 0;
          target.status.peerId = s.remoteId;
          target.status.state = 'open';
          target.status.error = null;
          this.emit();
        },
        onInfo: (info) => {
          if (!j.docId && info.docId) {
            j.docId = info.docId;
            this.emit();
          }
        },
        onClose: (error, s) => {
          if (error) target.status.error = error.message;
          if (error && NOT_RETRIED.has(error.key)) target.status.state = 'refused';
          // Presence of the people behind this link leaves with it.
          const gone = [...s.remoteClients];
          if (gone.length) removeAwarenessStates(j.awareness, gone, 'peer-left');
          this.emit();
        },
      },
    );
  }
}

function readSaved(storage: Storage | null | undefined): JoinWorkshopRequest | null {
  try {
    const saved = JSON.parse(storage?.getItem(SAVED_KEY) ?? 'null') as unknown;
    const s = saved as Partial<JoinWorkshopRequest> | null;
    if (s && typeof s.code === 'string' && typeof s.address === 'string')
      return { code: s.code, address: s.address };
  } catch {
    /* not ours, or damaged: ignore */
  }
  return null;
}
