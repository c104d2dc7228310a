/**
 * The update guard for Node: bytes from the network are decoded first in a worker
 * thread with a memory cap and a time limit (see shared/sync/serial-guard.ts). A
 * worker that times out or dies is replaced; the bytes are rejected.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { SerialWorkerGuard, type GuardWorkerEvents } from '../../shared/sync/serial-guard';
import { checkDecodes } from '../../shared/sync/update-check';
import { UPDATE_BOUNDS } from '../../shared/sync/update-guard';

// Plain JavaScript, evaluated in the worker: no build step, no TypeScript loader. The
// check is the shared function's own source; __name is the no-op some transpilers
// (tsx's keepNames) call around named functions.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const __name = (f) => f;
const Y = require(workerData.yjsPath);
const checkDecodes = (${checkDecodes.toString()});
parentPort.on('message', ({ kind, bytes }) => {
  try {
    checkDecodes(Y, workerData.bounds, kind, bytes);
    parentPort.postMessage({ ok: true });
  } catch (e) {
    parentPort.postMessage({ ok: false, error: String((e && e.message) || e) });
  }
});
`;

export interface WorkerGuardOptions {
  /** Milliseconds one check may take. */
  timeoutMs?: number;
  /** Heap cap of the worker, in MB. */
  maxHeapMb?: number;
  /**
   * The worker's CommonJS source with Yjs bundled in (the packaged app's
   * update-guard-thread.cjs). By default the worker requires Yjs from node_modules.
   */
  source?: string;
  /**
   * State vectors up to this many bytes are checked on the calling thread; 0: every
   * check goes to the worker, updates too (they are otherwise scanned inline).
   */
  inlineMaxBytes?: number;
}

export class WorkerUpdateGuard extends SerialWorkerGuard {
  constructor(options: WorkerGuardOptions = {}) {
    const maxHeapMb = options.maxHeapMb ?? 256;
    super(
      (events) => spawnThread(events, maxHeapMb, options.source),
      options.timeoutMs ?? 2000,
      options.inlineMaxBytes,
    );
  }
}

function spawnThread(events: GuardWorkerEvents, maxHeapMb: number, source?: string) {
  const yjsPath = source ? null : createRequire(import.meta.url).resolve('yjs');
  const worker = new Worker(source ?? WORKER_SOURCE, {
    eval: true,
    workerData: { yjsPath, bounds: UPDATE_BOUNDS },
    resourceLimits: { maxOldGenerationSizeMb: maxHeapMb, maxYoungGenerationSizeMb: 32 },
  });
  worker.unref();
  worker.on('message', (m: { ok: boolean; error?: string }) => events.result(m.ok, m.error));
  worker.on('error', (e) => events.died(e));
  worker.on('exit', () => events.died(new Error('decoder worker stopped')));
  return {
    post: (kind: string, bytes: Uint8Array) => worker.postMessage({ kind, bytes }),
    terminate: () => void worker.terminate(),
  };
}
