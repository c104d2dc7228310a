/**
 * Peers in separate processes, over real sockets on 127.0.0.1: convergence of five,
 * and a peer killed with SIGKILL in the middle of a sync that restarts from its log.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CODE } from './peers';
import { spawnPeer, type PeerProcess } from './peer-process';

const dir = mkdtempSync(join(tmpdir(), 'canopy-peers-'));
const running: PeerProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.kill('SIGKILL')));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function peer(name: string, ...extra: string[]): Promise<PeerProcess> {
  const p = await spawnPeer(['--code', CODE, '--state', join(dir, `${name}.log`), ...extra]);
  running.push(p);
  return p;
}

async function waitForAgreement(peers: PeerProcess[], timeoutMs = 20_000): Promise<string> {
  const start = Date.now();
  for (;;) {
    const snapshots = await Promise.all(peers.map((p) => p.snapshot()));
    if (snapshots.every((s) => s === snapshots[0])) return snapshots[0]!;
    if (Date.now() - start > timeoutMs) throw new Error('peers did not converge');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('workshop peers as processes', () => {
  it('five peers converge after concurrent edits', { timeout: 60_000 }, async () => {
    const first = await peer('five-0', '--init', 'example');
    const others: PeerProcess[] = [];
    // A chain plus a shortcut: not everyone is connected to everyone.
    for (let i = 1; i < 5; i++) {
      const target = i === 1 ? first : others[i - 2]!;
      others.push(await peer(`five-${i}`, '--connect', `127.0.0.1:${target.port}`));
    }
    await others[3]!.request({ op: 'connect', host: '127.0.0.1', port: first.port });
    const all = [first, ...others];
    await waitForAgreement(all);

    // Every peer adds three goals at once.
    await Promise.all(
      all.flatMap((p, i) =>
        [0, 1, 2].map((j) => p.request({ op: 'add', title: `Goal ${i}.${j}` })),
      ),
    );
    const agreed = await waitForAgreement(all);
    for (let i = 0; i < 5; i++)
      for (let j = 0; j < 3; j++) expect(agreed).toContain(`Goal ${i}.${j}`);
  });

  it(
    'a peer killed with SIGKILL mid-sync restarts from its log and converges',
    { timeout: 60_000 },
    async () => {
      const facilitator = await peer('kill-a', '--init', 'example');
      // The facilitator's tree grows while the other peer syncs.
      for (let i = 0; i < 200; i++) void facilitator.request({ op: 'add', title: `Early ${i}` });
      const victim = await peer('kill-b', '--connect', `127.0.0.1:${facilitator.port}`);
      const adding = Promise.all(
        Array.from({ length: 300 }, (_, i) =>
          facilitator.request({ op: 'add', title: `During ${i}` }),
        ),
      );
      // Kill it once part of the tree has arrived, while updates are still streaming.
      while (!(await victim.snapshot()).includes('Early'))
        await new Promise((r) => setTimeout(r, 5));
      await victim.kill('SIGKILL');
      running.splice(running.indexOf(victim), 1);
      await adding;

      const restarted = await peer('kill-b', '--connect', `127.0.0.1:${facilitator.port}`);
      // It restarts from what its log held (a torn last record is cut off).
      expect(restarted.loaded.records).toBeGreaterThan(0);
      await waitForAgreement([facilitator, restarted]);
      const added = await restarted.request({ op: 'add', title: 'After restart' });
      expect(added.error).toBeUndefined();
      const agreed = await waitForAgreement([facilitator, restarted]);
      expect(agreed).toContain('During 299');
      expect(agreed).toContain('After restart');
    },
  );
});
