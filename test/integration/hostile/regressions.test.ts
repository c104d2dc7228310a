/**
 * Bugs the hostile suites found; each test failed before its fix.
 */
import { describe, expect, it } from 'vitest';
import { CHANNEL } from '../../../shared/sync';
import { converged, waitFor } from '../peers';
import {
  SYNC_UPDATE,
  T,
  peer,
  victim,
  RawClient,
  gcUpdate,
  linkErrors,
  deepAwareness,
  deepEmbed,
  fingerprint,
  expectUnharmed,
} from './harness';

describe('regressions', () => {
  // The state was 60 kB (under maxAwarenessBytes) and JSON.parse accepted it, but
  // JSON.stringify overflowed the stack when it was encoded for each new peer, so
  // every joiner was refused. Now states nested deeper than presence needs are refused.
  it(
    'a deeply nested awareness state from one peer does not lock new joiners out',
    async () => {
      const a = await victim();
      const raw = await RawClient.connect(a.port);
      await raw.authenticate();
      raw.sendPlain(CHANNEL.awareness, deepAwareness(777, 30_000));
      await waitFor(
        () => a.peer.awareness.getStates().has(777) || raw.closed !== null,
        'the awareness message to be handled',
      );
      const b = await peer();
      const errors = linkErrors(b);
      b.peer.connect({ host: '127.0.0.1', port: a.port });
      await waitFor(
        () => converged([a.doc, b.doc]) || errors.length > 0,
        'the joiner to sync or fail',
      );
      expect(errors).toEqual([]);
      expect(converged([a.doc, b.doc])).toBe(true);
    },
    T,
  );

  // JSON.parse reads any depth, but JSON.stringify recurses: an embed nested 20,000
  // deep passed the guard and went into the document, and encoding it (the update
  // event, every joiner's sync) overflowed the stack: the sender was cut off with
  // 4104 but the document kept it. Now the guard refuses values nested deeper than
  // any Canopy writes (update-scan.ts).
  it(
    'a deeply nested embed from one peer is refused and does not lock new joiners out',
    async () => {
      const a = await victim();
      const before = fingerprint(a.doc);
      const raw = await RawClient.connect(a.port);
      await raw.authenticate();
      raw.sendSync(SYNC_UPDATE, deepEmbed(20_000));
      expect((await raw.closeCode('the victim to close')).code).toBe(4105);
      await expectUnharmed(a, before);
    },
    T,
  );

  // All sessions of a WorkshopPeer share one WorkerUpdateGuard. When its worker died,
  // every pending check was rejected, so a legitimate peer queued behind the hostile
  // update was cut off and blamed. Now only the check that killed the worker fails.
  it(
    'a hostile update that kills the guard worker does not disconnect the other peers',
    async () => {
      const a = await victim();
      const b = await peer();
      b.peer.connect({ host: '127.0.0.1', port: a.port });
      await waitFor(() => converged([a.doc, b.doc]), 'the legitimate peer to sync');
      const errors = linkErrors(b);
      const raw = await RawClient.connect(a.port);
      await raw.authenticate();
      raw.sendSync(SYNC_UPDATE, gcUpdate({ count: 3_000_000 }));
      // While the worker chews on that (about two seconds), an innocent edit arrives.
      await new Promise((r) => setTimeout(r, 100));
      b.model.addNode(b.model.tree().rootId!, { title: 'Innocent edit' });
      expect((await raw.closeCode('the attacker to be closed')).code).toBe(4105);
      await waitFor(() => converged([a.doc, b.doc]), 'the innocent edit to arrive');
      expect(errors).toEqual([]);
    },
    T,
  );

  // ws's maxPayload used to equal the largest message, so ws closed with a bare 1009
  // that mapped to no reason, and the sender redialled forever without saying why.
  it(
    "a peer whose update exceeds the receiver's maxMessageBytes is told why (CANOPY-102)",
    async () => {
      const a = await victim({ limits: { maxMessageBytes: 64 * 1024 } });
      const b = await peer();
      b.peer.connect({ host: '127.0.0.1', port: a.port });
      await waitFor(() => converged([a.doc, b.doc]), 'the peers to sync');
      const errors = linkErrors(b);
      b.doc.getMap('notes').set('big', 'x'.repeat(100_000));
      await waitFor(() => errors.some((e) => e.startsWith('CANOPY-102')), 'CANOPY-102', 3000);
    },
    T,
  );
});
