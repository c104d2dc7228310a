import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  CanopyDoc,
  CanopyError,
  MIGRATION_ORIGIN,
  SCHEMA_VERSION,
  migrate,
  readMeta,
  schemaStatus,
  type DocChange,
} from '../../../shared/model';
import { canonicalJson } from '../../fuzz/convergence';
import { expectCanopyError } from './helpers';

const PEER = { source: 'remote' as const };

function pos(parent: string | null, order = 'a0') {
  return { parent, order, seq: 1, client: 1, prev: null };
}

/**
 * A document from an early build: nodes but no meta stamp. Two parentless visions
 * (the smaller id wins), one vision that is not parentless, and a vision without pos.
 */
function v0Doc(): Y.Doc {
  const ydoc = new Y.Doc();
  ydoc.transact(() => {
    const nodes = ydoc.getMap<Y.Map<unknown>>('nodes');
    const add = (id: string, fields: Record<string, unknown>) => {
      const map = new Y.Map<unknown>();
      nodes.set(id, map);
      for (const [k, v] of Object.entries(fields)) map.set(k, v);
    };
    add('vision-b', { kind: 'vision', title: 'Second vision', pos: pos(null, 'a1') });
    add('vision-a', { kind: 'vision', title: 'Our vision', pos: pos(null) });
    add('goal-1', { kind: 'goal', title: 'Goal', pos: pos('vision-a') });
    add('bet-1', { kind: 'bet', title: 'Bet', pos: pos('goal-1') });
    add('aaa-nested-vision', { kind: 'vision', title: 'Nested', pos: pos('goal-1', 'a1') });
    add('zzz-no-pos', { kind: 'vision', title: 'No position' });
  }, PEER);
  return ydoc;
}

const snapshot = (ydoc: Y.Doc) => Y.encodeStateAsUpdate(ydoc);

describe('schemaStatus', () => {
  const meta = (schemaVersion: number, rootId: string | null = null) => ({
    schemaVersion,
    id: '',
    title: '',
    rootId,
    createdAt: 0,
    private: false,
  });

  it('classifies documents', () => {
    expect(schemaStatus(meta(0), 0)).toBe('empty');
    expect(schemaStatus(meta(0), 3)).toBe('older');
    expect(schemaStatus(meta(0, 'r'), 0)).toBe('older');
    expect(schemaStatus(meta(SCHEMA_VERSION, 'r'), 3)).toBe('current');
    expect(schemaStatus(meta(SCHEMA_VERSION + 1, 'r'), 3)).toBe('newer');
    expect(schemaStatus(meta(SCHEMA_VERSION + 1), 0)).toBe('newer');
  });
});

