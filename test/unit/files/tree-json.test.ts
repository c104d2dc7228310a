import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  exportTreeJson,
  importTreeJson,
  initialiseImported,
  TreeImportError,
} from '../../../shared/files/tree-io';
import { CanopyDoc, templateById } from '../../../shared/model';

/** The example tree with every kind of record: evidence, decisions, an edited board. */
function fullExample() {
  let now = Date.UTC(2026, 10, 2, 9);
  const model = new CanopyDoc(new Y.Doc(), { actor: 'Ada', now: () => (now += 60_000) });
  const template = templateById('example');
  model.initialise({ title: template.title, vision: template.vision });
  const byTitle = (start: string) =>
    model.tree().order.find((id) => model.node(id)!.title.startsWith(start))!;
  const bet = byTitle('Bring the library');
  const initiative = byTitle('Saturday market');
  model.updateNode(bet, { description: 'Why: reach', confidence: 62, investment: '2 people' });
  model.addTag(bet, 'outreach');
  const measure = model.addMeasure(bet, { name: 'Visits', baseline: 10, target: 40 });
  model.updateMeasure(bet, measure, { current: 22 });
  model.addAssumption(bet, { text: 'People come', risk: 'high' });
  const evidence = model.addEvidence(initiative, {
    summary: '40 sign-ups',
    stance: 'supports',
    strength: 'strong',
    source: 'https://example.org/notes',
  });
  model.addEvidence(bet, { summary: 'Low turnout in rain', stance: 'contradicts' });
  model.requestDecision(initiative, { decider: 'Board', due: '2026-12-01' });
  model.recordDecision(initiative, {
    outcome: 'persevere',
    rationale: 'Good numbers',
    evidence: [evidence],
  });
  model.requestDecision(bet, { decider: 'Board' });
  const review = model.board().columns.find((c) => c.name === 'Reviewing')!;
  model.updateColumn(review.id, { wipLimit: 2, name: 'Review', awaitingDecision: true });
  model.removeColumn(model.board().columns.find((c) => c.name === 'Learning')!.id);
  const extra = model.addColumn('Parked', { index: 2, stage: 'backlog' });
  model.updateBoardSettings({ stalledDays: 10, decisionDays: 3 });
  model.moveCard(initiative, review.id);
  model.moveCard(initiative, extra);
  model.moveCard(bet, review.id);
  // A deleted item and its evidence stay behind.
  const doomed = model.addNode(bet, { title: 'Doomed' });
  model.addEvidence(doomed, { summary: 'about the doomed one', stance: 'inconclusive' });
  model.deleteSubtree(doomed);
  return model;
}

function reimport(json: string, actor = 'Bea') {
  const model = new CanopyDoc(new Y.Doc(), { actor });
  initialiseImported(model, importTreeJson(json));
  return model;
}

