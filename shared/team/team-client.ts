/**
 * Connects a tree to a team server: the one entry point the app's platforms call
 * (the desktop's main process with `ws`, a browser with its own WebSocket).
 *
 *   real Y.Doc ⇄ DocChannel ⇄ port pair ⇄ SealedRelay ⇄ envelope Y.Doc ⇄ Hocuspocus provider ⇄ server
 *
 * The real document goes through the same DocChannel as every other sync path, so a
 * private draft is refused before the provider is even created: nothing is sent, not
 * a connection. The server sees the envelope only (sealed blobs under a room id).
 *
 * Status says what the connection indicator shows: connecting, synced (through the
 * team server), offline (retrying by itself), or refused (with a numbered reason that
 * waiting does not change: token, limits, key).
 */
import {
  HocuspocusProvider,
  HocuspocusProviderWebsocket,
  WebSocketStatus,
} from '@hocuspocus/provider';
import * as Y from 'yjs';
import type { SyncError } from '../sync/errors';
import { alreadyCheckedGuard, linkDocOverPort, type PortLink } from '../sync/port-link';
import type { UpdateGuard } from '../sync/update-guard';
import { decodeCommitted, encodePing } from './envelope';
import { TeamError, teamErrorFromReason } from './errors';
import { checkTeamAccess, documentNameFor, teamOfToken, type TeamAccess } from './invitation';
import { guardedWebSocket } from './guarded-socket';
import { createPortPair } from './port-pair';
import { SealedRelay, type RelayEvent } from './sealed-relay';
import { createSealer } from './sealing';

export type TeamState = 'connecting' | 'synced' | 'offline' | 'refused' | 'closed';

export interface TeamStatus {
  state: TeamState;
  /** The server's address, as connected to. */
  server: string;
  /** Sealed changes this app sent that the server has not committed to its database yet. */
  unacknowledged: number;
  /** Sealed changes found on the server that this app ignored (did not open, unreadable). */
  refusedBlobs: number;
  /** The last problem, with its CANOPY number; null when there is none. */
  error: string | null;
}

export interface TeamClientOptions {
  access: TeamAccess;
  /** The real document: the tree as this app holds it. */
  doc: Y.Doc;
  /** Checks every change that opens before it reaches the document (a worker). */
  guard: UpdateGuard;
  /** The WebSocket class: browsers have one; Node passes `ws`. */
  WebSocket?: unknown;
  onStatus?(status: TeamStatus): void;
  /** Blobs in the envelope before this app compacts them. */
  compactAfter?: number;
  compactDelayMs?: number;
  /** Milliseconds between keepalives (the server answers with what it has committed). */
  keepaliveMs?: number;
  /**
   * The room to use instead of the one the key names: only to check a key against a
   * known room (tests of a wrong key). Never set by the app.
   */
  roomOverride?: string;
}

export interface TeamConnection {
  status(): TeamStatus;
  /**
   * Resolves once the server has committed every change the tree had when this was
   * called; rejects if the connection stops first.
   */
  whenAcknowledged(): Promise<void>;
  /** The real document's state vector the server has committed for this app. */
  acknowledgedState(): Map<number, number>;
  close(): void;
}

/** Refusals that waiting will not change: the connection stops. */
const FINAL: ReadonlySet<string> = new Set([
  'tokenRefused',
  'tooManyDocuments',
  'updateTooLarge',
  'notSealed',
  'wrongKey',
]);

