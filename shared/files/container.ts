/**
 * The `.canopy` file: one document, to carry on a USB stick and merge with the copy
 * already on a machine, or open as a new one.
 *
 *   offset  size  content
 *   0       8     magic "CANOPY\r\n" (the line break catches text-mode mangling)
 *   8       2     container version, big-endian (this build writes and reads 1)
 *   10      4     header length H, big-endian (at most 64 kB)
 *   14      H     header: UTF-8 JSON (document id, title, schema version, times, app)
 *   14+H    P     the document's Yjs state (a V1 update)
 *   end-32  32    SHA-256 of everything before it
 *
 * Reading checks each part in that order and says what is wrong in words, so a
 * truncated, corrupted, foreign or newer file changes nothing. Pure: no DOM, no Node.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import * as v from 'valibot';
import * as Y from 'yjs';
import { SCHEMA_VERSION } from '../model/schema';
import { checkDecodes } from '../sync/update-check';
import { UPDATE_BOUNDS } from '../sync/update-guard';

const MAGIC = new TextEncoder().encode('CANOPY\r\n');
const CONTAINER_VERSION = 1;
const PREFIX = MAGIC.length + 2 + 4;
const DIGEST = 32;
const MAX_HEADER = 64 * 1024;
/** Larger files are refused before anything is decoded. */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;
export const FILE_EXTENSION = '.canopy';

export interface FileHeader {
  docId: string;
  title: string;
  /** The document schema version of the content. */
  schemaVersion: number;
  createdAt: number;
  savedAt: number;
  /** What wrote it, e.g. "Canopy 0.1.0". */
  app: string;
}

const HeaderSchema = v.object({
  docId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  title: v.pipe(v.string(), v.maxLength(200)),
  schemaVersion: v.pipe(v.number(), v.integer(), v.minValue(0)),
  createdAt: v.pipe(v.number(), v.finite()),
  savedAt: v.pipe(v.number(), v.finite()),
  app: v.pipe(v.string(), v.maxLength(100)),
});

export type FileProblem =
  | 'notCanopy'
  | 'truncated'
  | 'corrupted'
  | 'newerFormat'
  | 'newerSchema'
  | 'tooLarge'
  | 'cancelled';

const MESSAGES: Record<FileProblem, string> = {
  notCanopy: 'This is not a Canopy file (.canopy). Nothing was opened.',
  truncated:
    'This Canopy file is incomplete: it was cut short, perhaps while copying. Copy it again; nothing was changed.',
  corrupted:
    'This Canopy file is damaged: its contents do not match its checksum. Nothing was changed; use another copy.',
  newerFormat:
    'This file was saved by a newer version of Canopy. Update Canopy to open it; nothing was changed.',
  newerSchema:
    'This tree was written by a newer version of Canopy. Update Canopy to open it; nothing was changed.',
  tooLarge: `This file is larger than Canopy opens (${MAX_FILE_BYTES / 1024 / 1024} MB). Nothing was opened.`,
  cancelled: 'Opening the file was cancelled. Nothing was changed.',
};

export class CanopyFileError extends Error {
  constructor(
    readonly problem: FileProblem,
    detail?: string,
  ) {
    super(MESSAGES[problem] + (detail ? ` (${detail})` : ''));
    this.name = 'CanopyFileError';
  }
}

/** The file bytes for a document's state. */
export function writeCanopyFile(header: FileHeader, update: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(v.parse(HeaderSchema, header)));
  const body = new Uint8Array(PREFIX + json.length + update.length);
  body.set(MAGIC, 0);
  const view = new DataView(body.buffer);
  view.setUint16(MAGIC.length, CONTAINER_VERSION);
  view.setUint32(MAGIC.length + 2, json.length);
  body.set(json, PREFIX);
  body.set(update, PREFIX + json.length);
  const out = new Uint8Array(body.length + DIGEST);
  out.set(body);
  out.set(sha256(body), body.length);
  return out;
}

export interface ReadFile {
  header: FileHeader;
  update: Uint8Array;
}

/** Reads and checks a file; throws CanopyFileError saying what is wrong. */
export function readCanopyFile(bytes: Uint8Array, options: { maxBytes?: number } = {}): ReadFile {
  if (bytes.length > (options.maxBytes ?? MAX_FILE_BYTES)) throw new CanopyFileError('tooLarge');
  checkPrefix(bytes);
  const headerLength = checkFrame(bytes, bytes.length);
  const parsed = parseChecked(
    bytes,
    headerLength,
    sha256(bytes.subarray(0, bytes.length - DIGEST)),
  );
  checkDocument(parsed.update);
  return parsed;
}

