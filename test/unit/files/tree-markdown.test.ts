import { describe, expect, it } from 'vitest';
import { asDocument, columns, richExample, shape as formatShape } from './format-fixtures';
import * as Y from 'yjs';
import {
  exportTreeMarkdown,
  importOutlineFile,
  importTreeMarkdown,
  initialiseImported,
} from '../../../shared/files/tree-io';
import { CanopyDoc, templateById, type OutlineItem } from '../../../shared/model';

function example() {
  const model = new CanopyDoc(new Y.Doc());
  const template = templateById('example');
  model.initialise({ title: template.title, vision: template.vision });
  return model;
}

function fromImport(imported: ReturnType<typeof importTreeMarkdown>) {
  const model = new CanopyDoc(new Y.Doc());
  initialiseImported(model, imported);
  return model;
}

/** The tree's shape as text: depth, kind and title per node. */
const shape = (model: CanopyDoc) =>
  model
    .tree()
    .order.map(
      (id) => `${model.tree().depthOf.get(id)} ${model.node(id)!.kind} ${model.node(id)!.title}`,
    );

/** Titles an attacker or a careless paste might give: each must come back as text. */
const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[x](javascript:alert(1))',
  '[[Secret page]] and ![[embed]]',
  '*not emphasis* _nor this_ **nor bold**',
  '# not a heading',
  '`code` and ``more``',
  '- a leading dash',
  '1. a leading number',
  '+ plus',
  '| a | b |',
  '&amp; &lt;b&gt; &#x41; &copy;',
  'back\\slash\\',
  '> not a quote',
  '---',
  '~~not struck~~',
  'Goal: a kind inside the title',
  'key:: value',
  '#tag and #[[another]]',
  '<!-- comment -->',
  '{{embed}} $x$',
  '   padded   ',
];

function hostileTree(docTitle: string) {
  const model = new CanopyDoc(new Y.Doc());
  model.initialise({
    title: docTitle,
    vision: {
      title: HOSTILE[0]!,
      children: HOSTILE.slice(1).map((title, i) => ({
        title,
        children: i % 3 === 0 ? [{ title: HOSTILE[(i + 5) % HOSTILE.length]! }] : [],
      })),
    },
  });
  return model;
}