export function connectTeam(options: TeamClientOptions): TeamConnection {
  const access = checkTeamAccess(options.access);
  const status: TeamStatus = {
    state: 'connecting',
    server: access.server,
    unacknowledged: 0,
    refusedBlobs: 0,
    error: null,
  };
  const push = () => options.onStatus?.({ ...status });
  let provider: HocuspocusProvider | null = null;
  let socket: HocuspocusProviderWebsocket | null = null;
  let relay: SealedRelay | null = null;
  let link: PortLink | null = null;
  let keepalive: ReturnType<typeof setTimeout> | null = null;
  const envelope = new Y.Doc();

  const stop = (state: TeamState, error: Error | null) => {
    if (status.state === 'closed' || status.state === 'refused') return;
    status.state = state;
    if (error) status.error = error.message;
    if (keepalive !== null) clearTimeout(keepalive);
    keepalive = null;
    relay?.stop();
    link?.close();
    provider?.destroy();
    socket?.destroy();
    provider = null;
    socket = null;
    envelope.destroy();
    push();
  };
  const refuse = (error: Error) => stop('refused', error);

  // A new member's first check is the whole tree: start the guard's worker now, so its
  // start-up overlaps the connection instead of adding to the wait.
  options.guard.prepare?.();
  const [docPort, relayPort] = createPortPair();
  relay = new SealedRelay({
    envelope,
    sealer: createSealer(access.key, access.docId),
    guard: options.guard,
    port: relayPort,
    compactAfter: options.compactAfter,
    compactDelayMs: options.compactDelayMs,
    onEvent: (event: RelayEvent) => {
      if (event.type === 'wrongKey' || event.type === 'tooLarge') return refuse(event.error);
      if (event.type === 'refused') {
        status.refusedBlobs = event.total;
        status.error = event.error.message;
      }
      if (event.type === 'live' && provider?.isSynced) status.state = 'synced';
      status.unacknowledged = relay?.unacknowledged ?? 0;
      push();
    },
  });
  link = linkDocOverPort(docPort, {
    doc: options.doc,
    awareness: null,
    guard: alreadyCheckedGuard,
    onError: (e: SyncError) => refuse(e),
  });
  // A private draft: the channel refused at once, before anything could be sent.
  if (status.state === 'refused') return handle();

  const documentName = options.roomOverride
    ? `${teamOfToken(access.token)}/${options.roomOverride}`
    : documentNameFor(access);
  const Socket = options.WebSocket ?? (globalThis as { WebSocket?: unknown }).WebSocket;
  socket = new HocuspocusProviderWebsocket({
    url: access.server,
    // What the server sends passes the guard before the provider applies it.
    WebSocketPolyfill: guardedWebSocket(
      Socket as Parameters<typeof guardedWebSocket>[0],
      options.guard,
      (reason) => {
        status.error = new TeamError('serverUpdateRefused', reason).message;
        push();
      },
    ),
  });
  provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: documentName,
    document: envelope,
    token: access.token,
    awareness: null,
    onSynced: () => {
      // After a reconnect: what of ours did the server commit before it went away?
      provider?.sendStateless(encodePing(envelope.clientID));
      relay?.envelopeSynced();
      if (relay?.isLive) status.state = 'synced';
      status.error = status.refusedBlobs ? status.error : null;
      push();
    },
    onStatus: ({ status: s }) => {
      if (status.state === 'refused' || status.state === 'closed') return;
      if (s === WebSocketStatus.Disconnected) status.state = 'offline';
      else if (s === WebSocketStatus.Connecting && status.state !== 'offline')
        status.state = 'connecting';
      push();
    },
    onAuthenticationFailed: ({ reason }) =>
      refuse(teamErrorFromReason(reason) ?? new TeamError('tokenRefused', reason)),
    onClose: ({ event }) => {
      const error = teamErrorFromReason(event.reason);
      if (!error) return;
      if (FINAL.has(error.key)) refuse(error);
      else {
        status.error = error.message;
        push();
      }
    },
    onStateless: ({ payload }) => {
      const committed = decodeCommitted(payload);
      if (committed) relay?.acknowledge(committed);
    },
  });
  provider.attach();
  const ping = () => {
    keepalive = setTimeout(ping, options.keepaliveMs ?? 10_000);
    if (provider?.isAuthenticated) provider.sendStateless(encodePing(envelope.clientID));
  };
  ping();
  push();
  return handle();

  function handle(): TeamConnection {
    return {
      status: () => ({ ...status, unacknowledged: relay?.unacknowledged ?? 0 }),
      whenAcknowledged: async () => {
        // A change made just now is still on its way to the relay (the DocChannel and
        // the port each hand it on in a microtask): let it arrive first.
        await new Promise((resolve) => setTimeout(resolve, 0));
        return relay?.whenAcknowledged();
      },
      acknowledgedState: () => relay?.acknowledgedState() ?? new Map(),
      close: () => stop('closed', null),
    };
  }
}
