/** What a WorkshopPeer is given and what it tells (workshop-peer.ts). */
import type { Server as HttpServer } from 'node:http';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type {
  AdmissionLimits,
  DialBudget,
  Limits,
  LinkStatus,
  PeerSession,
  RoomHost,
  UpdateGuard,
  WorkshopInfo,
} from '../../shared/sync';
import type { GateLimits } from './gate';

/**
 * Incoming participants a peer takes at once: a room of 100 with room to spare for
 * second devices, the projector and people who rejoin before their old connection
 * times out. Each place is bounded (queued work, rate: shared/sync/wire.ts) and only
 * someone who knows the code takes one; strangers are bounded apart, by the gate and
 * admission.
 */
export const DEFAULT_MAX_PEERS = 128;

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
  /**
   * Most authenticated incoming connections at once (our own dials do not count);
   * DEFAULT_MAX_PEERS unless given.
   */
  maxPeers?: number;
  limits?: Partial<Limits>;
  guard?: UpdateGuard;
  /** Limits on unauthenticated sockets and the inbound guess budget. */
  admission?: Partial<AdmissionLimits>;
  /** Limits on TCP connections. */
  gate?: Partial<GateLimits>;
  /** The outbound dial budget. */
  dialBudget?: Partial<DialBudget>;
  /** Backoff bounds for redialling, in ms. */
  backoff?: { initial: number; max: number };
  /** Find peers by multicast DNS (and be found). */
  discover?: boolean;
  /**
   * Dial the peers discovery finds (default true). A peer that hosts the workshop
   * does not: participants come to it, and every dial is a guess offered to whoever
   * answered the announcement.
   */
  dialDiscovered?: boolean;
  /** Multicast interface address for discovery (e.g. 127.0.0.1 in tests). */
  discoveryInterface?: string;
  /**
   * An HTTP server to share the port with (the host serves the web app on it); the
   * peer makes it listen, and closes it on stop.
   */
  httpServer?: HttpServer;
  /** Browser origins allowed besides pages this peer served (a TLS proxy in front). */
  allowedOrigins?: string[];
  /** How often open connections are pinged; one that misses a ping is dropped. */
  keepaliveMs?: number;
  /** The local address our dials leave from (a machine with several; tests use 127.0.0.x). */
  localAddress?: string;
  /** This peer hosts the workshop's room (the facilitator, the timer, shared/sync/room). */
  room?: RoomHost;
  /**
   * A session opened to the peer that hosts the room: what to do with its room channel
   * (a RoomClient, usually). Not called on a peer that hosts the room itself.
   */
  onRoom?(session: PeerSession): RoomAttachment | null;
}

/** Whatever takes a session's room messages; `receive` throws a SyncError on bad input. */
export interface RoomAttachment {
  receive(payload: Uint8Array): void;
  close(): void;
}

export interface WorkshopPeerEvents {
  status: [LinkStatus[]];
  info: [WorkshopInfo];
  error: [Error];
}
