/**
 * Edit-to-remote latency on loopback: N workshop peers in a full mesh on 127.0.0.1;
 * peer 0 makes an edit, and we time until each other peer's document has it.
 * All peers share this one Node process (and its one JavaScript thread), so the
 * figures include every peer's encryption and decoding in series: pessimistic
 * next to peers on their own machines.
 * Usage: npx tsx bench/sync/latency.ts [peers...]   (default: 2 10)
 */
import * as Y from 'yjs';
import { WorkshopPeer } from '../../electron/peer/workshop-peer';
import { CanopyDoc, templateById } from '../../shared/model';
import { percentile } from '../stats';

const EDITS = 200;
const counts = process.argv.slice(2).map(Number);

async function run(n: number): Promise<void> {
  const docs = Array.from({ length: n }, () => new Y.Doc());
  new CanopyDoc(docs[0]!).initialise({
    id: 'bench',
    title: 'Bench',
    vision: templateById('example').vision,
  });
  const peers = docs.map((doc) => new WorkshopPeer({ code: 'K7QM3XPA', doc, host: '127.0.0.1' }));
  const ports = await Promise.all(peers.map((p) => p.listen()));
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) peers[j]!.connect({ host: '127.0.0.1', port: ports[i]! });
  const expectedLinks = n - 1;
  while (peers.some((p) => p.connectedPeers().length < expectedLinks))
    await new Promise((r) => setTimeout(r, 20));
  const model = new CanopyDoc(docs[0]!);
  const root = model.tree().rootId!;
  const target = model.tree().childrenOf.get(root)![0]!;
  while (docs.some((d) => !new CanopyDoc(d).node(target)))
    await new Promise((r) => setTimeout(r, 20));

  const samples: number[] = [];
  for (let e = 0; e < EDITS; e++) {
    const marker = `Edit ${e}`;
    const arrived = docs.slice(1).map(
      (doc) =>
        new Promise<number>((resolve) => {
          const node = doc.getMap('nodes').get(target) as Y.Map<unknown>;
          const check = () => {
            if (String(node.get('title')) === marker) {
              doc.off('update', check);
              resolve(performance.now());
            }
          };
          doc.on('update', check);
        }),
    );
    const start = performance.now();
    model.updateNode(target, { title: marker });
    for (const t of await Promise.all(arrived)) samples.push(t - start);
    await new Promise((r) => setTimeout(r, 10));
  }
  await Promise.all(peers.map((p) => p.stop()));
  console.log(
    `${String(n).padStart(2)} peers (full mesh, ${(n * (n - 1)) / 2} connections): ${samples.length} deliveries, p50 ${percentile(samples, 50).toFixed(2)} ms, p99 ${percentile(samples, 99).toFixed(2)} ms, max ${Math.max(...samples).toFixed(2)} ms`,
  );
}

for (const n of counts.length ? counts : [2, 10]) await run(n);
