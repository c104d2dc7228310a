import { describe, expect, it } from 'vitest';
import { boardCsv } from '../../../shared/files/board-csv';
import { DAY_MS } from '../../../shared/flow/metrics';
import { clockedModel } from '../model/helpers';

describe('board CSV', () => {
  it('one row per card: where it is, since when, for how long; quoted and formula-safe', () => {
    const { clock, model } = clockedModel();
    model.initialise({
      title: 'CSV',
      vision: {
        title: 'Vision',
        children: [
          {
            title: 'Goal',
            children: [
              {
                title: 'Pop-ups, "markets" and fairs',
                kind: 'bet',
                owner: 'Ana',
                tags: ['pilot', 'q1'],
              },
              { title: '=HYPERLINK("http://evil")', kind: 'bet' },
            ],
          },
        ],
      },
    });
    const [, first] = model.tree().order.slice(1);
    model.moveCard(first!, 'implementing');
    clock.now += 3 * DAY_MS;
    const tree = model.tree();
    const nodes = new Map(tree.order.map((id) => [id, model.node(id)!]));
    expect(boardCsv({ nodes, order: tree.order, board: model.board() }, clock.now)).toBe(
      [
        'Kind,Title,Owner,Tags,Column,In column since,Days in column,Moves',
        'bet,"Pop-ups, ""markets"" and fairs",Ana,pilot q1,Implementing,2026-11-02,3,1',
        `bet,"'=HYPERLINK(""http://evil"")",,,Funnel,2026-11-02,3,0`,
        '',
      ].join('\r\n'),
    );
  });
});
