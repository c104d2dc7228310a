/**
 * The workshop info message (a channel of its own inside the encrypted session), as
 * JSON: which document the workshop edits, what a host has safely on disk, a
 * returning participant's ticket, and the tree's team-server access when it has one.
 * Read like any input from the network: every field is checked, and anything else
 * refuses the connection (CANOPY-104).
 */
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { fromBase64, fromBase64UrlEncoded, toBase64, toBase64UrlEncoded } from 'lib0/buffer';
import * as Y from 'yjs';
import { TICKET_PATTERN } from './admission';
import { SyncError } from './errors';
import { checkTeamAccess, type TeamAccess } from '../team/invitation';

/**
 * A tree's team-server access (address, token, room key), handed to participants who
 * typed the workshop code: only ever inside the encrypted session, never to a server.
 */
export type TeamHandover = Omit<TeamAccess, 'docId'>;

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
  /** From a peer whose tree syncs through a team server too (with docId set). */
  team?: TeamHandover;
}

/** Workshop info as JSON on the wire. */
interface WireInfo {
  docId: string | null;
  saved?: string;
  ticket?: string;
  room?: true;
  team?: { s: string; t: string; k: string };
}

/** A state vector of 10,000 clients is about 100 kB; anything far beyond is hostile. */
const MAX_SAVED_CHARS = 256 * 1024;

export function encodeWorkshopInfo({ docId, saved, ticket, room, team }: WorkshopInfo): Uint8Array {
  const wire: WireInfo = { docId };
  if (room) wire.room = true;
  if (saved) wire.saved = toBase64(Y.encodeStateVector(saved));
  if (ticket) wire.ticket = ticket;
  if (team && docId) wire.team = { s: team.server, t: team.token, k: toBase64UrlEncoded(team.key) };
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
  const { docId, saved, ticket, room, team } = (info ?? {}) as {
    docId?: unknown;
    saved?: unknown;
    ticket?: unknown;
    room?: unknown;
    team?: unknown;
  };
  if (docId !== null && (typeof docId !== 'string' || !/^[\w-]{1,64}$/.test(docId)))
    throw new SyncError('malformed', 'workshop info');
  if (ticket !== undefined && (typeof ticket !== 'string' || !TICKET_PATTERN.test(ticket)))
    throw new SyncError('malformed', 'ticket');
  if (room !== undefined && room !== true) throw new SyncError('malformed', 'workshop info');
  const known: WorkshopInfo = { docId };
  if (ticket !== undefined) known.ticket = ticket;
  if (room) known.room = true;
  if (team !== undefined) known.team = decodeHandover(team, docId);
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

function decodeHandover(team: unknown, docId: string | null): TeamHandover {
  const { s, t, k } = (team ?? {}) as Record<string, unknown>;
  if (docId === null || typeof k !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(k))
    throw new SyncError('malformed', 'team access');
  try {
    const { server, token, key } = checkTeamAccess({
      server: s as string,
      token: t as string,
      key: fromBase64UrlEncoded(k),
      docId,
    });
    return { server, token, key };
  } catch {
    throw new SyncError('malformed', 'team access');
  }
}
