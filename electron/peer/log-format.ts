/**
 * The update log's bytes, and reading them back so that damage costs only the records
 * it hits.
 *
 * Format 2 (written since issue 17):
 *   file header, 16 bytes: "CNPYLOG\0", format version (u32 LE), CRC-32 of the 12
 *     bytes before it;
 *   each record, a 16-byte header then the update: a sync mark (4 fixed bytes), the
 *     update's length (u32 LE), the update's CRC-32, the CRC-32 of the 12 bytes before.
 * The header's own checksum covers the length, so a flipped length is caught before
 * it is trusted; and the mark lets a scan find the next record after damage of any
 * size (Buffer.indexOf, then one CRC of 12 bytes per candidate), so one bad record
 * costs that record only.
 *
 * Format 1 (no file header): each record a 4-byte LE length, the first 4 bytes of the
 * update's SHA-256, and the update. Still read; the log is then rewritten in format 2.
 * After damage it has no mark to find again: the scan tries every offset whose
 * length fits, hashing at most LEGACY_RESYNC_BUDGET bytes in all.
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';

export const FORMAT_VERSION = 2;
const MAGIC = Buffer.from('CNPYLOG\0', 'latin1');
export const FILE_HEADER_SIZE = 16;
const RECORD_MARK = Buffer.from([0xc3, 0x7a, 0xe5, 0x1f]);
export const RECORD_HEADER_SIZE = 16;
const LEGACY_HEADER = 8;
const LEGACY_RESYNC_BUDGET = 64 * 1024 * 1024;

export const FILE_HEADER: Buffer = (() => {
  const header = Buffer.alloc(FILE_HEADER_SIZE);
  MAGIC.copy(header, 0);
  header.writeUInt32LE(FORMAT_VERSION, 8);
  header.writeUInt32LE(crc32(header.subarray(0, 12)), 12);
  return header;
})();

export function encodeRecord(update: Uint8Array): Buffer {
  const record = Buffer.alloc(RECORD_HEADER_SIZE + update.length);
  RECORD_MARK.copy(record, 0);
  record.writeUInt32LE(update.length, 4);
  record.writeUInt32LE(crc32(update), 8);
  record.writeUInt32LE(crc32(record.subarray(0, 12)), 12);
  record.set(update, RECORD_HEADER_SIZE);
  return record;
}

/** Why bytes were not read. */
export type DamageReason =
  | 'file header damaged'
  | 'record header damaged'
  | 'checksum does not match'
  | 'cut short (a crash during a write)'
  | 'does not decode';

/** A stretch of the file that was not used, and where. */
export interface DamagedRegion {
  offset: number;
  length: number;
  /** The number (from 0) of the record the damage starts at. */
  record: number;
  reason: DamageReason;
}

export interface StoredRecord {
  offset: number;
  /** Header included. */
  length: number;
  /** The record's number in the file, counting damaged ones. */
  number: number;
  update: Uint8Array;
}

export interface ScanResult {
  format: 1 | 2;
  records: StoredRecord[];
  damaged: DamagedRegion[];
}

/** The file was written by a newer Canopy: it is left as it is. */
export class NewerLogFormatError extends Error {
  constructor(readonly version: number) {
    super(
      `the log was written by a newer version of Canopy (format ${version}; this one reads up to ${FORMAT_VERSION}). Update Canopy; the log was not changed.`,
    );
  }
}

export function scanLog(data: Buffer): ScanResult {
  if (data.length === 0) return { format: 2, records: [], damaged: [] };
  if (data.subarray(0, MAGIC.length).equals(MAGIC) && data.length >= FILE_HEADER_SIZE) {
    const version = data.readUInt32LE(8);
    const headerOk = data.readUInt32LE(12) === crc32(data.subarray(0, 12));
    if (headerOk && version > FORMAT_VERSION) throw new NewerLogFormatError(version);
    return scanRecords(data, headerOk && version === FORMAT_VERSION ? [] : [fileHeaderDamage()]);
  }
  // A file created but cut short while its header was written: it holds no record.
  if (data.length < FILE_HEADER_SIZE && FILE_HEADER.subarray(0, data.length).equals(data))
    return {
      format: 2,
      records: [],
      damaged: [{ ...fileHeaderDamage(), length: data.length, reason: 'file header damaged' }],
    };
  const legacy = scanLegacy(data);
  if (legacy.damaged.length === 0) return legacy;
  // Not format 1 after all: a format-2 file whose header was hit.
  if (nextRecordStart(data, 0) !== null) return scanRecords(data, [fileHeaderDamage()]);
  return legacy;
}

function fileHeaderDamage(): DamagedRegion {
  return { offset: 0, length: FILE_HEADER_SIZE, record: 0, reason: 'file header damaged' };
}

