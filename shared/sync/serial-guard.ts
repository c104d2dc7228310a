/**
 * An update guard over a worker (a Node worker thread or a browser Web Worker): bytes
 * are decoded there first, with a time limit, so an update crafted to loop or to
 * exhaust memory (yjs issues 479, 498, 687) costs a worker, never the peer.
 *
 * Checks run one at a time, in order: each one's time limit starts when the worker
 * begins it, and when one kills the worker only that check fails; the rest go on to
 * a fresh worker. So a hostile sender cannot get other peers' updates refused.
 *
 * Most checks never reach the worker. Updates are scanned on the calling thread
 * (update-scan.ts: the same reading as Yjs's decoder, building nothing, linear in
 * the input): the scan refuses what the worker would, and only an update that would
 * build more than SCAN_LIMITS.maxUnits objects goes on to the worker's full decode,
 * where its memory is capped. So a typed edit skips the worker round trip, and a
 * joining peer's whole document (a 5,000-node tree: 1.5 MB, 50,000 structs) is
 * checked in milliseconds instead of a cold worker's decode (BENCHMARKS.md, sync).
 * State vectors up to INLINE_CHECK_MAX_BYTES are decoded inline: every loop of the
 * V1 decoder consumes input, so a few kilobytes cannot hang or exhaust anything.
 */

/** State vectors up to this size are decoded inline: at most a few milliseconds. */
export const INLINE_CHECK_MAX_BYTES = 64 * 1024;
import * as Y from 'yjs';
import { checkDecodes } from './update-check';
import { UPDATE_BOUNDS, type UpdateGuard } from './update-guard';
import { SCAN_LIMITS, scanUpdate } from './update-scan';

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
    /** State vectors up to this size are decoded inline; 0: every check goes to the worker. */
    private readonly inlineMaxBytes = INLINE_CHECK_MAX_BYTES,
    private readonly scanLimits = SCAN_LIMITS,
  ) {}

  checkUpdate(update: Uint8Array): Promise<void> {
    return this.check('update', update);
  }

  checkStateVector(stateVector: Uint8Array): Promise<void> {
    return this.check('stateVector', stateVector);
  }

  checkNow(kind: CheckKind, bytes: Uint8Array): boolean {
    if (this.closed) throw new Error('guard closed');
    if (bytes.length === 0) throw new Error('empty update');
    // Only with nothing queued: checks settle in arrival order.
    if (this.current || this.waiting.length) return false;
    return this.passesInline(kind, bytes);
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
    // Queued even when it will be checked inline, so checks settle in arrival order;
    // with nothing in flight, an inline check settles before this returns.
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ kind, bytes, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    while (!this.current && !this.closed) {
      const check = this.waiting.shift();
      if (!check) return;
      if (this.checkedInline(check)) continue;
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
  }

  /** Settles a check on this thread when it can be; false: it needs the worker. */
  private checkedInline(check: Check): boolean {
    try {
      if (!this.passesInline(check.kind, check.bytes)) return false;
      check.resolve();
    } catch (e) {
      check.reject(e instanceof Error ? e : new Error(String(e)));
    }
    return true;
  }

  /** True: passes on this thread; false: needs the worker; throws: refused. */
  private passesInline(kind: CheckKind, bytes: Uint8Array): boolean {
    if (this.inlineMaxBytes === 0) return false;
    if (kind === 'update') return scanUpdate(bytes, UPDATE_BOUNDS, this.scanLimits) === 'ok';
    if (bytes.length > this.inlineMaxBytes) return false;
    checkDecodes(Y, UPDATE_BOUNDS, kind, bytes);
    return true;
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
