/**
 * A document's updates on disk, append-only, one checksummed record per update (the
 * format, and how a scan finds records again after damage: log-format.ts).
 *
 * Damage loses only what it hits. Loading skips a damaged record and keeps every
 * record after it; a record that passes its checksum but does not decode is set
 * aside too. The bytes not used are copied to a side file next to the log
 * (LOG.unreadable-TIME.jsonl: where each came from, why, and the bytes), never
 * deleted, and the log is rewritten without them. Peers that still hold the lost
 * updates give them back on their next sync. Damage at the first record (which holds
 * the start of the document, and after compaction all of it) is refused with a
 * LogDamagedError unless `recover` is set: a caller must never start a new document
 * over a log that had one. A log in format 1 is read and rewritten in format 2.
 *
 * With `durable`, appends are flushed to the disk (fdatasync) in batches, and
 * `onDurable` says which state is safe from a power cut: only then may a host
 * acknowledge an edit. The flush runs on libuv's thread pool, not the event loop: a
 * host relays edits while the disk syncs (a blocking fdatasync took ~1 ms per edit
 * here, more on a laptop's disk, and every peer's edits waited behind it). So what a
 * flush covers is the document's state vector when it started, not when it ends.
 *
 * A new log, a compaction (one merged update once the log grows long) and a rewrite
 * replace the file atomically: write, fsync, rename, fsync the folder.
 */
import path from 'node:path';
import * as Y from 'yjs';
import {
  nodeFileSystem,
  replaceFile,
  syncFolder,
  writeAll,
  PRIVATE_FILE_MODE,
  type LogFileSystem,
} from './durable-files';
import { encodeRecord, FILE_HEADER, scanLog, type DamagedRegion } from './log-format';
import { apply, decodable, LogDamagedError, LogWriteError } from './log-load';

export { NewerLogFormatError, type DamagedRegion } from './log-format';
export { describeRegion, LogDamagedError, LogWriteError } from './log-load';

/**
 * When to compact (one merged record replaces the log): once the log holds more than
 * `after` records and edits have paused for `quietMs`, and at once past `atMost`.
 * Compacting encodes the whole document on the event loop (23-52 ms for 5,000 nodes)
 * and replaces the file with fsyncs: done every 500 records, it stalled an edit in
 * every 500 for every peer. A workshop pauses often; a log that never pauses is
 * compacted at 2,000 records, which still loads in about 130 ms (merged) here.
 */
export const DEFAULT_COMPACTION = { after: 500, atMost: 2000, quietMs: 2000 };
const RETRY_FLUSH_MS = 1000;

export interface UpdateLogOptions {
  /** Flush appends to the disk before reporting them durable. */
  durable?: boolean;
  /**
   * Called after each flush with the state vector of the document as it was when the
   * flush started: everything in it is on the disk.
   */
  onDurable?(saved: Map<number, number>): void;
  /** A flush failed (the disk is full or gone): nothing was acknowledged; it is retried. */
  onError?(error: Error): void;
  /** Load a log whose first record is damaged, with what can be read. */
  recover?: boolean;
  /** The file operations (node:fs); tests pass one that models a power cut. */
  fs?: LogFileSystem;
  /** When to compact (tests compact sooner). */
  compaction?: typeof DEFAULT_COMPACTION;
}

export interface LoadResult {
  /** Records applied to the document. */
  records: number;
  /** Nothing was stored yet (no file, or a file with no record): a new document. */
  empty: boolean;
  /** The format the file was in: 1 is rewritten in format 2. */
  format: 1 | 2;
  /** What was not used, by offset in the file as it was read. */
  damaged: DamagedRegion[];
  /** Where the damaged bytes were copied, if any. */
  sideFile: string | null;
}

export class UpdateLog {
  private records = 0;
  /** Appended in this task, written at its end (append). */
  private pending: Uint8Array[] = [];
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private lastWriteError: Error | null = null;
  /** Not loaded yet, or closed: nothing is written. */
  private closed = true;
  private quietTimer: ReturnType<typeof setTimeout> | null = null;
  private lastAppend = 0;
  private readonly compaction: typeof DEFAULT_COMPACTION;
  private fd: number | null = null;
  private doc: Y.Doc | null = null;
  private flushScheduled = false;
  /** An fdatasync in flight on this descriptor: it is closed only when that ends. */
  private flushing: number | null = null;
  private closeAfterFlush = false;
  private readonly fs: LogFileSystem;

