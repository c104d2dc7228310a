/** The tree picture: one card per item, one edge per parent link, text escaped and wrapped. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CanopyDoc, templateById, type NodeData } from '../../../shared/model';
import { treeSvg, wrapText, wrapWhole, type SvgTheme } from '../../../renderer/src/files/tree-svg';

const THEME: SvgTheme = {
  background: '#fff',
  card: '#fff',
  border: '#ccc',
  text: '#111',
  muted: '#555',
  edge: '#777',
  kind: { vision: '#60c', goal: '#088', bet: '#b60', initiative: '#380' },
  font: 'system-ui',
};
/** A monospace stand-in: every character is 0.6 em wide. */
const measure = (s: string, size: number) => s.length * size * 0.6;

function svgOf(model: CanopyDoc): string {
  const tree = model.tree();
  return treeSvg(
    {
      title: model.meta.title,
      rootId: tree.rootId,
      childrenOf: tree.childrenOf,
      nodes: new Map<string, NodeData>(tree.order.map((id) => [id, model.node(id)!])),
      columnOf: () => 'Funnel',
    },
    THEME,
    measure,
  );
}

const count = (s: string, needle: RegExp) => s.match(needle)?.length ?? 0;

describe('treeSvg', () => {
  it('draws every item as a card and every parent link as an edge', () => {
    const model = new CanopyDoc(new Y.Doc());
    model.initialise({ title: 'Riverbend', vision: templateById('example').vision });
    const svg = svgOf(model);
    const n = model.tree().order.length;
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(count(svg, /<g>/g)).toBe(n);
    expect(count(svg, /<path /g)).toBe(n - 1);
    expect(svg).toContain('<title>Riverbend</title>');
    expect(svg).toContain('>VISION</text>');
    const [, w, h] = /width="(\d+)" height="(\d+)"/.exec(svg)!;
    expect(Number(w)).toBeGreaterThan(500);
    expect(Number(h)).toBeGreaterThan(300);
  });

  it('escapes markup and drops control characters from people’s text', () => {
    const model = new CanopyDoc(new Y.Doc());
    const root = model.initialise({ title: 'A & B <tree>', vision: { title: 'v' } });
    model.addNode(root, { title: '<script>alert(1)</script>\u0007 "quoted"' });
    const svg = svgOf(model);
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('\u0007');
    expect(svg).toContain('A &#38; B &#60;tree&#62;');
    expect(svg).toContain('&#34;quoted&#34;');
  });
});

describe('wrapText', () => {
  const m = (s: string) => s.length;
  it('wraps at word boundaries within the width', () => {
    expect(wrapText('one two three four', 9, 3, m)).toEqual(['one two', 'three', 'four']);
  });
  it('ends the last line with an ellipsis when the text does not fit', () => {
    const lines = wrapText('one two three four five six', 9, 2, m);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.endsWith('…')).toBe(true);
    expect(lines.every((l) => l.length <= 9)).toBe(true);
  });
  it('cuts a single word longer than the line', () => {
    expect(wrapText('Supercalifragilistic', 8, 1, m)).toEqual(['Superca…']);
  });
});

describe('whole titles', () => {
  const LONG =
    'Two-week free trial with 5 traders at the Saturday market, then a paid pilot with the ' +
    'council’s business desk if at least three of them renew https://example.org/a-very-long-link-without-spaces-at-all';

  it('wrapWhole keeps every word and breaks only a word wider than a line', () => {
    const m = (s: string) => s.length;
    expect(wrapWhole('one two three four', 9, m)).toEqual(['one two', 'three', 'four']);
    expect(wrapWhole('ab Supercalifragilistic', 8, m)).toEqual([
      'ab',
      'Supercal',
      'ifragili',
      'stic',
    ]);
    expect(wrapWhole('🌳🌳🌳', 2, m)).toEqual(['🌳', '🌳', '🌳']);
    const lines = wrapWhole(LONG, 30, m);
    expect(lines.join(' ').replace(/\s+/g, '')).toBe(LONG.replace(/\s+/g, ''));
    expect(lines.every((l) => l.length <= 30)).toBe(true);
  });

  it('a long title is drawn in full on a taller card, nothing cut with an ellipsis', () => {
    const model = new CanopyDoc(new Y.Doc());
    const root = model.initialise({ title: 'T', vision: { title: 'V' } });
    const goal = model.addNode(root, { title: LONG });
    model.addNode(root, { title: 'Short' });
    const svg = svgOf(model);
    expect(svg).not.toContain('…');
    const drawn = [...svg.matchAll(/font-size="15" font-weight="650"[^>]*>([^<]*)</g)].map(
      (m) => m[1],
    );
    expect(drawn.join(' ').replace(/\s+/g, '').replace(/&#39;/g, "'")).toContain(
      LONG.replace(/\s+/g, ''),
    );
    // The card of the long title is taller than its short sibling's.
    const heights = [
      ...svg.matchAll(/<rect x="[\d.-]+" y="[\d.-]+" width="260" height="(\d+)"/g),
    ].map((m) => Number(m[1]));
    expect(heights.filter((h) => h > 4)).toHaveLength(2);
    const cards = heights.filter((h) => h > 4);
    expect(Math.max(...cards)).toBeGreaterThan(Math.min(...cards) + 3 * 19);
    expect(model.node(goal)!.title).toBe(LONG);
  });

  it('left to right: the root at the left, its children stacked to its right', () => {
    const model = new CanopyDoc(new Y.Doc());
    model.initialise({ title: 'Riverbend', vision: templateById('example').vision });
    const tree = model.tree();
    const svg = treeSvg(
      {
        title: 'R',
        rootId: tree.rootId,
        childrenOf: tree.childrenOf,
        nodes: new Map(tree.order.map((id) => [id, model.node(id)!])),
      },
      THEME,
      measure,
      { orientation: 'right' },
    );
    // Each level starts right of the level before it ends.
    const cards = [...svg.matchAll(/<rect x="([\d.-]+)" y="[\d.-]+" width="(\d+)" height="(\d+)"/g)]
      .map((m) => ({ x: Number(m[1]), width: Number(m[2]), height: Number(m[3]) }))
      .filter((c) => c.height > 4);
    const vision = cards.find((c) => c.width === 320)!;
    const goals = cards.filter((c) => c.width === 260);
    const bets = cards.filter((c) => c.width === 250);
    expect(goals.length).toBeGreaterThan(1);
    for (const g of goals) expect(g.x).toBeGreaterThan(vision.x + vision.width);
    for (const b of bets) expect(b.x).toBeGreaterThan(goals[0]!.x + 260);
    expect(count(svg, /<g>/g)).toBe(tree.order.length);
  });
});
