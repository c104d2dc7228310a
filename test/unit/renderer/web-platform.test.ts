import { describe, expect, it } from 'vitest';
import { commandForKey } from '../../../renderer/src/platform/web-platform';

const key = (
  k: string,
  mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {},
) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('web shortcuts', () => {
  it('maps the app shortcuts a browser leaves free', () => {
    expect(commandForKey(key('n', { altKey: true }))).toBe('new-document');
    expect(commandForKey(key('H', { ctrlKey: true, shiftKey: true }))).toBe('go-home');
    expect(commandForKey(key('L', { metaKey: true, shiftKey: true }))).toBe('toggle-theme');
    expect(commandForKey(key('/', { ctrlKey: true }))).toBe('show-shortcuts');
  });
  it('leaves other keys alone (text editing, browser shortcuts)', () => {
    expect(commandForKey(key('n', { ctrlKey: true }))).toBeNull();
    expect(commandForKey(key('z', { ctrlKey: true }))).toBeNull();
    expect(commandForKey(key('h'))).toBeNull();
  });
});
