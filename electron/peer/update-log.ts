/**
 * A document's updates on disk, append-only: each record is a 4-byte little-endian
 * length and the update. Appends are cheap and a crash mid-write loses at most the
 * record being written: loading stops at a torn tail and cuts it off. When the log
 * grows long it is replaced, atomically (write then rename), by one merged update.
 */
import * as fs from 'node:fs';
import * as Y from 'yjs';

const COMPACT_AFTER = 500;

export class UpdateLog {
  private records = 0;
  private fd: number | null = null;

  constructor(private readonly path: string) {}

  /** Applies every stored update to `doc` and opens the log for appending. */
  load(doc: Y.Doc, origin: unknown = this): { records: number; tornBytes: number } {
    let data: Buffer;
    try {
      data = fs.readFileSync(this.path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      data = Buffer.alloc(0);
    }
    let offset = 0;
    const updates: Uint8Array[] = [];
    while (offset + 4 <= data.length) {
      const length = data.readUInt32LE(offset);
      if (offset + 4 + length > data.length) break;
      updates.push(new Uint8Array(data.subarray(offset + 4, offset + 4 + length)));
      offset += 4 + length;
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
    const header = Buffer.alloc(4);
    header.writeUInt32LE(update.length);
    fs.writeSync(this.fd, Buffer.concat([header, update]));
    if (++this.records > COMPACT_AFTER) this.compact(doc);
  }

  compact(doc: Y.Doc): void {
    const state = Y.encodeStateAsUpdate(doc);
    const header = Buffer.alloc(4);
    header.writeUInt32LE(state.length);
    const tmp = `${this.path}.tmp`;
    fs.writeFileSync(tmp, Buffer.concat([header, state]));
    if (this.fd !== null) fs.closeSync(this.fd);
    fs.renameSync(tmp, this.path);
    this.fd = fs.openSync(this.path, 'a');
    this.records = 1;
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }
}
