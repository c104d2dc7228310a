import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { converged, exampleDoc, snapshot, startPeer, waitFor, type TestPeer } from './peers';

const started: TestPeer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.peer.stop()));
});
async function peer(...args: Parameters<typeof startPeer>) {
  const p = await startPeer(...args);
  started.push(p);
  return p;
}

describe('two peers on 127.0.0.1', () => {
  it('a joiner receives the tree, then concurrent edits converge both ways', async () => {
    const a = await peer({ doc: exampleDoc(), docId: 'workshop-doc' });
    const b = await peer();
    b.peer.connect({ host: '127.0.0.1', port: a.port });
    await waitFor(() => converged([a.doc, b.doc]), 'initial sync');
    expect(b.peer.workshopDocId).toBe('workshop-doc');

    const root = a.model.tree().rootId!;
    // Concurrent edits on both sides, then wait for agreement.
    a.model.addNode(root, { title: 'From A' });
    b.model.addNode(root, { title: 'From B' });
    b.model.renameDocument('Renamed by B');
    await waitFor(() => converged([a.doc, b.doc]), 'convergence');
    const titles = a.model.tree().order.map((id) => a.model.node(id)?.title);
    expect(titles).toEqual(expect.arrayContaining(['From A', 'From B']));
    expect(snapshot(a.doc)).toBe(snapshot(b.doc));
    expect(a.peer.connectedPeers()).toEqual([b.peer.peerIdHex]);
  });

  it('a partitioned peer edits offline and converges on reconnect', async () => {
    const a = await peer({ doc: exampleDoc(), docId: 'workshop-doc' });
    const b = await peer();
    const c = await peer();
    b.peer.connect({ host: '127.0.0.1', port: a.port });
    c.peer.connect({ host: '127.0.0.1', port: a.port });
    await waitFor(() => converged([a.doc, b.doc, c.doc]), 'initial sync');

    // C drops off the network; everyone keeps editing.
    c.peer.disconnect({ host: '127.0.0.1', port: a.port });
    await waitFor(() => a.peer.connectedPeers().length === 1, 'A notices C left');
    const root = a.model.tree().rootId!;
    const goal = a.model.tree().childrenOf.get(root)![0]!;
    c.model.updateNode(goal, { title: 'Renamed offline by C' });
    c.model.addNode(root, { title: 'Added offline by C' });
    b.model.addNode(root, { title: 'Added by B meanwhile' });
    a.model.updateNode(goal, { owner: 'Owner set by A meanwhile' });
    await waitFor(() => converged([a.doc, b.doc]), 'A and B agree');
    expect(converged([a.doc, c.doc])).toBe(false);

    // C comes back: both sides' edits merge.
    c.peer.connect({ host: '127.0.0.1', port: a.port });
    await waitFor(() => converged([a.doc, b.doc, c.doc]), 'convergence after the partition');
    const merged = c.model.node(goal)!;
    expect(merged.title).toBe('Renamed offline by C');
    expect(merged.owner).toBe('Owner set by A meanwhile');
    const titles = b.model.tree().order.map((id) => b.model.node(id)?.title);
    expect(titles).toEqual(expect.arrayContaining(['Added offline by C', 'Added by B meanwhile']));
  });

  it('a peer with the wrong code gets refused and is not redialled', async () => {
    const a = await peer({ doc: exampleDoc() });
    const b = await peer({ code: 'ZZZZ9999ZZZZ' });
    b.peer.connect({ host: '127.0.0.1', port: a.port });
    await waitFor(() => b.peer.status()[0]?.state === 'refused', 'refusal');
    expect(b.peer.status()[0]?.error).toContain('CANOPY-101');
    expect(Y.encodeStateVector(b.doc)).toEqual(Y.encodeStateVector(new Y.Doc()));
  });

  it('stop() destroys the presence it created (its timer would hold the document)', async () => {
    const a = await peer();
    let destroyed = false;
    a.peer.awareness.on('destroy', () => (destroyed = true));
    await a.peer.stop();
    expect(destroyed).toBe(true);
  });
});
