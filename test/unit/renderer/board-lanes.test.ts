import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardLanes, filterChoices, NO_FILTERS } from '../../../renderer/src/board/board-lanes';
import { createDocStore } from '../../../renderer/src/document/doc-store';
import { CanopyDoc } from '../../../shared/model';

function view() {
  const model = new CanopyDoc(new Y.Doc());
  model.initialise({
    title: 'Lanes',
    vision: {
      title: 'Vision',
      children: [
        {
          title: 'Reach',
          children: [
            {
              title: 'Pop-ups',
              kind: 'bet',
              owner: 'Ana',
              children: [{ title: 'Stall', tags: ['pilot'] }],
            },
            { title: 'Lockers', kind: 'bet', owner: 'Ben' },
          ],
        },
        { title: 'Skills', children: [{ title: 'Circles', kind: 'bet', owner: 'Ana' }] },
      ],
    },
  });
  // An initiative straight under the vision: in no goal's lane and no bet's.
  model.addNode(model.tree().rootId!, { kind: 'initiative', title: 'Loose' });
  return createDocStore(model).getState();
}

const lanes = (mode: 'none' | 'goal' | 'bet', filters = NO_FILTERS) =>
  boardLanes(view(), filters, mode).map((l) => [l.title, l.cards.map((c) => c.title)]);

describe('board lanes', () => {
  it('without lanes: every bet and initiative, in tree order', () => {
    expect(lanes('none')).toEqual([
      ['All cards', ['Pop-ups', 'Stall', 'Lockers', 'Circles', 'Loose']],
    ]);
  });

  it('by goal and by bet; cards outside any go last', () => {
    expect(lanes('goal')).toEqual([
      ['Reach', ['Pop-ups', 'Stall', 'Lockers']],
      ['Skills', ['Circles']],
      ['No goal', ['Loose']],
    ]);
    expect(lanes('bet')).toEqual([
      ['Pop-ups', ['Pop-ups', 'Stall']],
      ['Lockers', ['Lockers']],
      ['Circles', ['Circles']],
      ['No bet', ['Loose']],
    ]);
  });

  it('filters by kind, owner and tag; the menus offer the owners and tags in use', () => {
    expect(lanes('none', { ...NO_FILTERS, kind: 'initiative' })[0]![1]).toEqual(['Stall', 'Loose']);
    expect(lanes('none', { ...NO_FILTERS, owner: 'Ana' })[0]![1]).toEqual(['Pop-ups', 'Circles']);
    expect(lanes('none', { ...NO_FILTERS, tag: 'pilot' })[0]![1]).toEqual(['Stall']);
    expect(filterChoices(view())).toEqual({ owners: ['Ana', 'Ben'], tags: ['pilot'] });
  });
});
