/**
 * Frames after the handshake: XChaCha20-Poly1305 with one key per direction and an
 * explicit 64-bit sequence number. The number is both the nonce (unique per key, so
 * never reused) and the replay guard: the receiver accepts exactly the next number,
 * so a replayed, dropped-and-resent or reordered frame closes the connection.
 *
 *   data frame: 0x04 | sequence (8 bytes, big-endian) | ciphertext | tag (16)
 *
 * The 9-byte header is the AEAD's associated data, and the 24-byte nonce is 16 zero
 * bytes followed by the sequence number.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { SyncError } from './errors';
import { FRAME } from './wire';

export const DATA_HEADER_BYTES = 9;
export const SEAL_TAG_BYTES = 16;
export const NONCE_BYTES = 24;

/** XChaCha20-Poly1305 under one key, for data frames as above. */
export interface FrameAead {
  /** The frame: `header` (9 bytes, as above), then `plaintext` sealed under it. */
  seal(header: Uint8Array, plaintext: Uint8Array): Uint8Array;
  /** The plaintext of a frame of at least header and tag; throws when the tag does not match. */
  open(frame: Uint8Array): Uint8Array;
}

/**
 * Makes the cipher for one key. Every platform can use the portable one; Node brings
 * its own, the same cipher in native code (electron/peer/native-aead.ts).
 */
export type FrameAeadFactory = (key: Uint8Array) => FrameAead;

/** The 24-byte nonce of a frame: 16 zero bytes, then the header's sequence number. */
export function frameNonce(header: Uint8Array): Uint8Array {
  const n = new Uint8Array(NONCE_BYTES);
  n.set(header.subarray(1, DATA_HEADER_BYTES), 16);
  return n;
}

/** @noble/ciphers: JavaScript, in browsers and Node alike. */
export const portableAead: FrameAeadFactory = (key) => ({
  seal(header, plaintext) {
    const sealed = xchacha20poly1305(key, frameNonce(header), header).encrypt(plaintext);
    const frame = new Uint8Array(DATA_HEADER_BYTES + sealed.length);
    frame.set(header);
    frame.set(sealed, DATA_HEADER_BYTES);
    return frame;
  },
  open(frame) {
    const header = frame.subarray(0, DATA_HEADER_BYTES);
    return xchacha20poly1305(key, frameNonce(header), header).decrypt(
      frame.subarray(DATA_HEADER_BYTES),
    );
  },
});

/** Sequence numbers are counted in a double: exact far beyond any session's frames. */
const TWO_32 = 2 ** 32;

export class SecureChannel {
  private sendSeq = 0;
  private recvSeq = 0;
  private readonly sender: FrameAead;
  private readonly receiver: FrameAead;

  constructor(sendKey: Uint8Array, recvKey: Uint8Array, aead: FrameAeadFactory = portableAead) {
    this.sender = aead(sendKey);
    this.receiver = aead(recvKey);
  }

  seal(plaintext: Uint8Array): Uint8Array {
    const seq = this.sendSeq++;
    const header = new Uint8Array(DATA_HEADER_BYTES);
    header[0] = FRAME.data;
    const view = new DataView(header.buffer);
    view.setUint32(1, Math.floor(seq / TWO_32));
    view.setUint32(5, seq >>> 0);
    return this.sender.seal(header, plaintext);
  }

  open(frame: Uint8Array): Uint8Array {
    if (frame.length < DATA_HEADER_BYTES + SEAL_TAG_BYTES || frame[0] !== FRAME.data)
      throw new SyncError('malformed', 'short data frame');
    const view = new DataView(frame.buffer, frame.byteOffset + 1, 8);
    const seq = view.getUint32(0) * TWO_32 + view.getUint32(4);
    if (seq !== this.recvSeq)
      throw new SyncError('tampered', `sequence ${seq}, expected ${this.recvSeq}`);
    let plaintext: Uint8Array;
    try {
      plaintext = this.receiver.open(frame);
    } catch {
      throw new SyncError('tampered', 'authentication failed');
    }
    this.recvSeq++;
    return plaintext;
  }
}
