/**
 * The headless host's history: when a workshop ends (the host stops), the tree as it
 * was is kept as a .canopy file in DATA/snapshots. The facilitator opens it in the app
 * (it merges into the copy there, or opens as a new tree) or keeps it as a record.
 */
import path from 'node:path';
import * as Y from 'yjs';
import { FILE_EXTENSION, writeCanopyFile } from '../../shared/files/container';
import { readMeta, SCHEMA_VERSION } from '../../shared/model';
import { replaceFile } from '../peer/durable-files';
import { makePrivateFolder, SNAPSHOTS_FOLDER } from './private-files';

/**
 * Writes the snapshot owner-only and atomically (whole and flushed, then renamed into
 * place, the folder flushed) and returns its path. Synchronous: the host exits after.
 */
export function writeEndSnapshot(dataDir: string, doc: Y.Doc, now = new Date()): string {
  const meta = readMeta(doc);
  const folder = path.join(dataDir, SNAPSHOTS_FOLDER);
  makePrivateFolder(folder);
  // 2026-11-21T15-30-00Z: sorts by time and is a valid file name everywhere.
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '-');
  const file = path.join(folder, `workshop-end-${stamp}${FILE_EXTENSION}`);
  const bytes = writeCanopyFile(
    {
      docId: meta.id || 'workshop',
      title: meta.title || 'Workshop',
      schemaVersion: meta.schemaVersion || SCHEMA_VERSION,
      createdAt: meta.createdAt,
      savedAt: now.getTime(),
      app: 'Canopy host',
    },
    Y.encodeStateAsUpdate(doc),
  );
  replaceFile(file, [bytes]);
  return file;
}
