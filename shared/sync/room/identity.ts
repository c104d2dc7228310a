/**
 * A participant's identity: an Ed25519 key pair made once per device and kept there
 * (a browser's storage, the desktop app's data folder), so a reload or a reconnect is
 * the same person. The public key is the participant's id in the room. To be known
 * by it on a session, a participant signs that session's binding (a hash of the
 * handshake transcript, PeerSession.binding): a signature from one session is worth
 * nothing on another, so nobody can take someone else's place, vote as them or claim
 * their role, even with the workshop code.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';

export interface Identity {
  /** 64 hex digits: the public key, and the participant's id. */
  key: string;
  /** 64 hex digits; never leaves the device. */
  secret: string;
}

export const KEY_PATTERN = /^[0-9a-f]{64}$/;
export const SIGNATURE_PATTERN = /^[0-9a-f]{128}$/;

const CONTEXT = utf8ToBytes('canopy-room-identify-v1');

export function newIdentity(): Identity {
  const secret = ed25519.utils.randomSecretKey();
  return { key: bytesToHex(ed25519.getPublicKey(secret)), secret: bytesToHex(secret) };
}

/** An identity read back from storage, or null when it is not one (damaged, foreign). */
export function readIdentity(value: unknown): Identity | null {
  const v = value as Partial<Identity> | null;
  if (!v || typeof v.key !== 'string' || typeof v.secret !== 'string') return null;
  if (!KEY_PATTERN.test(v.key) || !KEY_PATTERN.test(v.secret)) return null;
  try {
    return bytesToHex(ed25519.getPublicKey(hexToBytes(v.secret))) === v.key
      ? { key: v.key, secret: v.secret }
      : null;
  } catch {
    return null;
  }
}

/** The signature that says: the owner of `identity` is on the session with `binding`. */
export function signBinding(identity: Identity, binding: Uint8Array): string {
  return bytesToHex(ed25519.sign(message(binding, identity.key), hexToBytes(identity.secret)));
}

export function verifyBinding(key: string, binding: Uint8Array, signature: string): boolean {
  if (!KEY_PATTERN.test(key) || !SIGNATURE_PATTERN.test(signature)) return false;
  try {
    return ed25519.verify(hexToBytes(signature), message(binding, key), hexToBytes(key));
  } catch {
    return false;
  }
}

function message(binding: Uint8Array, key: string): Uint8Array {
  return concatBytes(CONTEXT, binding, hexToBytes(key));
}
