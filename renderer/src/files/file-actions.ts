/**
 * Files in and out of the app: `.canopy` documents (merged into the copy already on
 * this machine, or opened as a new document), Markdown, JSON, OPML and CSV outlines
 * (always a new document), and exports. Downloads go through the browser (in the desktop app,
 * Electron asks where to save).
 */
import * as Y from 'yjs';
import {
  CanopyFileError,
  FILE_EXTENSION,
  readCanopyFileStream,
  writeCanopyFile,
  type ReadFile,
} from '../../../shared/files/container';
import type { ImportedTree, TreeCsvShape } from '../../../shared/files/tree-io';
import { newId, SCHEMA_VERSION, type CanopyDoc } from '../../../shared/model';
import { DocSession } from '../storage/doc-session';
import type { DocumentStorage } from '../storage/document-storage';
import { createWebUpdateGuard } from '../workshop/web-update-guard';
import type { PlatformFiles } from '../platform/platform';
import type { FileFilter } from '../../../shared/ipc';
import { actorName } from '../services/documents';

export const OPENABLE = `${FILE_EXTENSION},.md,.markdown,.txt,.json,.opml,.xml,.csv`;
const APP = 'Canopy 0.1';

export interface Opened {
  id: string;
  /** What happened, to tell the user: limits applied and things left out included. */
  message: string;
  /** Limits applied and things left out, in words (the message has them too). */
  warnings?: string[];
}

export interface OpenProgress {
  /** Reading (with bytes), checking the document (in a worker), merging (cannot stop). */
  stage: 'reading' | 'checking' | 'merging';
  read: number;
  total: number;
}

export interface OpenOptions {
  onProgress?(progress: OpenProgress): void;
  /** Aborting stops reading or checking; nothing is changed. */
  signal?: AbortSignal;
}

/**
 * The readers and writers of outline formats (mdast, the XML and CSV parsers), loaded
 * when a file is first opened or exported: they stay out of the app's first load.
 */
const formats = () => import('../../../shared/files/tree-io');

/** Outlines are text a person wrote: anything bigger is not one. */
const MAX_OUTLINE_BYTES = 32 * 1024 * 1024;

/** Opens a file the user chose or dropped; throws an Error whose message says why not. */
export async function openFile(
  storage: DocumentStorage,
  file: File,
  options: OpenOptions = {},
): Promise<Opened> {
  const name = file.name.toLowerCase();
  if (name.endsWith(FILE_EXTENSION)) return openCanopy(storage, file, options);
  if (file.size > MAX_OUTLINE_BYTES)
    throw new Error(`${file.name} is too large for an outline (over 32 MB). Nothing was opened.`);
  const bytes = await readOutline(file, options);
  const { importOutlineFile } = await formats();
  // A refusal says why in its message; the opener names the file.
  const imported: ImportedTree = importOutlineFile(file.name, bytes);
  // Reading a large outline takes seconds: a Cancel pressed meanwhile still counts.
  if (options.signal?.aborted) throw new Error('cancelled');
  const id = newId();
  const session = await DocSession.create(storage, {
    id,
    title: imported.title,
    vision: imported.vision,
    actor: actorName(),
    private: imported.private,
    records: imported.records,
    createdAt: imported.createdAt,
  });
  await session.close();
  const warnings = imported.warnings ?? [];
  return {
    id,
    message: [`Imported “${imported.title}” from ${file.name} as a new tree.`, ...warnings].join(
      ' ',
    ),
    warnings,
  };
}

const YIELD_EVERY_BYTES = 2 * 1024 * 1024;

/** A file's bytes as they are read, and a reader that is let go when reading stops early. */
async function* chunksOf(file: Blob): AsyncGenerator<Uint8Array> {
  const reader = file.stream().getReader();
  let done = false;
  let sinceBreak = 0;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) {
        done = true;
        return;
      }
      yield next.value;
      // Buffered chunks arrive as microtasks: without a break now and then, the page
      // would not paint the progress or hear the Cancel button until the end.
      sinceBreak += next.value.length;
      if (sinceBreak >= YIELD_EVERY_BYTES) {
        sinceBreak = 0;
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    }
  } finally {
    if (!done) void reader.cancel().catch(() => undefined);
  }
}

/**
 * An outline's bytes, read with progress and a way out, as a .canopy file is; then
 * the "checking" stage, painted before the (synchronous) parse starts.
 */
async function readOutline(file: File, { onProgress, signal }: OpenOptions): Promise<Uint8Array> {
  const bytes = new Uint8Array(file.size);
  let read = 0;
  for await (const chunk of chunksOf(file)) {
    if (signal?.aborted) throw new Error('cancelled');
    bytes.set(chunk.subarray(0, Math.max(0, bytes.length - read)), read);
    read += chunk.length;
    onProgress?.({ stage: 'reading', read: Math.min(read, file.size), total: file.size });
  }
  onProgress?.({ stage: 'checking', read: file.size, total: file.size });
  // After the next paint (a frame, then a task), or a tenth of a second in a hidden tab.
  await new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 100);
  });
  if (signal?.aborted) throw new Error('cancelled');
  return bytes.subarray(0, Math.min(read, file.size));
}

/** A huge document takes a while to decode: the worker gets time in proportion. */
const checkTimeoutMs = (bytes: number) => 2000 + Math.ceil(bytes / 1024 / 1024) * 1000;

