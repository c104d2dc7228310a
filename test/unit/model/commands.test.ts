import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import {
  CanopyDoc,
  CHILD_KIND,
  LIMITS,
  SCHEMA_VERSION,
  TEMPLATE_ORIGIN,
  templateById,
  type DocChange,
  type NodeKind,
  type OutlineItem,
} from '../../../shared/model';
import { expectCanopyError, REMOTE, replicaOf, sync } from './helpers';

function setup(options: { vision?: OutlineItem } = {}) {
  const ydoc = new Y.Doc();
  const model = new CanopyDoc(ydoc, { actor: 'alice' });
  // The UndoManager only records edits made after it exists.
  const undo = model.undoManager;
  const rootId = model.initialise({ title: 'Test tree', ...options });
  return { ydoc, model, rootId, undo };
}

const children = (model: CanopyDoc, id: string) => model.tree().childrenOf.get(id) ?? [];
const titles = (model: CanopyDoc, ids: readonly string[]) => ids.map((id) => model.node(id)!.title);
const state = (ydoc: Y.Doc) => Y.encodeStateAsUpdate(ydoc);

/** The template as [depth, kind, title] rows in depth-first order. */
function flatten(item: OutlineItem, kind: NodeKind, depth = 0): Array<[number, NodeKind, string]> {
  const own = item.kind ?? kind;
  return [
    [depth, own, item.title],
    ...(item.children ?? []).flatMap((c) => flatten(c, CHILD_KIND[own], depth + 1)),
  ];
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('initialise', () => {
  it('fills a blank document with meta and a vision root', () => {
    const { model, rootId, ydoc } = setup();
    expect(rootId).toMatch(/^[0-9A-Za-z]{16}$/);
    expect(model.meta).toMatchObject({ schemaVersion: SCHEMA_VERSION, title: 'Test tree', rootId });
    expect(model.meta.id).not.toBe('');
    expect(model.schema).toBe('current');
    expect(model.readOnly).toBe(false);
    expect(model.size).toBe(1);
    expect(model.tree().order).toEqual([rootId]);
    const root = model.node(rootId)!;
    expect(root.kind).toBe('vision');
    expect(root.title).toBe('');
    expect(root.pos.parent).toBeNull();
    expect(root.createdBy).toBe('alice');
    expect(ydoc.getMap('nodes').get(rootId)).toBeInstanceOf(Y.Map);
    expect(model.issues()).toEqual([]);
  });

  it('is a no-op on a document that already has a tree', () => {
    const { model, rootId, ydoc } = setup();
    const before = state(ydoc);
    expect(model.initialise({ title: 'Other' })).toBe(rootId);
    expect(state(ydoc)).toEqual(before);
    expect(model.meta.title).toBe('Test tree');
  });

  it('builds the example template with every node, kind and order', () => {
    const template = templateById('example');
    const { model, rootId } = setup({ vision: template.vision });
    const expected = flatten(template.vision, 'vision');
    expect(expected.length).toBe(10);
    const tree = model.tree();
    expect(model.size).toBe(expected.length);
    expect(tree.order[0]).toBe(rootId);
    expect(
      tree.order.map((id) => [tree.depthOf.get(id), model.node(id)!.kind, model.node(id)!.title]),
    ).toEqual(expected);
    expect(model.issues()).toEqual([]);
    expect(tree.repairs.size).toBe(0);
  });

  it('writes every field of a template node', () => {
    const { model } = setup({ vision: templateById('example').vision });
    const bet = [...model.tree().order]
      .map((id) => model.node(id)!)
      .find((n) => n.title === 'Bring the library to where people already are')!;
    expect(bet).toMatchObject({
      kind: 'bet',
      owner: 'Outreach Lead',
      investment: '2 staff, 9 months',
      confidence: 60,
      tags: ['outreach', 'reach'],
      hypothesis: {
        believe: 'pop-up libraries in markets and transit hubs',
        result: 'residents who never visit a branch signing up',
        signal: '800 new members sign up at pop-ups within six months',
      },
      deleted: null,
      editedAt: 0,
    });
    expect(bet.measures).toEqual([
      {
        id: expect.any(String),
        name: 'Sign-ups at pop-ups',
        baseline: 0,
        target: 800,
        current: 140,
        unit: 'members',
        direction: 'increase',
        due: null,
        // Made with a current value: updated when it was made.
        updatedAt: expect.any(Number),
      },
    ]);
    expect(bet.assumptions.map((a) => [a.text, a.risk, a.state])).toEqual([
      ['People at markets have ten minutes to spare', 'medium', 'open'],
      ['We can staff pop-ups without closing branch hours', 'high', 'open'],
    ]);
  });

  it('blank template: only the vision', () => {
    const template = templateById('blank');
    const { model } = setup({ vision: template.vision });
    expect(model.size).toBe(1);
    expect(model.tree().order).toHaveLength(1);
  });

  it('is tagged with the template origin and is not undoable', () => {
    const ydoc = new Y.Doc();
    const model = new CanopyDoc(ydoc);
    const undo = model.undoManager;
    const origins: unknown[] = [];
    ydoc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    const rootId = model.initialise({ title: 'T', vision: templateById('example').vision });
    expect(origins).toEqual([TEMPLATE_ORIGIN]);
    expect(undo.canUndo()).toBe(false);
    undo.undo();
    expect(model.node(rootId)).toBeDefined();
    expect(model.size).toBe(10);
  });

  it('refuses commands before initialisation', () => {
    const model = new CanopyDoc(new Y.Doc());
    expect(model.schema).toBe('empty');
    expectCanopyError(() => model.renameDocument('x'), 'CANOPY-007');
    expectCanopyError(() => model.addNode('anything'), 'CANOPY-007');
  });
});

describe('addNode', () => {
  it('gives new children the next kind of the ladder', () => {
    const { model, rootId } = setup();
    const goal = model.addNode(rootId);
    const bet = model.addNode(goal);
    const initiative = model.addNode(bet);
    const nested = model.addNode(initiative);
    expect([goal, bet, initiative, nested].map((id) => model.node(id)!.kind)).toEqual([
      'goal',
      'bet',
      'initiative',
      'initiative',
    ]);
    expect(model.tree().depthOf.get(nested)).toBe(4);
  });

  it('takes an explicit kind and title', () => {
    const { model, rootId } = setup();
    const id = model.addNode(rootId, { kind: 'initiative', title: 'Direct' });
    expect(model.node(id)).toMatchObject({
      kind: 'initiative',
      title: 'Direct',
      createdBy: 'alice',
    });
    expect(model.tree().parentOf.get(id)).toBe(rootId);
  });

  it('places at the index and appends by default', () => {
    const { model, rootId } = setup();
    const a = model.addNode(rootId, { title: 'a' });
    const b = model.addNode(rootId, { title: 'b' });
    const c = model.addNode(rootId, { title: 'c' });
    const d = model.addNode(rootId, { title: 'd', index: 0 });
    const e = model.addNode(rootId, { title: 'e', index: 2 });
    const f = model.addNode(rootId, { title: 'f', index: 99 });
    expect(children(model, rootId)).toEqual([d, a, e, b, c, f]);
  });

  it('every new position has a later seq than anything seen', () => {
    const { model, rootId } = setup();
    const a = model.addNode(rootId);
    const b = model.addNode(rootId);
    expect(model.node(b)!.pos.seq).toBeGreaterThan(model.node(a)!.pos.seq);
    expect(model.node(a)!.pos.seq).toBeGreaterThan(model.node(rootId)!.pos.seq);
  });

  it('refuses an unknown or deleted parent', () => {
    const { model, rootId } = setup();
    expectCanopyError(() => model.addNode('nope'), 'CANOPY-002');
    const gone = model.addNode(rootId);
    model.deleteSubtree(gone);
    expectCanopyError(() => model.addNode(gone), 'CANOPY-002');
  });
});

describe('insertOutline', () => {
  it('keeps item order at the insertion point, with nested children', () => {
    const { model, rootId } = setup();
    const first = model.addNode(rootId, { title: 'first' });
    const last = model.addNode(rootId, { title: 'last' });
    const items: OutlineItem[] = ['one', 'two', 'three', 'four', 'five', 'six'].map((title) => ({
      title,
    }));
    items[1]!.children = [
      { title: 'two.a' },
      { title: 'two.b', kind: 'initiative' },
      { title: 'two.c' },
    ];
    const ids = model.insertOutline(rootId, items, 1);
    expect(ids).toHaveLength(6);
    expect(children(model, rootId)).toEqual([first, ...ids, last]);
    expect(titles(model, children(model, rootId))).toEqual([
      'first',
      'one',
      'two',
      'three',
      'four',
      'five',
      'six',
      'last',
    ]);
    const nested = children(model, ids[1]!);
    expect(titles(model, nested)).toEqual(['two.a', 'two.b', 'two.c']);
    expect(nested.map((id) => model.node(id)!.kind)).toEqual(['bet', 'initiative', 'bet']);
    expect(ids.every((id) => model.node(id)!.kind === 'goal')).toBe(true);
  });

  it('appends by default and is one transaction and one undo step', () => {
    const { model, rootId, ydoc, undo } = setup();
    const existing = model.addNode(rootId, { title: 'existing' });
    undo.stopCapturing();
    let transactions = 0;
    ydoc.on('afterTransaction', () => transactions++);
    const ids = model.insertOutline(rootId, [
      { title: 'x', children: [{ title: 'x1' }] },
      { title: 'y', tags: ['t'], measures: [{ name: 'm' }], assumptions: [{ text: 'a' }] },
    ]);
    expect(transactions).toBe(1);
    expect(children(model, rootId)).toEqual([existing, ...ids]);
    expect(model.node(ids[1]!)).toMatchObject({ tags: ['t'] });
    expect(model.node(ids[1]!)!.measures.map((m) => m.name)).toEqual(['m']);
    expect(model.node(ids[1]!)!.assumptions.map((a) => a.text)).toEqual(['a']);
    undo.undo();
    expect(model.tree().order).toEqual([rootId, existing]);
  });
});

describe('updateNode', () => {
  it('writes every field', () => {
    const { model, rootId } = setup();
    const id = model.addNode(rootId);
    model.updateNode(id, {
      title: 'Title',
      description: 'Desc',
      owner: '  Ana  ',
      kind: 'bet',
      confidence: 42.6,
      investment: '3 people',
      hypothesis: { believe: 'b' },
    });
    expect(model.node(id)).toMatchObject({
      title: 'Title',
      description: 'Desc',
      owner: 'Ana',
      kind: 'bet',
      confidence: 43,
      investment: '3 people',
      hypothesis: { believe: 'b', result: '', signal: '' },
    });
    model.updateNode(id, { confidence: null });
    expect(model.node(id)).toMatchObject({ confidence: null });
  });

  it('merges a partial hypothesis', () => {
    const { model, rootId } = setup();
    const id = model.addNode(rootId);
    model.updateNode(id, { hypothesis: { believe: 'B', signal: 'S' } });
    model.updateNode(id, { hypothesis: { result: 'R' } });
    model.updateNode(id, { hypothesis: { signal: 'S2' } });
    expect(model.node(id)!.hypothesis).toEqual({ believe: 'B', result: 'R', signal: 'S2' });
  });

  it('accepts the confidence bounds 0 and 100', () => {
    const { model, rootId } = setup();
    const id = model.addNode(rootId);
    model.updateNode(id, { confidence: 0 });
    expect(model.node(id)!.confidence).toBe(0);
    model.updateNode(id, { confidence: 100 });
    expect(model.node(id)!.confidence).toBe(100);
  });

  it.each([-1, 100.5, 500, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses confidence %d and changes nothing',
    (confidence) => {
      const { model, rootId, ydoc } = setup();
      const id = model.addNode(rootId, { title: 'keep' });
      const before = state(ydoc);
      expectCanopyError(() => model.updateNode(id, { title: 'changed', confidence }), 'CANOPY-006');
      expect(state(ydoc)).toEqual(before);
      expect(model.node(id)!.title).toBe('keep');
    },
  );

  it('refuses to change the kind of the root and changes nothing', () => {
    const { model, rootId, ydoc } = setup();
    const before = state(ydoc);
    expectCanopyError(() => model.updateNode(rootId, { title: 'x', kind: 'goal' }), 'CANOPY-004');
    expect(state(ydoc)).toEqual(before);
    model.updateNode(rootId, { kind: 'vision', title: 'ok' });
    expect(model.node(rootId)!.title).toBe('ok');
  });

  it('clamps long text to the limits', () => {
    const { model, rootId } = setup();
    const id = model.addNode(rootId);
    model.updateNode(id, {
      title: 'x'.repeat(LIMITS.title + 10),
      owner: 'o'.repeat(LIMITS.owner + 10),
      investment: 'i'.repeat(LIMITS.text + 10),
      hypothesis: { believe: 'b'.repeat(LIMITS.text + 1) },
    });
    const n = model.node(id)!;
    expect(n.title).toHaveLength(LIMITS.title);
    expect(n.owner).toHaveLength(LIMITS.owner);
    expect(n.investment).toHaveLength(LIMITS.text);
    expect(n.hypothesis.believe).toHaveLength(LIMITS.text);
    expect(model.issues()).toEqual([]);
  });

  it('stores the title as one plain value: concurrent renames keep one of them, descriptions merge', () => {
    const a = setup();
    const id = a.model.addNode(a.rootId, { title: 'Hello world', kind: 'goal' });
    a.model.updateNode(id, { description: 'Hello world' });
    const b = replicaOf(a.ydoc);
    const map = a.ydoc.getMap('nodes').get(id) as Y.Map<unknown>;
    expect(map.get('title')).toBe('Hello world');
    expect(map.get('description')).toBeInstanceOf(Y.Text);
    a.model.updateNode(id, { title: 'Hello brave world', description: 'Hello brave world' });
    b.model.updateNode(id, { title: 'Hello world!', description: 'Hello world!' });
    sync(a.ydoc, b.ydoc);
    expect(['Hello brave world', 'Hello world!']).toContain(a.model.node(id)!.title);
    expect(b.model.node(id)!.title).toBe(a.model.node(id)!.title);
    expect(a.model.node(id)!.description).toBe('Hello brave world!');
    expect(b.model.node(id)!.description).toBe('Hello brave world!');
    // Same title again: nothing is written.
    const before = state(a.ydoc);
    a.model.updateNode(id, { title: a.model.node(id)!.title });
    expect(state(a.ydoc)).toEqual(before);
  });

  it('refuses an unknown node', () => {
    const { model } = setup();
    expectCanopyError(() => model.updateNode('missing', { title: 'x' }), 'CANOPY-002');
  });
});

describe('tags', () => {
  it('adds trimmed tags, reads them sorted, removes them', () => {
    const { model, rootId } = setup();
    const id = model.addNode(rootId);
    model.addTag(id, '  zeta ');
    model.addTag(id, 'alpha');
    model.addTag(id, 'alpha');
    expect(model.node(id)!.tags).toEqual(['alpha', 'zeta']);
    model.removeTag(id, 'zeta');
    expect(model.node(id)!.tags).toEqual(['alpha']);
    model.removeTag(id, 'not-there');
    expect(model.node(id)!.tags).toEqual(['alpha']);
  });

  it('clamps a long tag and refuses an empty one', () => {
    const { model, rootId, ydoc } = setup();
    const id = model.addNode(rootId);
    model.addTag(id, 't'.repeat(LIMITS.tag + 5));
    expect(model.node(id)!.tags).toEqual(['t'.repeat(LIMITS.tag)]);
    const before = state(ydoc);
    expectCanopyError(() => model.addTag(id, '   '), 'CANOPY-006');
    expect(state(ydoc)).toEqual(before);
  });
});

describe('moveNode and reorderNode', () => {
  function ladder() {
    const s = setup();
    const g1 = s.model.addNode(s.rootId, { title: 'g1' });
    const g2 = s.model.addNode(s.rootId, { title: 'g2' });
    const b1 = s.model.addNode(g1, { title: 'b1' });
    const i1 = s.model.addNode(b1, { title: 'i1' });
    const b2 = s.model.addNode(g2, { title: 'b2' });
    const b3 = s.model.addNode(g2, { title: 'b3' });
    return { ...s, g1, g2, b1, i1, b2, b3 };
  }

  it('moves a subtree under a new parent at an index, recording prev and a later seq', () => {
    const { model, g1, g2, b1, i1, b2, b3 } = ladder();
    const seqBefore = Math.max(...model.tree().order.map((id) => model.node(id)!.pos.seq));
    model.moveNode(b1, g2, 1);
    expect(children(model, g2)).toEqual([b2, b1, b3]);
    expect(children(model, g1)).toEqual([]);
    expect(model.tree().parentOf.get(i1)).toBe(b1);
    const pos = model.node(b1)!.pos;
    expect(pos).toMatchObject({ parent: g2, prev: g1 });
    expect(pos.seq).toBeGreaterThan(seqBefore);
    model.moveNode(b1, g1);
    expect(children(model, g1)).toEqual([b1]);
    expect(model.node(b1)!.pos.prev).toBe(g2);
  });

  it('refuses a move into the node itself or its subtree (CANOPY-003)', () => {
    const { model, ydoc, g1, b1, i1 } = ladder();
    const before = state(ydoc);
    expectCanopyError(() => model.moveNode(g1, g1), 'CANOPY-003');
    expectCanopyError(() => model.moveNode(g1, b1), 'CANOPY-003');
    expectCanopyError(() => model.moveNode(g1, i1), 'CANOPY-003');
    expect(state(ydoc)).toEqual(before);
  });

  it('refuses to move the root (CANOPY-004) and unknown nodes (CANOPY-002)', () => {
    const { model, rootId, g1 } = ladder();
    expectCanopyError(() => model.moveNode(rootId, g1), 'CANOPY-004');
    expectCanopyError(() => model.reorderNode(rootId, 0), 'CANOPY-004');
    expectCanopyError(() => model.moveNode('missing', g1), 'CANOPY-002');
    expectCanopyError(() => model.moveNode(g1, 'missing'), 'CANOPY-002');
    expectCanopyError(() => model.reorderNode('missing', 0), 'CANOPY-002');
  });

  it('reorders among siblings (index counted without the node itself)', () => {
    const { model, g2, b2, b3 } = ladder();
    const b4 = model.addNode(g2, { title: 'b4' });
    model.reorderNode(b4, 0);
    expect(children(model, g2)).toEqual([b4, b2, b3]);
    model.reorderNode(b4, 2);
    expect(children(model, g2)).toEqual([b2, b3, b4]);
    model.reorderNode(b2, 1);
    expect(children(model, g2)).toEqual([b3, b2, b4]);
    expect(model.node(b2)!.pos.prev).toBe(g2);
  });
});

describe('deleteSubtree', () => {
  it('hides the subtree with one batch mark, and undo restores it', () => {
    const { model, rootId, undo } = setup();
    const g = model.addNode(rootId, { title: 'g' });
    const b = model.addNode(g, { title: 'b' });
    const i = model.addNode(b, { title: 'i' });
    const other = model.addNode(rootId, { title: 'other' });
    undo.stopCapturing();
    model.deleteSubtree(g);
    expect(model.tree().order).toEqual([rootId, other]);
    const marks = [g, b, i].map((id) => model.node(id)!.deleted);
    expect(marks.every((m) => m !== null)).toBe(true);
    expect(new Set(marks.map((m) => m!.batch)).size).toBe(1);
    expect(model.node(b)!.title).toBe('b');
    expect(model.node(other)!.deleted).toBeNull();
    undo.undo();
    expect(model.tree().order).toEqual([rootId, g, b, i, other]);
    expect([g, b, i].map((id) => model.node(id)!.deleted)).toEqual([null, null, null]);
    undo.redo();
    expect(model.tree().order).toEqual([rootId, other]);
  });

  it('refuses the root and deleted or unknown nodes', () => {
    const { model, rootId } = setup();
    const g = model.addNode(rootId);
    expectCanopyError(() => model.deleteSubtree(rootId), 'CANOPY-004');
    expectCanopyError(() => model.deleteSubtree('missing'), 'CANOPY-002');
    model.deleteSubtree(g);
    expectCanopyError(() => model.deleteSubtree(g), 'CANOPY-002');
  });
});

describe('measures', () => {
  it('adds with defaults, updates fields and removes', () => {
    const { model, rootId } = setup();
    const id = model.addNode(rootId);
    const m1 = model.addMeasure(id, {
      name: 'Members',
      target: 100,
      unit: 'people',
      due: '2027-06-30',
    });
    const m2 = model.addMeasure(id);
    expect(model.node(id)!.measures).toEqual([
      {
        id: m1,
        name: 'Members',
        baseline: null,
        target: 100,
        current: null,
        unit: 'people',
        direction: 'increase',
        due: '2027-06-30',
        updatedAt: null,
      },
      expect.objectContaining({ id: m2, name: '', direction: 'increase' }),
    ]);
    model.updateMeasure(id, m1, {
      direction: 'decrease',
      baseline: 5,
      target: Number.NaN,
      due: null,
    });
    expect(model.node(id)!.measures[0]).toMatchObject({
      direction: 'decrease',
      baseline: 5,
      target: null,
      due: null,
    });
    model.removeMeasure(id, m1);
    expect(model.node(id)!.measures.map((m) => m.id)).toEqual([m2]);
    expectCanopyError(() => model.removeMeasure(id, m1), 'CANOPY-005');
    expectCanopyError(() => model.updateMeasure(id, m1, { name: 'x' }), 'CANOPY-005');
  });

  it('sets updatedAt only when current is written', () => {
    const { model, rootId } = setup();
    const id = model.addNode(rootId);
    const m = model.addMeasure(id, { name: 'M' });
    vi.spyOn(Date, 'now').mockReturnValue(1_700_000_000_000);
    model.updateMeasure(id, m, { name: 'Renamed', target: 3 });
    expect(model.node(id)!.measures[0]!.updatedAt).toBeNull();
    model.updateMeasure(id, m, { current: 7 });
    expect(model.node(id)!.measures[0]).toMatchObject({ current: 7, updatedAt: 1_700_000_000_000 });
    vi.spyOn(Date, 'now').mockReturnValue(1_800_000_000_000);
    model.updateMeasure(id, m, { unit: 'kg' });
    expect(model.node(id)!.measures[0]!.updatedAt).toBe(1_700_000_000_000);
    model.updateMeasure(id, m, { current: null });
    expect(model.node(id)!.measures[0]).toMatchObject({
      current: null,
      updatedAt: 1_800_000_000_000,
    });
  });

  it.each([
    '2027-1-1',
    '27-01-01',
    'tomorrow',
    '2027-13-01',
    '2027-00-10',
    '2027-01-32',
    '2027-01-01T00:00',
  ])('refuses the due date %j and changes nothing', (due) => {
    const { model, rootId, ydoc } = setup();
    const id = model.addNode(rootId);
    const m = model.addMeasure(id, { name: 'M', due: '2027-01-01' });
    const before = state(ydoc);
    expectCanopyError(() => model.updateMeasure(id, m, { name: 'changed', due }), 'CANOPY-006');
    expectCanopyError(() => model.addMeasure(id, { due }), 'CANOPY-006');
    expect(state(ydoc)).toEqual(before);
    expect(model.node(id)!.measures).toHaveLength(1);
    expect(model.node(id)!.measures[0]).toMatchObject({ name: 'M', due: '2027-01-01' });
    // A node without measures does not get an empty list either.
    const fresh = model.addNode(rootId);
    const beforeFresh = state(ydoc);
    expectCanopyError(() => model.addMeasure(fresh, { due }), 'CANOPY-006');
    expect(state(ydoc)).toEqual(beforeFresh);
  });

  it('a due date the command accepts is one the reader keeps', () => {
    const { model, rootId } = setup();
    const id = model.addNode(rootId);
    for (const due of ['2027-02-28', '2027-12-31', '2000-01-01']) model.addMeasure(id, { due });
    expect(model.node(id)!.measures.map((m) => m.due)).toEqual([
      '2027-02-28',
      '2027-12-31',
      '2000-01-01',
    ]);
    expect(model.issues()).toEqual([]);
  });

  it('refuses entry commands on a node without that list, without creating it', () => {
    const { model, rootId, ydoc } = setup();
    const id = model.addNode(rootId);
    const before = state(ydoc);
    expectCanopyError(() => model.updateMeasure(id, 'nope', { name: 'x' }), 'CANOPY-005');
    expectCanopyError(() => model.removeAssumption(id, 'nope'), 'CANOPY-005');
    expect(state(ydoc)).toEqual(before);
  });

  it(`stops at ${LIMITS.measures} measures`, () => {
    const { model, rootId } = setup();
    const id = model.addNode(rootId);
    for (let i = 0; i < LIMITS.measures; i++) model.addMeasure(id, { name: `m${i}` });
    expectCanopyError(() => model.addMeasure(id), 'CANOPY-006');
    expect(model.node(id)!.measures).toHaveLength(LIMITS.measures);
  });
});

describe('assumptions', () => {
  it('adds with defaults, updates and removes', () => {
    const { model, rootId } = setup();
    const id = model.addNode(rootId);
    const a1 = model.addAssumption(id, { text: 'People come' });
    const a2 = model.addAssumption(id, { text: 'It is cheap', risk: 'low' });
    expect(model.node(id)!.assumptions).toEqual([
      { id: a1, text: 'People come', risk: 'medium', state: 'open' },
      { id: a2, text: 'It is cheap', risk: 'low', state: 'open' },
    ]);
    model.updateAssumption(id, a1, { state: 'invalidated', risk: 'high' });
    expect(model.node(id)!.assumptions[0]).toEqual({
      id: a1,
      text: 'People come',
      risk: 'high',
      state: 'invalidated',
    });
    model.removeAssumption(id, a2);
    expect(model.node(id)!.assumptions.map((a) => a.id)).toEqual([a1]);
    expectCanopyError(() => model.updateAssumption(id, a2, { state: 'validated' }), 'CANOPY-005');
  });
});

describe('transactions and origins', () => {
  it('every command is exactly one transaction with the model origin', () => {
    const { model, rootId, ydoc } = setup();
    const g = model.addNode(rootId);
    const g2 = model.addNode(rootId);
    const b = model.addNode(g);
    const m = model.addMeasure(b, { name: 'm' });
    const a = model.addAssumption(b, { text: 'a' });
    const commands: Array<[string, () => unknown]> = [
      ['renameDocument', () => model.renameDocument('New')],
      ['addNode', () => model.addNode(rootId)],
      ['insertOutline', () => model.insertOutline(g, [{ title: 'x', children: [{ title: 'y' }] }])],
      [
        'updateNode',
        () =>
          model.updateNode(b, {
            title: 't',
            owner: 'o',
            confidence: 5,
            hypothesis: { believe: 'q' },
          }),
      ],
      ['addTag', () => model.addTag(b, 'tag')],
      ['removeTag', () => model.removeTag(b, 'tag')],
      ['moveNode', () => model.moveNode(b, g2)],
      ['reorderNode', () => model.reorderNode(g2, 0)],
      ['addMeasure', () => model.addMeasure(b)],
      ['updateMeasure', () => model.updateMeasure(b, m, { current: 3, name: 'n' })],
      ['removeMeasure', () => model.removeMeasure(b, m)],
      ['addAssumption', () => model.addAssumption(b)],
      ['updateAssumption', () => model.updateAssumption(b, a, { state: 'validated' })],
      ['removeAssumption', () => model.removeAssumption(b, a)],
      ['deleteSubtree', () => model.deleteSubtree(g2)],
    ];
    for (const [name, run] of commands) {
      const origins: unknown[] = [];
      const record = (tr: Y.Transaction) => origins.push(tr.origin);
      ydoc.on('afterTransaction', record);
      run();
      ydoc.off('afterTransaction', record);
      expect(origins, name).toHaveLength(1);
      expect(origins[0], name).toBe(model.origin);
    }
  });

  it('undo reverts only local edits, never a remote update', () => {
    const a = setup();
    const b = replicaOf(a.ydoc);
    const mine = a.model.addNode(a.rootId, { title: 'mine' });
    const theirs = b.model.addNode(b.model.meta.rootId!, { title: 'theirs' });
    b.model.updateNode(b.model.meta.rootId!, { title: 'their vision' });
    sync(a.ydoc, b.ydoc);
    // Another local-looking origin from elsewhere is not tracked either.
    a.ydoc.transact(
      () => {
        (a.ydoc.getMap('meta') as Y.Map<unknown>).set('title', 'from a tab');
      },
      { source: 'local' },
    );
    a.undo.undo();
    expect(a.model.node(mine)).toBeUndefined();
    expect(a.model.tree().order).toEqual([a.rootId, theirs]);
    expect(a.model.node(theirs)!.title).toBe('theirs');
    expect(a.model.node(a.rootId)!.title).toBe('their vision');
    expect(a.model.meta.title).toBe('from a tab');
    expect(a.undo.canUndo()).toBe(false);
  });
});

describe('subscribe', () => {
  function listen(model: CanopyDoc) {
    const changes: DocChange[] = [];
    const stop = model.subscribe((c) => changes.push(c));
    return { changes, stop };
  }

  it('a title edit changes one node and not the structure', () => {
    const { model, rootId } = setup();
    const id = model.addNode(rootId, { title: 'a' });
    const { changes } = listen(model);
    model.updateNode(id, { title: 'b' });
    expect(changes).toHaveLength(1);
    expect([...changes[0]!.nodes]).toEqual([id]);
    expect(changes[0]).toMatchObject({ structure: false, meta: false, origin: model.origin });
  });

  it('measure and tag edits are not structural', () => {
    const { model, rootId } = setup();
    const id = model.addNode(rootId);
    const { changes } = listen(model);
    const m = model.addMeasure(id);
    model.updateMeasure(id, m, { current: 1 });
    model.addTag(id, 'x');
    model.updateNode(id, { hypothesis: { believe: 'x' } });
    expect(changes.map((c) => [[...c.nodes], c.structure])).toEqual([
      [[id], false],
      [[id], false],
      [[id], false],
      [[id], false],
    ]);
  });

  it('moves, adds, deletions and kind changes are structural', () => {
    const { model, rootId } = setup();
    const g1 = model.addNode(rootId);
    const g2 = model.addNode(rootId);
    const b = model.addNode(g1);
    const { changes } = listen(model);
    model.moveNode(b, g2);
    const added = model.addNode(g2);
    model.updateNode(b, { kind: 'initiative' });
    model.deleteSubtree(g2);
    expect(changes.map((c) => [[...c.nodes].sort(), c.structure])).toEqual([
      [[b], true],
      [[added], true],
      [[b], true],
      [[b, added, g2].sort(), true],
    ]);
    expect(changes.every((c) => c.origin === model.origin)).toBe(true);
  });

  it('passes a remote origin through and reports meta changes', () => {
    const a = setup();
    const b = replicaOf(a.ydoc);
    const { changes } = listen(a.model);
    const id = b.model.addNode(b.model.meta.rootId!);
    Y.applyUpdate(a.ydoc, Y.encodeStateAsUpdate(b.ydoc, Y.encodeStateVector(a.ydoc)), REMOTE);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ structure: true, origin: REMOTE });
    expect([...changes[0]!.nodes]).toEqual([id]);
    expect(a.model.tree().parentOf.get(id)).toBe(a.rootId);

    a.model.renameDocument('  Renamed  ');
    expect(changes[1]).toMatchObject({ meta: true, structure: false, origin: a.model.origin });
    expect(changes[1]!.nodes.size).toBe(0);
    expect(a.model.meta.title).toBe('Renamed');
  });

  it('stops after unsubscribe', () => {
    const { model, rootId } = setup();
    const { changes, stop } = listen(model);
    stop();
    model.addNode(rootId);
    expect(changes).toEqual([]);
  });
});

describe('a view-only document (a snapshot shown as it was)', () => {
  it('reads like any document and refuses every command with CANOPY-016', () => {
    const source = new CanopyDoc(new Y.Doc());
    const root = source.initialise({ title: 'Then', vision: { title: 'Vision then' } });
    const goal = source.addNode(root, { title: 'A goal' });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(source.ydoc));
    const shown = new CanopyDoc(doc, { viewOnly: true });
    expect(shown.readOnly).toBe(true);
    expect(shown.node(goal)?.title).toBe('A goal');
    expectCanopyError(() => shown.addNode(root), 'CANOPY-016');
    expectCanopyError(() => shown.updateNode(goal, { title: 'x' }), 'CANOPY-016');
    expectCanopyError(() => shown.deleteSubtree(goal), 'CANOPY-016');
    expectCanopyError(() => shown.renameDocument('x'), 'CANOPY-016');
    expect(Y.encodeStateAsUpdate(doc)).toEqual(Y.encodeStateAsUpdate(source.ydoc));
  });
});