describe('migrating a v0 document', () => {
  it('is reported as older and cannot be edited before migration', () => {
    const model = new CanopyDoc(v0Doc());
    expect(model.schema).toBe('older');
    expect(model.readOnly).toBe(false);
    expect(model.meta.rootId).toBeNull();
    expect(model.tree().order).toEqual([]);
    expectCanopyError(() => model.addNode('vision-a'), 'CANOPY-007');
  });

  it('stamps the schema, finds the root and fills id, title and createdAt', () => {
    const ydoc = v0Doc();
    const model = new CanopyDoc(ydoc);
    expect(model.migrate()).toBe(true);
    expect(model.schema).toBe('current');
    expect(model.meta.schemaVersion).toBe(SCHEMA_VERSION);
    expect(model.meta.rootId).toBe('vision-a');
    expect(model.meta.id).toMatch(/^[0-9A-Za-z]{16}$/);
    expect(model.meta.title).toBe('Untitled tree');
    expect(model.meta.createdAt).toBeGreaterThan(0);
    const tree = model.tree();
    expect(tree.order[0]).toBe('vision-a');
    expect(tree.parentOf.get('goal-1')).toBe('vision-a');
    expect(tree.parentOf.get('bet-1')).toBe('goal-1');
    expect(tree.parentOf.get('aaa-nested-vision')).toBe('goal-1');
    // The other parentless nodes hang under the root rather than vanishing.
    expect(tree.parentOf.get('vision-b')).toBe('vision-a');
    expect(tree.parentOf.get('zzz-no-pos')).toBe('vision-a');
    expect(tree.order).toHaveLength(6);
    // Now editable.
    const id = model.addNode('goal-1', { title: 'New bet' });
    expect(model.node(id)!.kind).toBe('bet');
  });

  it('keeps meta values that are already there', () => {
    const ydoc = v0Doc();
    const meta = ydoc.getMap<unknown>('meta');
    meta.set('id', 'kept-id');
    meta.set('title', 'Kept title');
    meta.set('createdAt', 123);
    meta.set('rootId', 'goal-1');
    expect(migrate(ydoc)).toBe(true);
    expect(readMeta(ydoc)).toEqual({
      schemaVersion: SCHEMA_VERSION,
      id: 'kept-id',
      title: 'Kept title',
      rootId: 'goal-1',
      createdAt: 123,
      private: false,
    });
  });

  it('runs as one transaction with the migration origin, which undo does not track', () => {
    const ydoc = v0Doc();
    const model = new CanopyDoc(ydoc);
    const undo = model.undoManager;
    const origins: unknown[] = [];
    const changes: DocChange[] = [];
    model.subscribe((c) => changes.push(c));
    ydoc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    model.migrate();
    expect(origins).toEqual([MIGRATION_ORIGIN]);
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((c) => c.origin === MIGRATION_ORIGIN && c.meta)).toBe(true);
    expect(undo.canUndo()).toBe(false);
  });

  it('is idempotent: a second run is a no-op', () => {
    const ydoc = v0Doc();
    expect(migrate(ydoc)).toBe(true);
    const after = snapshot(ydoc);
    let transactions = 0;
    ydoc.on('afterTransaction', () => transactions++);
    expect(migrate(ydoc)).toBe(false);
    expect(transactions).toBe(0);
    expect(snapshot(ydoc)).toEqual(after);
  });

  it('two replicas migrating concurrently converge to one valid state', () => {
    const a = v0Doc();
    const b = new Y.Doc();
    Y.applyUpdate(b, snapshot(a), PEER);
    const ma = new CanopyDoc(a);
    const mb = new CanopyDoc(b);
    expect(ma.migrate()).toBe(true);
    expect(mb.migrate()).toBe(true);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), PEER);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), PEER);
    expect(canonicalJson(a.toJSON())).toBe(canonicalJson(b.toJSON()));
    expect(ma.meta).toEqual(mb.meta);
    expect(ma.meta).toMatchObject({ schemaVersion: SCHEMA_VERSION, rootId: 'vision-a' });
    expect(ma.meta.id).not.toBe('');
    expect(ma.schema).toBe('current');
    expect(ma.tree().order).toEqual(mb.tree().order);
    expect(ma.tree().order).toHaveLength(6);
    expect(ma.migrate()).toBe(false);
    expect(mb.migrate()).toBe(false);
  });
});

/**
 * A document written by schema 1: node titles were Y.Text (merged character by
 * character, so two renames at once glued both names together).
 */
function v1Doc(): Y.Doc {
  const ydoc = new Y.Doc();
  ydoc.transact(() => {
    const meta = ydoc.getMap<unknown>('meta');
    meta.set('schemaVersion', 1);
    meta.set('id', 'v1-doc');
    meta.set('title', 'Schema 1 tree');
    meta.set('rootId', 'vision');
    meta.set('createdAt', 1);
    const nodes = ydoc.getMap<Y.Map<unknown>>('nodes');
    const add = (id: string, kind: string, title: string, parent: string | null) => {
      const map = new Y.Map<unknown>();
      nodes.set(id, map);
      map.set('kind', kind);
      map.set('pos', pos(parent));
      map.set('title', new Y.Text(title));
      map.set('description', new Y.Text(`About ${title}`));
    };
    add('vision', 'vision', 'Our vision', null);
    add('goal-1', 'goal', 'Reach more people', 'vision');
    add('bet-1', 'bet', 'Pop-up libraries', 'goal-1');
  }, PEER);
  return ydoc;
}

