import { describe, expect, it } from 'vitest';
import { DEFAULT_COLUMNS } from '../../../shared/model';
import { defaultTarget, movedMessage } from '../../../renderer/src/board/move-top-words';

describe('moving the top of a vote', () => {
  it('goes to the column called Ready, whatever its id, else the second column', () => {
    expect(defaultTarget(DEFAULT_COLUMNS)).toBe('ready');
    const renamed = DEFAULT_COLUMNS.map((c) =>
      c.id === 'ready'
        ? { ...c, name: 'Queued' }
        : c.id === 'analyzing'
          ? { ...c, name: ' ready ' }
          : c,
    );
    expect(defaultTarget(renamed)).toBe('analyzing');
    const none = DEFAULT_COLUMNS.filter((c) => c.id !== 'ready');
    expect(defaultTarget(none)).toBe('reviewing');
    expect(defaultTarget(DEFAULT_COLUMNS.slice(0, 1))).toBe('funnel');
    expect(defaultTarget([])).toBeNull();
  });

  it('says what moved', () => {
    expect(movedMessage(['Bet B', 'Bet E', ''], 'Ready')).toBe(
      'Moved 3 cards to Ready: “Bet B”, “Bet E”, “Untitled”',
    );
    expect(movedMessage(['Bet B'], 'Ready')).toBe('Moved “Bet B” to Ready');
  });
});
