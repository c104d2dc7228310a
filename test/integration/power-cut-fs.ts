/**
 * A file layer for the update log that models a power cut, as POSIX allows one to go
 * (the strict reading, which ext4, XFS and APFS can all show):
 *
 * - a file's bytes survive only as they were at its last fsync/fdatasync (an
 *   fdatasync counts when it completes, with the bytes it started with);
 * - a name (created, renamed, replaced) survives only if its folder was fsynced after;
 * - closing a file syncs nothing.
 *
 * `crash()` cuts the power: this layer stops (its pending callbacks never run) and a
 * new one holds only what survived, as the machine would find it on reboot.
 */
import path from 'node:path';
import type { LogFileSystem } from '../../electron/peer/durable-files';

interface Inode {
  data: Buffer;
  durable: Buffer;
  /** The sequence of the sync that made `durable`: an older one finishing late loses. */
  durableSeq: number;
}

interface Folder {
  entries: Map<string, Inode>;
  durable: Map<string, Inode>;
}

type Handle = { kind: 'file'; inode: Inode } | { kind: 'folder'; folder: Folder };

function errno(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

export class PowerCutFs implements LogFileSystem {
  private readonly folders = new Map<string, Folder>();
  private readonly handles = new Map<number, Handle>();
  private nextFd = 3;
  private syncSeq = 0;
  private powered = true;
  /** Counts of the calls that matter to durability, for a test to check its own reach. */
  readonly calls = { fdatasync: 0, fsyncFile: 0, fsyncFolder: 0, rename: 0 };

  /** Folders that exist (durably) when the machine starts. */
  constructor(folders: string[] = []) {
    for (const f of folders) this.folders.set(f, { entries: new Map(), durable: new Map() });
  }

  /** Cuts the power; returns the disk as found after a reboot. */
  crash(): PowerCutFs {
    this.powered = false;
    const after = new PowerCutFs();
    for (const [name, folder] of this.folders) {
      const entries = new Map<string, Inode>();
      for (const [entry, inode] of folder.durable)
        entries.set(entry, {
          data: Buffer.from(inode.durable),
          durable: Buffer.from(inode.durable),
          durableSeq: 0,
        });
      after.folders.set(name, { entries, durable: new Map(entries) });
    }
    return after;
  }

  /** The names in a folder, as a reader would list them now. */
  list(folder: string): string[] {
    return [...this.folder(folder).entries.keys()].sort();
  }

  readFileSync(file: string): Buffer {
    this.check();
    const inode = this.folder(path.dirname(file)).entries.get(path.basename(file));
    if (!inode) throw errno('ENOENT', `no such file, open '${file}'`);
    return Buffer.from(inode.data);
  }

  openSync(file: string, flags: 'a' | 'w' | 'wx' | 'r'): number {
    this.check();
    if (flags === 'r' && this.folders.has(file))
      return this.handle({ kind: 'folder', folder: this.folders.get(file)! });
    const folder = this.folder(path.dirname(file));
    const name = path.basename(file);
    let inode = folder.entries.get(name);
    if (inode && flags === 'wx') throw errno('EEXIST', `file already exists, open '${file}'`);
    if (!inode && flags === 'r') throw errno('ENOENT', `no such file, open '${file}'`);
    if (!inode) {
      inode = { data: Buffer.alloc(0), durable: Buffer.alloc(0), durableSeq: 0 };
      folder.entries.set(name, inode);
    } else if (flags === 'w') inode.data = Buffer.alloc(0);
    return this.handle({ kind: 'file', inode });
  }

  writeSync(fd: number, data: Uint8Array): number {
    this.check();
    const inode = this.file(fd);
    // The log only ever writes at the end ('a', or 'w' from empty).
    inode.data = Buffer.concat([inode.data, data]);
    return data.length;
  }

  fsyncSync(fd: number): void {
    this.check();
    const handle = this.handles.get(fd);
    if (!handle) throw errno('EBADF', 'bad file descriptor');
    if (handle.kind === 'folder') {
      this.calls.fsyncFolder++;
      handle.folder.durable = new Map(handle.folder.entries);
    } else {
      this.calls.fsyncFile++;
      this.persist(handle.inode, Buffer.from(handle.inode.data), ++this.syncSeq);
    }
  }

  fdatasyncSync(fd: number): void {
    this.check();
    this.calls.fdatasync++;
    const inode = this.file(fd);
    this.persist(inode, Buffer.from(inode.data), ++this.syncSeq);
  }

  fdatasync(fd: number, callback: (error: NodeJS.ErrnoException | null) => void): void {
    if (!this.powered) return;
    this.calls.fdatasync++;
    const inode = this.file(fd);
    const bytes = Buffer.from(inode.data);
    const seq = ++this.syncSeq;
    // Completes later, on the thread pool; a crash before then loses it.
    setImmediate(() => {
      if (!this.powered) return;
      this.persist(inode, bytes, seq);
      callback(null);
    });
  }

  closeSync(fd: number): void {
    this.check();
    if (!this.handles.delete(fd)) throw errno('EBADF', 'bad file descriptor');
  }

  renameSync(from: string, to: string): void {
    this.check();
    this.calls.rename++;
    const source = this.folder(path.dirname(from));
    const inode = source.entries.get(path.basename(from));
    if (!inode) throw errno('ENOENT', `no such file, rename '${from}'`);
    source.entries.delete(path.basename(from));
    this.folder(path.dirname(to)).entries.set(path.basename(to), inode);
  }

  private persist(inode: Inode, bytes: Buffer, seq: number): void {
    if (seq < inode.durableSeq) return;
    inode.durable = bytes;
    inode.durableSeq = seq;
  }

  private check(): void {
    if (!this.powered) throw new Error('the power is off');
  }

  private handle(handle: Handle): number {
    const fd = this.nextFd++;
    this.handles.set(fd, handle);
    return fd;
  }

  private file(fd: number): Inode {
    const handle = this.handles.get(fd);
    if (handle?.kind !== 'file') throw errno('EBADF', 'bad file descriptor');
    return handle.inode;
  }

  private folder(name: string): Folder {
    const folder = this.folders.get(name);
    if (!folder) throw errno('ENOENT', `no such folder '${name}'`);
    return folder;
  }
}
