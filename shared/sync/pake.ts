/**
 * CPace (draft-irtf-cfrg-cpace) on ristretto255 with SHA-512: a balanced PAKE. Both
 * sides derive a secret generator from the workshop code and exchange one point
 * each; only peers that used the same code arrive at the same key. The code never
 * leaves the machine, a recording of the exchange gives nothing to guess against
 * offline, and an active attacker tests one guess per handshake.
 *
 * The generator is RFC 9380 hash_to_curve over the draft's generator string
 * (DSI, code, channel identifier, session id). Keys come from the intermediate
 * session key (ISK) by HKDF-SHA512, one per direction plus one per confirmation tag.
 */
import { ristretto255, ristretto255_hasher } from '@noble/curves/ed25519.js';
import { bytesToNumberLE } from '@noble/curves/utils.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { equalBytes } from '@noble/ciphers/utils.js';
import { SyncError } from './errors';

const Point = ristretto255.Point;
type RistrettoPoint = InstanceType<typeof Point>;

const DSI = utf8ToBytes('CPaceRistretto255');
const ISK_DSI = utf8ToBytes('CPaceRistretto255_ISK');
const CHANNEL = utf8ToBytes('canopy-workshop-v1');
const H2C_DST = 'canopy-cpace-ristretto255-v1';
export const SHARE_BYTES = 32;
export const TAG_BYTES = 32;

/** Length-value concatenation (LEB128 length prefix), so no two inputs collide. */
export function lvCat(...parts: Uint8Array[]): Uint8Array {
  const chunks: number[] = [];
  for (const p of parts) {
    let n = p.length;
    do {
      chunks.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
      n >>>= 7;
    } while (n > 0);
    for (const b of p) chunks.push(b);
  }
  return Uint8Array.from(chunks);
}

function generator(code: string, sid: Uint8Array, ids: Uint8Array): RistrettoPoint {
  return ristretto255_hasher.hashToCurve(lvCat(DSI, utf8ToBytes(code), CHANNEL, ids, sid), {
    DST: H2C_DST,
  });
}

export interface CPaceSecret {
  scalar: bigint;
  share: Uint8Array;
}

/** Picks a secret scalar and computes the share to send: scalar × generator. */
export function cpaceShare(code: string, sid: Uint8Array, ids: Uint8Array): CPaceSecret {
  const scalar = Point.Fn.create(bytesToNumberLE(randomBytes(64)));
  // A zero scalar has probability 2^-252; refuse it anyway rather than send identity.
  if (scalar === 0n) return cpaceShare(code, sid, ids);
  return { scalar, share: generator(code, sid, ids).multiply(scalar).toBytes() };
}

export interface SessionKeys {
  /** Initiator → responder frames. */
  initiatorToResponder: Uint8Array;
  responderToInitiator: Uint8Array;
  initiatorConfirm: Uint8Array;
  responderConfirm: Uint8Array;
}

/**
 * The shared secret from our scalar and the peer's share. Throws when the share is
 * not a valid ristretto255 encoding or is the identity (a peer forcing a known key).
 */
export function cpaceKeys(
  secret: CPaceSecret,
  peerShare: Uint8Array,
  sid: Uint8Array,
  initiatorShare: Uint8Array,
  responderShare: Uint8Array,
): SessionKeys {
  let peer: RistrettoPoint;
  try {
    peer = Point.fromBytes(peerShare);
  } catch {
    throw new SyncError('handshakeFailed', 'invalid share');
  }
  if (peer.is0()) throw new SyncError('handshakeFailed', 'identity share');
  const k = peer.multiply(secret.scalar);
  if (k.is0()) throw new SyncError('handshakeFailed', 'identity key');
  const isk = sha512(lvCat(ISK_DSI, sid, k.toBytes(), initiatorShare, responderShare));
  const okm = hkdf(sha512, isk, sid, utf8ToBytes('canopy-session-keys-v1'), 128);
  return {
    initiatorToResponder: okm.slice(0, 32),
    responderToInitiator: okm.slice(32, 64),
    initiatorConfirm: okm.slice(64, 96),
    responderConfirm: okm.slice(96, 128),
  };
}

/** Key confirmation: proves the sender holds the same key, bound to the transcript. */
export function confirmationTag(
  key: Uint8Array,
  role: 'initiator' | 'responder',
  transcript: Uint8Array,
): Uint8Array {
  return hmac(sha256, key, lvCat(utf8ToBytes(`confirm-${role}`), transcript));
}

export function tagsEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && equalBytes(a, b);
}

/**
 * A value both ends of a session know and no other session has: a hash of the
 * handshake transcript (see PeerSession.binding).
 */
export function sessionBinding(transcript: Uint8Array): Uint8Array {
  return sha256(lvCat(utf8ToBytes('canopy-session-binding-v1'), transcript));
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
