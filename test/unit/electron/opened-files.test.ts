/** Files from the operating system and the recent-files list, on real temporary files. */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openablePathsIn, readOpenableFile, RecentFiles } from '../../../electron/opened-files';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'canopy-opened-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('openablePathsIn', () => {
  it('takes the openable files from launch arguments, resolved against the launch folder', () => {
    expect(
      openablePathsIn(
        [
          '/opt/Canopy/canopy',
          '--no-sandbox',
          'plan.canopy',
          '/abs/Outline.MD',
          'photo.png',
          '-x.canopy',
        ],
        '/home/ada',
      ),
    ).toEqual(['/home/ada/plan.canopy', '/abs/Outline.MD']);
  });
});

describe('readOpenableFile', () => {
  it('reads a .canopy file into a plain Uint8Array', async () => {
    const file = path.join(dir, 'plan.canopy');
    await writeFile(file, Buffer.from([1, 2, 3]));
    const read = await readOpenableFile(file);
    expect(read.name).toBe('plan.canopy');
    expect(read.data).toEqual(new Uint8Array([1, 2, 3]));
    expect(Object.getPrototypeOf(read.data)).toBe(Uint8Array.prototype);
  });

  it('refuses other kinds of file, folders, and missing files, with a message', async () => {
    await writeFile(path.join(dir, 'notes.exe'), 'x');
    await mkdir(path.join(dir, 'folder.canopy'));
    await expect(readOpenableFile(path.join(dir, 'notes.exe'))).rejects.toThrow(
      /opens \.canopy files and Markdown, text, JSON, OPML or CSV outlines, not "notes\.exe"/,
    );
    await expect(readOpenableFile(path.join(dir, 'folder.canopy'))).rejects.toThrow(
      /"folder\.canopy" is not a file/,
    );
    await expect(readOpenableFile(path.join(dir, 'gone.canopy'))).rejects.toThrow(/ENOENT/);
  });
});

describe('RecentFiles', () => {
  it('keeps ten paths, newest first, without repeats, across restarts', async () => {
    const list = path.join(dir, 'state', 'recent-files.json');
    const recent = new RecentFiles(list);
    expect(await recent.load()).toEqual([]);
    for (let i = 0; i < 12; i++) await recent.add(`/files/${i}.canopy`);
    await recent.add('/files/5.canopy');
    const expected = ['/files/5.canopy', '/files/11.canopy', '/files/10.canopy'];
    expect(recent.list().slice(0, 3)).toEqual(expected);
    expect(recent.list()).toHaveLength(10);
    const again = new RecentFiles(list);
    expect((await again.load()).slice(0, 3)).toEqual(expected);
    await again.remove('/files/11.canopy');
    expect(again.list()).not.toContain('/files/11.canopy');
    await again.clear();
    expect(await new RecentFiles(list).load()).toEqual([]);
  });

  it('ignores relative paths, and reads a damaged list as empty', async () => {
    const list = path.join(dir, 'recent-files.json');
    const recent = new RecentFiles(list);
    await recent.add('relative.canopy');
    expect(recent.list()).toEqual([]);
    await writeFile(list, '{"not": "a list"');
    expect(await recent.load()).toEqual([]);
    await writeFile(list, JSON.stringify(['/ok.canopy', 42, 'relative.canopy', '/fine.canopy']));
    expect(await recent.load()).toEqual(['/ok.canopy', '/fine.canopy']);
    expect(JSON.parse(await readFile(list, 'utf8'))).toHaveLength(4);
  });
});
