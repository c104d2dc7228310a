/**
 * Remembers the main window's size and position between runs. The file is
 * untrusted input (hand edits, a crash mid-write), so it is validated, and saved
 * bounds are used only while they are still visible on a connected display.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';

export const WINDOW_STATE_FILE = 'window-state.json';
export const MIN_WINDOW_SIZE = { width: 640, height: 480 } as const;
export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 } as const;
/** How much of the window must overlap a display for the saved position to count. */
const MIN_VISIBLE = { width: 120, height: 60 } as const;

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

const coordinate = v.pipe(v.number(), v.integer(), v.minValue(-100_000), v.maxValue(100_000));
const size = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000));

export const WindowStateSchema = v.object({
  x: coordinate,
  y: coordinate,
  width: size,
  height: size,
  maximized: v.optional(v.boolean(), false),
});
export type WindowState = v.InferOutput<typeof WindowStateSchema>;

/** Size (and position when it is known to be on screen) for a new BrowserWindow. */
export interface InitialWindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

/** The saved state, or null when missing, unreadable, corrupt or invalid. */
export async function loadWindowState(directory: string): Promise<WindowState | null> {
  try {
    const text = await readFile(path.join(directory, WINDOW_STATE_FILE), 'utf8');
    const result = v.safeParse(WindowStateSchema, JSON.parse(text));
    return result.success ? result.output : null;
  } catch {
    return null;
  }
}

/**
 * Writes via a temporary file and rename, so a crash never leaves half a JSON file.
 * Synchronous on purpose: the last save happens while the app quits, and a tiny
 * file is cheaper to write than to keep the process alive for.
 */
export function saveWindowState(directory: string, state: WindowState): void {
  mkdirSync(directory, { recursive: true });
  const target = path.join(directory, WINDOW_STATE_FILE);
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(state, null, 2), 'utf8');
  renameSync(temporary, target);
}

function overlap(a: Rectangle, b: Rectangle): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

function clampSize(width: number, height: number, display: Rectangle | undefined) {
  const maxWidth = display ? display.width : Number.POSITIVE_INFINITY;
  const maxHeight = display ? display.height : Number.POSITIVE_INFINITY;
  return {
    width: Math.max(Math.min(width, maxWidth), Math.min(MIN_WINDOW_SIZE.width, maxWidth)),
    height: Math.max(Math.min(height, maxHeight), Math.min(MIN_WINDOW_SIZE.height, maxHeight)),
  };
}

/**
 * Decides where the window opens. `displays` are the work areas of the connected
 * displays, primary first. Saved bounds that no longer overlap any display enough
 * (a monitor was unplugged) fall back to the saved size, centred by Electron.
 */
export function restoreWindowBounds(
  saved: WindowState | null,
  displays: readonly Rectangle[],
): InitialWindowBounds {
  const primary = displays[0];
  if (!saved) {
    return {
      ...clampSize(DEFAULT_WINDOW_SIZE.width, DEFAULT_WINDOW_SIZE.height, primary),
      maximized: false,
    };
  }

  let best: Rectangle | undefined;
  let bestArea = 0;
  for (const display of displays) {
    const { width, height } = overlap(saved, display);
    if (width >= MIN_VISIBLE.width && height >= MIN_VISIBLE.height && width * height > bestArea) {
      best = display;
      bestArea = width * height;
    }
  }
  if (!best) {
    return { ...clampSize(saved.width, saved.height, primary), maximized: saved.maximized };
  }

  // Pull the window fully onto the display it mostly sits on.
  const { width, height } = clampSize(saved.width, saved.height, best);
  const x = Math.min(Math.max(saved.x, best.x), best.x + best.width - width);
  const y = Math.min(Math.max(saved.y, best.y), best.y + best.height - height);
  return { x, y, width, height, maximized: saved.maximized };
}

export interface WindowStateSaver {
  /** Remember this state; written after `delayMs` without further changes. */
  schedule(state: WindowState): void;
  /** Write any pending state now (when the window closes). */
  flush(): void;
}

/** Debounced saving: move and resize fire dozens of events per second while dragging. */
export function createWindowStateSaver(
  directory: string,
  options: { delayMs?: number; save?: (directory: string, state: WindowState) => void } = {},
): WindowStateSaver {
  const delayMs = options.delayMs ?? 500;
  const save = options.save ?? saveWindowState;
  let pending: WindowState | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const state = pending;
    pending = null;
    if (!state) return;
    try {
      save(directory, state);
    } catch {
      // Losing the window position is not worth interrupting the user.
    }
  };

  return {
    schedule(state) {
      pending = state;
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(flush, delayMs);
    },
    flush,
  };
}
