import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CanopyDoc, LIMITS, NODE_KINDS, type OutlineItem } from '../../../shared/model';
import { MAX_OUTLINE_ITEMS, NO_LIMITS, parseOutlineText } from '../../../shared/model/outline-text';

/** The outline reduced to titles (and kinds where set), for compact expectations. */
interface Shape {
  title: string;
  kind?: string;
  children?: Shape[];
}

function shape(items: OutlineItem[]): Shape[] {
  return items.map((item) => {
    const s: Shape = { title: item.title };
    if (item.kind) s.kind = item.kind;
    if (item.children?.length) s.children = shape(item.children);
    return s;
  });
}

function parse(text: string) {
  const { items, warnings } = parseOutlineText(text);
  return { tree: shape(items), items, warnings };
}

function count(items: OutlineItem[]): number {
  return items.reduce((n, item) => n + 1 + count(item.children ?? []), 0);
}

function walk(items: OutlineItem[], visit: (item: OutlineItem) => void): void {
  for (const item of items) {
    visit(item);
    walk(item.children ?? [], visit);
  }
}

const NESTED = [
  { title: 'A', children: [{ title: 'A1', children: [{ title: 'A1a' }] }, { title: 'A2' }] },
  { title: 'B' },
];

describe('parseOutlineText: structure', () => {
  it('gives one item for a single line with no newline', () => {
    expect(parseOutlineText('Grow revenue')).toEqual({
      items: [{ title: 'Grow revenue' }],
      warnings: [],
      limits: { total: 1, kept: 1, shortened: 0 },
      reindented: 0,
    });
  });

  it('gives no items and no warnings for empty or blank input', () => {
    for (const text of ['', '   ', '\n\n\n', '\r\n \t \r\n', '-\n*\n[ ]\n#']) {
      expect(parseOutlineText(text)).toEqual({
        items: [],
        warnings: [],
        limits: NO_LIMITS,
        reindented: 0,
      });
    }
  });

  it('nests bullets by indentation', () => {
    const { tree, warnings } = parse('- A\n  - A1\n    - A1a\n  - A2\n- B');
    expect(tree).toEqual(NESTED);
    expect(warnings).toEqual([]);
  });

  it('nests plain lines without bullets the same way', () => {
    expect(parse('A\n  A1\n    A1a\n  A2\nB').tree).toEqual(NESTED);
  });

  it('reads tabs as one level each and infers the space unit', () => {
    const tabs = parse('A\n\tA1\n\t\tA1a\n\tA2\nB');
    const four = parse('A\n    A1\n        A1a\n    A2\nB');
    const three = parse('* A\n   * A1\n      * A1a\n   * A2\n* B');
    expect(tabs.tree).toEqual(NESTED);
    expect(four.tree).toEqual(NESTED);
    expect(three.tree).toEqual(NESTED);
    expect([...tabs.warnings, ...four.warnings, ...three.warnings]).toEqual([]);
  });

  it('accepts a tab where other lines use spaces (a tab is one unit)', () => {
    const { tree, warnings } = parse('A\n  A1\n\t\tA1a\n\tA2\nB');
    expect(tree).toEqual(NESTED);
    expect(warnings).toEqual([]);
  });

  it('keeps a text that is indented as a whole at the top level', () => {
    expect(parse('    A\n      A1\n        A1a\n      A2\n    B').tree).toEqual(NESTED);
  });

  it('places a dedent between two levels under the nearest shallower line', () => {
    // C (2 spaces) closes B (4) and sits under A (0).
    expect(parse('A\n    B\n  C').tree).toEqual([
      { title: 'A', children: [{ title: 'B' }, { title: 'C' }] },
    ]);
  });

  it('treats Markdown headings as levels above bullets', () => {
    const text = [
      '# Vision: Healthy customers',
      '',
      '## Goal: Retention',
      '- Bet: Onboarding email',
      '  - Write the copy',
      '- Better docs',
      '## Acquisition ##',
      '### Partnerships',
      '- Reseller pilot',
      '# Second root',
    ].join('\n');
    const { tree, warnings } = parse(text);
    expect(tree).toEqual([
      {
        title: 'Healthy customers',
        kind: 'vision',
        children: [
          {
            title: 'Retention',
            kind: 'goal',
            children: [
              { title: 'Onboarding email', kind: 'bet', children: [{ title: 'Write the copy' }] },
              { title: 'Better docs' },
            ],
          },
          {
            title: 'Acquisition',
            children: [{ title: 'Partnerships', children: [{ title: 'Reseller pilot' }] }],
          },
        ],
      },
      { title: 'Second root' },
    ]);
    expect(warnings).toEqual([]);
  });

  it('keeps #hashtags and over-long heading markers as text', () => {
    expect(parse('#hashtag\n####### seven').tree).toEqual([
      { title: '#hashtag' },
      { title: '####### seven' },
    ]);
  });

  it('strips numbered list markers, bullets and checkboxes', () => {
    const text = [
      '1. First',
      '   1) Sub one',
      '   2) Sub two',
      '2. Second',
      '   1.1. Dotted',
      '• Bullet',
      '  ◦ Hollow',
      '+ Plus',
      '* Star',
      '- [ ] Open task',
      '- [x] Done task',
      '[X] Bare checkbox',
    ].join('\n');
    expect(parse(text).tree).toEqual([
      { title: 'First', children: [{ title: 'Sub one' }, { title: 'Sub two' }] },
      { title: 'Second', children: [{ title: 'Dotted' }] },
      { title: 'Bullet', children: [{ title: 'Hollow' }] },
      { title: 'Plus' },
      { title: 'Star' },
      { title: 'Open task' },
      { title: 'Done task' },
      { title: 'Bare checkbox' },
    ]);
  });

  it('leaves text that only looks like a marker alone', () => {
    expect(parse('-5% churn\n**bold** idea\n[WIP] draft\n2024 plan').tree).toEqual([
      { title: '-5% churn' },
      { title: '**bold** idea' },
      { title: '[WIP] draft' },
      { title: '2024 plan' },
    ]);
  });

  it('ignores Markdown rules and setext underlines', () => {
    expect(parse('A\n---\nB\n===\n* * *').tree).toEqual([{ title: 'A' }, { title: 'B' }]);
  });
});

