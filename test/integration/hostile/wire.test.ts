/**
 * Frames after (and before) a correct handshake: tampered, replayed, reordered, oversized, split wrongly, floods.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CHANNEL,
  DATA_HEADER_BYTES,
  FRAME,
  HELLO_BYTES,
  ID_BYTES,
  MAX_WIRE_FRAME_BYTES,
  MORE_PARTS,
  PROTOCOL_VERSION,
  SID_BYTES,
} from '../../../shared/sync';
import { CODE, waitFor } from '../peers';
import type { Closed } from './harness';
import {
  T,
  victim,
  initiatorHello,
  fingerprint,
  expectUnharmed,
  RawClient,
  authenticatedAttacker,
  closeOf,
  sealed,
} from './harness';

// --- B. frames after (and before) a correct handshake ------------------------------------------

describe('wire-level attacks', () => {
  it.each([
    ['the first ciphertext byte', DATA_HEADER_BYTES],
    ['the last byte (authentication tag)', -1],
    ['a byte of the sequence number', DATA_HEADER_BYTES - 1],
  ])(
    'a data frame with %s flipped closes the connection with 4103',
    async (_what, index) => {
      const a = await victim();
      const before = fingerprint(a.doc);
      const attacker = await authenticatedAttacker(a);

      // The session seals an edit; we hold the frame, flip one byte, and send that.
      attacker.hold = true;
      attacker.model.renameDocument('Tampered title');
      await sealed();
      expect(attacker.held).toHaveLength(1);
      const frame = Uint8Array.from(attacker.held[0]!);
      const at = index < 0 ? frame.length + index : index;
      frame[at] = frame[at]! ^ 0x01;
      attacker.sendRaw(frame);

      expect(await closeOf(attacker, 'the victim to close')).toEqual({
        code: 4103,
        reason: 'CANOPY-103',
      });
      expect(attacker.error?.key).toBe('tampered');
      await expectUnharmed(a, before, ['Tampered title']);
    },
    T,
  );

  it(
    'a replayed data frame closes the connection with 4103 (the first copy was accepted)',
    async () => {
      const a = await victim();
      const before = fingerprint(a.doc);
      let infos = 0;
      a.peer.on('info', () => infos++);
      const attacker = await authenticatedAttacker(a);
      await waitFor(() => infos === 1, 'the info sent on open');

      attacker.session.sendInfo();
      const frame = attacker.sent.at(-1)!;
      expect(frame[0]).toBe(FRAME.data);
      await waitFor(() => infos === 2, 'the first copy to be handled');
      attacker.sendRaw(frame);

      expect(await closeOf(attacker, 'the victim to close')).toEqual({
        code: 4103,
        reason: 'CANOPY-103',
      });
      expect(infos).toBe(2);
      await expectUnharmed(a, before);
    },
    T,
  );

  it(
    'data frames sent out of order close the connection with 4103',
    async () => {
      const a = await victim();
      const before = fingerprint(a.doc);
      const attacker = await authenticatedAttacker(a);
      attacker.hold = true;
      attacker.model.renameDocument('First');
      await sealed();
      attacker.model.renameDocument('Second');
      await sealed();
      expect(attacker.held).toHaveLength(2);
      attacker.sendRaw(attacker.held[1]!);
      attacker.sendRaw(attacker.held[0]!);
      expect((await closeOf(attacker, 'the victim to close')).code).toBe(4103);
      await expectUnharmed(a, before);
    },
    T,
  );

  it(
    'a frame above the wire limit is refused (1009); one of exactly the limit is not',
    async () => {
      // Boundary: a frame of exactly MAX_WIRE_FRAME_BYTES passes the size checks and
      // fails the integrity check instead (4103), so the limit is inclusive.
      const a0 = await victim();
      const probe = await authenticatedAttacker(a0);
      const exact = new Uint8Array(MAX_WIRE_FRAME_BYTES);
      exact[0] = FRAME.data;
      new DataView(exact.buffer).setBigUint64(1, BigInt(probe.nextSeq()));
      probe.sendRaw(exact);
      expect((await closeOf(probe, 'the victim to close')).code).toBe(4103);

      const a = await victim();
      const before = fingerprint(a.doc);
      const attacker = await authenticatedAttacker(a);
      const over = new Uint8Array(MAX_WIRE_FRAME_BYTES + 1);
      over[0] = FRAME.data;
      attacker.sendRaw(over);
      // ws refuses it by its maxPayload before it reaches the session.
      expect((await closeOf(attacker, 'the victim to close')).code).toBe(1009);
      await expectUnharmed(a, before);
    },
    T,
  );

  it(
    'a message above limits.maxMessageBytes, sent in parts, is refused with 4102',
    async () => {
      const maxMessageBytes = 64 * 1024;
      const a = await victim({ limits: { maxMessageBytes } });
      const before = fingerprint(a.doc);
      const attacker = await authenticatedAttacker(a);
      // A real, correctly sealed update, just too big: the session splits it in parts.
      attacker.doc.getMap('hostile').set('blob', 'x'.repeat(100_000));
      await sealed();
      expect(attacker.sent.at(-1)!.length).toBeLessThanOrEqual(MAX_WIRE_FRAME_BYTES);
      expect((await closeOf(attacker, 'the victim to close')).code).toBe(4102);
      expect(a.doc.share.has('hostile')).toBe(false);
      await expectUnharmed(a, before);
    },
    T,
  );

  it(
    'a part of another channel in the middle of a message is refused with 4104',
    async () => {
      const a = await victim();
      const before = fingerprint(a.doc);
      const raw = await RawClient.connect(a.port);
      await raw.authenticate();
      raw.send(raw.channel!.seal(Uint8Array.from([CHANNEL.sync | MORE_PARTS, 0, 1, 2])));
      raw.send(raw.channel!.seal(Uint8Array.from([CHANNEL.awareness, 3, 4])));
      expect(await raw.closeCode('the victim to close')).toEqual({
        code: 4104,
        reason: 'CANOPY-104',
      });
      await expectUnharmed(a, before);
    },
    T,
  );

  it(
    'random bytes, empty frames and hellos of the wrong length before the handshake: 4104',
    async () => {
      const a = await victim();
      const before = fingerprint(a.doc);
      const validHello = () => initiatorHello(CODE).hello;
      const attempts: Array<[string, Uint8Array]> = [
        ['random bytes', new Uint8Array(randomBytes(100))],
        ['a short hello', validHello().subarray(0, HELLO_BYTES - 1)],
        ['a long hello', Uint8Array.from([...validHello(), 0])],
        ['an empty frame', new Uint8Array(0)],
      ];
      for (const [what, frame] of attempts) {
        const raw = await RawClient.connect(a.port);
        raw.send(frame);
        expect(await raw.closeCode(what), what).toEqual({ code: 4104, reason: 'CANOPY-104' });
        expect(raw.frames, what).toHaveLength(0);
      }
      await expectUnharmed(a, before);
    },
    T,
  );

  it(
    'a hello with another version (4109) or an invalid or identity share (4101)',
    async () => {
      const a = await victim();
      const before = fingerprint(a.doc);
      const hello = (version: number, share: Uint8Array) =>
        Uint8Array.from([FRAME.hello, version, ...randomBytes(SID_BYTES + ID_BYTES), ...share]);
      const attempts: Array<[string, Uint8Array, Closed]> = [
        [
          'another version',
          hello(PROTOCOL_VERSION + 1, new Uint8Array(32)),
          { code: 4109, reason: 'CANOPY-109' },
        ],
        [
          'the identity point',
          hello(PROTOCOL_VERSION, new Uint8Array(32)),
          { code: 4101, reason: 'CANOPY-101' },
        ],
        [
          'a non-canonical encoding',
          hello(PROTOCOL_VERSION, new Uint8Array(32).fill(0xff)),
          { code: 4101, reason: 'CANOPY-101' },
        ],
      ];
      for (const [what, frame, expected] of attempts) {
        const raw = await RawClient.connect(a.port);
        raw.send(frame);
        expect(await raw.closeCode(what), what).toEqual(expected);
        expect(raw.frames, what).toHaveLength(0);
      }
      await expectUnharmed(a, before);
    },
    T,
  );

  it(
    'a flood above limits.framesPerSecond closes the connection with 4106',
    async () => {
      const a = await victim({ limits: { framesPerSecond: 20 } });
      const before = fingerprint(a.doc);
      let infos = 0;
      a.peer.on('info', () => infos++);
      const attacker = await authenticatedAttacker(a);
      // Valid, correctly sealed frames: only their number is wrong (burst is 2 × 20).
      // Many more than the burst: on a loaded machine the victim may read them over
      // seconds, and the bucket refills at 20 a second meanwhile.
      const start = Date.now();
      for (let i = 0; i < 2000; i++) attacker.session.sendInfo();
      expect(await closeOf(attacker, 'the victim to close')).toEqual({
        code: 4106,
        reason: 'CANOPY-106',
      });
      const refilled = Math.ceil(((Date.now() - start) / 1000) * 20);
      expect(attacker.error?.key).toBe('rateLimited');
      expect(infos).toBeGreaterThan(0);
      // The burst, plus what the bucket refilled while the flood was being read.
      expect(infos).toBeLessThanOrEqual(40 + refilled);
      await expectUnharmed(a, before);
    },
    T,
  );
});
