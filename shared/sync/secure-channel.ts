/**
 * Frames after the handshake: XChaCha20-Poly1305 with one key per direction and an
 * explicit 64-bit sequence number. The number is both the nonce (unique per key, so
 * never reused) and the replay guard: the receiver accepts exactly the next number,
 * so a replayed, dropped-and-resent or reordered frame closes the connection.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { SyncError } from './errors';
import { FRAME } from './wire';

export const DATA_HEADER_BYTES = 9;
export const SEAL_TAG_BYTES = 16;

/** XChaCha20-Poly1305 under one key: the ciphertext with its tag appended. */
export interface FrameAead {
  seal(nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Uint8Array;
  /** Throws when the tag does not match. */
  open(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array;
}

/**
 * Makes the cipher for one key. Every platform can use the portable one; Node brings
 * its own, the same cipher in native code (electron/peer/native-aead.ts).
 */
export type FrameAeadFactory = (key: Uint8Array) => FrameAead;

/** @noble/ciphers: JavaScript, in browsers and Node alike. */
export const portableAead: FrameAeadFactory = (key) => ({
  seal: (nonce, aad, plaintext) => xchacha20poly1305(key, nonce, aad).encrypt(plaintext),
  open: (nonce, aad, sealed) => xchacha20poly1305(key, nonce, aad).decrypt(sealed),
});

export class SecureChannel {
  private sendSeq = 0n;
  private recvSeq = 0n;
  private readonly sender: FrameAead;
  private readonly receiver: FrameAead;

  constructor(sendKey: Uint8Array, recvKey: Uint8Array, aead: FrameAeadFactory = portableAead) {
    this.sender = aead(sendKey);
    this.receiver = aead(recvKey);
  }

  seal(plaintext: Uint8Array): Uint8Array {
    const header = dataHeader(this.sendSeq++);
    const sealed = this.sender.seal(nonce(header), header, plaintext);
    const frame = new Uint8Array(header.length + sealed.length);
    frame.set(header);
    frame.set(sealed, header.length);
    return frame;
  }

  open(frame: Uint8Array): Uint8Array {
    if (frame.length < DATA_HEADER_BYTES + SEAL_TAG_BYTES || frame[0] !== FRAME.data)
      throw new SyncError('malformed', 'short data frame');
    const header = frame.subarray(0, DATA_HEADER_BYTES);
    const seq = new DataView(header.buffer, header.byteOffset + 1, 8).getBigUint64(0);
    if (seq !== this.recvSeq)
      throw new SyncError('tampered', `sequence ${seq}, expected ${this.recvSeq}`);
    let plaintext: Uint8Array;
    try {
      plaintext = this.receiver.open(nonce(header), header, frame.subarray(DATA_HEADER_BYTES));
    } catch {
      throw new SyncError('tampered', 'authentication failed');
    }
    this.recvSeq++;
    return plaintext;
  }
}

function dataHeader(seq: bigint): Uint8Array {
  const header = new Uint8Array(DATA_HEADER_BYTES);
  header[0] = FRAME.data;
  new DataView(header.buffer).setBigUint64(1, seq);
  return header;
}

/** 24-byte nonce: 16 zero bytes, then the 8-byte sequence number. */
function nonce(header: Uint8Array): Uint8Array {
  const n = new Uint8Array(24);
  n.set(header.subarray(1, 9), 16);
  return n;
}
