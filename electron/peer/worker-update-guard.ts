/**
 * The update guard for Node: bytes from the network are decoded first in a worker
 * thread with a memory cap, and given up on after a time limit, so an update crafted
 * to loop or to exhaust memory (yjs issues 479, 498, 687) costs a worker, never the
 * peer. A worker that times out or dies is replaced; the bytes are rejected.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { UPDATE_BOUNDS, type UpdateGuard } from '../../shared/sync/update-guard';

// Plain JavaScript, evaluated in the worker: no build step, no TypeScript loader.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Y = require(workerData.yjsPath);
const B = workerData.bounds;
parentPort.on('message', ({ id, kind, bytes }) => {
  try {
    if (bytes.length === 0) throw new Error('empty');
    if (kind === 'stateVector') {
      const sv = Y.decodeStateVector(bytes);
      if (sv.size > B.maxClients) throw new Error('too many clients');
      for (const clock of sv.values()) if (!Number.isSafeInteger(clock) || clock < 0) throw new Error('bad clock');
    } else {
      const { structs, ds } = Y.decodeUpdate(bytes);
      if (structs.length > B.maxStructs) throw new Error('too many structs');
      for (const s of structs) {
        if (!(s.length >= 0 && s.length <= B.maxStructLength)) throw new Error('struct length ' + s.length);
      }
      let ranges = 0;
      for (const items of ds.clients.values()) {
        ranges += items.length;
        for (const item of items) if (!(item.len >= 0 && item.len <= B.maxStructLength)) throw new Error('delete length');
      }
      if (ranges > B.maxDeleteRanges) throw new Error('too many delete ranges');
    }
    parentPort.postMessage({ id, ok: true });
  } catch (e) {
    parentPort.postMessage({ id, ok: false, error: String(e && e.message || e) });
  }
});
`;

export interface WorkerGuardOptions {
  /** Milliseconds one check may take. */
  timeoutMs?: number;
  /** Heap cap of the worker, in MB. */
  maxHeapMb?: number;
}

interface Pending {
  resolve(): void;
  reject(e: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

export class WorkerUpdateGuard implements UpdateGuard {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly timeoutMs: number;
  private readonly maxHeapMb: number;
  private closed = false;

  constructor(options: WorkerGuardOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.maxHeapMb = options.maxHeapMb ?? 256;
  }

  checkUpdate(update: Uint8Array): Promise<void> {
    return this.check('update', update);
  }

  checkStateVector(stateVector: Uint8Array): Promise<void> {
    return this.check('stateVector', stateVector);
  }

  close(): void {
    this.closed = true;
    this.fail(new Error('guard closed'));
  }

  private check(kind: 'update' | 'stateVector', bytes: Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(new Error('guard closed'));
    // Cheap refusals need no worker.
    if (bytes.length === 0) return Promise.reject(new Error('empty update'));
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        // The decoder is stuck: kill the worker with everything queued on it.
        this.fail(new Error(`decoding took longer than ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage({ id, kind, bytes });
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const yjsPath = createRequire(import.meta.url).resolve('yjs');
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { yjsPath, bounds: UPDATE_BOUNDS },
      resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb, maxYoungGenerationSizeMb: 32 },
    });
    worker.unref();
    worker.on('message', (m: { id: number; ok: boolean; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      clearTimeout(p.timer);
      if (m.ok) p.resolve();
      else p.reject(new Error(m.error ?? 'rejected'));
    });
    worker.on('error', (e) => this.fail(e));
    worker.on('exit', () => {
      if (this.worker === worker) this.fail(new Error('decoder worker stopped'));
    });
    this.worker = worker;
    return worker;
  }

  private fail(error: Error): void {
    const worker = this.worker;
    this.worker = null;
    if (worker) void worker.terminate();
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    this.pending.clear();
  }
}
