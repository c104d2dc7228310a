/**
 * The data-frame cipher in native code, for Node: XChaCha20-Poly1305 is ChaCha20-
 * Poly1305 (RFC 8439, which OpenSSL has) under the subkey HChaCha20(key, nonce[0..16])
 * with the nonce 0000 || nonce[16..24]. The subkey is one block of work, and our
 * nonces all share their first 16 bytes (zeros: the sequence number is the last 8),
 * so it is worked out once per key. The frames are byte for byte those of the
 * portable cipher (secure-channel.ts), which browsers use.
 *
 * Electron's Node uses BoringSSL, which has no 'chacha20-poly1305' cipher: there, and
 * wherever the native cipher does not give the portable one's answer on a test
 * vector, `nodeAead` is null and peers use the portable cipher.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { hchacha } from '@noble/ciphers/chacha.js';
import { portableAead, type FrameAead, type FrameAeadFactory } from '../../shared/sync';

const TAG_BYTES = 16;
/** "expand 32-byte k", as HChaCha20's first four words. */
const SIGMA = new Uint32Array([0x61707865, 0x3320646e, 0x79622d32, 0x6b206574]);

/** HChaCha20(key, prefix): the XChaCha20 subkey for nonces that start with `prefix`. */
function subkey(key: Uint8Array, prefix: Uint8Array): Buffer {
  const k = new Uint32Array(Uint8Array.from(key).buffer);
  const n = new Uint32Array(Uint8Array.from(prefix).buffer);
  const out = new Uint32Array(8);
  hchacha(SIGMA, k, n, out);
  return Buffer.from(out.buffer);
}

function nativeAead(key: Uint8Array): FrameAead {
  let prefix: Uint8Array | null = null;
  let derived: Buffer | null = null;
  const keyFor = (nonce: Uint8Array): Buffer => {
    const head = nonce.subarray(0, 16);
    if (!prefix || !equal(prefix, head)) {
      prefix = Uint8Array.from(head);
      derived = subkey(key, head);
    }
    return derived!;
  };
  const iv = (nonce: Uint8Array) => {
    const out = Buffer.alloc(12);
    out.set(nonce.subarray(16, 24), 4);
    return out;
  };
  return {
    seal(nonce, aad, plaintext) {
      const cipher = createCipheriv('chacha20-poly1305', keyFor(nonce), iv(nonce), {
        authTagLength: TAG_BYTES,
      });
      cipher.setAAD(aad, { plaintextLength: plaintext.length });
      const sealed = new Uint8Array(plaintext.length + TAG_BYTES);
      const body = cipher.update(plaintext);
      sealed.set(body);
      const rest = cipher.final();
      sealed.set(rest, body.length);
      sealed.set(cipher.getAuthTag(), plaintext.length);
      return sealed;
    },
    open(nonce, aad, sealed) {
      if (sealed.length < TAG_BYTES) throw new Error('too short');
      const length = sealed.length - TAG_BYTES;
      const decipher = createDecipheriv('chacha20-poly1305', keyFor(nonce), iv(nonce), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(aad, { plaintextLength: length });
      decipher.setAuthTag(sealed.subarray(length));
      const plaintext = new Uint8Array(length);
      const body = decipher.update(sealed.subarray(0, length));
      plaintext.set(body);
      // Throws when the tag does not match: the plaintext is then never returned.
      plaintext.set(decipher.final(), body.length);
      return plaintext;
    },
  };
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The native cipher when this runtime has it and it agrees with the portable one. */
function detect(): FrameAeadFactory | null {
  try {
    const key = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1);
    const nonce = Uint8Array.from({ length: 24 }, (_, i) => (i < 16 ? i : 200 + i));
    const aad = Uint8Array.of(4, 0, 0, 0, 0, 0, 0, 0, 9);
    const text = Uint8Array.from({ length: 200 }, (_, i) => i);
    const expected = portableAead(key).seal(nonce, aad, text);
    const native = nativeAead(key);
    const sealed = native.seal(nonce, aad, text);
    if (!equal(sealed, expected) || !equal(native.open(nonce, aad, sealed), text)) return null;
    return nativeAead;
  } catch {
    return null;
  }
}

export const nodeAead: FrameAeadFactory | null = detect();