describe('migrating a schema 1 document', () => {
  it('opens with its titles, and migration makes each title one plain value', () => {
    const ydoc = v1Doc();
    const model = new CanopyDoc(ydoc);
    expect(model.schema).toBe('older');
    const titles = () => model.tree().order.map((id) => model.node(id)!.title);
    expect(titles()).toEqual(['Our vision', 'Reach more people', 'Pop-up libraries']);
    expect(model.migrate()).toBe(true);
    expect(model.schema).toBe('current');
    expect(model.meta).toMatchObject({ schemaVersion: SCHEMA_VERSION, title: 'Schema 1 tree' });
    expect(titles()).toEqual(['Our vision', 'Reach more people', 'Pop-up libraries']);
    const node = ydoc.getMap<Y.Map<unknown>>('nodes').get('bet-1')!;
    expect(node.get('title')).toBe('Pop-up libraries');
    // Descriptions keep merging as text.
    expect(node.get('description')).toBeInstanceOf(Y.Text);
    expect(model.node('bet-1')!.description).toBe('About Pop-up libraries');
    expect(model.issues()).toEqual([]);
    expect(model.migrate()).toBe(false);
  });

  it('two replicas migrating concurrently converge, and their renames stay single values', () => {
    const a = v1Doc();
    const b = new Y.Doc();
    Y.applyUpdate(b, snapshot(a), PEER);
    const ma = new CanopyDoc(a, { actor: 'Ada' });
    const mb = new CanopyDoc(b, { actor: 'Bea' });
    expect(ma.migrate()).toBe(true);
    expect(mb.migrate()).toBe(true);
    ma.updateNode('goal-1', { title: 'Reach by Ada' });
    mb.updateNode('goal-1', { title: 'Reach by Bea' });
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), PEER);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), PEER);
    expect(canonicalJson(a.toJSON())).toBe(canonicalJson(b.toJSON()));
    expect(['Reach by Ada', 'Reach by Bea']).toContain(ma.node('goal-1')!.title);
    expect(mb.node('goal-1')!.title).toBe(ma.node('goal-1')!.title);
    expect(ma.tree().order.map((id) => ma.node(id)!.title)).toEqual(
      mb.tree().order.map((id) => mb.node(id)!.title),
    );
  });
});

describe('an empty document', () => {
  it("reports 'empty' and migration does nothing", () => {
    const ydoc = new Y.Doc();
    const model = new CanopyDoc(ydoc);
    expect(model.schema).toBe('empty');
    expect(model.readOnly).toBe(false);
    let transactions = 0;
    ydoc.on('afterTransaction', () => transactions++);
    expect(model.migrate()).toBe(false);
    expect(transactions).toBe(0);
    expect(model.schema).toBe('empty');
  });
});

