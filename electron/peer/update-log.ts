/**
 * A document's updates on disk, append-only. Each record is a 4-byte little-endian
 * length, a 4-byte checksum (the first bytes of the update's SHA-256) and the update.
 *
 * Crash safety: a crash mid-write leaves a torn record, and a damaged disk a record
 * whose checksum fails. Loading keeps the intact prefix, cuts the rest off and
 * reports how many bytes it dropped. With `durable`, appends are flushed to the disk
 * (fdatasync) in batches, and `onDurable` says when everything appended so far is
 * safe from a power cut: only then may a host acknowledge an edit.
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

export interface UpdateLogOptions {
  /** Flush appends to the disk before reporting them durable. */
  durable?: boolean;
  /** Called after each flush, once what was appended before it is on the disk. */
  onDurable?(): void;
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
  private flushScheduled = false;

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
    this.fd = fs.openSync(this.path, 'a');
    return { records: updates.length, tornBytes };
  }

  append(update: Uint8Array, doc: Y.Doc): void {
    if (this.fd === null) throw new Error('UpdateLog.append before load');
    fs.writeSync(this.fd, record(update));
    if (++this.records > COMPACT_AFTER) this.compact(doc);
    this.scheduleFlush();
  }

  compact(doc: Y.Doc): void {
    const tmp = `${this.path}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    fs.writeSync(fd, record(Y.encodeStateAsUpdate(doc)));
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    if (this.fd !== null) fs.closeSync(this.fd);
    fs.renameSync(tmp, this.path);
    syncFolder(path.dirname(this.path));
    this.fd = fs.openSync(this.path, 'a');
    this.records = 1;
  }

  /** Flushes now; resolves when appended updates are on the disk. */
  flush(): void {
    this.flushScheduled = false;
    if (this.fd === null) return;
    if (this.options.durable) fs.fdatasyncSync(this.fd);
    this.options.onDurable?.();
  }

  close(): void {
    if (this.fd !== null) {
      if (this.flushScheduled) this.flush();
      fs.closeSync(this.fd);
    }
    this.fd = null;
  }

  /** One flush for every burst of appends: group commit. */
  private scheduleFlush(): void {
    if (this.flushScheduled || (!this.options.durable && !this.options.onDurable)) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }
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
