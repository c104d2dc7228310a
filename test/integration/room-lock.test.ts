/**
 * The lock over real workshop peers: while the facilitator has locked the tree, the
 * host undoes what a participant edits anyway (a hostile or stale app can always edit
 * its own copy), so the edit is kept nowhere, the participant's copy included; the
 * facilitator still edits, and reflection answers still go in.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { CanopyDoc, REFLECTION_QUESTIONS } from '../../shared/model';
import {
  newIdentity,
  RoomClient,
  RoomHost,
  type Identity,
  type PeerSession,
} from '../../shared/sync';
import { converged, exampleDoc, startPeer, waitFor, type TestPeer } from './peers';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function participant(name: string, hostPort: number, identity: Identity = newIdentity()) {
  let client: RoomClient | null = null;
  const p: TestPeer = await startPeer({
    onRoom: (session: PeerSession) => {
      const c = new RoomClient({
        identity,
        profile: () => ({ name, colour: '#3a6fd8' }),
        send: (payload) => session.sendRoom(payload),
      });
      c.start(session.binding!);
      client = c;
      return { receive: (m) => c.receive(m), close: () => c.stop() };
    },
  });
  cleanups.push(() => p.peer.stop());
  p.peer.connect({ host: '127.0.0.1', port: hostPort });
  await waitFor(() => client?.snapshot?.you === identity.key, `${name} in the room`);
  // Edits go through the model, as the app makes them; the lock does not apply to a
  // model by itself (setLockExempt), which is what a hostile app would do.
  const model = new CanopyDoc(p.doc, { actor: name });
  return { ...p, model, room: () => client! };
}

const titles = (doc: Y.Doc) =>
  new CanopyDoc(doc).tree().order.map((id) => new CanopyDoc(doc).node(id)!.title);

describe('the lock over real peers', () => {
  it('the host undoes a participant’s edits while locked and says why; the facilitator edits; answers go in', async () => {
    const fay = newIdentity();
    const room = new RoomHost({ facilitator: fay.key });
    const hostDoc = exampleDoc();
    const host = await startPeer({ doc: hostDoc, docId: 'workshop-doc', room });
    cleanups.push(() => host.peer.stop());
    const f = await participant('Fay', host.port, fay);
    const b = await participant('Bea', host.port);
    await waitFor(() => converged([host.doc, f.doc, b.doc]), 'the document to sync');
    const before = titles(hostDoc);
    const vision = f.model.tree().rootId!;

    f.model.setLock(true, 'Silent writing', 'Fay');
    await waitFor(() => b.model.workshop().lock.on, 'the lock to reach Bea');

    // The others never see Bea's edits, not even for a moment: the host's apply and
    // undo leave as one update.
    const FORBIDDEN = ['Sneaked in', 'Renamed under the lock'];
    const flashes: string[] = [];
    const watch = () => {
      for (const id of f.model.tree().order) {
        const title = f.model.node(id)?.title ?? '';
        if (FORBIDDEN.includes(title)) flashes.push(title);
      }
    };
    f.doc.on('afterTransaction', watch);
    cleanups.push(() => f.doc.off('afterTransaction', watch));

    // Bea's app ignores the lock: it adds an item and renames the vision on its copy.
    b.model.addNode(vision, { title: 'Sneaked in' });
    b.model.updateNode(vision, { title: 'Renamed under the lock' });
    await waitFor(() => b.room().refusal !== null, 'the refusal');
    expect(b.room().refusal?.code).toBe('CANOPY-510');
    expect(b.room().refusal?.message).toContain('(Silent writing)');
    // Undone everywhere: the host's copy, the facilitator's and Bea's own.
    await waitFor(() => converged([host.doc, f.doc, b.doc]), 'the undo to reach everyone');
    expect(titles(hostDoc)).toEqual(before);
    expect(titles(b.doc)).toEqual(before);
    expect(flashes).toEqual([]);

    // The facilitator edits under the lock; a reflection answer is kept from anyone.
    f.model.addNode(vision, { title: 'Facilitator’s goal' });
    b.model.addReflection(REFLECTION_QUESTIONS[2], 'Bad news about dates', 'Bea');
    await waitFor(
      () => converged([host.doc, f.doc, b.doc]) && titles(hostDoc).includes('Facilitator’s goal'),
      'the facilitator’s edit',
    );
    expect(new CanopyDoc(hostDoc).workshop().reflections.map((r) => r.text)).toEqual([
      'Bad news about dates',
    ]);

    // Unlocked: Bea edits again.
    f.model.setLock(false);
    await waitFor(() => !b.model.workshop().lock.on, 'the unlock to reach Bea');
    b.model.addNode(vision, { title: 'After the lock' });
    await waitFor(() => titles(hostDoc).includes('After the lock'), 'Bea’s edit to stay');
  });
});
