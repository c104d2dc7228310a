import { describe, expect, it } from 'vitest';
import { paneAfter } from '../../../renderer/src/app/pane-cycle';

describe('paneAfter', () => {
  const panes = ['top bar', 'outline', 'canvas', 'details'];

  it('goes to the next pane, and round from the last to the first', () => {
    expect(paneAfter(panes, 'outline', false)).toBe('canvas');
    expect(paneAfter(panes, 'details', false)).toBe('top bar');
  });

  it('goes back with Shift, round from the first to the last', () => {
    expect(paneAfter(panes, 'canvas', true)).toBe('outline');
    expect(paneAfter(panes, 'top bar', true)).toBe('details');
  });

  it('starts at the first (or, backwards, the last) pane when the focus is in none', () => {
    expect(paneAfter(panes, null, false)).toBe('top bar');
    expect(paneAfter(panes, 'a closed dialog', true)).toBe('details');
  });

  it('has nowhere to go without panes, and stays on a lone pane', () => {
    expect(paneAfter([], null, false)).toBeNull();
    expect(paneAfter(['canvas'], 'canvas', false)).toBe('canvas');
  });
});
