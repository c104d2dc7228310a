/**
 * The host's update log on a real disk: round trip, damage anywhere (a flipped byte in
 * a header, a length, an update; a torn tail; garbage), records that pass their
 * checksum but do not decode, logs written by the previous format, compaction.
 */
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { crc32 } from 'node:zlib';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeRecord, FILE_HEADER, scanLog } from '../../electron/peer/log-format';
import {
  LogDamagedError,
  NewerLogFormatError,
  UpdateLog,
  type UpdateLogOptions,
} from '../../electron/peer/update-log';
import { nodeFileSystem, type LogFileSystem } from '../../electron/peer/durable-files';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function logFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'canopy-log-'));
  dirs.push(dir);
  return path.join(dir, 'workshop.log');
}

/**
 * Writes `n` edits through a log and closes it; returns the titles written and each
 * edit's update (as a peer that still holds them would).
 */
function write(file: string, n: number, options = {}) {
  const doc = new Y.Doc();
  const log = new UpdateLog(file, options);
  log.load(doc);
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => {
    log.append(u, doc);
    updates.push(u);
  });
  const items = doc.getArray<string>('items');
  const written: string[] = [];
  for (let i = 0; i < n; i++) {
    items.push([`edit ${i}`]);
    written.push(`edit ${i}`);
  }
  log.close();
  return Object.assign(written, { updates });
}

function read(file: string, options: UpdateLogOptions = {}) {
  const doc = new Y.Doc();
  const log = new UpdateLog(file, options);
  const result = log.load(doc);
  log.close();
  return { items: doc.getArray<string>('items').toArray(), doc, ...result };
}

/** Where each record starts in the file, and its length. */
const records = (file: string) => scanLog(readFileSync(file)).records;

function flip(file: string, offset: number): void {
  const data = readFileSync(file);
  data[offset]! ^= 0x5a;
  writeFileSync(file, data);
}

const sideFiles = (file: string) =>
  readdirSync(path.dirname(file)).filter((f) => f.startsWith('workshop.log.unreadable-'));

function sideFileLines(file: string) {
  const [name] = sideFiles(file);
  return readFileSync(path.join(path.dirname(file), name!), 'utf8')
    .trim()
    .split('\n')
    .map(
      (l) =>
        JSON.parse(l) as { offset: number; length: number; record: number; reason: string } & {
          bytes: string;
        },
    );
}

/** A log in the format written before issue 17: length, SHA-256 prefix, update. */
function legacyLog(file: string, updates: Uint8Array[]): void {
  const parts = updates.flatMap((u) => {
    const header = Buffer.alloc(8);
    header.writeUInt32LE(u.length, 0);
    createHash('sha256').update(u).digest().copy(header, 4, 0, 4);
    return [header, Buffer.from(u)];
  });
  writeFileSync(file, Buffer.concat(parts));
}

/** The edits as separate updates, from one author, as a log would hold them. */
function edits(n: number): { updates: Uint8Array[]; titles: string[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < n; i++) doc.getArray<string>('items').push([`edit ${i}`]);
  return { updates, titles: doc.getArray<string>('items').toArray() };
}

/**
 * An update that Yjs decodes but cannot apply (it throws while integrating): the
 * first single-bit flip of a real update that does this, found by trying them in order.
 */
function decodesButThrows(): Uint8Array {
  const doc = new Y.Doc();
  const nodes = doc.getMap<Y.Map<unknown>>('nodes');
  for (let i = 0; i < 5; i++) {
    const node = new Y.Map<unknown>();
    nodes.set(`n${i}`, node);
    node.set('title', new Y.Text(`hello ${i}`));
    doc.getArray('order').push([`n${i}`]);
  }
  nodes.delete('n2');
  const base = Y.encodeStateAsUpdate(doc);
  for (let at = 0; at < base.length; at++)
    for (let bit = 0; bit < 8; bit++) {
      const update = Uint8Array.from(base);
      update[at]! ^= 1 << bit;
      try {
        Y.decodeUpdate(update);
      } catch {
        continue;
      }
      try {
        Y.applyUpdate(new Y.Doc(), update);
      } catch {
        return update;
      }
    }
  throw new Error('no such flip: the test needs another base update');
}

