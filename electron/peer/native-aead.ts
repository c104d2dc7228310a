/**
 * The data-frame cipher in native code, for Node: XChaCha20-Poly1305 is ChaCha20-
 * Poly1305 (RFC 8439, which OpenSSL has) under the subkey HChaCha20(key, nonce[0..16])
 * with the nonce 0000 || nonce[16..24]. A frame's nonce is 16 zero bytes and then its
 * sequence number (secure-channel.ts), so the subkey is worked out once per key, and
 * the native nonce is 0000 || the sequence number. The frames are byte for byte those
 * of the portable cipher, which browsers use.
 *
 * Electron's Node uses BoringSSL, which has no 'chacha20-poly1305' cipher: there, and
 * wherever the native cipher does not give the portable one's answer on a test
 * vector, `nodeAead` is null and peers use the portable cipher.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { hchacha } from '@noble/ciphers/chacha.js';
import {
  DATA_HEADER_BYTES,
  portableAead,
  SEAL_TAG_BYTES,
  type FrameAead,
  type FrameAeadFactory,
} from '../../shared/sync';

/** "expand 32-byte k", as HChaCha20's first four words. */
const SIGMA = new Uint32Array([0x61707865, 0x3320646e, 0x79622d32, 0x6b206574]);
const CIPHER = 'chacha20-poly1305';
const OPTIONS = { authTagLength: SEAL_TAG_BYTES } as const;

/** HChaCha20(key, 16 zero bytes): the XChaCha20 subkey of every frame's nonce. */
function subkey(key: Uint8Array): Buffer {
  const k = new Uint32Array(Uint8Array.from(key).buffer);
  const out = new Uint32Array(8);
  hchacha(SIGMA, k, new Uint32Array(4), out);
  return Buffer.from(out.buffer);
}

/** The RFC 8439 nonce: four zero bytes, then the header's sequence number. */
function iv(header: Uint8Array): Buffer {
  const out = Buffer.alloc(12);
  out.set(header.subarray(1, DATA_HEADER_BYTES), 4);
  return out;
}

function nativeAead(key: Uint8Array): FrameAead {
  const k = subkey(key);
  return {
    seal(header, plaintext) {
      const cipher = createCipheriv(CIPHER, k, iv(header), OPTIONS);
      cipher.setAAD(header, { plaintextLength: plaintext.length });
      const frame = new Uint8Array(DATA_HEADER_BYTES + plaintext.length + SEAL_TAG_BYTES);
      frame.set(header);
      const body = cipher.update(plaintext);
      frame.set(body, DATA_HEADER_BYTES);
      frame.set(cipher.final(), DATA_HEADER_BYTES + body.length);
      frame.set(cipher.getAuthTag(), DATA_HEADER_BYTES + plaintext.length);
      return frame;
    },
    open(frame) {
      if (frame.length < DATA_HEADER_BYTES + SEAL_TAG_BYTES) throw new Error('too short');
      const header = frame.subarray(0, DATA_HEADER_BYTES);
      const end = frame.length - SEAL_TAG_BYTES;
      const decipher = createDecipheriv(CIPHER, k, iv(header), OPTIONS);
      decipher.setAAD(header, { plaintextLength: end - DATA_HEADER_BYTES });
      decipher.setAuthTag(frame.subarray(end));
      const plaintext = new Uint8Array(end - DATA_HEADER_BYTES);
      const body = decipher.update(frame.subarray(DATA_HEADER_BYTES, end));
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
    const header = Uint8Array.of(4, 1, 2, 3, 4, 5, 6, 7, 8);
    const text = Uint8Array.from({ length: 200 }, (_, i) => i);
    const expected = portableAead(key).seal(header, text);
    const native = nativeAead(key);
    const frame = native.seal(header, text);
    if (!equal(frame, expected) || !equal(native.open(frame), text)) return null;
    return nativeAead;
  } catch {
    return null;
  }
}

export const nodeAead: FrameAeadFactory | null = detect();
