/**
 * What loading an update log finds (update-log.ts): which records decode, applying
 * them with damage kept apart, and the errors that stop a load or a write.
 */
import * as Y from 'yjs';
import type { DamagedRegion, StoredRecord } from './log-format';

/** The first record is damaged: nothing was applied or changed. */
export class LogDamagedError extends Error {
  readonly code = 'CANOPY-201';
  constructor(
    readonly file: string,
    readonly damaged: DamagedRegion[],
    /** Records that could be read. */
    readonly readable: number,
  ) {
    super(
      `CANOPY-201: the log ${file} is damaged at its first record (${damaged.map(describeRegion).join('; ')}). The first record holds the start of the document, so the log was not loaded, and nothing was changed.`,
    );
    this.name = 'LogDamagedError';
  }
}

/** What the log was given could not be written (a full disk, a folder gone). */
export class LogWriteError extends Error {
  readonly code = 'CANOPY-202';
  constructor(file: string, cause: Error | null) {
    super(
      `CANOPY-202: could not write to the log ${file} (${cause?.message ?? 'unknown error'}). Free some space on that disk or choose another data folder, then start again.`,
    );
    this.name = 'LogWriteError';
  }
}

export function describeRegion(region: DamagedRegion): string {
  return `record ${region.record}, bytes ${region.offset}–${region.offset + region.length - 1} (${region.length} bytes): ${region.reason}`;
}

/** Records whose update decodes, and the others as damage: nothing is applied yet. */
export function decodable(records: StoredRecord[]): {
  usable: StoredRecord[];
  undecodable: DamagedRegion[];
} {
  // Merging decodes every update, in one pass when all are well (but returns a lone
  // update as it is).
  if (records.length > 1)
    try {
      Y.mergeUpdates(records.map((r) => r.update));
      return { usable: records, undecodable: [] };
    } catch {
      /* find which, below */
    }
  const usable: StoredRecord[] = [];
  const undecodable: DamagedRegion[] = [];
  for (const record of records) {
    try {
      Y.decodeUpdate(record.update);
      usable.push(record);
    } catch {
      undecodable.push(asDamage(record));
    }
  }
  return { usable, undecodable };
}

function asDamage(record: StoredRecord): DamagedRegion {
  return {
    offset: record.offset,
    length: record.length,
    record: record.number,
    reason: 'does not decode',
  };
}

/** Applies the records, merged; if that throws, one by one. Returns those that threw. */
export function apply(doc: Y.Doc, records: StoredRecord[], origin: unknown): DamagedRegion[] {
  if (!records.length) return [];
  try {
    Y.applyUpdate(doc, Y.mergeUpdates(records.map((r) => r.update)), origin);
    return [];
  } catch {
    // Applying again what already went in is a no-op in Yjs.
    const failed: DamagedRegion[] = [];
    for (const record of records) {
      try {
        Y.applyUpdate(doc, record.update, origin);
      } catch {
        failed.push(asDamage(record));
      }
    }
    return failed;
  }
}