  constructor(
    private readonly path: string,
    private readonly options: UpdateLogOptions = {},
  ) {
    this.fs = options.fs ?? nodeFileSystem;
    this.compaction = options.compaction ?? DEFAULT_COMPACTION;
  }

  /** Applies every readable stored update to `doc` and opens the log for appending. */
  load(doc: Y.Doc, origin: unknown = this): LoadResult {
    let data: Buffer;
    try {
      data = this.fs.readFileSync(this.path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      data = Buffer.alloc(0);
    }
    const scan = scanLog(data);
    const { usable, undecodable } = decodable(scan.records);
    const damaged = [...scan.damaged, ...undecodable].sort((a, b) => a.offset - b.offset);
    const firstLost = damaged.some((r) => r.record === 0 && r.reason !== 'file header damaged');
    if (firstLost && !this.options.recover)
      throw new LogDamagedError(this.path, damaged, usable.length);

    const failed = apply(doc, usable, origin);
    damaged.push(...failed);
    damaged.sort((a, b) => a.offset - b.offset);
    const applied = usable.length - failed.length;
    const sideFile = damaged.length ? this.setAside(data, damaged) : null;
    this.doc = doc;
    // No record, nothing lost but a header cut short at creation: a new log.
    const empty =
      scan.records.length === 0 && damaged.every((r) => r.reason === 'file header damaged');
    if (empty) {
      if (data.length === 0 || damaged.length) replaceFile(this.path, [FILE_HEADER], this.fs);
      this.records = 0;
    } else if (scan.format !== 2 || damaged.length) {
      // Without the bytes set aside, in the current format, and never empty: a log
      // that had a document must not look like a new one.
      this.rewrite(doc);
    } else this.records = applied;
    this.fd = this.fs.openSync(this.path, 'a', PRIVATE_FILE_MODE);
    this.closed = false;
    return {
      records: applied,
      empty,
      format: scan.format,
      damaged,
      sideFile,
    };
  }

  /**
   * Stores `update` at the end of the current task. A host calls this from the
   * document's update event, where its peers' channels relay the same update: the
   * write (about 35 µs) and a compaction (30-50 ms) no longer delay the relay. Nothing
   * is reported durable before it is written: every flush, close and compaction writes
   * what is waiting first.
   */
  append(update: Uint8Array, doc: Y.Doc): void {
    if (this.closed) throw new Error('UpdateLog.append before load or after close');
    this.doc = doc;
    this.lastAppend = Date.now();
    if (this.pending.push(update) === 1) queueMicrotask(this.writePending);
  }

  /**
   * Writes the records waiting for the end of the task, in one write. Returns whether
   * nothing is left waiting: a failed write (a full disk) keeps them, says so through
   * `onError`, and is tried again; until then no flush reports them durable.
   */
  private readonly writePending = (): boolean => {
    const updates = this.pending;
    if (!updates.length || this.closed || !this.doc) return !updates.length;
    try {
      // The document holds every waiting update: one compaction covers them all. If it
      // fails (no room for a second copy), the records are appended as they are.
      if (this.records + updates.length > this.compaction.atMost) this.tryCompact();
      // A compaction that could not open the log again left none: open it now.
      this.fd ??= this.fs.openSync(this.path, 'a', PRIVATE_FILE_MODE);
      if (this.pending.length) {
        writeAll(this.fs, this.fd, Buffer.concat(updates.map((u) => encodeRecord(u))));
        this.records += updates.length;
        this.pending = [];
      }
      if (this.records > this.compaction.after) this.compactWhenQuiet();
    } catch (e) {
      this.lastWriteError = e as Error;
      this.options.onError?.(e as Error);
      if (!this.retryTimer)
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          this.writePending();
        }, RETRY_FLUSH_MS).unref();
      return false;
    }
    this.scheduleFlush();
    return true;
  };

  private tryCompact(): void {
    try {
      this.compact(this.doc!);
    } catch (e) {
      this.options.onError?.(e as Error);
    }
  }

  /** Compacts once no record has been appended for `quietMs`. */
  private compactWhenQuiet(): void {
    if (this.quietTimer) return;
    const check = () => {
      this.quietTimer = null;
      if (this.closed || this.records <= this.compaction.after) return;
      const wait = this.lastAppend + this.compaction.quietMs - Date.now();
      if (wait > 0) this.quietTimer = setTimeout(check, wait).unref();
      else if (this.writePending()) this.tryCompact();
    };
    this.quietTimer = setTimeout(check, this.compaction.quietMs).unref();
  }

  compact(doc: Y.Doc): void {
    if (this.fd !== null) this.closeFd(this.fd);
    this.fd = null;
    try {
      this.rewrite(doc);
      this.pending = [];
    } finally {
      // After a failed rewrite, the log as it was (replaceFile renames only at the end).
      this.fd = this.fs.openSync(this.path, 'a', PRIVATE_FILE_MODE);
    }
  }

  /** Flushes what was appended so far now (the first record of a new document). */
  syncNow(): void {
    if (!this.writePending()) throw new LogWriteError(this.path, this.lastWriteError);
    if (this.fd !== null && this.options.durable) this.fs.fdatasyncSync(this.fd);
  }

  private rewrite(doc: Y.Doc): void {
    replaceFile(this.path, [FILE_HEADER, encodeRecord(Y.encodeStateAsUpdate(doc))], this.fs);
    this.records = 1;
  }

  /**
   * Copies the bytes not used to a new side file next to the log, flushed before the
   * log is rewritten without them: one JSON line per region, with its bytes in base64.
   */
  private setAside(data: Buffer, damaged: DamagedRegion[]): string {
    const stamp = new Date()
      .toISOString()
      .replace(/\.\d+Z$/, 'Z')
      .replaceAll(':', '-');
    const lines = damaged.map((region) =>
      JSON.stringify({
        log: path.basename(this.path),
        ...region,
        bytes: data.subarray(region.offset, region.offset + region.length).toString('base64'),
      }),
    );
    for (let n = 1; ; n++) {
      const file = `${this.path}.unreadable-${stamp}${n > 1 ? `-${n}` : ''}.jsonl`;
      let fd: number;
      try {
        fd = this.fs.openSync(file, 'wx', PRIVATE_FILE_MODE);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw e;
      }
      try {
        writeAll(this.fs, fd, Buffer.from(`${lines.join('\n')}\n`));
        this.fs.fsyncSync(fd);
      } finally {
        this.fs.closeSync(fd);
      }
      syncFolder(this.fs, path.dirname(file));
      return file;
    }
  }

  /** What is on the disk once the appends so far are flushed. */
  private savedState(): Map<number, number> {
    return this.doc ? Y.decodeStateVector(Y.encodeStateVector(this.doc)) : new Map();
  }

  close(): void {
    // What cannot be written now is not reported durable: the peers that sent it
    // still hold it and give it back next time.
    const written = this.writePending();
    this.closed = true;
    // A long log is compacted on the way out: the next start reads one record.
    if (written && this.fd !== null && this.records > this.compaction.after) this.tryCompact();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.retryTimer = this.quietTimer = null;
    this.pending = [];
    const fd = this.fd;
    this.fd = null;
    if (fd === null) return;
    if (written && (this.flushScheduled || this.flushing !== null)) {
      this.flushScheduled = false;
      const saved = this.savedState();
      if (this.options.durable) this.fs.fdatasyncSync(fd);
      this.options.onDurable?.(saved);
    }
    this.closeFd(fd);
  }

  /** Closes a descriptor now, or when the fdatasync running on it ends. */
  private closeFd(fd: number): void {
    if (this.flushing === fd) this.closeAfterFlush = true;
    else this.fs.closeSync(fd);
  }

  /** One flush for every burst of appends: group commit. */
  private scheduleFlush(): void {
    if (this.flushScheduled || (!this.options.durable && !this.options.onDurable)) return;
    this.flushScheduled = true;
    if (this.flushing === null) setImmediate(this.flush);
  }

  private readonly flush = (): void => {
    if (!this.flushScheduled || this.flushing !== null) return;
    // Not until what waits is written: its retry schedules the flush again.
    if (this.closed || !this.writePending() || this.fd === null) {
      this.flushScheduled = false;
      return;
    }
    this.flushScheduled = false;
    const saved = this.savedState();
    if (!this.options.durable) {
      this.options.onDurable?.(saved);
      return;
    }
    const fd = this.fd;
    this.flushing = fd;
    this.fs.fdatasync(fd, (error) => {
      this.flushing = null;
      if (this.closeAfterFlush) {
        this.closeAfterFlush = false;
        this.fs.closeSync(fd);
      }
      if (this.closed) return; // closed meanwhile: close() flushed and reported
      if (error) {
        // Nothing is acknowledged; try again in a while rather than spin on a bad disk.
        this.options.onError?.(error);
        this.flushScheduled = true;
        setTimeout(this.flush, RETRY_FLUSH_MS).unref();
        return;
      }
      this.options.onDurable?.(saved);
      if (this.flushScheduled) setImmediate(this.flush);
    });
  };
}
