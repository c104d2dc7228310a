/**
 * What the update log has on the disk after a power cut, not after `kill -9` (which
 * keeps the page cache, so host-crash.test.ts passes even without fdatasync). The log
 * runs on a file layer that drops every write not yet synced and every name whose
 * folder was not synced after it (power-cut-fs.ts). Every edit the log reported
 * durable must be there after the cut.
 *
 * This test fails if the flush skips its fdatasync, and if the folder is not synced
 * after the log file is first created (both mutations were tried; see the commit).
 */
import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { UpdateLog } from '../../electron/peer/update-log';
import { PowerCutFs } from './power-cut-fs';

const FOLDER = '/data';
const FILE = `${FOLDER}/workshop.log`;

const turn = () => new Promise<void>((r) => setImmediate(r));

function reopen(disk: PowerCutFs) {
  const doc = new Y.Doc();
  const log = new UpdateLog(FILE, { fs: disk });
  const result = log.load(doc);
  log.close();
  return { titles: doc.getArray<string>('items').toArray(), result };
}

/**
 * Edits in bursts (a few per turn of the event loop, so flushes complete between
 * them), then the power goes. Returns the edits acknowledged before the cut, and the
 * disk as found after it.
 */
async function editThenCut(seed: number, edits: number) {
  const disk = new PowerCutFs([FOLDER]);
  const rng = prng.create(seed);
  const doc = new Y.Doc();
  let saved = new Map<number, number>();
  const log = new UpdateLog(FILE, {
    durable: true,
    fs: disk,
    onDurable: (s) => (saved = s),
    // Compactions on the way, both kinds: when edits pause (any timer turn here) and
    // at once past the most records.
    compaction: { after: 100, atMost: 400, quietMs: 0 },
  });
  log.load(doc);
  doc.on('update', (u: Uint8Array) => log.append(u, doc));
  const items = doc.getArray<string>('items');
  const clockAfter: number[] = [];
  for (let i = 0; i < edits; i++) {
    items.push([`edit ${i}`]);
    clockAfter.push(Y.getState(doc.store, doc.clientID));
    if (prng.int32(rng, 0, 3) === 0) await turn();
  }
  // Some flushes complete; the last edits may still be waiting for theirs.
  for (let i = prng.int32(rng, 0, 2); i > 0; i--) await turn();
  const ackedClock = saved.get(doc.clientID) ?? 0;
  const acked = clockAfter.filter((clock) => clock <= ackedClock).length;
  return { acked, after: disk.crash(), calls: disk.calls };
}

describe('the update log after a power cut', () => {
  // Short runs (no compaction: only the creation and the flushes make things
  // durable) and long ones (compactions replace the file on the way).
  for (const [seed, edits] of [
    [1, 40],
    [2, 120],
    [3, 300],
    [4, 700],
    [5, 1300],
  ] as const)
    it(`keeps every acknowledged edit (seed ${seed}, ${edits} edits)`, async () => {
      const { acked, after, calls } = await editThenCut(seed, edits);
      const { titles } = reopen(after);
      console.log(`seed ${seed}: ${acked} of ${edits} edits acknowledged, ${titles.length} found`);
      for (let i = 0; i < acked; i++)
        expect(titles[i], `acknowledged edit ${i} of ${acked} after the power cut`).toBe(
          `edit ${i}`,
        );
      // The run reached what it tests: acknowledgements, made by flushes.
      expect(acked).toBeGreaterThan(0);
      expect(calls.fdatasync).toBeGreaterThan(0);
      // The long runs replaced the file on the way: compactions (and the creation).
      if (edits > 400) expect(calls.rename, 'compactions').toBeGreaterThan(2);
    });

  it('a power cut right after a log is created leaves an empty log, not none', async () => {
    const disk = new PowerCutFs([FOLDER]);
    new UpdateLog(FILE, { durable: true, fs: disk }).load(new Y.Doc());
    expect(disk.crash().list(FOLDER)).toEqual(['workshop.log']);
  });

  it('after a recovery, a power cut keeps the side file and the rewritten log', () => {
    const disk = new PowerCutFs([FOLDER]);
    const doc = new Y.Doc();
    const log = new UpdateLog(FILE, { fs: disk });
    log.load(doc);
    doc.on('update', (u: Uint8Array) => log.append(u, doc));
    for (let i = 0; i < 10; i++) doc.getArray('items').push([`edit ${i}`]);
    log.close();
    // Garbage at the end, made durable as if it had always been there.
    const damaged = Buffer.concat([disk.readFileSync(FILE), Buffer.from('garbage!')]);
    const fd = disk.openSync(FILE, 'w');
    disk.writeSync(fd, damaged);
    disk.fsyncSync(fd);
    disk.closeSync(fd);

    const loaded = new UpdateLog(FILE, { fs: disk }).load(new Y.Doc());
    expect(loaded.damaged).toHaveLength(1);
    const after = disk.crash();
    expect(after.list(FOLDER).filter((n) => n.includes('.unreadable-'))).toHaveLength(1);
    const { titles, result } = reopen(after);
    expect(result.damaged).toEqual([]);
    expect(titles).toHaveLength(10);
  });

  it('the layer itself drops unsynced bytes and names whose folder was not synced', () => {
    const disk = new PowerCutFs([FOLDER]);
    const synced = disk.openSync(`${FOLDER}/a`, 'w');
    disk.writeSync(synced, Buffer.from('kept'));
    disk.fsyncSync(synced);
    disk.writeSync(synced, Buffer.from(' lost'));
    const folder = disk.openSync(FOLDER, 'r');
    disk.fsyncSync(folder);
    const unnamed = disk.openSync(`${FOLDER}/b`, 'w');
    disk.writeSync(unnamed, Buffer.from('no name'));
    disk.fsyncSync(unnamed);
    const after = disk.crash();
    expect(after.list(FOLDER)).toEqual(['a']);
    expect(after.readFileSync(`${FOLDER}/a`).toString()).toBe('kept');
  });
});
