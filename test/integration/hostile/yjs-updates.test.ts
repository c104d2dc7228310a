/**
 * Hostile Yjs updates and messages from a peer that has the code: refused by the guard, the document unchanged.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CanopyDoc } from '../../../shared/model';
import { CHANNEL } from '../../../shared/sync';
import { snapshot } from '../peers';
import {
  SYNC_STEP1,
  SYNC_STEP2,
  SYNC_UPDATE,
  T,
  victim,
  legitimateJoins,
  fingerprint,
  expectUnharmed,
  RawClient,
  realUpdate,
  gcUpdate,
  info,
} from './harness';

describe('hostile Yjs updates from an authenticated peer', () => {
  const rejected: Array<[string, () => Uint8Array]> = [
    ['an empty update (yjs #498)', () => new Uint8Array(0)],
    ["'garbagedoc' (yjs #479)", () => new Uint8Array(Buffer.from('garbagedoc', 'base64'))],
    ['truncated varints (20 × 0xff)', () => new Uint8Array(20).fill(0xff)],
    ['a truncated real update', () => realUpdate().slice(0, 200)],
    ['a struct of absurd length (2^50)', () => gcUpdate([2 ** 50])],
    ['a struct just past the bound (2^31 + 1)', () => gcUpdate([2 ** 31 + 1])],
  ];

  it.each(rejected)(
    '%s is rejected by the guard: 4105, document unchanged',
    async (_what, payload) => {
      const a = await victim();
      const before = fingerprint(a.doc);
      const raw = await RawClient.connect(a.port);
      await raw.authenticate();
      raw.sendSync(SYNC_UPDATE, payload());
      expect(await raw.closeCode('the victim to close')).toEqual({
        code: 4105,
        reason: 'CANOPY-105',
      });
      await expectUnharmed(a, before);
    },
    T,
  );

  it(
    'the same payloads as sync step 2 are rejected too',
    async () => {
      const a = await victim();
      const before = fingerprint(a.doc);
      for (const [what, payload] of rejected.slice(0, 3)) {
        const raw = await RawClient.connect(a.port);
        await raw.authenticate();
        raw.sendSync(SYNC_STEP2, payload());
        expect((await raw.closeCode(what)).code, what).toBe(4105);
      }
      await expectUnharmed(a, before);
    },
    T,
  );

  it(
    'the V2 run-length buffer of yjs #687, sent as V1, decodes to nothing: applied as a no-op',
    async () => {
      // The protocol carries V1 updates only, and as V1 these bytes are a valid empty
      // update followed by ignored bytes; the V2 decoder that #687 hangs is never used.
      const bytes = new Uint8Array(
        Buffer.from('00010000000001000100010200001602000001fdffffffff7f0000', 'hex'),
      );
      const a = await victim();
      const before = fingerprint(a.doc);
      const raw = await RawClient.connect(a.port);
      await raw.authenticate();
      raw.sendSync(SYNC_UPDATE, bytes);
      // The victim handled it and still answers: a full document for an empty state vector.
      const answer = await raw.probe();
      const copy = new Y.Doc();
      new CanopyDoc(copy);
      Y.applyUpdate(copy, answer);
      expect(fingerprint(copy)).toEqual(before);
      await expectUnharmed(a, before);
    },
    T,
  );

  it(
    'a struct of length 2^31 is within the bounds: accepted, only that client’s clock moves',
    async () => {
      const a = await victim();
      const before = fingerprint(a.doc);
      const raw = await RawClient.connect(a.port);
      await raw.authenticate();
      raw.sendSync(SYNC_UPDATE, gcUpdate([2 ** 31], 99));
      await raw.probe();
      expect(snapshot(a.doc)).toBe(before.content);
      expect(Y.decodeStateVector(Y.encodeStateVector(a.doc)).get(99)).toBe(2 ** 31);
      await legitimateJoins(a);
    },
    T,
  );

  it(
    'an update of millions of tiny structs exhausts the worker, not the peer: 4105',
    async () => {
      const a = await victim();
      const before = fingerprint(a.doc);
      const raw = await RawClient.connect(a.port);
      await raw.authenticate();
      // 3 million structs in 6 MB: within maxStructs and maxFrameBytes, but decoding
      // needs several hundred MB, above the worker's 256 MB heap cap.
      const update = gcUpdate({ count: 3_000_000 });
      expect(update.length).toBeLessThan(16 * 1024 * 1024);
      raw.sendSync(SYNC_UPDATE, update);
      expect((await raw.closeCode('the victim to close')).code).toBe(4105);
      await expectUnharmed(a, before);
    },
    T,
  );

  it.each([
    [
      'a hostile state vector (sync step 1)',
      4105,
      (raw: RawClient) => raw.sendSync(SYNC_STEP1, new Uint8Array(20).fill(0xff)),
    ],
    ['an unknown sync message type', 4104, (raw: RawClient) => raw.sendSync(9, realUpdate())],
    [
      'a sync message whose length runs past its end',
      4104,
      (raw: RawClient) =>
        raw.sendPlain(CHANNEL.sync, Uint8Array.from([SYNC_UPDATE, 0x7f, 1, 2, 3])),
    ],
    ['an unknown channel', 4104, (raw: RawClient) => raw.sendPlain(7, realUpdate())],
    ['an empty message', 4104, (raw: RawClient) => raw.send(raw.channel!.seal(new Uint8Array(0)))],
    [
      'workshop info that is not JSON',
      4104,
      (raw: RawClient) => raw.sendPlain(CHANNEL.info, Uint8Array.from([0xff, 0xfe])),
    ],
    [
      'a saved state that is not base64',
      4104,
      (raw: RawClient) => raw.sendPlain(CHANNEL.info, info({ docId: null, saved: 'A*B=' })),
    ],
    [
      'a saved state that is not a state vector',
      4104,
      (raw: RawClient) =>
        raw.sendPlain(
          CHANNEL.info,
          info({ docId: null, saved: Buffer.alloc(12, 0xff).toString('base64') }),
        ),
    ],
    [
      'a saved state above 256 kB',
      4104,
      (raw: RawClient) =>
        raw.sendPlain(CHANNEL.info, info({ docId: null, saved: 'A'.repeat(256 * 1024 + 4) })),
    ],
    [
      'an awareness message above maxAwarenessBytes',
      4102,
      (raw: RawClient) => raw.sendPlain(CHANNEL.awareness, new Uint8Array(64 * 1024 + 1)),
    ],
    [
      'a truncated awareness message',
      4104,
      (raw: RawClient) => raw.sendPlain(CHANNEL.awareness, Uint8Array.from([1, 5, 1, 50, 0x7b])),
    ],
  ] as const)(
    '%s closes the connection with %i',
    async (_what, code, send) => {
      const a = await victim();
      const before = fingerprint(a.doc);
      const raw = await RawClient.connect(a.port);
      await raw.authenticate();
      send(raw);
      expect((await raw.closeCode('the victim to close')).code).toBe(code);
      await expectUnharmed(a, before);
    },
    T,
  );
});
