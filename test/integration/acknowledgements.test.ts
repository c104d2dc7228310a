/**
 * A host tells a peer what it has on disk when that covers an update the peer sent:
 * the peer then counts its edit as acknowledged. Peers that sent nothing new get no
 * frame for it (in a room of 100, every flush used to cost 100 frames).
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { WorkshopInfo } from '../../shared/sync';
import { converged, exampleDoc, startPeer, waitFor, type TestPeer } from './peers';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function peer(...args: Parameters<typeof startPeer>): Promise<TestPeer> {
  const p = await startPeer(...args);
  stops.push(() => p.peer.stop());
  return p;
}

/** Every saved state a peer hears of, in order. */
function acknowledgements(p: TestPeer): Array<Map<number, number>> {
  const heard: Array<Map<number, number>> = [];
  p.peer.on('info', (info: WorkshopInfo) => {
    if (info.saved) heard.push(info.saved);
  });
  return heard;
}

const flushed = (host: TestPeer) =>
  host.peer.markSaved(Y.decodeStateVector(Y.encodeStateVector(host.doc)));

describe('acknowledgements of what the host saved', () => {
  it('go to the peer whose edit they cover, and to no other', async () => {
    const host = await peer({ doc: exampleDoc(), docId: 'workshop-doc' });
    flushed(host); // the loaded log is on the disk
    const [a, b] = [await peer(), await peer()];
    const [heardA, heardB] = [acknowledgements(a), acknowledgements(b)];
    for (const p of [a, b]) p.peer.connect({ host: '127.0.0.1', port: host.port });
    await waitFor(() => converged([host.doc, a.doc, b.doc]), 'both peers to sync');
    await waitFor(() => heardA.length > 0 && heardB.length > 0, 'the saved state on joining');
    const [joinedA, joinedB] = [heardA.length, heardB.length];

    const mine = (p: TestPeer) => Y.getState(p.doc.store, p.doc.clientID);
    a.model.addNode(a.model.tree().rootId!, { title: 'From A' });
    await waitFor(() => Y.getState(host.doc.store, a.doc.clientID) === mine(a), 'A’s edit');
    flushed(host);
    await waitFor(
      () => heardA.some((s) => (s.get(a.doc.clientID) ?? 0) >= mine(a)),
      'A’s acknowledgement',
    );
    expect(heardA.length).toBe(joinedA + 1);

    // B's own edit and its acknowledgement come after anything sent to B about A's:
    // frames arrive in order, so B has heard all it will of A's by then.
    b.model.addNode(b.model.tree().rootId!, { title: 'From B' });
    await waitFor(() => Y.getState(host.doc.store, b.doc.clientID) === mine(b), 'B’s edit');
    flushed(host);
    await waitFor(
      () => heardB.some((s) => (s.get(b.doc.clientID) ?? 0) >= mine(b)),
      'B’s acknowledgement',
    );
    expect(heardB.length).toBe(joinedB + 1);
  });

  it('wait for the flush that covers the edit', async () => {
    const host = await peer({ doc: exampleDoc(), docId: 'workshop-doc' });
    flushed(host);
    const a = await peer();
    const heard = acknowledgements(a);
    a.peer.connect({ host: '127.0.0.1', port: host.port });
    await waitFor(() => converged([host.doc, a.doc]) && heard.length > 0, 'A to sync');
    const stateBefore = Y.decodeStateVector(Y.encodeStateVector(host.doc));
    a.model.addNode(a.model.tree().rootId!, { title: 'Edit' });
    const clock = Y.getState(a.doc.store, a.doc.clientID);
    await waitFor(() => Y.getState(host.doc.store, a.doc.clientID) === clock, 'the edit');
    // A flush that started before the edit arrived covers none of it: nothing to say.
    const count = heard.length;
    host.peer.markSaved(stateBefore);
    flushed(host);
    await waitFor(
      () => heard.some((s) => (s.get(a.doc.clientID) ?? 0) >= clock),
      'the acknowledgement of the later flush',
    );
    expect(heard.length).toBe(count + 1);
  });
});
