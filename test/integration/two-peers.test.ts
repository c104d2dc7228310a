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

  it('a peer with the wrong code gets refused and is not redialled', async () => {
    const a = await peer({ doc: exampleDoc() });
    const b = await peer({ code: 'ZZZZ9999' });
    b.peer.connect({ host: '127.0.0.1', port: a.port });
    await waitFor(() => b.peer.status()[0]?.state === 'refused', 'refusal');
    expect(b.peer.status()[0]?.error).toContain('CANOPY-101');
    expect(Y.encodeStateVector(b.doc)).toEqual(Y.encodeStateVector(new Y.Doc()));
  });
});
