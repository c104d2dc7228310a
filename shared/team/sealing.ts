/**
 * Sealed blobs: what the team server stores and relays instead of a tree's changes.
 * Each blob is one Yjs update of the real document (or a snapshot of many), sealed
 * with XChaCha20-Poly1305 under a key derived from the tree's 256-bit room key:
 *
 *   version (1) | kind (1) | nonce (24) | ciphertext and tag (16)
 *
 * The header is authenticated together with the tree's document id (associated data,
 * never sent), so a blob cannot be moved to another tree, and a changed kind or a
 * flipped bit fails to open. Nonces are random: 192 bits never collide in practice.
 * Replaying a blob is harmless: Yjs applies an update once, however often it arrives.
 *
 * The server learns the room id, derived one-way from the key, and nothing else: a
 * holder of a server token who was not given the key cannot even name the room.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';

export const ROOM_KEY_BYTES = 32;
export const SEAL_VERSION = 1;
export const BLOB_KIND = { update: 0, snapshot: 1 } as const;
export type BlobKind = (typeof BLOB_KIND)[keyof typeof BLOB_KIND];

const NONCE_BYTES = 24;
const TAG_BYTES = 16;
export const BLOB_HEADER_BYTES = 2 + NONCE_BYTES;
export const BLOB_OVERHEAD_BYTES = BLOB_HEADER_BYTES + TAG_BYTES;

const AAD_LABEL = utf8ToBytes('canopy-team-blob/v1');
const SEAL_INFO = utf8ToBytes('canopy/team/seal/v1');
const ROOM_INFO = utf8ToBytes('canopy/team/room/v1');

export function generateRoomKey(): Uint8Array {
  return randomBytes(ROOM_KEY_BYTES);
}

/** The room's name on the server: 128 bits, one-way from the key. */
export function roomIdForKey(key: Uint8Array): string {
  checkKey(key);
  return toHex(hkdf(sha256, key, undefined, ROOM_INFO, 16));
}

export interface Sealer {
  readonly docId: string;
  seal(kind: BlobKind, plaintext: Uint8Array): Uint8Array;
  /** The blob's kind and plaintext, or null when it does not open with this key. */
  open(blob: Uint8Array): { kind: BlobKind; plaintext: Uint8Array } | null;
}

export function createSealer(key: Uint8Array, docId: string): Sealer {
  checkKey(key);
  const sealKey = hkdf(sha256, key, undefined, SEAL_INFO, 32);
  const docBytes = utf8ToBytes(docId);
  const aad = (header: Uint8Array) => {
    const out = new Uint8Array(AAD_LABEL.length + 2 + docBytes.length + header.length);
    out.set(AAD_LABEL);
    new DataView(out.buffer).setUint16(AAD_LABEL.length, docBytes.length);
    out.set(docBytes, AAD_LABEL.length + 2);
    out.set(header, AAD_LABEL.length + 2 + docBytes.length);
    return out;
  };
  return {
    docId,
    seal(kind, plaintext) {
      const header = new Uint8Array(BLOB_HEADER_BYTES);
      header[0] = SEAL_VERSION;
      header[1] = kind;
      header.set(randomBytes(NONCE_BYTES), 2);
      const sealed = xchacha20poly1305(sealKey, header.subarray(2), aad(header)).encrypt(plaintext);
      const blob = new Uint8Array(header.length + sealed.length);
      blob.set(header);
      blob.set(sealed, header.length);
      return blob;
    },
    open(blob) {
      if (!(blob instanceof Uint8Array) || blob.length < BLOB_OVERHEAD_BYTES) return null;
      if (blob[0] !== SEAL_VERSION) return null;
      const kind = blob[1];
      if (kind !== BLOB_KIND.update && kind !== BLOB_KIND.snapshot) return null;
      const header = blob.subarray(0, BLOB_HEADER_BYTES);
      try {
        const plaintext = xchacha20poly1305(sealKey, header.subarray(2), aad(header)).decrypt(
          blob.subarray(BLOB_HEADER_BYTES),
        );
        return { kind, plaintext };
      } catch {
        return null;
      }
    },
  };
}

function checkKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.length !== ROOM_KEY_BYTES)
    throw new Error(`a room key is ${ROOM_KEY_BYTES} bytes`);
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
