/**
 * The host's data folder is its owner's alone: host.json holds the workshop code in
 * plain text, the log and the snapshots the whole document. The folder is created
 * 0700 and every file 0600; a folder or file found with looser modes (made by an
 * earlier version, or copied in) is tightened, and the caller says what changed.
 * Windows has no such modes (its ACLs follow the user's profile folder): skipped.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import {
  PRIVATE_FILE_MODE,
  PRIVATE_FOLDER_MODE,
  replaceFile,
  syncFolder,
  nodeFileSystem,
} from '../peer/durable-files';

export const SNAPSHOTS_FOLDER = 'snapshots';

/** What the host keeps in its data folder (a web root or anything else there is not its). */
const isHostFile = (name: string) => /^(host\.json|workshop\.log)(\.|$)/.test(name);

/**
 * Creates `folder` owner-only (its new entry flushed to its parent), or tightens it.
 * Returns what was changed, as "path (0755 → 0700)".
 */
export function makePrivateFolder(folder: string): string[] {
  const created = mkdirSync(folder, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  if (created) {
    // Flush every new entry, up to the first folder that existed.
    for (let dir = folder; dir !== path.dirname(created); dir = path.dirname(dir))
      syncFolder(nodeFileSystem, path.dirname(dir));
  }
  return tighten(folder, PRIVATE_FOLDER_MODE);
}

/** The data folder, the host's files in it, and its snapshots. */
export function makeDataFolderPrivate(dataDir: string): string[] {
  const changed = makePrivateFolder(dataDir);
  for (const entry of readdirSync(dataDir, { withFileTypes: true })) {
    const full = path.join(dataDir, entry.name);
    if (entry.isFile() && isHostFile(entry.name)) changed.push(...tighten(full, PRIVATE_FILE_MODE));
    else if (entry.isDirectory() && entry.name === SNAPSHOTS_FOLDER) {
      changed.push(...tighten(full, PRIVATE_FOLDER_MODE));
      for (const snapshot of readdirSync(full, { withFileTypes: true }))
        if (snapshot.isFile())
          changed.push(...tighten(path.join(full, snapshot.name), PRIVATE_FILE_MODE));
    }
  }
  return changed;
}

function tighten(file: string, mode: number): string[] {
  if (process.platform === 'win32') return [];
  const stat = lstatSync(file);
  const was = stat.mode & 0o777;
  // Only take permissions away: a mode stricter than ours stays as it is.
  if (stat.isSymbolicLink() || (was & ~mode) === 0) return [];
  chmodSync(file, was & mode);
  return [`${file} (${octal(was)} → ${octal(was & mode)})`];
}

const octal = (mode: number) => `0${mode.toString(8).padStart(3, '0')}`;

/** Writes a small file owner-only and atomically (host.json). */
export function writePrivateFile(file: string, text: string): void {
  replaceFile(file, [Buffer.from(text)]);
}