function scanRecords(data: Buffer, damaged: DamagedRegion[]): ScanResult {
  const records: StoredRecord[] = [];
  let pos = FILE_HEADER_SIZE;
  let number = 0;
  while (pos < data.length) {
    const length = recordLengthAt(data, pos);
    if (length !== null && pos + RECORD_HEADER_SIZE + length <= data.length) {
      const update = data.subarray(pos + RECORD_HEADER_SIZE, pos + RECORD_HEADER_SIZE + length);
      const size = RECORD_HEADER_SIZE + length;
      if (crc32(update) === data.readUInt32LE(pos + 8))
        records.push({ offset: pos, length: size, number, update: new Uint8Array(update) });
      // The header vouches for the length: skip exactly this record.
      else
        damaged.push({
          offset: pos,
          length: size,
          record: number,
          reason: 'checksum does not match',
        });
      pos += size;
    } else {
      const next = nextRecordStart(data, pos + 1);
      const end = next ?? data.length;
      const reason =
        next === null && (length !== null || zeros(data, pos))
          ? 'cut short (a crash during a write)'
          : damageAt(data, pos);
      damaged.push({ offset: pos, length: end - pos, record: number, reason });
      pos = end;
    }
    number++;
  }
  return { format: 2, records, damaged: mergeHeaderDamage(damaged) };
}

function damageAt(data: Buffer, pos: number): DamageReason {
  // Fewer bytes than a header at the very end: the write was cut short.
  return data.length - pos < RECORD_HEADER_SIZE &&
    RECORD_MARK.subarray(0, Math.min(4, data.length - pos)).equals(data.subarray(pos, pos + 4))
    ? 'cut short (a crash during a write)'
    : 'record header damaged';
}

/** A damaged file header followed by damage from its end on is one region. */
function mergeHeaderDamage(damaged: DamagedRegion[]): DamagedRegion[] {
  const [first, second] = damaged;
  if (first?.reason !== 'file header damaged' || second?.offset !== FILE_HEADER_SIZE)
    return damaged;
  return [{ ...second, offset: 0, length: second.length + FILE_HEADER_SIZE }, ...damaged.slice(2)];
}

/** The length in a valid record header at `pos`, or null. */
function recordLengthAt(data: Buffer, pos: number): number | null {
  if (pos + RECORD_HEADER_SIZE > data.length) return null;
  if (data.readUInt32LE(pos) !== RECORD_MARK.readUInt32LE(0)) return null;
  if (data.readUInt32LE(pos + 12) !== crc32(data.subarray(pos, pos + 12))) return null;
  return data.readUInt32LE(pos + 4);
}

/** The next offset from `from` that holds a valid record header. */
function nextRecordStart(data: Buffer, from: number): number | null {
  for (let pos = data.indexOf(RECORD_MARK, from); pos !== -1;) {
    if (recordLengthAt(data, pos) !== null) return pos;
    pos = data.indexOf(RECORD_MARK, pos + 1);
  }
  return null;
}

function legacyChecksumOk(data: Buffer, pos: number, length: number): boolean {
  const update = data.subarray(pos + LEGACY_HEADER, pos + LEGACY_HEADER + length);
  const digest = createHash('sha256').update(update).digest();
  return digest.subarray(0, 4).equals(data.subarray(pos + 4, pos + LEGACY_HEADER));
}

function scanLegacy(data: Buffer): ScanResult {
  const records: StoredRecord[] = [];
  const damaged: DamagedRegion[] = [];
  const budget = { bytes: LEGACY_RESYNC_BUDGET };
  let pos = 0;
  let number = 0;
  while (pos < data.length) {
    const length = legacyLengthAt(data, pos);
    if (length !== null && legacyChecksumOk(data, pos, length)) {
      const update = data.subarray(pos + LEGACY_HEADER, pos + LEGACY_HEADER + length);
      records.push({
        offset: pos,
        length: LEGACY_HEADER + length,
        number,
        update: new Uint8Array(update),
      });
      pos += LEGACY_HEADER + length;
    } else {
      const next = nextLegacyRecord(data, pos + 1, budget);
      const end = next ?? data.length;
      const reason =
        next === null && (length === null || zeros(data, pos))
          ? 'cut short (a crash during a write)'
          : 'checksum does not match';
      damaged.push({ offset: pos, length: end - pos, record: number, reason });
      pos = end;
    }
    number++;
  }
  return { format: 1, records, damaged };
}

function legacyLengthAt(data: Buffer, pos: number): number | null {
  if (pos + LEGACY_HEADER > data.length) return null;
  const length = data.readUInt32LE(pos);
  return pos + LEGACY_HEADER + length <= data.length ? length : null;
}

/** The next offset that holds a whole format-1 record with a matching checksum. */
function nextLegacyRecord(data: Buffer, from: number, budget: { bytes: number }): number | null {
  for (let pos = from; pos < data.length && budget.bytes > 0; pos++) {
    const length = legacyLengthAt(data, pos);
    // An update is at least 2 bytes (no structs, no deletions).
    if (length === null || length < 2) continue;
    budget.bytes -= length;
    if (legacyChecksumOk(data, pos, length)) return pos;
  }
  return null;
}

/** Only zeros from `pos` to the end: blocks a crash allotted but never wrote. */
function zeros(data: Buffer, pos: number): boolean {
  for (let i = pos; i < data.length; i++) if (data[i] !== 0) return false;
  return true;
}
