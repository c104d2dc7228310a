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

  it('reports durability after a flush, once per burst, with the state it covers', async () => {
    const file = logFile();
    const reports: Array<Map<number, number>> = [];
    let reported: () => void = () => {};
    const doc = new Y.Doc();
    const log = new UpdateLog(file, {
      durable: true,
      onDurable: (saved) => {
        reports.push(saved);
        reported();
      },
    });
    const nextReport = () => new Promise<void>((r) => (reported = r));
    log.load(doc);
    doc.on('update', (u: Uint8Array) => log.append(u, doc));
    for (let i = 0; i < 20; i++) doc.getArray('items').push([i]);
    expect(reports).toHaveLength(0);
    const first = nextReport();
    // The flush starts in this turn's setImmediate; appends after it wait for the next.
    await new Promise((r) => setImmediate(r));
    for (let i = 20; i < 25; i++) doc.getArray('items').push([i]);
    await first;
    expect(reports).toHaveLength(1);
    expect(reports[0]!.get(doc.clientID)).toBe(20);
    await nextReport();
    expect(reports).toHaveLength(2);
    expect(reports[1]!.get(doc.clientID)).toBe(25);
    log.close();
  });

  it('close() flushes what a flush in flight did not cover, and reports it', () => {
    const file = logFile();
    const reports: Array<Map<number, number>> = [];
    const doc = new Y.Doc();
    const log = new UpdateLog(file, { durable: true, onDurable: (saved) => reports.push(saved) });
    log.load(doc);
    doc.on('update', (u: Uint8Array) => log.append(u, doc));
    doc.getArray('items').push([1, 2, 3]);
    log.close();
    expect(reports.map((r) => r.get(doc.clientID))).toEqual([3]);
    const reopened = new Y.Doc();
    new UpdateLog(file).load(reopened);
    expect(reopened.getArray('items').toArray()).toEqual([1, 2, 3]);
  });
});
