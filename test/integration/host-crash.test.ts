/**
 * The host's promise: an edit it has acknowledged survives `kill -9`. A client makes
 * a burst of 1,000 edits; the host (`electron/host/host-cli.ts`, its own process) is
 * killed with SIGKILL in the middle of it; after a restart from its data folder, a
 * fresh client finds every edit the host had acknowledged.
 *
 * An edit is acknowledged when the host's "saved" state vector (sent after each
 * fdatasync of its update log) covers the client's clock after that edit.
 *
 * `kill -9` keeps the page cache, so this proves ordering (nothing is acknowledged
 * before it is written), not durability: it passes without fdatasync. What a power
 * cut keeps is tested in power-cut.test.ts.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as prng from 'lib0/prng';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { WorkshopPeer } from '../../electron/peer/workshop-peer';
import { startHostProcess, stopProcess, type HostProcess } from './host-process';
import { CODE, startPeer, waitFor } from './peers';

const dir = mkdtempSync(join(tmpdir(), 'canopy-host-crash-'));
const running: ChildProcess[] = [];
const peers: WorkshopPeer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((child) => stopProcess(child, 'SIGKILL')));
  await Promise.all(peers.splice(0).map((p) => p.stop()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function startHost(data: string): Promise<HostProcess> {
  const host = await startHostProcess(data, ['--code', CODE]);
  running.push(host.child);
  return host;
}

async function joinHost(port: number) {
  const client = await startPeer({ port: 0 });
  peers.push(client.peer);
  let saved = new Map<number, number>();
  client.peer.on('info', (info) => {
    if (info.saved) saved = info.saved;
  });
  client.peer.connect({ host: '127.0.0.1', port });
  await waitFor(() => client.model.tree().rootId !== null, 'the host’s tree');
  return { ...client, saved: () => saved };
}

const covers = (saved: Map<number, number>, doc: Y.Doc) =>
  [...Y.decodeStateVector(Y.encodeStateVector(doc))].every(
    ([c, clock]) => (saved.get(c) ?? 0) >= clock,
  ) && [...saved].every(([c, clock]) => Y.getState(doc.store, c) >= clock);

describe('the headless host under kill -9', () => {
  for (const seed of [1, 2]) {
    it(
      `keeps every acknowledged edit of a 1,000-edit burst (seed ${seed})`,
      { timeout: 60_000 },
      async () => {
        const data = join(dir, `data-${seed}`);

        const host = await startHost(data);
        const client = await joinHost(host.port);
        const rootId = client.model.tree().rootId!;
        const killAt = prng.int32(prng.create(seed), 200, 800);

        // The burst: a few edits per turn of the event loop, as a fast typist or a
        // script would, so that acknowledgements come back while it runs.
        const clockAfter: number[] = [];
        for (let i = 0; i < 1000; i++) {
          client.model.addNode(rootId, { title: `Edit ${i}` });
          clockAfter.push(Y.getState(client.doc.store, client.doc.clientID));
          if (i === killAt) {
            // Mid-burst, once the host has acknowledged something: on a busy machine its
            // first flush can come after edit 200, and `acked > 0` would fail for that.
            await waitFor(
              () => (client.saved().get(client.doc.clientID) ?? 0) > 0,
              'a first acknowledgement',
            );
            host.child.kill('SIGKILL');
          }
          if (i % 4 === 3) await new Promise((r) => setTimeout(r, 1));
        }
        await new Promise<void>((r) =>
          host.child.exitCode !== null || host.child.signalCode
            ? r()
            : host.child.once('exit', () => r()),
        );
        const ackedClock = client.saved().get(client.doc.clientID) ?? 0;
        const acked = clockAfter.filter((clock) => clock <= ackedClock).length;
        await client.peer.stop();

        // Restart from the data folder; a fresh client reads what the host kept.
        const restarted = await startHost(data);
        const reader = await joinHost(restarted.port);
        await waitFor(
          () => reader.saved().size > 0 && covers(reader.saved(), reader.doc),
          'the whole document',
        );
        const titles = new Set(reader.model.tree().order.map((id) => reader.model.node(id)?.title));
        const recovered = clockAfter.filter((_, i) => titles.has(`Edit ${i}`)).length;
        console.log(
          `seed ${seed}: host killed after edit ${killAt}; ${acked} edits acknowledged, ${recovered} recovered of 1000`,
        );
        // The host acknowledged edits during the burst, and none of them was lost.
        expect(acked).toBeGreaterThan(0);
        for (let i = 0; i < acked; i++) expect(titles.has(`Edit ${i}`), `Edit ${i}`).toBe(true);
        expect(recovered).toBeGreaterThanOrEqual(acked);
      },
    );
  }
});
