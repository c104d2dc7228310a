import { describe, expect, it } from 'vitest';
import { boardCsv, csvCell } from '../../../shared/files/board-csv';
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
        // A byte-order mark first: Excel on Windows reads UTF-8 only with it.
        '\ufeffKind,Title,Owner,Tags,Column,In column since,Days in column,Moves',
        'bet,"Pop-ups, ""markets"" and fairs",Ana,pilot q1,Implementing,2026-11-02,3,1',
        `bet,"'=HYPERLINK(""http://evil"")",,,Funnel,2026-11-02,3,0`,
        '',
      ].join('\r\n'),
    );
  });
});

/** Cells a spreadsheet would run, in the shapes a filter that looks only at `=` misses. */
const FORMULAS = [
  '=1+1',
  '+1',
  '-1',
  '@SUM(A1)',
  ' =1+1',
  '   @cmd',
  '\u00a0=HYPERLINK("http://evil")',
  '\u3000=1',
  '\u200b=1',
  '\ufeff+1',
  '＝1+1',
  '＋1',
  '－1',
  '＠SUM(A1)',
  '\uff1dcmd',
  '\t=1',
  '\r=1',
  '\n=1',
  '|cmd',
  ' |cmd',
  "=cmd|' /C calc'!A0",
  '\t',
  '\r',
];

/** What a spreadsheet sees in a cell after unquoting and trimming white space. */
function seen(cell: string): string {
  const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
  return unquoted.replace(/^[\s\u00a0\u200b-\u200d\u2060\ufeff]+/, '');
}

describe('CSV cells', () => {
  it('never start with a formula trigger, whatever white space or width comes first', () => {
    for (const text of FORMULAS) {
      const cell = csvCell(text);
      expect(seen(cell), JSON.stringify(text)).toMatch(/^'/);
      expect(seen(cell)).not.toMatch(/^[=+\-@＝＋－＠|]/);
    }
  });

  it('leave ordinary text alone', () => {
    for (const text of ['Pop-ups', 'a=b', 'Q1 + Q2', 'me@example.org', '3 - 2', 'x|y', '']) {
      expect(csvCell(text)).toBe(text);
    }
    expect(csvCell('a, "b"')).toBe('"a, ""b"""');
    expect(csvCell(42)).toBe('42');
  });
});
