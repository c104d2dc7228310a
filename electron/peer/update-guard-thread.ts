/**
 * The guard's worker thread as a file of its own, for the packaged app: Vite bundles
 * it with Yjs into dist/electron/update-guard-thread.cjs (the app ships no
 * node_modules), and main hands its text to WorkerUpdateGuard.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as Y from 'yjs';
import { checkDecodes } from '../../shared/sync/update-check';

const port = parentPort!;
port.on('message', ({ kind, bytes }: { kind: 'update' | 'stateVector'; bytes: Uint8Array }) => {
  try {
    checkDecodes(
      Y,
      (workerData as { bounds: Parameters<typeof checkDecodes>[1] }).bounds,
      kind,
      bytes,
    );
    port.postMessage({ ok: true });
  } catch (e) {
    port.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
  }
});
