/**
 * A room of 100, past the old cap of 32 participants: the headless host (its own
 * process, default limits) takes them all, and an edit reaches every one of them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerUpdateGuard } from '../../electron/peer/worker-update-guard';
import { startHostProcess, stopProcess } from './host-process';
import { CODE, startPeer, waitFor, type TestPeer } from './peers';

/** A room of 100: well past the old cap of 32. */
const PARTICIPANTS = 100;

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const task of cleanup.splice(0).reverse()) await task();
});

describe('a room of 100', () => {
  it(`lets ${PARTICIPANTS} participants join one host, and each receives an edit`, async () => {
    const data = await mkdtemp(path.join(tmpdir(), 'canopy-room-of-many-'));
    cleanup.push(() => rm(data, { recursive: true, force: true }));
    const host = await startHostProcess(data, ['--code', CODE, '--init', 'example']);
    cleanup.push(() => stopProcess(host.child, 'SIGKILL'));

    // One guard thread for all of them: they share this process, not a machine each.
    const guard = new WorkerUpdateGuard();
    cleanup.push(async () => guard.close());
    const room: TestPeer[] = [];
    for (let i = 0; i < PARTICIPANTS; i++) {
      const participant = await startPeer({ port: 0, guard });
      cleanup.push(() => participant.peer.stop());
      participant.peer.connect({ host: '127.0.0.1', port: host.port });
      room.push(participant);
    }
    const refusals: string[] = [];
    for (const p of room)
      p.peer.on('status', (links) => {
        for (const l of links) if (l.error) refusals.push(l.error);
      });
    await waitFor(
      () => room.every((p) => p.peer.connectedPeers().length === 1 && p.model.tree().rootId),
      `all ${PARTICIPANTS} in, with the tree`,
      60_000,
    );
    expect(refusals.filter((e) => e.includes('CANOPY-108'))).toEqual([]);

    const [editor] = room;
    const title = 'Decided with everyone in the room';
    editor!.model.updateNode(editor!.model.tree().rootId!, { title });
    await waitFor(
      () => room.every((p) => p.model.node(p.model.tree().rootId!)?.title === title),
      'the edit to reach everyone',
      30_000,
    );
    // Still all in: nobody was dropped to make room.
    expect(room.filter((p) => p.peer.connectedPeers().length === 1)).toHaveLength(PARTICIPANTS);
  }, 120_000);
});
