/**
 * Hostile peers without the workshop code: refused after the reply, learn nothing, inject nothing.
 */
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CanopyDoc } from '../../../shared/model';
import {
  CHANNEL,
  confirmationTag,
  cpaceKeys,
  DATA_HEADER_BYTES,
  FRAME,
  lvCat,
  REPLY_AT,
  REPLY_BYTES,
  SecureChannel,
} from '../../../shared/sync';
import { exampleDoc, snapshot, waitFor, type TestPeer } from '../peers';
import {
  WRONG_CODE,
  SYNC_UPDATE,
  T,
  victim,
  initiatorHello,
  fingerprint,
  expectUnharmed,
  victimHandledEverything,
  contains,
  RawClient,
  sessionAttacker,
  closeOf,
  recordingProxy,
} from './harness';

// --- A. without the code -------------------------------------------------------------------------

describe('an attacker with the wrong code', () => {
  const SECRET_NODE = 'Secret merger plan Zebra-42';
  const SECRET_TITLE = 'Project Nightingale acquisition';

  async function secretVictim(): Promise<TestPeer> {
    const a = await victim();
    const root = a.model.tree().rootId!;
    const child = a.model.tree().childrenOf.get(root)![0]!;
    a.model.updateNode(child, { title: SECRET_NODE });
    a.model.renameDocument(SECRET_TITLE);
    // The secrets are really there, and the document is bigger than anything sent below.
    expect(snapshot(a.doc)).toContain(SECRET_NODE);
    expect(snapshot(a.doc)).toContain(SECRET_TITLE);
    expect(Y.encodeStateAsUpdate(a.doc).length).toBeGreaterThan(2048);
    return a;
  }

  it(
    'is refused after the reply, receives no document bytes, and its edits never arrive',
    async () => {
      const a = await secretVictim();
      const before = fingerprint(a.doc);
      const proxy = await recordingProxy(a.port);

      const ownDoc = exampleDoc('attacker-doc');
      const attacker = await sessionAttacker(proxy.port, { code: WRONG_CODE, doc: ownDoc });
      // Edits before and during the attempt: they must stay on the attacker's side.
      attacker.model.renameDocument('Injected title');
      await waitFor(() => attacker.error !== undefined, 'the attacker session to close');
      attacker.model.addNode(attacker.model.tree().rootId!, { title: 'Injected node' });

      expect(attacker.error?.key).toBe('handshakeFailed');
      expect(attacker.error?.code).toBe('CANOPY-101');
      expect(attacker.session.isOpen).toBe(false);
      const closed = await closeOf(attacker, 'the socket to close');
      expect(closed.code).toBe(4101);

      // The only frame the victim sent: its reply (id, share, confirmation tag).
      expect(attacker.received.map((f) => [f[0], f.length])).toEqual([[FRAME.reply, REPLY_BYTES]]);
      // Every byte on the wire from the victim: HTTP upgrade, the reply, the close frame.
      await waitFor(proxy.targetClosed, 'the victim to close its end');
      const wire = proxy.bytes();
      expect(wire.length).toBeGreaterThan(REPLY_BYTES);
      expect(wire.length).toBeLessThan(1024);
      const everything = Buffer.concat([wire, ...attacker.received]);
      for (const secret of [SECRET_NODE, SECRET_TITLE, 'Zebra-42', 'Nightingale', 'workshop-doc'])
        expect(contains(everything, secret), secret).toBe(false);
      // The attacker learnt nothing of the document either.
      expect(snapshot(ownDoc)).not.toContain('Zebra');

      await victimHandledEverything(a);
      await expectUnharmed(a, before, ['Injected']);
    },
    T,
  );

  it(
    'that ignores the failed tag and sends a confirm and data anyway is refused with 4101',
    async () => {
      const a = await secretVictim();
      const before = fingerprint(a.doc);
      const raw = await RawClient.connect(a.port);
      const { sid, id, secret, hello } = initiatorHello(WRONG_CODE);
      raw.send(hello);
      await waitFor(() => raw.frames.length > 0, 'the reply');
      const reply = new Uint8Array(raw.frames[0]!);
      const remoteId = reply.slice(REPLY_AT.id, REPLY_AT.share);
      const theirShare = reply.slice(REPLY_AT.share, REPLY_AT.tag);
      const keys = cpaceKeys(secret, theirShare, sid, secret.share, theirShare);
      const transcript = lvCat(sid, id, remoteId, secret.share, theirShare);
      raw.send(
        Uint8Array.from([
          FRAME.confirm,
          ...confirmationTag(keys.initiatorConfirm, 'initiator', transcript),
        ]),
      );
      // A data frame sealed with the attacker's key, carrying a real update.
      const injected = exampleDoc('injected');
      new CanopyDoc(injected).renameDocument('Injected title');
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, SYNC_UPDATE);
      encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(injected));
      const channel = new SecureChannel(keys.initiatorToResponder, keys.responderToInitiator);
      raw.send(channel.seal(Uint8Array.from([CHANNEL.sync, ...encoding.toUint8Array(e)])));

      const closed = await raw.closeCode('the victim to close');
      expect(closed).toEqual({ code: 4101, reason: 'CANOPY-101' });
      expect(raw.frames).toHaveLength(1);
      await victimHandledEverything(a);
      await expectUnharmed(a, before);
    },
    T,
  );

  it(
    'that skips the confirm and sends a data frame is refused as malformed (4104)',
    async () => {
      const a = await victim();
      const before = fingerprint(a.doc);
      const raw = await RawClient.connect(a.port);
      raw.send(initiatorHello(WRONG_CODE).hello);
      await waitFor(() => raw.frames.length > 0, 'the reply');
      const frame = new Uint8Array(DATA_HEADER_BYTES + 64);
      frame[0] = FRAME.data;
      raw.send(frame);
      expect(await raw.closeCode('the victim to close')).toEqual({
        code: 4104,
        reason: 'CANOPY-104',
      });
      await expectUnharmed(a, before);
    },
    T,
  );
});
