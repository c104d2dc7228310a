/**
 * The workshop info message (a channel of its own inside the encrypted session), as
 * JSON: which document the workshop edits, what a host has safely on disk, and a
 * returning participant's ticket. Read like any input from the network: every field
 * is checked, and anything else refuses the connection (CANOPY-104).
 */
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { fromBase64, toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import { TICKET_PATTERN } from './admission';
import { SyncError } from './errors';

export interface WorkshopInfo {
  docId: string | null;
  /**
   * From a peer that keeps the document on disk (the headless host): the state vector
   * of what is safely there. An edit is acknowledged once this covers it.
   */
  saved?: Map<number, number>;
  /**
   * From a peer that accepted us: a ticket to show when we come back, which gets us a
   * turn ahead of strangers (admission.ts). Sent only inside the encrypted session.
   */
  ticket?: string;
  /** This peer keeps the workshop's room (room/): the facilitator, the timer. */
  room?: boolean;
}

/** Workshop info as JSON on the wire. */
interface WireInfo {
  docId: string | null;
  saved?: string;
  ticket?: string;
  room?: true;
}

/** A state vector of 10,000 clients is about 100 kB; anything far beyond is hostile. */
const MAX_SAVED_CHARS = 256 * 1024;

export function encodeWorkshopInfo({ docId, saved, ticket, room }: WorkshopInfo): Uint8Array {
  const wire: WireInfo = { docId };
  if (room) wire.room = true;
  if (saved) wire.saved = toBase64(Y.encodeStateVector(saved));
  if (ticket) wire.ticket = ticket;
  return utf8ToBytes(JSON.stringify(wire));
}

/** The info in `payload`; throws a SyncError when any part of it is not as it must be. */
export function decodeWorkshopInfo(payload: Uint8Array): WorkshopInfo {
  let info: unknown;
  try {
    info = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch {
    throw new SyncError('malformed', 'workshop info');
  }
  const { docId, saved, ticket, room } = (info ?? {}) as {
    docId?: unknown;
    saved?: unknown;
    ticket?: unknown;
    room?: unknown;
  };
  if (docId !== null && (typeof docId !== 'string' || !/^[\w-]{1,64}$/.test(docId)))
    throw new SyncError('malformed', 'workshop info');
  if (ticket !== undefined && (typeof ticket !== 'string' || !TICKET_PATTERN.test(ticket)))
    throw new SyncError('malformed', 'ticket');
  if (room !== undefined && room !== true) throw new SyncError('malformed', 'workshop info');
  const known: WorkshopInfo = { docId };
  if (ticket !== undefined) known.ticket = ticket;
  if (room) known.room = true;
  if (saved === undefined) return known;
  // Strict base64 first: Node's decoder skips junk that a browser's refuses.
  if (
    typeof saved !== 'string' ||
    saved.length > MAX_SAVED_CHARS ||
    !/^[A-Za-z0-9+/]*={0,2}$/.test(saved)
  )
    throw new SyncError('malformed', 'saved state');
  try {
    return { ...known, saved: Y.decodeStateVector(fromBase64(saved)) };
  } catch {
    throw new SyncError('malformed', 'saved state');
  }
}