describe('parseOutlineText: kinds', () => {
  it('reads a kind prefix in any case and removes it', () => {
    const { items } = parse(
      'VISION: Be loved\n  goal: Retention\n    Bet:Onboarding\n      InItIaTiVe:   Emails',
    );
    expect(shape(items)).toEqual([
      {
        title: 'Be loved',
        kind: 'vision',
        children: [
          {
            title: 'Retention',
            kind: 'goal',
            children: [
              {
                title: 'Onboarding',
                kind: 'bet',
                children: [{ title: 'Emails', kind: 'initiative' }],
              },
            ],
          },
        ],
      },
    ]);
  });

  it('reads a bold prefix and a prefix after a bullet or checkbox', () => {
    expect(parse('- **Goal:** Retention\n- **Bet**: Docs\n- [ ] Initiative: Ship').tree).toEqual([
      { title: 'Retention', kind: 'goal' },
      { title: 'Docs', kind: 'bet' },
      { title: 'Ship', kind: 'initiative' },
    ]);
  });

  it('leaves kind undefined without a prefix (insertOutline derives it)', () => {
    const { items } = parse('Goals: plural is not a prefix\nBetter onboarding\nTarget: 5%');
    expect(items.map((i) => i.title)).toEqual([
      'Goals: plural is not a prefix',
      'Better onboarding',
      'Target: 5%',
    ]);
    for (const item of items) expect('kind' in item).toBe(false);
  });

  it('keeps a prefix with no title as an empty item of that kind', () => {
    expect(parse('Goal:\n  Bet: X').tree).toEqual([
      { title: '', kind: 'goal', children: [{ title: 'X', kind: 'bet' }] },
    ]);
  });
});