async function openCanopy(
  storage: DocumentStorage,
  file: File,
  { onProgress, signal }: OpenOptions,
): Promise<Opened> {
  let read: ReadFile;
  const guard = createWebUpdateGuard(checkTimeoutMs(file.size));
  const aborted = new Promise<never>((_, reject) =>
    signal?.addEventListener('abort', () => reject(new CanopyFileError('cancelled')), {
      once: true,
    }),
  );
  aborted.catch(() => undefined);
  try {
    read = await readCanopyFileStream(chunksOf(file), file.size, {
      cancelled: () => signal?.aborted ?? false,
      onProgress: (done, total) => onProgress?.({ stage: 'reading', read: done, total }),
      checkDocument: (update) => {
        onProgress?.({ stage: 'checking', read: file.size, total: file.size });
        return Promise.race([guard.checkUpdate(update), aborted]);
      },
    });
  } catch (e) {
    if (e instanceof CanopyFileError) throw new Error(e.message, { cause: e });
    throw e;
  } finally {
    guard.close();
  }
  onProgress?.({ stage: 'merging', read: file.size, total: file.size });
  const { header, update } = read;
  const existing = await storage.get(header.docId);
  const merging = existing !== undefined && existing.trashedAt === null;
  // A file brings a deleted tree back.
  if (existing && !merging) await storage.update(header.docId, { trashedAt: null });
  // The registry follows the document's title and private mark as the file merges in.
  const session = await DocSession.open(storage, header.docId, actorName(), {
    create: !existing,
  });
  try {
    Y.applyUpdate(session.model.ydoc, update, 'file');
  } finally {
    await session.close();
  }
  if (merging) {
    await storage.update(header.docId, { updatedAt: Date.now() });
    return {
      id: header.docId,
      message: `Merged the file into “${existing.title || 'Untitled tree'}”, which was already here.`,
    };
  }
  return {
    id: header.docId,
    message: `Opened “${header.title || 'Untitled tree'}” from the file.`,
  };
}

/** A safe file name from a document title (no path or reserved characters, no controls). */
export const fileName = (title: string, ending: string) => {
  const safe = [...title]
    .map((c) => (c.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(c) ? ' ' : c))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80);
  return `${safe || 'Canopy tree'}${ending}`;
};

type SaveKind = 'canopy' | 'markdown' | 'json' | 'opml' | 'csv' | 'xlsx' | 'svg' | 'png';

const FILTERS: Record<SaveKind, FileFilter> = {
  canopy: { name: 'Canopy tree', extensions: ['canopy'] },
  markdown: { name: 'Markdown', extensions: ['md'] },
  json: { name: 'JSON', extensions: ['json'] },
  opml: { name: 'OPML outline', extensions: ['opml'] },
  csv: { name: 'CSV', extensions: ['csv'] },
  xlsx: { name: 'Excel workbook', extensions: ['xlsx'] },
  svg: { name: 'SVG picture', extensions: ['svg'] },
  png: { name: 'PNG picture', extensions: ['png'] },
};

/**
 * Offers data to save: a download in a browser, the save dialog on the desktop.
 * Resolves false when the person cancels.
 */
export function offer(
  files: PlatformFiles,
  name: string,
  data: Uint8Array | string,
  kind: SaveKind,
): Promise<boolean> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return files.save(name, bytes, [FILTERS[kind]]);
}

export function saveCanopyFile(files: PlatformFiles, model: CanopyDoc): Promise<boolean> {
  const title = model.meta.title;
  const bytes = writeCanopyFile(
    {
      docId: model.meta.id,
      title,
      schemaVersion: model.meta.schemaVersion || SCHEMA_VERSION,
      createdAt: model.meta.createdAt,
      savedAt: Date.now(),
      app: APP,
    },
    Y.encodeStateAsUpdate(model.ydoc),
  );
  return offer(files, fileName(title, FILE_EXTENSION), bytes, 'canopy');
}

export async function exportMarkdown(files: PlatformFiles, model: CanopyDoc): Promise<boolean> {
  const { exportTreeMarkdown } = await formats();
  return offer(files, fileName(model.meta.title, '.md'), exportTreeMarkdown(model), 'markdown');
}

export async function exportJson(files: PlatformFiles, model: CanopyDoc): Promise<boolean> {
  const { exportTreeJson } = await formats();
  return offer(files, fileName(model.meta.title, '.json'), exportTreeJson(model), 'json');
}

export async function exportBoardCsv(files: PlatformFiles, model: CanopyDoc): Promise<boolean> {
  const { boardCsv } = await formats();
  const tree = model.tree();
  const nodes = new Map(tree.order.map((id) => [id, model.node(id)!]));
  const csv = boardCsv({ nodes, order: tree.order, board: model.board() }, Date.now());
  return offer(files, fileName(model.meta.title, ' board.csv'), csv, 'csv');
}

export async function exportOpml(files: PlatformFiles, model: CanopyDoc): Promise<boolean> {
  const { exportTreeOpml } = await formats();
  return offer(files, fileName(model.meta.title, '.opml'), exportTreeOpml(model), 'opml');
}

const CSV_ENDING: Record<TreeCsvShape, string> = {
  canopy: '.csv',
  jira: ' for Jira.csv',
  miro: ' for Miro.csv',
};

export async function exportTreeCsvFile(
  files: PlatformFiles,
  model: CanopyDoc,
  shape: TreeCsvShape,
): Promise<boolean> {
  const { exportTreeCsv } = await formats();
  const name = fileName(model.meta.title, CSV_ENDING[shape]);
  return offer(files, name, exportTreeCsv(model, shape), 'csv');
}

/** The tree and the board as an .xlsx workbook; the writer loads on first use. */
export async function exportXlsx(files: PlatformFiles, model: CanopyDoc): Promise<boolean> {
  const [{ xlsxBytes }, { workbookOf }] = await Promise.all([import('./xlsx-export'), formats()]);
  const bytes = await xlsxBytes(workbookOf(model, Date.now()));
  return offer(files, fileName(model.meta.title, '.xlsx'), bytes, 'xlsx');
}
