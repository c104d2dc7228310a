/**
 * Shortcuts as people write them ("Mod+Shift+H", "Alt+1", "?", "Shift+ArrowLeft"),
 * matched against what the user pressed on any keyboard layout, shown as the
 * platform spells them, and turned into Electron accelerators. Pure: no DOM.
 *
 * Matching rules, and why:
 * - Mod is Cmd on macOS and Ctrl elsewhere; the other of the two must be up.
 * - Alt+digit, Alt+letter and Shift+digit match the physical key (e.code: Digit1,
 *   KeyE): on macOS Option+1 types "¡" and Option+E is a dead key, so e.key never
 *   says "1" or "e" there.
 * - Ctrl/Cmd+letter matches the character (e.key), so Ctrl+Z is Z on AZERTY and
 *   Dvorak too; when the layout gives a non-Latin character (Cyrillic, Greek), the
 *   physical key (e.code) decides, as browsers do for their own shortcuts.
 * - Punctuation ("?", "/") matches the character whatever Shift took to type it.
 * - Named keys (F2, Tab, Enter, arrows, Delete, ContextMenu) match e.key.
 */

/** The parts of a KeyboardEvent a shortcut looks at. */
export type KeyPress = Pick<
  KeyboardEvent,
  'key' | 'code' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey'
>;

/** Where the app runs: the browser or the desktop app, and whether on a Mac. */
export interface KeyEnv {
  kind: 'web' | 'desktop';
  mac: boolean;
}

export interface Chord {
  mod: boolean;
  alt: boolean;
  shift: boolean;
  /** A single character ("h", "1", "?") or a named key ("F2", "ArrowLeft"). */
  key: string;
}

const NAMED = new Set([
  'Tab',
  'Enter',
  'Escape',
  'Delete',
  'Backspace',
  'Home',
  'End',
  'ArrowUp',
  'ArrowDown',
  'ArrowLeft',
  'ArrowRight',
  'ContextMenu',
  'F2',
  'F6',
  'F10',
]);

/** Parses "Mod+Shift+H"; throws on a typo, so a bad shortcut fails its first test. */
export function parseChord(text: string): Chord {
  // "Mod++" would be odd; "+" itself is never a shortcut here.
  const parts = text.split('+');
  const key = parts.pop() ?? '';
  const chord: Chord = { mod: false, alt: false, shift: false, key: '' };
  for (const part of parts) {
    if (part === 'Mod') chord.mod = true;
    else if (part === 'Alt') chord.alt = true;
    else if (part === 'Shift') chord.shift = true;
    else throw new Error(`Unknown modifier "${part}" in shortcut "${text}"`);
  }
  if (key === 'Space') chord.key = ' ';
  else if (key.length === 1) chord.key = key.toLowerCase();
  else if (NAMED.has(key)) chord.key = key;
  else throw new Error(`Unknown key "${key}" in shortcut "${text}"`);
  return chord;
}

const isLetter = (k: string) => /^[a-z]$/.test(k);
const isDigit = (k: string) => /^[0-9]$/.test(k);
/** The physical key for a letter or digit: "KeyE", "Digit1". */
const codeOf = (k: string) => (isDigit(k) ? `Digit${k}` : `Key${k.toUpperCase()}`);
/** A character outside printable ASCII: the layout is not Latin, or Option changed it. */
const foreign = (k: string) => k.length === 1 && !/^[\x20-\x7e]$/.test(k);

/** Whether `e` is this chord, pressed on `env`'s keyboard. */
export function matchesChord(e: KeyPress, chord: Chord, env: Pick<KeyEnv, 'mac'>): boolean {
  const modDown = env.mac ? e.metaKey : e.ctrlKey;
  const otherDown = env.mac ? e.ctrlKey : e.metaKey;
  if (modDown !== chord.mod || otherDown || e.altKey !== chord.alt) return false;
  const k = chord.key;
  if (NAMED.has(k)) return e.shiftKey === chord.shift && e.key === k;
  const physical = isLetter(k) || isDigit(k);
  if (!physical) return e.key === k; // punctuation: Shift is part of typing it
  if (e.shiftKey !== chord.shift) return false;
  if (chord.alt || isDigit(k)) return e.code === codeOf(k);
  const typed = e.key.toLowerCase();
  return foreign(typed) ? e.code === codeOf(k) : typed === k;
}

/** Whether `e` is the shortcut `text` (see parseChord). */
export function matchesShortcut(e: KeyPress, text: string, env: Pick<KeyEnv, 'mac'>): boolean {
  return matchesChord(e, parseChord(text), env);
}

const SYMBOL: Record<string, string> = {
  ArrowUp: '↑',
  ArrowDown: '↓',
  ArrowLeft: '←',
  ArrowRight: '→',
  ContextMenu: 'Menu',
  ' ': 'Space',
};

/** The shortcut as the platform writes it: "⌘⇧H" on a Mac, "Ctrl+Shift+H" elsewhere. */
export function formatShortcut(text: string, env: Pick<KeyEnv, 'mac'>): string {
  const c = parseChord(text);
  const key = SYMBOL[c.key] ?? (c.key.length === 1 ? c.key.toUpperCase() : c.key);
  if (env.mac) return `${c.alt ? '⌥' : ''}${c.shift ? '⇧' : ''}${c.mod ? '⌘' : ''}${key}`;
  return [c.mod && 'Ctrl', c.alt && 'Alt', c.shift && 'Shift', key].filter(Boolean).join('+');
}

/** An Electron accelerator ("CmdOrCtrl+Shift+H"), or null for keys menus cannot show. */
export function acceleratorFor(text: string): string | null {
  const c = parseChord(text);
  const key = /^[a-z0-9/]$/.test(c.key) ? c.key.toUpperCase() : /^F\d+$/.test(c.key) ? c.key : null;
  if (!key) return null;
  return [c.mod && 'CmdOrCtrl', c.alt && 'Alt', c.shift && 'Shift', key].filter(Boolean).join('+');
}
