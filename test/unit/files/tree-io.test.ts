import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  exportTreeJson,
  exportTreeMarkdown,
  importTreeJson,
  importTreeMarkdown,
  TreeImportError,
} from '../../../shared/files/tree-io';
import { CanopyDoc, templateById } from '../../../shared/model';

function example() {
  const model = new CanopyDoc(new Y.Doc());
  const template = templateById('example');
  model.initialise({ title: template.title, vision: template.vision });
  return model;
}

function fromImport(imported: {
  title: string;
  vision: Parameters<CanopyDoc['initialise']>[0]['vision'];
}) {
  const model = new CanopyDoc(new Y.Doc());
  model.initialise({ title: imported.title, vision: imported.vision });
  return model;
}

/** The tree's shape as text: depth, kind and title per node. */
const shape = (model: CanopyDoc) =>
  model
    .tree()
    .order.map(
      (id) => `${model.tree().depthOf.get(id)} ${model.node(id)!.kind} ${model.node(id)!.title}`,
    );

describe('JSON', () => {
  it('round trip: the imported tree exports to the same JSON, every field included', () => {
    const original = example();
    const json = exportTreeJson(original);
    const copy = fromImport(importTreeJson(json));
    expect(exportTreeJson(copy)).toBe(json);
    expect(JSON.parse(json).vision.children[0].measures[0]).toMatchObject({
      name: expect.any(String),
    });
  });

  it('says what is wrong with a bad file, and imports nothing', () => {
    const bad: Array<[string, RegExp]> = [
      ['not json {', /not JSON/],
      ['{"format":"something-else"}', /not a Canopy tree/],
      ['{"format":"canopy-tree","version":9,"vision":{"title":"x"}}', /newer version/],
      ['{"format":"canopy-tree","version":1,"vision":{"title":5}}', /Item 1 is not valid/],
      [
        '{"format":"canopy-tree","version":1,"vision":{"title":"v","children":[{"title":"g","kind":"boss"}]}}',
        /Item 1\.1 is not valid/,
      ],
      ['{"format":"canopy-tree","version":1,"vision":{"title":"v","children":"no"}}', /not a list/],
    ];
    for (const [text, message] of bad) {
      expect(() => importTreeJson(text)).toThrow(TreeImportError);
      expect(() => importTreeJson(text)).toThrow(message);
    }
    let deep: unknown = { title: 'leaf' };
    for (let i = 0; i < 300; i++) deep = { title: `level ${i}`, children: [deep] };
    expect(() =>
      importTreeJson(JSON.stringify({ format: 'canopy-tree', version: 1, vision: deep })),
    ).toThrow(/deeper than 200 levels/);
  });
});

describe('Markdown', () => {
  it('round trip: titles, kinds and nesting come back the same', () => {
    const original = example();
    const markdown = exportTreeMarkdown(original);
    expect(markdown.split('\n').slice(0, 4)).toEqual([
      '# Riverbend Libraries strategy',
      '',
      '- Vision: Every resident of Riverbend can learn anything, anytime, for free',
      '  - Goal: More residents learn with us every month',
    ]);
    const imported = importTreeMarkdown(markdown);
    expect(imported.title).toBe('Riverbend Libraries strategy');
    expect(imported.warnings).toEqual([]);
    expect(shape(fromImport(imported))).toEqual(shape(original));
  });

  it('a hand-written outline without a vision gets one; an empty one is refused', () => {
    const imported = importTreeMarkdown('- Goal: Reach\n  - Bet: Pop-ups\n- Goal: Skills');
    expect(shape(fromImport(imported))).toEqual([
      '0 vision Imported vision',
      '1 goal Reach',
      '2 bet Pop-ups',
      '1 goal Skills',
    ]);
    expect(() => importTreeMarkdown('\n\n')).toThrow(/no outline items/);
  });
});