describe('a document from a newer version', () => {
  function newerDoc() {
    const ydoc = new Y.Doc();
    const writer = new CanopyDoc(ydoc);
    const rootId = writer.initialise({ title: 'From the future' });
    const goal = writer.addNode(rootId, { title: 'g' });
    const bet = writer.addNode(goal, { title: 'b' });
    const measure = writer.addMeasure(bet, { name: 'm' });
    const assumption = writer.addAssumption(bet, { text: 'a' });
    writer.addTag(bet, 't');
    writer.destroy();
    ydoc.transact(() => ydoc.getMap('meta').set('schemaVersion', SCHEMA_VERSION + 1), PEER);
    return { ydoc, rootId, goal, bet, measure, assumption };
  }

  type Ids = ReturnType<typeof newerDoc>;
  const commands = (
    model: CanopyDoc,
    { rootId, goal, bet, measure, assumption }: Ids,
  ): Array<[string, () => unknown]> => [
    ['renameDocument', () => model.renameDocument('x')],
    ['addNode', () => model.addNode(rootId)],
    ['insertOutline', () => model.insertOutline(rootId, [{ title: 'x' }])],
    ['updateNode', () => model.updateNode(bet, { title: 'x' })],
    ['updateNode (invalid confidence)', () => model.updateNode(bet, { confidence: 500 })],
    ['updateNode (root kind)', () => model.updateNode(rootId, { kind: 'goal' })],
    ['addTag', () => model.addTag(bet, 'x')],
    ['removeTag', () => model.removeTag(bet, 't')],
    ['moveNode', () => model.moveNode(bet, rootId)],
    ['moveNode (root)', () => model.moveNode(rootId, goal)],
    ['reorderNode', () => model.reorderNode(goal, 0)],
    ['reorderNode (root)', () => model.reorderNode(rootId, 0)],
    ['deleteSubtree', () => model.deleteSubtree(goal)],
    ['addMeasure', () => model.addMeasure(bet)],
    ['updateMeasure', () => model.updateMeasure(bet, measure, { current: 1 })],
    ['removeMeasure', () => model.removeMeasure(bet, measure)],
    ['addAssumption', () => model.addAssumption(bet)],
    ['updateAssumption', () => model.updateAssumption(bet, assumption, { state: 'validated' })],
    ['removeAssumption', () => model.removeAssumption(bet, assumption)],
  ];

  it("reports 'newer' and opens read-only; every command throws CANOPY-001 and nothing changes", () => {
    const ids = newerDoc();
    const model = new CanopyDoc(ids.ydoc);
    expect(model.schema).toBe('newer');
    expect(model.readOnly).toBe(true);
    // Still readable.
    expect(model.tree().order).toEqual([ids.rootId, ids.goal, ids.bet]);
    const before = snapshot(ids.ydoc);
    for (const [name, run] of commands(model, ids)) {
      let caught: unknown;
      try {
        run();
      } catch (e) {
        caught = e;
      }
      expect(caught, name).toBeInstanceOf(CanopyError);
      expect((caught as CanopyError).code, name).toBe('CANOPY-001');
    }
    expect(model.migrate()).toBe(false);
    expect(model.initialise({ title: 'x' })).toBe(ids.rootId);
    expect(snapshot(ids.ydoc)).toEqual(before);
  });

  it('initialise refuses to stamp over a newer document that has no tree yet', () => {
    const ydoc = new Y.Doc();
    ydoc.getMap('meta').set('schemaVersion', SCHEMA_VERSION + 1);
    const model = new CanopyDoc(ydoc);
    expect(model.readOnly).toBe(true);
    const before = snapshot(ydoc);
    expectCanopyError(() => model.initialise({ title: 'x' }), 'CANOPY-001');
    expect(snapshot(ydoc)).toEqual(before);
    expect(readMeta(ydoc).schemaVersion).toBe(SCHEMA_VERSION + 1);
  });

  it('becomes read-only live when a remote update bumps the schema version', () => {
    const a = new Y.Doc();
    const model = new CanopyDoc(a);
    const rootId = model.initialise({ title: 'T' });
    const b = new Y.Doc();
    Y.applyUpdate(b, snapshot(a), PEER);
    expect(model.readOnly).toBe(false);
    model.addNode(rootId);

    const changes: DocChange[] = [];
    model.subscribe((c) => changes.push(c));
    b.getMap('meta').set('schemaVersion', SCHEMA_VERSION + 1);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), PEER);

    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ meta: true, origin: PEER });
    expect(model.schema).toBe('newer');
    expect(model.readOnly).toBe(true);
    const before = snapshot(a);
    expectCanopyError(() => model.addNode(rootId), 'CANOPY-001');
    expectCanopyError(() => model.updateNode(rootId, { title: 'x' }), 'CANOPY-001');
    expect(snapshot(a)).toEqual(before);
  });
});