describe('UpdateLog', () => {
  it('reads back every update written, in a log with a format header', () => {
    const file = logFile();
    const written = write(file, 50);
    expect(readFileSync(file).subarray(0, FILE_HEADER.length)).toEqual(FILE_HEADER);
    const result = read(file);
    expect(result.items).toEqual([...written]);
    expect(result).toMatchObject({ records: 50, damaged: [], sideFile: null, empty: false });
  });

  it('skips a record with a flipped byte and keeps every record after it', () => {
    const file = logFile();
    const written = write(file, 100);
    const middle = records(file)[50]!;
    flip(file, middle.offset + middle.length - 3); // inside the update
    const before = readFileSync(file);

    const result = read(file);
    expect(result.records).toBe(99);
    expect(result.damaged).toEqual([
      {
        offset: middle.offset,
        length: middle.length,
        record: 50,
        reason: 'checksum does not match',
      },
    ]);
    // Edits 51… wait for edit 50 (same author): the log kept them all, so the one
    // lost update (which a peer still holds) is all it takes.
    expect(result.items).toEqual(written.slice(0, 50));
    Y.applyUpdate(result.doc, written.updates[50]!);
    expect(result.doc.getArray('items').toArray()).toEqual([...written]);

    // The bytes are in the side file, where they were and why; the log is rewritten
    // without them, and loads clean.
    const [line] = sideFileLines(file);
    expect(line).toMatchObject({ offset: middle.offset, record: 50 });
    expect(Buffer.from(line!.bytes, 'base64')).toEqual(
      before.subarray(middle.offset, middle.offset + middle.length),
    );
    const again = read(file);
    expect(again).toMatchObject({ damaged: [], sideFile: null });
    Y.applyUpdate(again.doc, written.updates[50]!);
    expect(again.doc.getArray('items').toArray()).toEqual([...written]);
  });

  it('finds the next record whichever byte of a record is flipped: mark, length, checksums, update', () => {
    const file = logFile();
    const written = write(file, 12);
    const pristine = readFileSync(file);
    const target = records(file)[5]!;
    for (let at = target.offset; at < target.offset + target.length; at++) {
      const data = Buffer.from(pristine);
      data[at]! ^= 0x5a;
      const copy = logFile(); // a folder of its own: the side file is this flip's
      writeFileSync(copy, data);
      const result = read(copy);
      expect(result.records, `byte ${at - target.offset} of record 5`).toBe(11);
      expect(result.damaged.map((d) => d.record)).toEqual([5]);
      expect(sideFiles(copy)).toHaveLength(1);
      Y.applyUpdate(result.doc, written.updates[5]!);
      expect(result.doc.getArray('items').toArray()).toEqual([...written]);
    }
  });

  it('keeps the intact records of a torn tail and sets the tail aside', () => {
    const file = logFile();
    const written = write(file, 10);
    const size = statSync(file).size;
    writeFileSync(file, readFileSync(file).subarray(0, size - 3));
    const result = read(file);
    expect(result.items).toEqual(written.slice(0, 9));
    expect(result.damaged).toMatchObject([
      { record: 9, reason: 'cut short (a crash during a write)' },
    ]);
    expect(sideFiles(file)).toHaveLength(1);
    // Rewritten without it: the next load is clean.
    expect(read(file).damaged).toEqual([]);
  });

  it('sets aside garbage appended after the last record', () => {
    const file = logFile();
    const written = write(file, 5);
    const garbage = Buffer.from([0xff, 0xff, 0xff, 0x7f, 1, 2, 3, 4, 5, 6, 7, 8]);
    appendFileSync(file, garbage);
    const result = read(file);
    expect(result.items).toEqual([...written]);
    expect(result.damaged).toMatchObject([{ length: garbage.length, record: 5 }]);
    expect(Buffer.from(sideFileLines(file)[0]!.bytes, 'base64')).toEqual(garbage);
  });

  it('sets aside a record that passes its checksum but does not decode, with the others applied', () => {
    const file = logFile();
    const { updates, titles } = edits(6);
    const garbage = new Uint8Array([0xff, 0x13, 0x37, 0x42, 0x99, 0x01, 0xee]);
    writeFileSync(
      file,
      Buffer.concat([
        FILE_HEADER,
        ...updates.slice(0, 3).map(encodeRecord),
        encodeRecord(garbage),
        ...updates.slice(3).map(encodeRecord),
      ]),
    );
    const result = read(file);
    expect(result.items).toEqual(titles);
    expect(result.damaged).toMatchObject([{ record: 3, reason: 'does not decode' }]);
    expect(Buffer.from(sideFileLines(file)[0]!.bytes, 'base64').subarray(16)).toEqual(
      Buffer.from(garbage),
    );
    expect(read(file).damaged).toEqual([]);
  });

  it('sets aside a record that decodes but throws when applied, with the others applied', () => {
    const file = logFile();
    const { updates, titles } = edits(6);
    const poison = decodesButThrows();
    writeFileSync(
      file,
      Buffer.concat([
        FILE_HEADER,
        ...updates.slice(0, 2).map(encodeRecord),
        encodeRecord(poison),
        ...updates.slice(2).map(encodeRecord),
      ]),
    );
    const result = read(file);
    expect(result.items).toEqual(titles);
    expect(result.damaged).toMatchObject([{ record: 2, reason: 'does not decode' }]);
    // The document is usable, and the rewritten log loads clean with the same edits.
    const again = read(file);
    expect(again).toMatchObject({ damaged: [], records: 1 });
    expect(again.items).toEqual(titles);
  });

  it('refuses a log damaged at its first record, changing nothing, and says where', () => {
    const file = logFile();
    write(file, 20);
    const first = records(file)[0]!;
    flip(file, first.offset + 20);
    const before = readFileSync(file);
    let error: unknown;
    try {
      read(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LogDamagedError);
    expect((error as Error).message).toContain(
      `CANOPY-201: the log ${file} is damaged at its first record (record 0, bytes 16–${first.offset + first.length - 1}`,
    );
    expect((error as LogDamagedError).readable).toBe(19);
    expect(readFileSync(file)).toEqual(before);
    expect(sideFiles(file)).toEqual([]);
  });

  it('with recover, loads what it can after a damaged first record and never looks new again', () => {
    const file = logFile();
    const written = write(file, 20);
    flip(file, records(file)[0]!.offset + 20);
    const result = read(file, { recover: true });
    expect(result).toMatchObject({ records: 19, empty: false });
    expect(result.damaged.map((d) => d.record)).toEqual([0]);
    expect(sideFiles(file)).toHaveLength(1);
    Y.applyUpdate(result.doc, written.updates[0]!);
    expect(result.doc.getArray('items').toArray()).toEqual([...written]);
    // Even when nothing at all could be read, the rewritten log is not a new one.
    const lone = logFile();
    write(lone, 1);
    flip(lone, records(lone)[0]!.offset + 18);
    expect(read(lone, { recover: true })).toMatchObject({ records: 0, empty: false });
    expect(read(lone)).toMatchObject({ records: 1, empty: false, damaged: [] });
  });

  it('refuses a first record that passes its checksum but does not decode', () => {
    const file = logFile();
    const { updates } = edits(3);
    writeFileSync(
      file,
      Buffer.concat([
        FILE_HEADER,
        encodeRecord(new Uint8Array([0xff, 1, 2])),
        ...updates.map(encodeRecord),
      ]),
    );
    expect(() => read(file)).toThrow(/record 0, .*does not decode/);
  });

  it('reads a log of the previous format whole and rewrites it in the current one', () => {
    const file = logFile();
    const { updates, titles } = edits(30);
    legacyLog(file, updates);
    const result = read(file);
    expect(result).toMatchObject({ format: 1, records: 30, damaged: [], sideFile: null });
    expect(result.items).toEqual(titles);
    expect(readFileSync(file).subarray(0, FILE_HEADER.length)).toEqual(FILE_HEADER);
    const again = read(file);
    expect(again).toMatchObject({ format: 2, damaged: [] });
    expect(again.items).toEqual(titles);
  });

  it('keeps the records after a flipped byte in a log of the previous format', () => {
    const file = logFile();
    const { updates, titles } = edits(30);
    legacyLog(file, updates);
    const offset = updates.slice(0, 15).reduce((sum, u) => sum + 8 + u.length, 0);
    flip(file, offset + 1); // the length of record 15
    const result = read(file);
    expect(result.records).toBe(29);
    expect(result.damaged).toMatchObject([{ offset, record: 15 }]);
    Y.applyUpdate(result.doc, updates[15]!);
    expect(result.doc.getArray('items').toArray()).toEqual(titles);
  });

  it('a header cut short at creation is a new log; a newer format is left alone', () => {
    const file = logFile();
    writeFileSync(file, FILE_HEADER.subarray(0, 5));
    expect(read(file)).toMatchObject({ empty: true, records: 0 });
    expect(read(file)).toMatchObject({ empty: true, damaged: [] });

    const newer = Buffer.from(FILE_HEADER);
    newer.writeUInt32LE(3, 8);
    newer.writeUInt32LE(crc32(newer.subarray(0, 12)), 12);
    writeFileSync(file, newer);
    expect(() => read(file)).toThrow(NewerLogFormatError);
    expect(readFileSync(file)).toEqual(newer);
  });

  it('compacts a long log into one record, losing nothing', () => {
    const file = logFile();
    const written = write(file, 1200);
    const result = read(file);
    expect(result.items).toEqual([...written]);
    expect(result.records).toBeLessThan(1200);
  });

  it.skipIf(process.platform === 'win32')('creates the log and its side files owner-only', () => {
    const file = logFile();
    write(file, 3);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    appendFileSync(file, Buffer.from('garbage'));
    read(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(path.dirname(file), sideFiles(file)[0]!)).mode & 0o777).toBe(0o600);
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
    // The appends are written at the end of this task, and the flush starts in the
    // setImmediate after that; appends after it wait for the next.
    await Promise.resolve();
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

/** node:fs, but writes fail while `full` is set, and opening for append while `noAppendOpen` is. */
function failingDisk() {
  const state = { full: false, noAppendOpen: false };
  const fs = {
    ...nodeFileSystem,
    writeSync: (fd: number, data: Uint8Array) => {
      if (state.full)
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      return nodeFileSystem.writeSync(fd, data);
    },
    openSync: (file: string, flags: 'a' | 'w' | 'wx' | 'r', mode?: number) => {
      if (state.noAppendOpen && flags === 'a')
        throw Object.assign(new Error('EMFILE: too many open files'), { code: 'EMFILE' });
      return nodeFileSystem.openSync(file, flags, mode);
    },
  } as LogFileSystem;
  return { state, fs };
}

describe('UpdateLog writes at the end of the task', () => {
  it('writes after the update event, so a host relays first', async () => {
    const file = logFile();
    const doc = new Y.Doc();
    const log = new UpdateLog(file);
    log.load(doc);
    doc.on('update', (u: Uint8Array) => log.append(u, doc));
    const sizes: number[] = [];
    // A later listener, as a peer's channel is: the record is not written yet.
    doc.on('update', () => sizes.push(statSync(file).size));
    const before = statSync(file).size;
    doc.getArray('items').push(['a']);
    doc.getArray('items').push(['b']);
    expect(sizes).toEqual([before, before]);
    await Promise.resolve();
    expect(statSync(file).size).toBeGreaterThan(before);
    log.close();
    const reopened = new Y.Doc();
    new UpdateLog(file).load(reopened);
    expect(reopened.getArray('items').toArray()).toEqual(['a', 'b']);
  });

  it('keeps what a full disk refused, reports none of it durable, and writes it later', async () => {
    const file = logFile();
    const { state, fs: disk } = failingDisk();
    const errors: string[] = [];
    const reports: number[] = [];
    let reported: () => void = () => {};
    const doc = new Y.Doc();
    const log = new UpdateLog(file, {
      durable: true,
      fs: disk,
      onError: (e) => errors.push((e as NodeJS.ErrnoException).code ?? e.message),
      onDurable: (saved) => {
        reports.push(saved.get(doc.clientID) ?? 0);
        reported();
      },
    });
    log.load(doc);
    doc.on('update', (u: Uint8Array) => log.append(u, doc));
    state.full = true;
    doc.getArray('items').push([1, 2, 3]);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(errors).toEqual(['ENOSPC']);
    expect(reports.filter((clock) => clock > 0)).toEqual([]);
    state.full = false;
    await new Promise<void>((r) => (reported = r)); // the retry, a second later
    expect(reports.at(-1)).toBe(3);
    log.close();
    const reopened = new Y.Doc();
    new UpdateLog(file).load(reopened);
    expect(reopened.getArray('items').toArray()).toEqual([1, 2, 3]);
  });
});

describe('UpdateLog on a failing disk', () => {
  it('syncNow says what it could not write, with a numbered error', () => {
    const file = logFile();
    const { state, fs } = failingDisk();
    const doc = new Y.Doc();
    const log = new UpdateLog(file, { durable: true, fs, onError: () => {} });
    log.load(doc);
    doc.on('update', (u: Uint8Array) => log.append(u, doc));
    state.full = true;
    doc.getArray('items').push(['first']);
    expect(() => log.syncNow()).toThrow(/CANOPY-202: could not write to the log .*ENOSPC/);
    state.full = false;
    log.syncNow();
    log.close();
    expect(read(file).items).toEqual(['first']);
  });

  it('keeps writing after a compaction could not open the log again', async () => {
    const file = logFile();
    const { state, fs } = failingDisk();
    const errors: string[] = [];
    const reports: number[] = [];
    const doc = new Y.Doc();
    const log = new UpdateLog(file, {
      durable: true,
      fs,
      compaction: { after: 5, atMost: 10, quietMs: 60_000 },
      onError: (e) => errors.push((e as NodeJS.ErrnoException).code ?? e.message),
      onDurable: (saved) => reports.push(saved.get(doc.clientID) ?? 0),
    });
    log.load(doc);
    doc.on('update', (u: Uint8Array) => log.append(u, doc));
    const turn = () => new Promise((r) => setImmediate(r));
    for (let i = 0; i < 10; i++) {
      doc.getArray('items').push([i]);
      await turn();
    }
    state.noAppendOpen = true;
    doc.getArray('items').push([10]); // past atMost: a compaction, then no log to append to
    await turn();
    expect(errors).toContain('EMFILE');
    state.noAppendOpen = false;
    doc.getArray('items').push([11]);
    await new Promise((r) => setTimeout(r, 50));
    expect(reports.at(-1)).toBe(12);
    log.close();
    expect(read(file).items).toEqual([...Array(12).keys()]);
  });
});

describe('UpdateLog compaction', () => {
  it('compacts once edits pause, and at once only past the most records', async () => {
    const file = logFile();
    const doc = new Y.Doc();
    const log = new UpdateLog(file, { compaction: { after: 10, atMost: 50, quietMs: 100 } });
    log.load(doc);
    doc.on('update', (u: Uint8Array) => log.append(u, doc));
    const items = doc.getArray<number>('items');
    const turn = () => new Promise((r) => setImmediate(r));
    // A burst, one edit per task: past `after`, but no pause yet.
    for (let i = 0; i < 30; i++) {
      items.push([i]);
      await turn();
    }
    expect(records(file)).toHaveLength(30);
    // Past `atMost`: compacted at once, whatever the pace.
    for (let i = 30; i < 70; i++) {
      items.push([i]);
      await turn();
    }
    expect(records(file).length).toBeLessThan(25);
    // A pause: compacted to one record.
    await new Promise((r) => setTimeout(r, 250));
    expect(records(file)).toHaveLength(1);
    log.close();
    expect(read(file).items).toEqual([...Array(70).keys()]);
  });
});
