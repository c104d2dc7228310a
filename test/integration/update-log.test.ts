/** The host's update log on a real disk: round trip, torn and corrupted tails, compaction. */
import {
  appendFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { UpdateLog } from '../../electron/peer/update-log';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function logFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'canopy-log-'));
  dirs.push(dir);
  return path.join(dir, 'workshop.log');
}

/** Writes `n` edits through a log and closes it; returns the titles written. */
function write(file: string, n: number, options = {}): string[] {
  const doc = new Y.Doc();
  const log = new UpdateLog(file, options);
  log.load(doc);
  doc.on('update', (u: Uint8Array) => log.append(u, doc));
  const items = doc.getArray<string>('items');
  const written: string[] = [];
  for (let i = 0; i < n; i++) {
    items.push([`edit ${i}`]);
    written.push(`edit ${i}`);
  }
  log.close();
  return written;
}

function read(file: string) {
  const doc = new Y.Doc();
  const log = new UpdateLog(file);
  const result = log.load(doc);
  log.close();
  return { items: doc.getArray<string>('items').toArray(), ...result };
}

describe('UpdateLog', () => {
  it('reads back every update written', () => {
    const file = logFile();
    const written = write(file, 50);
    expect(read(file)).toEqual({ items: written, records: 50, tornBytes: 0 });
  });

  it('keeps the intact prefix of a torn tail, cuts the tail off, and says how much', () => {
    const file = logFile();
    const written = write(file, 10);
    const size = statSync(file).size;
    writeFileSync(file, readFileSync(file).subarray(0, size - 3));
    const result = read(file);
    expect(result.items).toEqual(written.slice(0, 9));
    expect(result.tornBytes).toBeGreaterThan(0);
    // Cut off on disk: the next load is clean.
    expect(read(file).tornBytes).toBe(0);
  });

  it('stops at a corrupted record (checksum) instead of applying garbage', () => {
    const file = logFile();
    const written = write(file, 10);
    const data = readFileSync(file);
    data[data.length - 2]! ^= 0xff; // flip bits inside the last update
    writeFileSync(file, data);
    const result = read(file);
    expect(result.items).toEqual(written.slice(0, 9));
    expect(result.tornBytes).toBeGreaterThan(0);
  });

  it('ignores garbage appended after the last record', () => {
    const file = logFile();
    const written = write(file, 5);
    appendFileSync(file, Buffer.from([0xff, 0xff, 0xff, 0x7f, 1, 2, 3, 4, 5, 6, 7, 8]));
    expect(read(file).items).toEqual(written);
  });

  it('compacts a long log into one record, losing nothing', () => {
    const file = logFile();
    const written = write(file, 1200);
    const result = read(file);
    expect(result.items).toEqual(written);
    expect(result.records).toBeLessThan(1200);
  });

  it('reports durability after a flush, once per burst', async () => {
    const file = logFile();
    let durable = 0;
    const doc = new Y.Doc();
    const log = new UpdateLog(file, { durable: true, onDurable: () => durable++ });
    log.load(doc);
    doc.on('update', (u: Uint8Array) => log.append(u, doc));
    for (let i = 0; i < 20; i++) doc.getArray('items').push([i]);
    expect(durable).toBe(0);
    await new Promise((r) => setImmediate(r));
    expect(durable).toBe(1);
    log.close();
  });
});