describe('Markdown export', () => {
  it('titles: export then import gives the same titles, whatever they hold', () => {
    const original = hostileTree('Plan <b>#1</b> | *draft* & `x`');
    const markdown = exportTreeMarkdown(original);
    const imported = importTreeMarkdown(markdown);
    expect(imported.warnings).toEqual([]);
    expect(imported.title).toBe('Plan <b>#1</b> | *draft* & `x`');
    // Titles are single lines and trimmed on export: the padded one comes back trimmed.
    expect(shape(fromImport(imported))).toEqual(
      shape(original).map((line) => line.replace(/ +padded +$/, ' padded')),
    );
  });

  it('nothing in a title becomes markup: no raw HTML, link, heading, list or table', () => {
    const markdown = exportTreeMarkdown(hostileTree('Doc'));
    const lines = markdown.split('\n');
    expect(lines[0]).toBe('# Doc');
    for (const line of lines.slice(1).filter(Boolean)) {
      // Every line is a bullet whose text starts with the item's kind.
      expect(line).toMatch(/^( {2})*- (Vision|Goal|Bet|Initiative): /);
    }
    expect(markdown).not.toMatch(/(?<!\\)<(script|img|!--)/);
    expect(markdown).not.toMatch(/(?<!\\)\[x\]\(javascript:/);
    expect(markdown).not.toMatch(/(?<!\\)\|/);
    expect(markdown).not.toMatch(/(?<!\\)&(amp|lt|#x41|copy);/);
    expect(markdown).not.toMatch(/(?<!\\)\[\[/);
  });

  it('a line break in a title never starts a new heading or item', () => {
    const model = new CanopyDoc(new Y.Doc());
    model.initialise({
      title: 'Doc\n# Injected heading\n- injected item',
      vision: { title: 'Vision\n\n- Goal: injected' },
    });
    const markdown = exportTreeMarkdown(model);
    expect(markdown).toBe(
      '# Doc # Injected heading - injected item\n\n- Vision: Vision - Goal: injected\n',
    );
    const back = fromImport(importTreeMarkdown(markdown));
    expect(back.meta.title).toBe('Doc # Injected heading - injected item');
    expect(shape(back)).toEqual(['0 vision Vision - Goal: injected']);
  });

  it('round trip of the example: titles, kinds and nesting come back the same', () => {
    const original = example();
    const markdown = exportTreeMarkdown(original);
    expect(markdown.split('\n').slice(0, 7)).toEqual([
      '# Riverbend Libraries strategy',
      '',
      '- Vision: Every resident of Riverbend can learn anything, anytime, for free',
      '  owner:: Director',
      '',
      '  Libraries as the town’s open learning commons, in the branches and online.',
      '  - Goal: More residents learn with us every month',
    ]);
    const imported = importTreeMarkdown(markdown);
    expect(imported.title).toBe('Riverbend Libraries strategy');
    expect(imported.warnings).toEqual([]);
    expect(shape(fromImport(imported))).toEqual(shape(original));
  });
});

const tree = (markdown: string, name = 'notes') => {
  const imported = importTreeMarkdown(markdown, name);
  return { title: imported.title, shape: shape(fromImport(imported)), warnings: imported.warnings };
};

describe('Markdown import: a document as a reader expects', () => {
  it('a single top heading over a list names the tree; one top item is the vision', () => {
    expect(
      tree('# Q3 strategy\n\n- Be the town’s classroom\n  - Reach\n    - Pop-ups\n  - Skills'),
    ).toEqual({
      title: 'Q3 strategy',
      shape: ['0 vision Be the town’s classroom', '1 goal Reach', '2 bet Pop-ups', '1 goal Skills'],
      warnings: [],
    });
  });

  it('several top items under the heading are goals of a vision named by the heading', () => {
    expect(tree('# Q3 strategy\n\n- Reach\n  - Pop-ups\n- Skills\n').shape).toEqual([
      '0 vision Q3 strategy',
      '1 goal Reach',
      '2 bet Pop-ups',
      '1 goal Skills',
    ]);
  });

  it('headings nest by level, with lists under them and text as descriptions', () => {
    const imported = importTreeMarkdown(
      '# Plan\n\n## Reach more people\n\nWhy: few come.\n\n- Pop-ups\n  - Market stall\n\n## Skills\n\n- Classes\n',
    );
    const model = fromImport(imported);
    expect(shape(model)).toEqual([
      '0 vision Plan',
      '1 goal Reach more people',
      '2 bet Pop-ups',
      '3 initiative Market stall',
      '1 goal Skills',
      '2 bet Classes',
    ]);
    const reach = model.tree().order[1]!;
    expect(model.node(reach)!.description).toBe('Why: few come.');
  });

  it('kind prefixes win over the ladder; a vision prefix is the vision', () => {
    expect(tree('- Goal: Reach\n  - Bet: Pop-ups\n- Goal: Skills').shape).toEqual([
      '0 vision ',
      '1 goal Reach',
      '2 bet Pop-ups',
      '1 goal Skills',
    ]);
    expect(tree('- Goal: Reach\n- Goal: Skills', 'my-notes').title).toBe('my-notes');
    expect(tree('# Doc\n\n- Vision: V\n  - Goal: G').shape).toEqual(['0 vision V', '1 goal G']);
    expect(tree('**Vision:** Big\n\n- Goal: G').shape).toEqual(['0 vision ', '1 goal G']);
  });

  it('a plain indented outline without Markdown structure reads line by line', () => {
    expect(tree('Vision: V\n\tGoal: A\n\t\tBet: B\n\tGoal: C').shape).toEqual([
      '0 vision V',
      '1 goal A',
      '2 bet B',
      '1 goal C',
    ]);
  });

  it('says what it left out', () => {
    const { shape: s, warnings } = tree(
      'Some intro text.\n\n# Plan\n\n- A\n\n```\ncode\n```\n\n<div>html</div>\n\n> quote\n',
    );
    expect(s).toEqual(['0 vision A']);
    expect(warnings).toEqual([
      '3 blocks that are not a heading, a list or text (code, a table, a quote) were left out.',
      '1 paragraph of text before the first heading or list were left out: they belong to no item.',
    ]);
  });

  it('keeps 2,000 items of a larger file and says how many there were and why', () => {
    const lines = Array.from({ length: 10_001 }, (_, i) => `- item ${i}`);
    const imported = importTreeMarkdown(`# Big\n\n${lines.join('\n')}`);
    const count = (item: OutlineItem): number =>
      1 + (item.children ?? []).reduce((n, c) => n + count(c), 0);
    expect(count(imported.vision) - 1).toBe(2_000);
    expect(imported.warnings).toEqual([
      'Kept the first 2,000 of 10,001 items: a tree takes at most 2,000 from one file.',
    ]);
  });

  it('a 1 MB nested outline: the first 2,000 items parsed, the rest counted, all said', () => {
    // Parsing all of it took minutes (a nested list's cost grows faster than its length).
    const lines = Array.from(
      { length: 25_000 },
      (_, i) => `${'  '.repeat(i % 4)}- Item number ${i} with a few words of title`,
    );
    const imported = importTreeMarkdown(`# Huge\n\n${lines.join('\n')}\n`);
    expect(imported.title).toBe('Huge');
    expect(imported.warnings).toEqual([
      'Kept the first 2,000 of 25,000 items: a tree takes at most 2,000 from one file.',
    ]);
  });

  it('a file of long descriptions is read to 2 MB, and the import says so', () => {
    const prose = 'A long paragraph of notes about this goal. '.repeat(1_000);
    const sections = Array.from({ length: 60 }, (_, i) => `## Goal ${i}\n\n${prose}\n`);
    const imported = importTreeMarkdown(`# Notes\n\n${sections.join('\n')}`);
    expect(imported.vision.children!.length).toBeLessThan(60);
    expect(imported.warnings).toEqual([
      `Only the first 2 MB of the file were read, with ${imported.vision.children!.length} of ` +
        'its 60 items: an outline is rarely longer, and the rest would take minutes to read.',
    ]);
  });

  it('a 600-character title is shortened to 500, and the import says so', () => {
    const imported = importTreeMarkdown(`- ${'x'.repeat(600)}\n  - short`);
    expect(imported.vision.title).toHaveLength(500);
    expect(imported.warnings).toEqual([
      '1 title was longer than 500 characters and was shortened.',
    ]);
  });

  it('an empty outline is refused', () => {
    expect(() => importTreeMarkdown('\n\n')).toThrow(/no outline items/);
    expect(() => importTreeMarkdown('# \n\n---\n')).toThrow(/no outline items/);
  });

  it('a file is named after itself when it has no title of its own', () => {
    const bytes = new TextEncoder().encode('- Goal: A\n- Goal: B');
    expect(importOutlineFile('Team plan.md', bytes).title).toBe('Team plan');
  });
});

describe('Markdown fields as Logseq / Obsidian properties', () => {
  it('round trip: every field, the description and cards’ columns come back', () => {
    const model = richExample();
    const markdown = exportTreeMarkdown(model);
    expect(markdown).toContain(
      '      owner:: Zoë\n      tags:: outreach, q1 pilot, reach\n      confidence:: 62\n      column:: Reviewing\n',
    );
    const imported = importTreeMarkdown(markdown);
    expect(imported.warnings).toEqual([]);
    const back = asDocument(imported);
    const noTimes = (s: unknown) =>
      JSON.parse(JSON.stringify(s, (k, v) => (k === 'updatedAt' ? undefined : v)));
    expect(noTimes(formatShape(back))).toEqual(noTimes(formatShape(model)));
    expect(columns(back)).toEqual(columns(model));
  });

  // Logseq writes block properties as `key:: value` lines under the block's first line
  // (https://docs.logseq.com/#/page/properties), and adds its own (id::, collapsed::).
  it('reads a Logseq page: properties set fields, Logseq’s own are not titles', () => {
    const imported = importTreeMarkdown(
      [
        '- Vision: Readers everywhere',
        '  collapsed:: false',
        '  - Goal: More members',
        '    id:: 65a1c2d3-0000-4000-8000-000000000000',
        '    owner:: Ana',
        '    tags:: growth, q1',
        '    - Bet: Pop-ups',
        '      confidence:: 60%',
        '      column:: Analyzing',
      ].join('\n'),
    );
    const doc = asDocument(imported);
    expect(formatShape(doc, ['title', 'kind', 'owner', 'tags', 'confidence'])).toEqual({
      title: 'Readers everywhere',
      kind: 'vision',
      owner: '',
      tags: [],
      confidence: null,
      children: [
        {
          title: 'More members',
          kind: 'goal',
          owner: 'Ana',
          tags: ['growth', 'q1'],
          confidence: null,
          children: [
            { title: 'Pop-ups', kind: 'bet', owner: '', tags: [], confidence: 60, children: [] },
          ],
        },
      ],
    });
    expect(Object.values(columns(doc))).toEqual(['Analyzing']);
  });

  // Obsidian (Dataview inline fields) puts `key:: value` on lines of their own under a
  // heading: they are fields too, not the description.
  it('reads properties under a heading', () => {
    const imported = importTreeMarkdown(
      '# Plan\n\n## Goal: Reach\n\nowner:: Ben\n\nWhy it matters.\n',
    );
    expect(imported.vision.children?.[0]).toMatchObject({
      title: 'Reach',
      owner: 'Ben',
      description: 'Why it matters.',
    });
  });
});