export interface StreamOptions {
  maxBytes?: number;
  /** Bytes read so far, of the total. */
  onProgress?(read: number, total: number): void;
  /** Asked between chunks: true stops reading (CanopyFileError 'cancelled'). */
  cancelled?(): boolean;
  /**
   * Checks that the document decodes within bounds. Defaults to a check on this
   * thread; the app passes one that runs in a worker, so a huge file cannot freeze it.
   */
  checkDocument?(update: Uint8Array): Promise<void>;
}

/**
 * The same checks as readCanopyFile, on a file read in chunks: the checksum is taken
 * as bytes arrive, reading reports progress and can be cancelled between chunks, and a
 * foreign or oversized file is refused before the rest of it is read.
 */
export async function readCanopyFileStream(
  chunks: AsyncIterable<Uint8Array>,
  size: number,
  options: StreamOptions = {},
): Promise<ReadFile> {
  if (size > (options.maxBytes ?? MAX_FILE_BYTES)) throw new CanopyFileError('tooLarge');
  const bytes = new Uint8Array(size);
  const hash = sha256.create();
  const hashedEnd = Math.max(0, size - DIGEST);
  let read = 0;
  let headerLength = -1;
  for await (const chunk of chunks) {
    if (options.cancelled?.()) throw new CanopyFileError('cancelled');
    if (read + chunk.length > size) throw new CanopyFileError('corrupted', 'longer than its size');
    bytes.set(chunk, read);
    const from = read;
    read += chunk.length;
    if (from < hashedEnd) hash.update(chunk.subarray(0, Math.min(chunk.length, hashedEnd - from)));
    // Refuse a foreign or newer file from its first bytes, before reading the rest.
    if (headerLength < 0 && read >= PREFIX) {
      checkPrefix(bytes.subarray(0, read));
      headerLength = checkFrame(bytes.subarray(0, read), size);
    }
    options.onProgress?.(read, size);
  }
  if (read < size) throw new CanopyFileError('truncated');
  checkPrefix(bytes);
  if (headerLength < 0) headerLength = checkFrame(bytes, size);
  const parsed = parseChecked(bytes, headerLength, hash.digest());
  if (options.cancelled?.()) throw new CanopyFileError('cancelled');
  if (options.checkDocument) {
    try {
      await options.checkDocument(parsed.update);
    } catch (e) {
      if (e instanceof CanopyFileError) throw e;
      throw new CanopyFileError('corrupted', `document: ${(e as Error).message}`);
    }
  } else checkDocument(parsed.update);
  if (options.cancelled?.()) throw new CanopyFileError('cancelled');
  return parsed;
}

function checkPrefix(bytes: Uint8Array): void {
  if (bytes.length < MAGIC.length || !MAGIC.every((b, i) => bytes[i] === b))
    throw new CanopyFileError('notCanopy');
}

/** Checks the version and header length; `size` is the whole file's. Returns H. */
function checkFrame(bytes: Uint8Array, size: number): number {
  if (bytes.length < PREFIX) throw new CanopyFileError('truncated');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(MAGIC.length);
  if (version > CONTAINER_VERSION) throw new CanopyFileError('newerFormat', `format ${version}`);
  if (version < 1) throw new CanopyFileError('corrupted', 'format 0');
  const headerLength = view.getUint32(MAGIC.length + 2);
  if (headerLength > MAX_HEADER) throw new CanopyFileError('corrupted', 'header length');
  if (size < PREFIX + headerLength + DIGEST) throw new CanopyFileError('truncated');
  return headerLength;
}

/** Compares the checksum, then reads the header; the document is checked separately. */
function parseChecked(bytes: Uint8Array, headerLength: number, actual: Uint8Array): ReadFile {
  const body = bytes.subarray(0, bytes.length - DIGEST);
  const digest = bytes.subarray(bytes.length - DIGEST);
  if (!actual.every((b, i) => digest[i] === b)) throw new CanopyFileError('corrupted', 'checksum');
  let header: FileHeader;
  try {
    const json: unknown = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(
        body.subarray(PREFIX, PREFIX + headerLength),
      ),
    );
    header = v.parse(HeaderSchema, json);
  } catch {
    throw new CanopyFileError('corrupted', 'header');
  }
  if (header.schemaVersion > SCHEMA_VERSION)
    throw new CanopyFileError('newerSchema', `schema ${header.schemaVersion}`);
  return { header, update: body.slice(PREFIX + headerLength) };
}

function checkDocument(update: Uint8Array): void {
  try {
    checkDecodes(Y, UPDATE_BOUNDS, 'update', update);
  } catch (e) {
    throw new CanopyFileError('corrupted', `document: ${(e as Error).message}`);
  }
}
