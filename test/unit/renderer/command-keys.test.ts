import { describe, expect, it } from 'vitest';
import {
  acceleratorFor,
  formatShortcut,
  matchesShortcut,
  parseChord,
  type KeyPress,
} from '../../../renderer/src/commands/keys';

const MAC = { mac: true };
const PC = { mac: false };

/** A key press as a browser reports it. */
const press = (key: string, code: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  code,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  ...mods,
});

describe('shortcut matching', () => {
  it('matches Option+1 on a Mac by the key pressed, though it types "¡"', () => {
    const optionOne = press('¡', 'Digit1', { altKey: true });
    expect(matchesShortcut(optionOne, 'Alt+1', MAC)).toBe(true);
    expect(matchesShortcut(optionOne, 'Alt+2', MAC)).toBe(false);
    expect(matchesShortcut(press('™', 'Digit2', { altKey: true }), 'Alt+2', MAC)).toBe(true);
  });

  it('matches Alt+digit on AZERTY (Alt+1 gives "&") and Alt+letter as a dead key', () => {
    expect(matchesShortcut(press('&', 'Digit1', { altKey: true }), 'Alt+1', PC)).toBe(true);
    expect(matchesShortcut(press('Dead', 'KeyE', { altKey: true }), 'Alt+E', MAC)).toBe(true);
    expect(matchesShortcut(press('e', 'KeyE', { altKey: true }), 'Alt+E', PC)).toBe(true);
    expect(matchesShortcut(press('e', 'KeyE'), 'Alt+E', PC)).toBe(false);
  });

  it('matches Ctrl/Cmd+letter by the character, on QWERTZ and Dvorak', () => {
    // QWERTZ: Z is where QWERTY has Y.
    expect(matchesShortcut(press('z', 'KeyY', { ctrlKey: true }), 'Mod+Z', PC)).toBe(true);
    expect(matchesShortcut(press('y', 'KeyZ', { ctrlKey: true }), 'Mod+Z', PC)).toBe(false);
    expect(matchesShortcut(press('y', 'KeyZ', { ctrlKey: true }), 'Mod+Y', PC)).toBe(true);
    // Dvorak: K is on QWERTY's V.
    expect(matchesShortcut(press('k', 'KeyV', { metaKey: true }), 'Mod+K', MAC)).toBe(true);
  });

  it('falls back on the physical key when the layout types no Latin letter', () => {
    expect(matchesShortcut(press('я', 'KeyZ', { ctrlKey: true }), 'Mod+Z', PC)).toBe(true);
    expect(matchesShortcut(press('л', 'KeyK', { metaKey: true }), 'Mod+K', MAC)).toBe(true);
  });

  it('takes Mod as Cmd on a Mac and Ctrl elsewhere, the other one up', () => {
    expect(matchesShortcut(press('z', 'KeyZ', { metaKey: true }), 'Mod+Z', MAC)).toBe(true);
    expect(matchesShortcut(press('z', 'KeyZ', { ctrlKey: true }), 'Mod+Z', MAC)).toBe(false);
    expect(matchesShortcut(press('z', 'KeyZ', { metaKey: true }), 'Mod+Z', PC)).toBe(false);
    expect(matchesShortcut(press('z', 'KeyZ', { ctrlKey: true, metaKey: true }), 'Mod+Z', PC)).toBe(
      false,
    );
  });

  it('needs Shift exactly as written, except for punctuation it takes to type', () => {
    expect(
      matchesShortcut(press('Z', 'KeyZ', { ctrlKey: true, shiftKey: true }), 'Mod+Z', PC),
    ).toBe(false);
    expect(
      matchesShortcut(press('Z', 'KeyZ', { ctrlKey: true, shiftKey: true }), 'Mod+Shift+Z', PC),
    ).toBe(true);
    expect(matchesShortcut(press('?', 'Slash', { shiftKey: true }), '?', PC)).toBe(true);
    // On AZERTY "?" is Shift+comma: the character decides.
    expect(matchesShortcut(press('?', 'KeyM', { shiftKey: true }), '?', PC)).toBe(true);
    expect(matchesShortcut(press('/', 'Slash', { ctrlKey: true }), 'Mod+/', PC)).toBe(true);
    // Shift+1 types "!" (or "1" on AZERTY): the key decides.
    expect(matchesShortcut(press('!', 'Digit1', { shiftKey: true }), 'Shift+1', PC)).toBe(true);
    expect(matchesShortcut(press('1', 'Digit1', { shiftKey: true }), 'Shift+1', PC)).toBe(true);
    expect(matchesShortcut(press('1', 'Digit1'), 'Shift+1', PC)).toBe(false);
  });

  it('matches named keys, with or without Shift as written', () => {
    expect(matchesShortcut(press('Tab', 'Tab'), 'Tab', PC)).toBe(true);
    expect(matchesShortcut(press('Tab', 'Tab', { shiftKey: true }), 'Tab', PC)).toBe(false);
    expect(matchesShortcut(press('F10', 'F10', { shiftKey: true }), 'Shift+F10', PC)).toBe(true);
    expect(matchesShortcut(press('ContextMenu', 'ContextMenu'), 'ContextMenu', PC)).toBe(true);
    expect(matchesShortcut(press('ArrowUp', 'ArrowUp', { altKey: true }), 'Alt+ArrowUp', MAC)).toBe(
      true,
    );
    expect(matchesShortcut(press('ArrowUp', 'ArrowUp'), 'Alt+ArrowUp', MAC)).toBe(false);
    expect(matchesShortcut(press(' ', 'Space'), 'Space', PC)).toBe(true);
  });

  it('refuses a shortcut written wrong, so its first test fails', () => {
    expect(() => parseChord('Ctrl+Z')).toThrow(/modifier "Ctrl"/);
    expect(() => parseChord('Alt+Escap')).toThrow(/key "Escap"/);
    expect(parseChord('Mod+Shift+H')).toEqual({ mod: true, alt: false, shift: true, key: 'h' });
  });
});

describe('shortcut text', () => {
  it('is written as each platform writes it', () => {
    expect(formatShortcut('Mod+Shift+H', PC)).toBe('Ctrl+Shift+H');
    expect(formatShortcut('Mod+Shift+H', MAC)).toBe('⇧⌘H');
    expect(formatShortcut('Alt+1', MAC)).toBe('⌥1');
    expect(formatShortcut('Alt+ArrowUp', PC)).toBe('Alt+↑');
    expect(formatShortcut('?', PC)).toBe('?');
    expect(formatShortcut('Space', PC)).toBe('Space');
  });

  it('becomes an Electron accelerator where a menu can show it', () => {
    expect(acceleratorFor('Mod+Shift+H')).toBe('CmdOrCtrl+Shift+H');
    expect(acceleratorFor('Alt+2')).toBe('Alt+2');
    expect(acceleratorFor('Mod+/')).toBe('CmdOrCtrl+/');
    expect(acceleratorFor('?')).toBeNull();
    expect(acceleratorFor('ArrowDown')).toBeNull();
  });
});
