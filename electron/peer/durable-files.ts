/**
 * The file operations the update log needs, as a small interface: node:fs by default,
 * and in tests a layer that models a power cut (test/integration/power-cut-fs.ts), so
 * a test can show what is on the disk after one, not just after `kill -9`.
 *
 * Durability rules the callers follow: data is on the disk once its file is
 * fsynced/fdatasynced; a new name (create, rename) once its folder is fsynced too.
 */
import * as fs from 'node:fs';
import path from 'node:path';

export interface LogFileSystem {
  /** Throws an error with code ENOENT when there is no such file. */
  readFileSync(file: string): Buffer;
  openSync(file: string, flags: 'a' | 'w' | 'wx' | 'r', mode?: number): number;
  writeSync(fd: number, data: Uint8Array): number;
  fsyncSync(fd: number): void;
  fdatasyncSync(fd: number): void;
  fdatasync(fd: number, callback: (error: NodeJS.ErrnoException | null) => void): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
}

export const nodeFileSystem: LogFileSystem = fs;

/** Owner only: the files hold the workshop code and the whole document. */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_FOLDER_MODE = 0o700;

export function writeAll(fsys: LogFileSystem, fd: number, data: Uint8Array): void {
  for (let done = 0; done < data.length;)
    done += fsys.writeSync(fd, done ? data.subarray(done) : data);
}

/** A new or renamed entry is durable once its folder is flushed. */
export function syncFolder(fsys: LogFileSystem, folder: string): void {
  let fd: number;
  try {
    fd = fsys.openSync(folder, 'r');
  } catch (e) {
    // Windows cannot open folders (NTFS journals the rename); elsewhere this matters.
    if (process.platform === 'win32') return;
    throw e;
  }
  try {
    fsys.fsyncSync(fd);
  } catch (e) {
    // A file system that cannot sync folders (some network mounts) says EINVAL.
    if ((e as NodeJS.ErrnoException).code !== 'EINVAL') throw e;
  } finally {
    fsys.closeSync(fd);
  }
}

/**
 * Replaces `file` atomically: the whole new content, flushed, under a temporary
 * name, renamed over it, the folder flushed. After a crash it is the old or the new
 * file, never a part. A new file is created owner-only.
 */
export function replaceFile(
  file: string,
  chunks: Uint8Array[],
  fsys: LogFileSystem = nodeFileSystem,
  mode = PRIVATE_FILE_MODE,
): void {
  const tmp = `${file}.tmp`;
  const fd = fsys.openSync(tmp, 'w', mode);
  try {
    for (const chunk of chunks) writeAll(fsys, fd, chunk);
    fsys.fsyncSync(fd);
  } finally {
    fsys.closeSync(fd);
  }
  fsys.renameSync(tmp, file);
  syncFolder(fsys, path.dirname(file));
}
