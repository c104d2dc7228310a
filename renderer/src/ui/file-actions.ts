/**
 * Files in and out of the app: `.canopy` documents (merged into the copy already on
 * this machine, or opened as a new document), Markdown and JSON outlines (always a
 * new document), and exports. Downloads go through the browser (in the desktop app,
 * Electron asks where to save).
 */
import * as Y from 'yjs';
import {
  CanopyFileError,
  FILE_EXTENSION,
  readCanopyFile,
  writeCanopyFile,
} from '../../../shared/files/container';
import {
  exportTreeJson,
  exportTreeMarkdown,
  importTreeJson,
  importTreeMarkdown,
  TreeImportError,
  type ImportedTree,
} from '../../../shared/files/tree-io';
import { boardCsv } from '../../../shared/files/board-csv';
import { newId, SCHEMA_VERSION, type CanopyDoc } from '../../../shared/model';
import { DocSession } from '../storage/doc-session';
import type { DocumentStorage } from '../storage/document-storage';
import { actorName } from './documents';

export const OPENABLE = `${FILE_EXTENSION},.md,.markdown,.txt,.json`;
const APP = 'Canopy 0.1';

export interface Opened {
  id: string;
  /** What happened, to tell the user. */
  message: string;
}

/** Opens a file the user chose or dropped; throws an Error whose message says why not. */
export async function openFile(storage: DocumentStorage, file: File): Promise<Opened> {
  const name = file.name.toLowerCase();
  if (name.endsWith(FILE_EXTENSION))
    return openCanopy(storage, new Uint8Array(await file.arrayBuffer()));
  const text = await file.text();
  let imported: ImportedTree;
  try {
    imported = name.endsWith('.json') ? importTreeJson(text) : importTreeMarkdown(text);
  } catch (e) {
    if (e instanceof TreeImportError) throw new Error(`${file.name}: ${e.message}`, { cause: e });
    throw e;
  }
  const id = newId();
  const session = await DocSession.create(storage, {
    id,
    title: imported.title,
    vision: imported.vision,
    actor: actorName(),
  });
  await session.close();
  return { id, message: `Imported “${imported.title}” from ${file.name} as a new tree.` };
}

async function openCanopy(storage: DocumentStorage, bytes: Uint8Array): Promise<Opened> {
  let read: ReturnType<typeof readCanopyFile>;
  try {
    read = readCanopyFile(bytes);
  } catch (e) {
    if (e instanceof CanopyFileError) throw new Error(e.message, { cause: e });
    throw e;
  }
  const { header, update } = read;
  const existing = await storage.get(header.docId);
  const session = await DocSession.open(storage, header.docId, actorName());
  let isPrivate: boolean;
  try {
    Y.applyUpdate(session.model.ydoc, update, 'file');
    isPrivate = session.model.isPrivate;
  } finally {
    await session.close();
  }
  const now = Date.now();
  if (existing && existing.trashedAt === null) {
    await storage.update(header.docId, { updatedAt: now });
    return {
      id: header.docId,
      message: `Merged the file into “${existing.title || 'Untitled tree'}”, which was already here.`,
    };
  }
  await storage.put({
    id: header.docId,
    title: header.title,
    createdAt: header.createdAt || now,
    updatedAt: now,
    trashedAt: null,
    private: isPrivate,
  });
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

export function download(name: string, data: Uint8Array | string, type: string): void {
  const url = URL.createObjectURL(new Blob([data as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function saveCanopyFile(model: CanopyDoc): void {
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
  download(fileName(title, FILE_EXTENSION), bytes, 'application/octet-stream');
}

export function exportMarkdown(model: CanopyDoc): void {
  download(fileName(model.meta.title, '.md'), exportTreeMarkdown(model), 'text/markdown');
}

export function exportJson(model: CanopyDoc): void {
  download(fileName(model.meta.title, '.json'), exportTreeJson(model), 'application/json');
}

export function exportBoardCsv(model: CanopyDoc): void {
  const tree = model.tree();
  const nodes = new Map(tree.order.map((id) => [id, model.node(id)!]));
  const csv = boardCsv({ nodes, order: tree.order, board: model.board() }, Date.now());
  download(fileName(model.meta.title, ' board.csv'), csv, 'text/csv');
}
