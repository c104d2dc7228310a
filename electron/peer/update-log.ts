/**
 * A document's updates on disk, append-only. Each record is a 4-byte little-endian
 * length, a 4-byte checksum (the first bytes of the update's SHA-256) and the update.
 *
 * Crash safety: a crash mid-write leaves a torn record, and a damaged disk a record
 * whose checksum fails. Loading keeps the intact prefix, cuts the rest off and
 * reports how many bytes it dropped. With `durable`, appends are flushed to the disk
 * (fdatasync) in batches, and `onDurable` says which state is safe from a power cut:
 * only then may a host acknowledge an edit.
 *
 * The flush runs on libuv's thread pool, not the event loop: a host relays edits
 * while the disk syncs (a blocking fdatasync took ~1 ms per edit here, more on a
 * laptop's disk, and every peer's edits waited behind it). So what a flush covers is
 * the document's state vector when it started, not when it ends.
 *
 * When the log grows long it is replaced, atomically (write, fsync, rename, fsync the
 * folder), by one merged update.
 */
import * as fs from 'node:fs';
import path from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import * as Y from 'yjs';

const COMPACT_AFTER = 500;
const HEADER = 8;
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
}

export interface LoadResult {
  records: number;
  /** Bytes cut off the end: a torn or corrupted tail. */
  tornBytes: number;
}

function checksum(update: Uint8Array): Buffer {
  return Buffer.from(sha256(update).subarray(0, 4));
}

function record(update: Uint8Array): Buffer {
  const header = Buffer.alloc(HEADER);
  header.writeUInt32LE(update.length, 0);
  checksum(update).copy(header, 4);
  return Buffer.concat([header, update]);
}

export class UpdateLog {
  private records = 0;
  private fd: number | null = null;
  private doc: Y.Doc | null = null;
  private flushScheduled = false;
  /** An fdatasync in flight on this descriptor: it is closed only when that ends. */
  private flushing: number | null = null;
  private closeAfterFlush = false;

  constructor(
    private readonly path: string,
    private readonly options: UpdateLogOptions = {},
  ) {}

  /** Applies every intact stored update to `doc` and opens the log for appending. */
  load(doc: Y.Doc, origin: unknown = this): LoadResult {
    let data: Buffer;
    try {
      data = fs.readFileSync(this.path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      data = Buffer.alloc(0);
    }
    let offset = 0;
    const updates: Uint8Array[] = [];
    while (offset + HEADER <= data.length) {
      const length = data.readUInt32LE(offset);
      if (offset + HEADER + length > data.length) break;
      const update = new Uint8Array(data.subarray(offset + HEADER, offset + HEADER + length));
      if (!checksum(update).equals(data.subarray(offset + 4, offset + HEADER))) break;
      updates.push(update);
      offset += HEADER + length;
    }
    const tornBytes = data.length - offset;
    if (tornBytes > 0) fs.truncateSync(this.path, offset);
    if (updates.length) Y.applyUpdate(doc, Y.mergeUpdates(updates), origin);
    this.records = updates.length;
    this.doc = doc;
    this.fd = fs.openSync(this.path, 'a');
    return { records: updates.length, tornBytes };
  }

  append(update: Uint8Array, doc: Y.Doc): void {
    if (this.fd === null) throw new Error('UpdateLog.append before load');
    fs.writeSync(this.fd, record(update));
    this.doc = doc;
    if (++this.records > COMPACT_AFTER) this.compact(doc);
    this.scheduleFlush();
  }

  compact(doc: Y.Doc): void {
    const tmp = `${this.path}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    fs.writeSync(fd, record(Y.encodeStateAsUpdate(doc)));
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    if (this.fd !== null) this.closeFd(this.fd);
    fs.renameSync(tmp, this.path);
    syncFolder(path.dirname(this.path));
    this.fd = fs.openSync(this.path, 'a');
    this.records = 1;
  }

  /** What is on the disk once the appends so far are flushed. */
  private savedState(): Map<number, number> {
    return this.doc ? Y.decodeStateVector(Y.encodeStateVector(this.doc)) : new Map();
  }

  close(): void {
    const fd = this.fd;
    this.fd = null;
    if (fd === null) return;
    if (this.flushScheduled || this.flushing !== null) {
      this.flushScheduled = false;
      const saved = this.savedState();
      if (this.options.durable) fs.fdatasyncSync(fd);
      this.options.onDurable?.(saved);
    }
    this.closeFd(fd);
  }

  /** Closes a descriptor now, or when the fdatasync running on it ends. */
  private closeFd(fd: number): void {
    if (this.flushing === fd) this.closeAfterFlush = true;
    else fs.closeSync(fd);
  }

  /** One flush for every burst of appends: group commit. */
  private scheduleFlush(): void {
    if (this.flushScheduled || (!this.options.durable && !this.options.onDurable)) return;
    this.flushScheduled = true;
    if (this.flushing === null) setImmediate(this.flush);
  }

  private readonly flush = (): void => {
    if (!this.flushScheduled || this.flushing !== null || this.fd === null) return;
    this.flushScheduled = false;
    const saved = this.savedState();
    if (!this.options.durable) {
      this.options.onDurable?.(saved);
      return;
    }
    const fd = this.fd;
    this.flushing = fd;
    fs.fdatasync(fd, (error) => {
      this.flushing = null;
      if (this.closeAfterFlush) {
        this.closeAfterFlush = false;
        fs.closeSync(fd);
      }
      if (this.fd === null) return; // closed meanwhile: close() flushed and reported
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

/** A rename is durable once its folder is flushed (not possible on Windows: skipped). */
function syncFolder(folder: string): void {
  let fd: number | null = null;
  try {
    fd = fs.openSync(folder, 'r');
    fs.fsyncSync(fd);
  } catch {
    /* Windows cannot open folders; NTFS journals the rename. */
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}
