import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_WINDOW_SIZE,
  WINDOW_STATE_FILE,
  createWindowStateSaver,
  loadWindowState,
  restoreWindowBounds,
  saveWindowState,
  type WindowState,
} from '../../../electron/window-state';

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'canopy-window-state-'));
});

afterEach(async () => {
  vi.useRealTimers();
  await rm(directory, { recursive: true, force: true });
});

const state: WindowState = { x: 100, y: 80, width: 1200, height: 700, maximized: false };
const fullHd = { x: 0, y: 0, width: 1920, height: 1080 };

describe('load and save', () => {
  it('round-trips the state through the file', async () => {
    saveWindowState(directory, state);
    expect(await loadWindowState(directory)).toEqual(state);
  });

  it('creates the folder and leaves no temporary file behind', async () => {
    const nested = path.join(directory, 'a', 'b');
    saveWindowState(nested, { ...state, maximized: true });
    expect(JSON.parse(await readFile(path.join(nested, WINDOW_STATE_FILE), 'utf8'))).toEqual({
      ...state,
      maximized: true,
    });
  });

  it('returns null for a missing, corrupt or invalid file', async () => {
    expect(await loadWindowState(directory)).toBeNull();
    const file = path.join(directory, WINDOW_STATE_FILE);
    for (const text of [
      '{"x": 1, "y": 2, "wid',
      '[]',
      'null',
      JSON.stringify({ ...state, width: 'wide' }),
      JSON.stringify({ ...state, height: -5 }),
      JSON.stringify({ ...state, x: 1e12 }),
      JSON.stringify({ ...state, y: 1.5 }),
    ]) {
      await writeFile(file, text);
      expect(await loadWindowState(directory), text).toBeNull();
    }
  });

  it('defaults maximized to false for older files', async () => {
    const { maximized: _maximized, ...withoutMaximized } = state;
    await writeFile(path.join(directory, WINDOW_STATE_FILE), JSON.stringify(withoutMaximized));
    expect(await loadWindowState(directory)).toEqual({ ...state, maximized: false });
  });
});

describe('restoreWindowBounds', () => {
  it('uses the default size, centred, without saved state', () => {
    expect(restoreWindowBounds(null, [fullHd])).toEqual({
      ...DEFAULT_WINDOW_SIZE,
      maximized: false,
    });
  });

  it('restores bounds that are on a connected display', () => {
    expect(restoreWindowBounds(state, [fullHd])).toEqual(state);
  });

  it('drops the position when the display it was on is gone', () => {
    const onUnpluggedMonitor = { ...state, x: 2500, y: 100 };
    const restored = restoreWindowBounds(onUnpluggedMonitor, [fullHd]);
    expect(restored).toEqual({ width: 1200, height: 700, maximized: false });
    expect(restored.x).toBeUndefined();
  });

  it('drops the position when only a sliver is visible', () => {
    const sliver = { ...state, x: 1900, y: 100 }; // 20 px visible
    expect(restoreWindowBounds(sliver, [fullHd]).x).toBeUndefined();
  });

  it('keeps a window on a secondary display and pulls it fully onto it', () => {
    const second = { x: 1920, y: 0, width: 1280, height: 1024 };
    const restored = restoreWindowBounds({ ...state, x: 2400, y: 500 }, [fullHd, second]);
    expect(restored).toEqual({ x: 2000, y: 324, width: 1200, height: 700, maximized: false });
  });

  it('shrinks a window larger than its display', () => {
    const laptop = { x: 0, y: 0, width: 1280, height: 760 };
    expect(
      restoreWindowBounds({ ...state, x: 0, y: 0, width: 3000, height: 2000 }, [laptop]),
    ).toEqual({
      x: 0,
      y: 0,
      width: 1280,
      height: 760,
      maximized: false,
    });
  });
});

describe('createWindowStateSaver', () => {
  it('debounces bursts of changes into one write of the latest state', () => {
    vi.useFakeTimers();
    const save = vi.fn();
    const saver = createWindowStateSaver(directory, { delayMs: 500, save });
    saver.schedule({ ...state, x: 1 });
    vi.advanceTimersByTime(300);
    saver.schedule({ ...state, x: 2 });
    vi.advanceTimersByTime(300);
    expect(save).not.toHaveBeenCalled();
    vi.advanceTimersByTime(200);
    expect(save).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenCalledWith(directory, { ...state, x: 2 });
  });

  it('flush writes pending state at once, and only once', () => {
    vi.useFakeTimers();
    const save = vi.fn();
    const saver = createWindowStateSaver(directory, { save });
    saver.flush();
    expect(save).not.toHaveBeenCalled();
    saver.schedule(state);
    saver.flush();
    vi.runAllTimers();
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('swallows write errors', () => {
    const saver = createWindowStateSaver(directory, {
      save: () => {
        throw new Error('disk full');
      },
    });
    saver.schedule(state);
    expect(() => saver.flush()).not.toThrow();
  });
});
