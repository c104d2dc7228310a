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
parentPort.on('message', ({ kind, bytes }) => {
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
    parentPort.postMessage({ ok: true });
  } catch (e) {
    parentPort.postMessage({ ok: false, error: String(e && e.message || e) });
  }
});
`;

export interface WorkerGuardOptions {
  /** Milliseconds one check may take. */
  timeoutMs?: number;
  /** Heap cap of the worker, in MB. */
  maxHeapMb?: number;
}

interface Check {
  kind: 'update' | 'stateVector';
  bytes: Uint8Array;
  resolve(): void;
  reject(e: Error): void;
}

/**
 * Checks run one at a time, in order: each one's time limit starts when the worker
 * begins it, and when one kills the worker only that check fails; the rest go on to
 * a fresh worker. So a hostile sender cannot get other peers' updates refused.
 */
export class WorkerUpdateGuard implements UpdateGuard {
  private worker: Worker | null = null;
  private readonly waiting: Check[] = [];
  private current: { check: Check; timer: ReturnType<typeof setTimeout>; worker: Worker } | null =
    null;
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
    const error = new Error('guard closed');
    if (this.current) this.finish(error);
    for (const c of this.waiting.splice(0)) c.reject(error);
    void this.worker?.terminate();
    this.worker = null;
  }

  private check(kind: Check['kind'], bytes: Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(new Error('guard closed'));
    // Cheap refusals need no worker.
    if (bytes.length === 0) return Promise.reject(new Error('empty update'));
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ kind, bytes, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    if (this.current || this.closed) return;
    const check = this.waiting.shift();
    if (!check) return;
    const worker = this.ensureWorker();
    const timer = setTimeout(() => {
      // The decoder is stuck on this input: it fails, the worker is replaced.
      this.replaceWorker();
      this.finish(new Error(`decoding took longer than ${this.timeoutMs} ms`));
    }, this.timeoutMs);
    this.current = { check, timer, worker };
    worker.postMessage({ kind: check.kind, bytes: check.bytes });
  }

  /** Settles the check in flight and starts the next one. */
  private finish(error: Error | null): void {
    const current = this.current;
    if (!current) return;
    this.current = null;
    clearTimeout(current.timer);
    if (error) current.check.reject(error);
    else current.check.resolve();
    this.next();
  }

  private replaceWorker(): void {
    const worker = this.worker;
    this.worker = null;
    if (worker) void worker.terminate();
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
    worker.on('message', (m: { ok: boolean; error?: string }) => {
      if (this.current?.worker !== worker) return;
      this.finish(m.ok ? null : new Error(m.error ?? 'rejected'));
    });
    const died = (e: Error) => {
      if (this.worker === worker) this.worker = null;
      // Only the check this worker was running fails (out of memory, crash).
      if (this.current?.worker === worker) this.finish(e);
    };
    worker.on('error', died);
    worker.on('exit', () => died(new Error('decoder worker stopped')));
    this.worker = worker;
    return worker;
  }
}