describe('Export everything (JSON, version 2)', () => {
  it('export → import → export gives the same JSON: every field, record, column and move', () => {
    const original = fullExample();
    const json = exportTreeJson(original);
    const copy = reimport(json);
    expect(exportTreeJson(copy)).toBe(json);
    // And the copy reads as the same tree everywhere a view looks.
    expect(copy.tree().order).toEqual(original.tree().order);
    expect(copy.board().columns).toEqual(original.board().columns);
    expect(copy.board().settings).toEqual({ stalledDays: 10, decisionDays: 3 });
    expect([...copy.board().movesByCard]).toEqual([...original.board().movesByCard]);
    const live = new Set(original.tree().order);
    const learning = (m: CanopyDoc) =>
      [...m.learning().evidenceByNode, ...m.learning().decisionsByNode].filter(([id]) =>
        live.has(id),
      );
    expect(learning(copy)).toEqual(learning(original));
    expect(copy.meta.createdAt).toBe(original.meta.createdAt);
    expect(copy.issues()).toEqual([]);
  });

  it('holds what version 1 lost: evidence, decisions, columns with WIP limits, moves, ids', () => {
    const data = JSON.parse(exportTreeJson(fullExample()));
    expect(data).toMatchObject({ format: 'canopy-tree', version: 2, private: false });
    expect(data.evidence).toHaveLength(2);
    expect(data.evidence[0]).toMatchObject({ summary: '40 sign-ups', recordedBy: 'Ada' });
    expect(data.decisions.map((d: { outcome: string | null }) => d.outcome)).toEqual([
      'persevere',
      null,
    ]);
    expect(data.board.columns.map((c: { name: string }) => c.name)).toEqual([
      'Funnel',
      'Review',
      'Parked',
      'Analyzing',
      'Ready',
      'Implementing',
      'Done',
      'Stopped',
    ]);
    expect(data.board.columns[1]).toMatchObject({ wipLimit: 2, awaitingDecision: true });
    expect(data.board.moves).toHaveLength(3);
    expect(data.vision.id).toEqual(expect.any(String));
    expect(data.vision.children[0].children[0].measures[0]).toMatchObject({
      id: expect.any(String),
      updatedAt: expect.any(Number),
    });
    // The deleted item and its evidence are not in the file.
    expect(JSON.stringify(data)).not.toContain('Doomed');
    expect(JSON.stringify(data)).not.toContain('about the doomed one');
  });

  it('a board nobody edited stays on the default columns', () => {
    const model = new CanopyDoc(new Y.Doc());
    model.initialise({ title: 'T', vision: { title: 'V', children: [{ title: 'G' }] } });
    const json = exportTreeJson(model);
    expect(JSON.parse(json).board.columns).toBeNull();
    const copy = reimport(json);
    expect(copy.board().defaults).toBe(true);
    expect(exportTreeJson(copy)).toBe(json);
  });

  it('a private draft comes back as a draft', () => {
    const model = new CanopyDoc(new Y.Doc());
    model.initialise({ title: 'Mine', vision: { title: 'V' }, private: true });
    expect(reimport(exportTreeJson(model)).isPrivate).toBe(true);
  });

  it('version 1 files still import, with new ids', () => {
    const v1 = JSON.stringify({
      format: 'canopy-tree',
      version: 1,
      title: 'Old',
      vision: { title: 'V', kind: 'vision', children: [{ title: 'G', owner: 'Kim' }] },
    });
    const copy = reimport(v1);
    expect(copy.meta.title).toBe('Old');
    const goal = copy.tree().childrenOf.get(copy.tree().rootId!)![0]!;
    expect(copy.node(goal)).toMatchObject({ title: 'G', owner: 'Kim', kind: 'goal' });
  });

  it('says what is wrong with a bad file, and imports nothing', () => {
    const good = JSON.parse(exportTreeJson(fullExample()));
    const broken = (change: (d: typeof good) => void) => {
      const copy = structuredClone(good);
      change(copy);
      return JSON.stringify(copy);
    };
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
      [broken((d) => delete d.vision.children[0].id), /Item 1\.1 has no id/],
      [broken((d) => (d.vision.children[1].id = d.vision.children[0].id)), /repeats the id/],
      [broken((d) => (d.evidence[0].nodeId = 'nowhere')), /Evidence 1 belongs to no item/],
      [broken((d) => (d.board.moves[2].card = 'nowhere')), /Card move 3 belongs to no item/],
      [broken((d) => (d.board.columns[1].wipLimit = 0)), /board\.columns\.1\.wipLimit/],
      [broken((d) => (d.decisions[0].outcome = 'maybe')), /decisions\.0\.outcome/],
    ];
    for (const [text, message] of bad) {
      expect(() => importTreeJson(text), text.slice(0, 80)).toThrow(TreeImportError);
      expect(() => importTreeJson(text)).toThrow(message);
      expect(() => importTreeJson(text)).toThrow(/Nothing was imported\.$/);
    }
    let deep: unknown = { title: 'leaf' };
    for (let i = 0; i < 300; i++) deep = { title: `level ${i}`, children: [deep] };
    expect(() =>
      importTreeJson(JSON.stringify({ format: 'canopy-tree', version: 1, vision: deep })),
    ).toThrow(/deeper than 200 levels/);
  });

  it('a title longer than a document title can be is shortened, and said', () => {
    const json = JSON.stringify({
      format: 'canopy-tree',
      version: 1,
      title: 'T'.repeat(250),
      vision: { title: 'V' },
    });
    const imported = importTreeJson(json);
    expect(imported.title).toHaveLength(200);
    expect(imported.warnings).toEqual([
      "The tree's title was longer than 200 characters and was shortened.",
    ]);
  });
});
