/**
 * The native frame cipher is the portable one in native code: the same frames, byte
 * for byte, either way round, and the same refusals.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nodeAead } from '../../../electron/peer/native-aead';
import { portableAead, SecureChannel } from '../../../shared/sync/secure-channel';

const bytes = (n: number) => new Uint8Array(randomBytes(n));

/** A data frame's header: the type byte, then a random sequence number. */
const header = () => Uint8Array.of(4, ...bytes(8));

describe('nodeAead', () => {
  it('is available in this Node', () => {
    expect(nodeAead).not.toBeNull();
  });

  it('seals exactly as the portable cipher does, and each opens the other’s', () => {
    for (const length of [0, 1, 63, 64, 65, 150, 4096, 65_511, 200_000]) {
      const key = bytes(32);
      const h = header();
      const text = bytes(length);
      const native = nodeAead!(key);
      const portable = portableAead(key);
      const frame = native.seal(h, text);
      expect(frame).toEqual(portable.seal(h, text));
      expect(portable.open(frame)).toEqual(text);
      expect(native.open(frame)).toEqual(text);
    }
  });

  it('refuses a frame with any byte changed, cut short, or under another key', () => {
    const key = bytes(32);
    const frame = nodeAead!(key).seal(header(), bytes(100));
    for (const at of [1, 8, 9, 50, frame.length - 1]) {
      const bad = Uint8Array.from(frame);
      bad[at]! ^= 1;
      expect(() => nodeAead!(key).open(bad)).toThrow();
    }
    expect(() => nodeAead!(key).open(frame.subarray(0, 20))).toThrow();
    expect(() => nodeAead!(bytes(32)).open(frame)).toThrow();
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
