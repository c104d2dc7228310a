import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { placeProjector } from '../../../electron/projector-placement';
import { loadOrCreateIdentity, ROOM_IDENTITY_FILE } from '../../../electron/room-identity';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const folder = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'canopy-identity-'));
  dirs.push(d);
  return d;
};

describe('the desktop’s room identity', () => {
  it('is made once, kept privately, and the same after a restart', () => {
    const dir = folder();
    const first = loadOrCreateIdentity(dir);
    const file = path.join(dir, ROOM_IDENTITY_FILE);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateIdentity(dir)).toEqual(first);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(first);
  });

  it('is made on a first launch, when the data folder does not exist yet', () => {
    const dir = path.join(folder(), 'not', 'yet');
    const made = loadOrCreateIdentity(dir);
    expect(loadOrCreateIdentity(dir)).toEqual(made);
  });

  it('does not stop the app from starting when it cannot be kept', () => {
    const dir = folder();
    // A file where the folder should be: nothing can be written below it.
    writeFileSync(path.join(dir, 'blocked'), '');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(loadOrCreateIdentity(path.join(dir, 'blocked')).key).toMatch(/^[0-9a-f]+$/);
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });

  it('is replaced, not trusted, when the file is damaged or holds a key that is not its own', () => {
    const dir = folder();
    const file = path.join(dir, ROOM_IDENTITY_FILE);
    writeFileSync(file, '{"key":');
    const made = loadOrCreateIdentity(dir);
    writeFileSync(file, JSON.stringify({ key: 'a'.repeat(64), secret: made.secret }));
    const again = loadOrCreateIdentity(dir);
    expect(again.key).not.toBe('a'.repeat(64));
    expect(again).not.toEqual(made);
  });
});

describe('the projector window’s place', () => {
  const display = (id: number, x: number, width = 1920, height = 1080) => ({
    id,
    bounds: { x, y: 0, width, height },
    workArea: { x, y: 0, width, height: height - 40 },
  });

  it('fills the display the main window is not on', () => {
    expect(placeProjector([display(1, 0), display(2, 1920)], 1)).toEqual({
      bounds: { x: 1920, y: 0, width: 1920, height: 1080 },
      fullscreen: true,
    });
    expect(placeProjector([display(1, 0), display(2, 1920)], 2).bounds.x).toBe(0);
  });

  it('with one display, is a 16:9 window in the middle, to drag to the projector later', () => {
    expect(placeProjector([display(1, 0, 1440, 900)], 1)).toEqual({
      bounds: { x: 80, y: 70, width: 1280, height: 720 },
      fullscreen: false,
    });
  });
});
