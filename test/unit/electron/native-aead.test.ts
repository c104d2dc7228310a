/**
 * The native frame cipher is the portable one in native code: the same frames, byte
 * for byte, either way round, and the same refusals.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nodeAead } from '../../../electron/peer/native-aead';
import { portableAead, SecureChannel } from '../../../shared/sync/secure-channel';

const bytes = (n: number) => new Uint8Array(randomBytes(n));

describe('nodeAead', () => {
  it('is available in this Node', () => {
    expect(nodeAead).not.toBeNull();
  });

  it('seals exactly as the portable cipher does, and each opens the other’s', () => {
    for (const length of [0, 1, 63, 64, 65, 150, 4096, 65_511, 200_000]) {
      const key = bytes(32);
      // Our nonces start with 16 zero bytes; any other start must work as well.
      for (const nonce of [new Uint8Array(24), bytes(24)]) {
        nonce.set(bytes(8), 16);
        const aad = bytes(9);
        const text = bytes(length);
        const native = nodeAead!(key);
        const portable = portableAead(key);
        const sealed = native.seal(nonce, aad, text);
        expect(sealed).toEqual(portable.seal(nonce, aad, text));
        expect(portable.open(nonce, aad, sealed)).toEqual(text);
        expect(native.open(nonce, aad, sealed)).toEqual(text);
      }
    }
  });

  it('refuses a frame with any byte changed, a wrong header or a wrong key', () => {
    const key = bytes(32);
    const nonce = new Uint8Array(24);
    nonce[23] = 5;
    const aad = bytes(9);
    const sealed = nodeAead!(key).seal(nonce, aad, bytes(100));
    for (const at of [0, 50, sealed.length - 1]) {
      const bad = Uint8Array.from(sealed);
      bad[at]! ^= 1;
      expect(() => nodeAead!(key).open(nonce, aad, bad)).toThrow();
    }
    const otherNonce = Uint8Array.from(nonce);
    otherNonce[23] = 6;
    expect(() => nodeAead!(key).open(otherNonce, aad, sealed)).toThrow();
    expect(() => nodeAead!(key).open(nonce, bytes(9), sealed)).toThrow();
    expect(() => nodeAead!(bytes(32)).open(nonce, aad, sealed)).toThrow();
    expect(() => nodeAead!(key).open(nonce, aad, sealed.subarray(0, 10))).toThrow();
  });

  it('talks to a portable SecureChannel: a native peer and a browser understand each other', () => {
    const [ab, ba] = [bytes(32), bytes(32)];
    const native = new SecureChannel(ab, ba, nodeAead!);
    const browser = new SecureChannel(ba, ab);
    for (let i = 0; i < 5; i++) {
      const text = bytes(1000 + i);
      expect(browser.open(native.seal(text))).toEqual(text);
      expect(native.open(browser.seal(text))).toEqual(text);
    }
  });
});
