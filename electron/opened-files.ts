/**
 * Files the operating system hands Canopy (a double-clicked .canopy file, a second
 * launch with one, macOS's open-file, the Open Recent menu) and the recent-files list.
 * Plain Node: main.ts wires it to Electron, tests run it on real temporary files.
 */
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MAX_FILE_BYTES } from '../shared/ipc';

/** What the app opens from outside: its own files, and the outlines it imports. */
const OPENABLE = ['.canopy', '.md', '.markdown', '.txt', '.json', '.opml', '.csv'];
const RECENT_MAX = 10;
/** A path longer than this is not one a person chose. */
const MAX_PATH = 4096;

const openable = (p: string) => OPENABLE.includes(path.extname(p).toLowerCase());

/**
 * The files among launch arguments (Windows and Linux pass a double-clicked file this
 * way): openable names that are not switches, resolved against the launch folder.
 */
export function openablePathsIn(argv: readonly string[], cwd: string): string[] {
  return argv
    .slice(1)
    .filter((a) => !a.startsWith('-') && a.length <= MAX_PATH && openable(a))
    .map((a) => path.resolve(cwd, a));
}

export interface OpenedFile {
  name: string;
  data: Uint8Array;
}

/** Reads a file to hand to the window, refusing what the app does not open. */
export async function readOpenableFile(filePath: string): Promise<OpenedFile> {
  const name = path.basename(filePath);
  if (!openable(filePath))
    throw new Error(
      `Canopy opens .canopy files and Markdown, text, JSON, OPML or CSV outlines, not "${name}".`,
    );
  const info = await stat(filePath);
  if (!info.isFile()) throw new Error(`"${name}" is not a file.`);
  if (info.size > MAX_FILE_BYTES)
    throw new Error(
      `"${name}" is ${Math.ceil(info.size / 2 ** 20)} MB; from here Canopy opens files up to ${MAX_FILE_BYTES / 2 ** 20} MB. Open it from the home screen instead.`,
    );
  // A plain Uint8Array (not a Buffer view over a shared pool) crosses IPC cleanly.
  return { name, data: new Uint8Array(await readFile(filePath)) };
}

/** The recently opened and saved .canopy files, newest first, kept in a small JSON file. */
export class RecentFiles {
  private paths: string[] = [];

  constructor(private readonly file: string) {}

  /** Reads the list; a missing or damaged list is an empty one. */
  async load(): Promise<string[]> {
    try {
      const raw: unknown = JSON.parse(await readFile(this.file, 'utf8'));
      this.paths = Array.isArray(raw)
        ? raw
            .filter((p): p is string => typeof p === 'string' && p.length <= MAX_PATH)
            .filter((p) => path.isAbsolute(p))
            .slice(0, RECENT_MAX)
        : [];
    } catch {
      this.paths = [];
    }
    return this.list();
  }

  list(): string[] {
    return [...this.paths];
  }

  async add(filePath: string): Promise<string[]> {
    if (!path.isAbsolute(filePath) || filePath.length > MAX_PATH) return this.list();
    this.paths = [filePath, ...this.paths.filter((p) => p !== filePath)].slice(0, RECENT_MAX);
    await this.save();
    return this.list();
  }

  async remove(filePath: string): Promise<string[]> {
    this.paths = this.paths.filter((p) => p !== filePath);
    await this.save();
    return this.list();
  }

  async clear(): Promise<void> {
    this.paths = [];
    await this.save();
  }

  /** Written whole and renamed into place: a crash never leaves half a list. */
  private async save(): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.tmp`;
    await writeFile(temporary, JSON.stringify(this.paths));
    await rename(temporary, this.file);
  }
}
