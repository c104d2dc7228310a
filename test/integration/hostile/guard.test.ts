/**
 * The update guard on its own: time limits and a worker that dies.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { WorkerUpdateGuard } from '../../../electron/peer/worker-update-guard';
import { T, cleanups, gcUpdate, largeDoc } from './harness';

describe('WorkerUpdateGuard', () => {
  it(
    'gives up on a check past its time limit; a fresh guard with the normal limit accepts it',
    async () => {
      const update = largeDoc();
      expect(update.length).toBeGreaterThan(100_000);
      // Everything to the worker: a document is otherwise scanned inline, in no time.
      const hasty = new WorkerUpdateGuard({ timeoutMs: 1, inlineMaxBytes: 0 });
      cleanups.push(() => hasty.close());
      await expect(hasty.checkUpdate(update)).rejects.toThrow(/longer than 1 ms/);

      const guard = new WorkerUpdateGuard();
      cleanups.push(() => guard.close());
      await expect(guard.checkUpdate(update)).resolves.toBeUndefined();
      await expect(
        guard.checkStateVector(Y.encodeStateVector(new Y.Doc())),
      ).resolves.toBeUndefined();
      await expect(guard.checkUpdate(new Uint8Array(20).fill(0xff))).rejects.toThrow();
    },
    T,
  );

  it(
    'replaces a worker that died on a check: the same guard accepts the next update',
    async () => {
      const guard = new WorkerUpdateGuard({ inlineMaxBytes: 0 });
      cleanups.push(() => guard.close());
      const update = largeDoc(200);
      await expect(guard.checkUpdate(update)).resolves.toBeUndefined();
      await expect(guard.checkUpdate(gcUpdate({ count: 3_000_000 }))).rejects.toThrow(
        /memory|worker stopped|longer than/i,
      );
      await expect(guard.checkUpdate(update)).resolves.toBeUndefined();
    },
    T,
  );
});