describe('parseOutlineText: messy input', () => {
  it('makes an over-indented line a child of the line above and warns with its number', () => {
    const text = 'A\n\n      B\n      C\n  D\nE';
    const { tree, warnings } = parse(text);
    expect(tree).toEqual([
      { title: 'A', children: [{ title: 'B' }, { title: 'C' }, { title: 'D' }] },
      { title: 'E' },
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/\bLine 3\b/);
  });

  it('warns for a jump of two tab levels too', () => {
    const { tree, warnings } = parse('- A\n\t\t\t- B');
    expect(tree).toEqual([{ title: 'A', children: [{ title: 'B' }] }]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/\bLine 2\b/);
  });

  it('summarises warnings beyond the first fifty', () => {
    // The 2-space line sets the unit; each 6-space line then jumps three levels.
    const lines: string[] = ['R', '  r'];
    for (let i = 0; i < 80; i++) lines.push('A' + i, '      B' + i);
    const { items, warnings } = parse(lines.join('\n'));
    expect(items).toHaveLength(81);
    expect(warnings).toHaveLength(51);
    expect(warnings[50]).toMatch(/30 more lines/);
  });

  it('handles CRLF, lone CR, trailing spaces and blank lines', () => {
    const crlf = parse('- A   \r\n  - A1\t\r\n\r\n    - A1a \r\n  - A2\r\n- B\r\n');
    expect(crlf.tree).toEqual(NESTED);
    expect(crlf.warnings).toEqual([]);
    expect(parse('A\r  A1\r    A1a\r  A2\rB').tree).toEqual(NESTED);
  });

  it('handles a byte-order mark, non-breaking spaces and control characters', () => {
    expect(parse('\uFEFF- A\n\u00A0\u00A0- B\tC\u0000D').tree).toEqual([
      { title: 'A', children: [{ title: 'B C D' }] },
    ]);
  });

  it('clamps titles to LIMITS.title without splitting a surrogate pair, and says how many', () => {
    const long = 'x'.repeat(LIMITS.title + 100);
    const one = parseOutlineText(long);
    expect(one.items[0]!.title).toHaveLength(LIMITS.title);
    expect(one.warnings).toEqual(['1 title was longer than 500 characters and was shortened.']);
    const three = parseOutlineText(`${long}\n  ${long}\nshort\n${'y'.repeat(600)}`);
    expect(three.limits.shortened).toBe(3);
    expect(three.warnings).toEqual([
      '3 titles were longer than 500 characters and were shortened.',
    ]);
    const emoji = 'x'.repeat(LIMITS.title - 1) + '🌳🌳';
    const title = parseOutlineText(emoji).items[0]!.title;
    expect(title.length).toBeLessThanOrEqual(LIMITS.title);
    expect(title).toBe('x'.repeat(LIMITS.title - 1));
  });

  it(`keeps at most ${MAX_OUTLINE_ITEMS} items and warns about the rest`, () => {
    expect(MAX_OUTLINE_ITEMS).toBe(2_000);
    const lines = Array.from({ length: 2_500 }, (_, i) => (i % 10 === 0 ? '' : '  ') + `n${i}`);
    lines.splice(2_300, 0, '', '   '); // blank lines among the dropped ones are not counted
    const { items, warnings, limits } = parseOutlineText(lines.join('\n'));
    expect(count(items)).toBe(2_000);
    expect(items).toHaveLength(200);
    expect(limits).toEqual({ total: 2_500, kept: 2_000, shortened: 0 });
    expect(warnings).toEqual([
      'Kept the first 2,000 of 2,500 items: a tree takes at most 2,000 from one paste.',
    ]);
    expect(parseOutlineText(lines.join('\n'), 'file').warnings[0]).toMatch(/from one file\.$/);
    // Exactly the cap: nothing dropped.
    const exact = parseOutlineText(Array.from({ length: 2_000 }, (_, i) => `n${i}`).join('\n'));
    expect(exact.items).toHaveLength(2_000);
    expect(exact.warnings).toEqual([]);
  });

  it('builds deep nesting without recursion limits', () => {
    const text = Array.from({ length: 2_000 }, (_, i) => '\t'.repeat(i) + `d${i}`).join('\n');
    const { items, warnings } = parseOutlineText(text);
    expect(count(items)).toBe(2_000);
    expect(warnings).toEqual([]);
  });

  it('never throws on random input and keeps its invariants', () => {
    // Deterministic PRNG (mulberry32) so a failure is reproducible.
    let seed = 0x5eed;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = seed;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const alphabet = [
      ...' \t\n\r#-*+•◦1.)[]xX:_=',
      'Goal:',
      'bet:',
      '**',
      '\r\n',
      '\u00A0',
      '\u2028',
      '\uFEFF',
      '\u0000',
      '\uD83C',
      '🌳',
      'a',
      'Z',
      '    ',
    ];
    const kinds = new Set<string>(NODE_KINDS);
    for (let run = 0; run < 400; run++) {
      const length = Math.floor(random() * 400);
      let text = '';
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      let result: ReturnType<typeof parseOutlineText> | undefined;
      expect(() => (result = parseOutlineText(text)), JSON.stringify(text)).not.toThrow();
      const { items, warnings } = result!;
      expect(count(items)).toBeLessThanOrEqual(MAX_OUTLINE_ITEMS);
      walk(items, (item) => {
        expect(item.title.length).toBeLessThanOrEqual(LIMITS.title);
        expect(item.title).toBe(item.title.trim());
        if (item.kind !== undefined) expect(kinds.has(item.kind)).toBe(true);
        if (item.children) expect(item.children.length).toBeGreaterThan(0);
      });
      for (const w of warnings) expect(typeof w).toBe('string');
    }
    // Non-string input from untyped callers.
    expect(parseOutlineText(undefined as unknown as string)).toEqual({
      items: [],
      warnings: [],
      limits: NO_LIMITS,
      reindented: 0,
    });
  });

  it('handles a very long line without slowing down', () => {
    const start = Date.now();
    const { items } = parseOutlineText(' '.repeat(200_000) + 'x' + ' #'.repeat(100_000));
    expect(items).toHaveLength(1);
    expect(Date.now() - start).toBeLessThan(2_000);
  });
});

describe('parseOutlineText: round trip through insertOutline', () => {
  interface DocShape {
    title: string;
    kind: string;
    children?: DocShape[];
  }

  function docShape(model: CanopyDoc, id: string): DocShape {
    const node = model.node(id)!;
    const s: DocShape = { title: node.title, kind: node.kind };
    const children = model.tree().childrenOf.get(id) ?? [];
    if (children.length) s.children = children.map((c) => docShape(model, c));
    return s;
  }

  it('inserts the parsed subtree with derived and explicit kinds', () => {
    const model = new CanopyDoc(new Y.Doc());
    const rootId = model.initialise({ title: 't' });
    const { items, warnings } = parseOutlineText(
      [
        '## Retention',
        '- Onboarding email',
        '  - Write the copy',
        '  - Initiative: A/B test',
        '- Goal: Sub-goal',
        '    - Deep bet',
        '## Bet: Pricing page',
      ].join('\r\n'),
    );
    expect(warnings).toHaveLength(1); // "Deep bet" skips a level
    const ids = model.insertOutline(rootId, items);
    expect(ids).toHaveLength(2);

    expect(docShape(model, rootId)).toEqual({
      title: '',
      kind: 'vision',
      children: [
        {
          title: 'Retention',
          kind: 'goal',
          children: [
            {
              title: 'Onboarding email',
              kind: 'bet',
              children: [
                { title: 'Write the copy', kind: 'initiative' },
                { title: 'A/B test', kind: 'initiative' },
              ],
            },
            {
              title: 'Sub-goal',
              kind: 'goal',
              children: [{ title: 'Deep bet', kind: 'bet' }],
            },
          ],
        },
        { title: 'Pricing page', kind: 'bet' },
      ],
    });
    const tree = model.tree();
    expect(tree.order).toHaveLength(1 + count(items));
    expect(tree.repairs.size).toBe(0);
    expect(tree.depthOf.get(tree.order[tree.order.length - 2]!)).toBe(3); // Deep bet
  });

  it('inserts a large paste as one undoable step', () => {
    const model = new CanopyDoc(new Y.Doc());
    const rootId = model.initialise({ title: 't' });
    const text = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? '' : '\t') + `n${i}`);
    const { items } = parseOutlineText(text.join('\n'));
    model.insertOutline(rootId, items);
    const tree = model.tree();
    expect(tree.order).toHaveLength(301);
    expect(tree.childrenOf.get(rootId)).toHaveLength(100);
    expect(tree.order.slice(1, 4).map((id) => model.node(id)!.title)).toEqual(['n0', 'n1', 'n2']);
    model.undoManager.undo();
    expect(model.tree().order).toEqual([rootId]);
  });
});
