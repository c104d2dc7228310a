/**
 * An update guard over a worker (a Node worker thread or a browser Web Worker): bytes
 * are decoded there first, with a time limit, so an update crafted to loop or to
 * exhaust memory (yjs issues 479, 498, 687) costs a worker, never the peer.
 *
 * Checks run one at a time, in order: each one's time limit starts when the worker
 * begins it, and when one kills the worker only that check fails; the rest go on to
 * a fresh worker. So a hostile sender cannot get other peers' updates refused.
 *
 * Small inputs are checked on the calling thread instead (the same checkDecodes):
 * every loop of Yjs's V1 decoder consumes at least one input byte, so decoding is
 * linear in the input, and a few kilobytes cannot hang or exhaust anything. This
 * saves a typed edit the worker round trip, which was most of a hop's latency on
 * loaded machines (BENCHMARKS.md, sync).
 */

/** Inputs up to this size are checked inline: at most a few milliseconds of decoding. */
export const INLINE_CHECK_MAX_BYTES = 64 * 1024;
import * as Y from 'yjs';
import { checkDecodes } from './update-check';
import { UPDATE_BOUNDS, type UpdateGuard } from './update-guard';

export type CheckKind = 'update' | 'stateVector';

/** What the guard needs of a worker; the platform wraps its own kind. */
export interface GuardWorker {
  post(kind: CheckKind, bytes: Uint8Array): void;
  terminate(): void;
}

export interface GuardWorkerEvents {
  /** The worker finished the check it was given. */
  result(ok: boolean, error?: string): void;
  /** The worker crashed or ran out of memory. */
  died(error: Error): void;
}

export type SpawnGuardWorker = (events: GuardWorkerEvents) => GuardWorker;

interface Check {
  kind: CheckKind;
  bytes: Uint8Array;
  resolve(): void;
  reject(e: Error): void;
}

export class SerialWorkerGuard implements UpdateGuard {
  private worker: GuardWorker | null = null;
  private readonly waiting: Check[] = [];
  private current: {
    check: Check;
    timer: ReturnType<typeof setTimeout>;
    worker: GuardWorker;
  } | null = null;
  private closed = false;

  constructor(
    private readonly spawn: SpawnGuardWorker,
    private readonly timeoutMs = 2000,
    private readonly inlineMaxBytes = INLINE_CHECK_MAX_BYTES,
  ) {}

  checkUpdate(update: Uint8Array): Promise<void> {
    return this.check('update', update);
  }

  checkStateVector(stateVector: Uint8Array): Promise<void> {
    return this.check('stateVector', stateVector);
  }

  prepare(): void {
    if (!this.closed) this.ensureWorker();
  }

  close(): void {
    this.closed = true;
    const error = new Error('guard closed');
    if (this.current) this.finish(error);
    for (const c of this.waiting.splice(0)) c.reject(error);
    this.worker?.terminate();
    this.worker = null;
  }

  private check(kind: CheckKind, bytes: Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(new Error('guard closed'));
    // Cheap refusals need no worker.
    if (bytes.length === 0) return Promise.reject(new Error('empty update'));
    // Inline only when nothing is queued, so checks still settle in arrival order.
    if (bytes.length <= this.inlineMaxBytes && !this.current && !this.waiting.length) {
      try {
        checkDecodes(Y, UPDATE_BOUNDS, kind, bytes);
        return Promise.resolve();
      } catch (e) {
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
    }
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
      this.worker = null;
      worker.terminate();
      this.finish(new Error(`decoding took longer than ${this.timeoutMs} ms`));
    }, this.timeoutMs);
    this.current = { check, timer, worker };
    worker.post(check.kind, check.bytes);
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

  private ensureWorker(): GuardWorker {
    if (this.worker) return this.worker;
    const worker: GuardWorker = this.spawn({
      result: (ok, error) => {
        if (this.current?.worker !== worker) return;
        this.finish(ok ? null : new Error(error ?? 'rejected'));
      },
      died: (e) => {
        if (this.worker === worker) this.worker = null;
        // Only the check this worker was running fails (out of memory, crash).
        if (this.current?.worker === worker) this.finish(e);
      },
    });
    this.worker = worker;
    return worker;
  }
}
