/**
 * The envelope document: the only Yjs document the team server holds for a tree. Its
 * one root, a Y.Array named `sealed`, holds sealed blobs (Uint8Array) and nothing
 * else; the real tree lives only in the members' apps. The server refuses any update
 * that would put anything else in it (checkEnvelopeUpdate), so the envelope stays a
 * list of opaque bytes whoever writes to it.
 *
 * Deletions are allowed: a member holding the key compacts by adding one sealed
 * snapshot and deleting the blobs it covers, in one transaction. Yjs then drops the
 * deleted blobs' bytes (garbage collection), on the server and in new members' copies.
 */
import { fromBase64, toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';

export const ENVELOPE_ARRAY = 'sealed';

/** The largest sealed change a server takes by default (a 5,000-node snapshot is ~1.5 MB). */
export const DEFAULT_MAX_UPDATE_BYTES = 16 * 1024 * 1024;

/**
 * Why an update is not an envelope update, or null when it is one. Run only on bytes
 * that passed the update guard (they decode safely within bounds).
 */
export function envelopeViolation(update: Uint8Array, maxBlobBytes: number): string | null {
  const { structs } = Y.decodeUpdate(update);
  for (const struct of structs) {
    if (struct instanceof Y.GC || !(struct instanceof Y.Item)) continue;
    const item = struct;
    if (item.parentSub !== null) return 'a map entry';
    // Decoded, an item's parent is a root's name (string), an ID, or null (inferred
    // from its neighbours, which are themselves checked).
    const parent = item.parent as unknown;
    if (parent !== null && parent !== ENVELOPE_ARRAY) return 'another root';
    const content = item.content;
    if (content instanceof Y.ContentBinary) {
      if (content.content.length > maxBlobBytes) return 'a blob over the size limit';
      continue;
    }
    if (content instanceof Y.ContentDeleted) continue;
    return `content of type ${content.constructor.name}`;
  }
  return null;
}

/**
 * The server's acknowledgement: the envelope's state vector of what it has committed
 * to its database, sent as a Hocuspocus stateless message after each commit.
 */
export interface CommittedMessage {
  committed: Map<number, number>;
}

const COMMITTED_TAG = 'canopy-committed';

/**
 * A client's keepalive, naming its envelope client id; the server answers with what it
 * has committed of that client (not the whole state vector, which grows with every
 * connection a room has ever had). Presence is off the server, so without it a quiet
 * connection would look dead to the provider (it closes a socket that received nothing
 * for 30 s).
 */
export function encodePing(clientId: number): string {
  return `canopy-ping ${clientId}`;
}

/** The client id a keepalive names, or null when the payload is not a keepalive. */
export function decodePing(payload: string): number | null {
  const match = /^canopy-ping (\d{1,16})$/.exec(payload);
  const id = match ? Number(match[1]) : NaN;
  return Number.isSafeInteger(id) ? id : null;
}
const MAX_COMMITTED_CHARS = 256 * 1024;

export function encodeCommitted(stateVector: Uint8Array): string {
  return JSON.stringify({ t: COMMITTED_TAG, sv: toBase64(stateVector) });
}

/** The committed state vector in a stateless payload, or null if it is not one. */
export function decodeCommitted(payload: string): Map<number, number> | null {
  if (typeof payload !== 'string' || payload.length > MAX_COMMITTED_CHARS) return null;
  try {
    const { t, sv } = JSON.parse(payload) as { t?: unknown; sv?: unknown };
    if (t !== COMMITTED_TAG || typeof sv !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(sv))
      return null;
    return Y.decodeStateVector(fromBase64(sv));
  } catch {
    return null;
  }
}
