import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  INLINE_CHECK_MAX_BYTES,
  SerialWorkerGuard,
  type CheckKind,
  type GuardWorkerEvents,
} from '../../../shared/sync/serial-guard';
import { checkDecodes } from '../../../shared/sync/update-check';
import { UPDATE_BOUNDS } from '../../../shared/sync/update-guard';
import { SCAN_LIMITS } from '../../../shared/sync/update-scan';

/** The scan's budget in these tests: an update of more than 100 structs is 'large'. */
const SMALL_SCAN = { ...SCAN_LIMITS, maxUnits: 100 };

/** A guard over a fake worker that runs checkDecodes when the test says so. */
function fakeGuard(inlineMaxBytes?: number) {
  const posted: Array<{ kind: CheckKind; bytes: Uint8Array; events: GuardWorkerEvents }> = [];
  let spawned = 0;
  const guard = new SerialWorkerGuard(
    (events) => {
      spawned++;
      return { post: (kind, bytes) => posted.push({ kind, bytes, events }), terminate() {} };
    },
    2000,
    inlineMaxBytes,
    SMALL_SCAN,
  );
  /** The fake worker finishes its oldest check. */
  const answer = () => {
    const p = posted.shift()!;
    try {
      checkDecodes(Y, UPDATE_BOUNDS, p.kind, p.bytes);
      p.events.result(true);
    } catch (e) {
      p.events.result(false, (e as Error).message);
    }
  };
  return { guard, posted, answer, spawned: () => spawned };
}

function textUpdate(chars: number): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, 'x'.repeat(chars));
  return Y.encodeStateAsUpdate(doc);
}

/** A V1 update of `count` one-byte GC structs: the most structs per input byte. */
function tinyStructs(count: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, count);
  encoding.writeVarUint(e, 7);
  encoding.writeVarUint(e, 0);
  for (let i = 0; i < count; i++) {
    encoding.writeUint8(e, 0);
    encoding.writeVarUint(e, 1);
  }
  encoding.writeVarUint(e, 0);
  return encoding.toUint8Array(e);
}

describe('SerialWorkerGuard', () => {
  it('checks a small update on the calling thread: no worker is started', async () => {
    const { guard, spawned } = fakeGuard();
    await expect(guard.checkUpdate(textUpdate(20))).resolves.toBeUndefined();
    await expect(guard.checkStateVector(Y.encodeStateVector(new Y.Doc()))).resolves.toBeUndefined();
    await expect(guard.checkUpdate(new Uint8Array(20).fill(0xff))).rejects.toThrow();
    await expect(guard.checkUpdate(tinyStructs(1).slice(0, 4))).rejects.toThrow();
    expect(spawned()).toBe(0);
  });

  it('scans a whole document inline: no worker is started', async () => {
    const { guard, spawned } = fakeGuard();
    // Far above the old 64 kB inline limit, and few structs.
    await expect(guard.checkUpdate(textUpdate(1_000_000))).resolves.toBeUndefined();
    await expect(guard.checkUpdate(tinyStructs(50))).resolves.toBeUndefined();
    await expect(guard.checkUpdate(tinyStructs(50).slice(0, -2))).rejects.toThrow();
    expect(spawned()).toBe(0);
  });

  it('sends an update of more structs than the scan judges to the worker', async () => {
    const { guard, posted, answer, spawned } = fakeGuard();
    const checked = guard.checkUpdate(tinyStructs(SMALL_SCAN.maxUnits + 1));
    expect(spawned()).toBe(1);
    expect(posted).toHaveLength(1);
    answer();
    await expect(checked).resolves.toBeUndefined();
  });

  it('keeps arrival order: an update behind a worker check waits, then is scanned inline', async () => {
    const { guard, posted, answer } = fakeGuard();
    const settled: string[] = [];
    const big = guard.checkUpdate(tinyStructs(SMALL_SCAN.maxUnits + 1)).then(() => {
      settled.push('big');
    });
    const small = guard.checkUpdate(textUpdate(5)).then(() => {
      settled.push('small');
    });
    await Promise.resolve();
    expect(settled).toEqual([]);
    answer();
    await big;
    await small;
    expect(settled).toEqual(['big', 'small']);
    expect(posted).toHaveLength(0);
  });

  it('decodes a state vector above the inline size in the worker', async () => {
    const { guard, posted, answer } = fakeGuard();
    const e = encoding.createEncoder();
    const clients = INLINE_CHECK_MAX_BYTES / 2; // 4 bytes each
    encoding.writeVarUint(e, clients);
    for (let c = 0; c < clients; c++) {
      encoding.writeVarUint(e, 20_000 + c);
      encoding.writeVarUint(e, 1);
    }
    const checked = guard.checkStateVector(encoding.toUint8Array(e));
    expect(posted).toHaveLength(1);
    answer();
    await expect(checked).resolves.toBeUndefined();
  });

  it('answers at once when it can: passes, refuses, or says the check must wait', async () => {
    const { guard, answer, spawned } = fakeGuard();
    expect(guard.checkNow('update', textUpdate(5))).toBe(true);
    expect(guard.checkNow('stateVector', Y.encodeStateVector(new Y.Doc()))).toBe(true);
    expect(() => guard.checkNow('update', new Uint8Array(20).fill(0xff))).toThrow();
    expect(() => guard.checkNow('update', new Uint8Array(0))).toThrow();
    // Too many structs to judge here: the worker's turn, not an answer.
    expect(guard.checkNow('update', tinyStructs(SMALL_SCAN.maxUnits + 1))).toBe(false);
    expect(spawned()).toBe(0);
    // While a check waits for the worker, even a small one waits behind it.
    const big = guard.checkUpdate(tinyStructs(SMALL_SCAN.maxUnits + 1));
    expect(guard.checkNow('update', textUpdate(5))).toBe(false);
    answer();
    await big;
    expect(guard.checkNow('update', textUpdate(5))).toBe(true);
  });

  it('with an inline size of 0 every check goes to the worker', async () => {
    const { guard, posted, answer } = fakeGuard(0);
    const checked = guard.checkUpdate(textUpdate(5));
    expect(posted).toHaveLength(1);
    answer();
    await expect(checked).resolves.toBeUndefined();
  });
});
