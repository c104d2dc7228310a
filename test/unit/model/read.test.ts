import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CanopyDoc, LIMITS, readMeta, readNode, type ReadIssue } from '../../../shared/model';

/** Hostile or buggy peers write straight into the Y.Doc, bypassing every command. */
const PEER = { source: 'remote' as const };

function setup() {
  const ydoc = new Y.Doc();
  const model = new CanopyDoc(ydoc, { actor: 'me' });
  const rootId = model.initialise({ title: 'T' });
  const goal = model.addNode(rootId, { title: 'Goal' });
  const sibling = model.addNode(goal, { title: 'Valid sibling' });
  model.updateNode(sibling, {
    owner: 'Ana',
    confidence: 70,
    hypothesis: { believe: 'b', result: 'r', signal: 's' },
  });
  model.addTag(sibling, 'ok');
  model.addMeasure(sibling, { name: 'M', target: 10 });
  model.addAssumption(sibling, { text: 'A', risk: 'high' });
  return { ydoc, model, rootId, goal, sibling };
}

const nodesOf = (ydoc: Y.Doc) => ydoc.getMap<unknown>('nodes');

/** Writes a raw node as a peer would: any value under any key. */
function writeRaw(ydoc: Y.Doc, id: string, fields: Record<string, unknown>) {
  ydoc.transact(() => {
    const map = new Y.Map<unknown>();
    nodesOf(ydoc).set(id, map);
    for (const [k, v] of Object.entries(fields)) map.set(k, v);
  }, PEER);
}

function validPos(parent: string, order = 'a5') {
  return { parent, order, seq: 50, client: 7, prev: null };
}

const issuesFor = (model: CanopyDoc, id: string) => model.issues().filter((i) => i.nodeId === id);
const fieldsFor = (model: CanopyDoc, id: string) => issuesFor(model, id).map((i) => i.field);

/** The valid sibling must read exactly as written, with no issues. */
function expectSiblingIntact(model: CanopyDoc, sibling: string, goal: string) {
  expect(model.node(sibling)).toMatchObject({
    title: 'Valid sibling',
    owner: 'Ana',
    confidence: 70,
    tags: ['ok'],
    hypothesis: { believe: 'b', result: 'r', signal: 's' },
  });
  expect(model.node(sibling)!.measures).toHaveLength(1);
  expect(model.node(sibling)!.assumptions).toHaveLength(1);
  expect(model.tree().parentOf.get(sibling)).toBe(goal);
  expect(issuesFor(model, sibling)).toEqual([]);
}

describe('readNode with wrong-typed fields', () => {
  it('falls back per field, reports each field, and keeps the node in place', () => {
    const { ydoc, model, goal, sibling } = setup();
    const hypothesis = new Y.Map<unknown>();
    const tags = new Y.Array<unknown>();
    ydoc.transact(() => {
      const map = new Y.Map<unknown>();
      nodesOf(ydoc).set('hostile', map);
      map.set('kind', 'villain');
      map.set('title', 12345);
      map.set('description', { not: 'text' });
      map.set('owner', { name: 'Mallory' });
      map.set('confidence', 500);
      map.set('investment', 7);
      map.set('tags', tags);
      tags.push(['a', 'b']);
      map.set('hypothesis', hypothesis);
      hypothesis.set('believe', 42);
      hypothesis.set('result', 'fine');
      map.set('pos', validPos(goal));
      map.set('deleted', { seq: 'soon' });
      map.set('createdAt', 'yesterday');
      map.set('createdBy', ['x']);
      map.set('editedAt', 'now');
    }, PEER);

    const n = model.node('hostile')!;
    expect(n).toMatchObject({
      id: 'hostile',
      kind: 'initiative',
      title: '',
      description: '',
      owner: '',
      confidence: null,
      investment: '',
      tags: [],
      // One bad part of the hypothesis does not discard the good ones.
      hypothesis: { believe: '', result: 'fine', signal: '' },
      deleted: null,
      createdAt: 0,
      createdBy: '',
      editedAt: 0,
      measures: [],
      assumptions: [],
    });
    expect(n.pos).toEqual(validPos(goal));
    expect(new Set(fieldsFor(model, 'hostile'))).toEqual(
      new Set([
        'kind',
        'title',
        'description',
        'owner',
        'confidence',
        'investment',
        'tags',
        'hypothesis.believe',
        'deleted',
        'createdAt',
        'createdBy',
        'editedAt',
      ]),
    );
    for (const issue of issuesFor(model, 'hostile')) expect(issue.problem).not.toBe('');
    // Still in the tree, where its (valid) position says, and shown (deleted was garbage).
    expect(model.tree().parentOf.get('hostile')).toBe(goal);
    expect(model.tree().childrenOf.get(goal)).toEqual([sibling, 'hostile']);
    expectSiblingIntact(model, sibling, goal);
  });

  it.each([
    ['a string', 'garbage'],
    ['a number', 7],
    ['null', null],
    ['a wrong parent type', { parent: 5, order: 'a0', seq: 1, client: 1, prev: null }],
    ['an empty order', { parent: 'x', order: '', seq: 1, client: 1, prev: null }],
    ['a negative seq', { parent: 'x', order: 'a0', seq: -1, client: 1, prev: null }],
    ['a fractional client', { parent: 'x', order: 'a0', seq: 1, client: 1.5, prev: null }],
    ['missing keys', { parent: 'x' }],
  ])('hangs a node whose pos is %s under the root', (_label, pos) => {
    const { ydoc, model, rootId, goal, sibling } = setup();
    writeRaw(ydoc, 'lost', { kind: 'bet', title: 'Lost', pos });
    writeRaw(ydoc, 'child', { kind: 'initiative', pos: validPos('lost') });
    expect(model.node('lost')).toMatchObject({ kind: 'bet', title: 'Lost' });
    expect(model.node('lost')!.pos).toMatchObject({ parent: null, seq: 0 });
    expect(model.tree().parentOf.get('lost')).toBe(rootId);
    expect(model.tree().repairs.get('lost')).toBe('orphan');
    expect(model.tree().parentOf.get('child')).toBe('lost');
    expect(fieldsFor(model, 'lost')).toEqual(['pos']);
    expectSiblingIntact(model, sibling, goal);
  });

  it('accepts a plain-string title written by another client', () => {
    const { ydoc, model, goal } = setup();
    writeRaw(ydoc, 'plain', { kind: 'bet', title: 'Plain text', pos: validPos(goal) });
    expect(model.node('plain')!.title).toBe('Plain text');
    expect(issuesFor(model, 'plain')).toEqual([]);
  });

  it('truncates or drops overly long strings and reports them', () => {
    const { ydoc, model, goal, sibling } = setup();
    writeRaw(ydoc, 'long', {
      kind: 'bet',
      pos: validPos(goal),
      title: new Y.Text('t'.repeat(LIMITS.title + 100)),
      description: 'd'.repeat(LIMITS.description + 1),
      owner: 'o'.repeat(LIMITS.owner + 1),
      investment: 'i'.repeat(LIMITS.text + 1),
      editedAt: 'yesterday',
    });
    const n = model.node('long')!;
    expect(n.title).toBe('t'.repeat(LIMITS.title));
    expect(n.description).toBe('d'.repeat(LIMITS.description));
    expect(n.owner).toBe('');
    expect(n.investment).toBe('');
    expect(n.editedAt).toBe(0);
    expect(new Set(fieldsFor(model, 'long'))).toEqual(
      new Set(['title', 'description', 'owner', 'investment', 'editedAt']),
    );
    expectSiblingIntact(model, sibling, goal);
  });

  it.each([-1, 100.01, Number.NaN, '50', true])(
    'reports confidence %j and reads it as null',
    (confidence) => {
      const { ydoc, model, goal } = setup();
      writeRaw(ydoc, 'c', { kind: 'bet', pos: validPos(goal), confidence });
      expect(model.node('c')!.confidence).toBeNull();
      expect(fieldsFor(model, 'c')).toEqual(['confidence']);
    },
  );

  it('reads tags from a Y.Map only, skipping non-true values and bad lengths', () => {
    const { ydoc, model, goal } = setup();
    writeRaw(ydoc, 'plainTags', { kind: 'bet', pos: validPos(goal), tags: { a: true } });
    expect(model.node('plainTags')!.tags).toEqual([]);
    expect(fieldsFor(model, 'plainTags')).toEqual(['tags']);

    const tags = new Y.Map<unknown>();
    writeRaw(ydoc, 'mixed', { kind: 'bet', pos: validPos(goal), tags });
    ydoc.transact(() => {
      tags.set('good', true);
      tags.set('off', false);
      tags.set('weird', 'yes');
      tags.set('', true);
      tags.set('x'.repeat(LIMITS.tag + 1), true);
    }, PEER);
    expect(model.node('mixed')!.tags).toEqual(['good']);
    expect(fieldsFor(model, 'mixed')).toEqual(['tags', 'tags']);
  });

  it('caps the number of tags', () => {
    const { ydoc, model, goal } = setup();
    const tags = new Y.Map<unknown>();
    writeRaw(ydoc, 'many', { kind: 'bet', pos: validPos(goal), tags });
    ydoc.transact(() => {
      for (let i = 0; i < LIMITS.tags + 20; i++) tags.set(`tag${String(i).padStart(3, '0')}`, true);
    }, PEER);
    expect(model.node('many')!.tags).toHaveLength(LIMITS.tags);
    expect(model.node('many')!.tags[0]).toBe('tag000');
  });
});

describe('readNode with garbage list entries', () => {
  it('keeps valid measures, skips garbage (reported) and duplicate ids (silently: concurrent undos restore copies)', () => {
    const { ydoc, model, goal, sibling } = setup();
    const list = new Y.Array<unknown>();
    writeRaw(ydoc, 'm', { kind: 'bet', pos: validPos(goal), measures: list });
    ydoc.transact(() => {
      list.push([
        new Y.Map<unknown>([
          ['id', 'm1'],
          ['name', 'Good'],
          ['target', 5],
        ]),
        42,
        'string entry',
        null,
        new Y.Map<unknown>([['name', 'no id']]),
        new Y.Map<unknown>([
          ['id', 'm2'],
          ['direction', 'sideways'],
        ]),
        new Y.Map<unknown>([
          ['id', 'm1'],
          ['name', 'Duplicate'],
        ]),
        new Y.Map<unknown>([
          ['id', 'm3'],
          ['due', '2027-13-45'],
        ]),
        new Y.Map<unknown>([
          ['id', 'm4'],
          ['current', 'lots'],
        ]),
        { id: 'm5', name: 'Plain object entry' },
      ]);
    }, PEER);
    const measures = model.node('m')!.measures;
    expect(measures.map((m) => [m.id, m.name])).toEqual([
      ['m1', 'Good'],
      ['m5', 'Plain object entry'],
    ]);
    expect(measures[0]).toEqual({
      id: 'm1',
      name: 'Good',
      baseline: null,
      target: 5,
      current: null,
      unit: '',
      direction: 'increase',
      due: null,
      updatedAt: null,
    });
    expect(fieldsFor(model, 'm')).toEqual([
      'measures[1]',
      'measures[2]',
      'measures[3]',
      'measures[4]',
      'measures[5]',
      'measures[7]',
      'measures[8]',
    ]);
    expectSiblingIntact(model, sibling, goal);
  });

  it('reports measures and assumptions that are not lists', () => {
    const { ydoc, model, goal } = setup();
    writeRaw(ydoc, 'n', {
      kind: 'bet',
      pos: validPos(goal),
      measures: new Y.Map(),
      assumptions: 'many',
    });
    expect(model.node('n')).toMatchObject({ measures: [], assumptions: [] });
    expect(fieldsFor(model, 'n')).toEqual(['measures', 'assumptions']);
  });

  it('skips assumptions with bad risk or state and fills defaults', () => {
    const { ydoc, model, goal } = setup();
    const list = new Y.Array<unknown>();
    writeRaw(ydoc, 'a', { kind: 'bet', pos: validPos(goal), assumptions: list });
    ydoc.transact(() => {
      list.push([
        new Y.Map<unknown>([['id', 'a1']]),
        new Y.Map<unknown>([
          ['id', 'a2'],
          ['risk', 'extreme'],
        ]),
        new Y.Map<unknown>([
          ['id', 'a3'],
          ['state', 'maybe'],
        ]),
        new Y.Map<unknown>([
          ['id', 'x'.repeat(65)],
          ['text', 'long id'],
        ]),
      ]);
    }, PEER);
    expect(model.node('a')!.assumptions).toEqual([
      { id: 'a1', text: '', risk: 'medium', state: 'open' },
    ]);
    expect(fieldsFor(model, 'a')).toEqual(['assumptions[1]', 'assumptions[2]', 'assumptions[3]']);
  });

  it(`reads at most ${LIMITS.measures} measures`, () => {
    const { ydoc, model, goal } = setup();
    const list = new Y.Array<unknown>();
    writeRaw(ydoc, 'big', { kind: 'bet', pos: validPos(goal), measures: list });
    ydoc.transact(() => {
      list.push(
        Array.from(
          { length: LIMITS.measures + 5 },
          (_, i) => new Y.Map<unknown>([['id', `m${i}`]]),
        ),
      );
    }, PEER);
    expect(model.node('big')!.measures).toHaveLength(LIMITS.measures);
  });
});

describe('unreadable node entries', () => {
  it('skips values that are not node maps and reports them', () => {
    const { ydoc, model, rootId, goal, sibling } = setup();
    const sizeBefore = model.size;
    ydoc.transact(() => {
      nodesOf(ydoc).set('str', 'a string');
      nodesOf(ydoc).set('num', 42);
      nodesOf(ydoc).set('arr', new Y.Array());
      nodesOf(ydoc).set('txt', new Y.Text('x'));
      nodesOf(ydoc).set('obj', { kind: 'goal' });
    }, PEER);
    for (const id of ['str', 'num', 'arr', 'txt', 'obj']) {
      expect(model.node(id)).toBeUndefined();
      expect(issuesFor(model, id)).toEqual([
        { nodeId: id, field: '*', problem: expect.stringContaining('skipped') },
      ]);
    }
    expect(model.size).toBe(sizeBefore);
    expect(model.tree().order).toEqual([rootId, goal, sibling]);
    expectSiblingIntact(model, sibling, goal);
  });

  it('skips implausible ids', () => {
    const { ydoc, model } = setup();
    const longId = 'x'.repeat(65);
    writeRaw(ydoc, longId, { kind: 'bet' });
    writeRaw(ydoc, '', { kind: 'bet' });
    expect(model.node(longId)).toBeUndefined();
    expect(model.node('')).toBeUndefined();
    const idIssues = model.issues().filter((i) => i.field === 'id');
    expect(idIssues).toHaveLength(2);
    expect(idIssues.every((i) => i.nodeId.length <= 64)).toBe(true);
  });

  it('readNode never throws on non-Y values', () => {
    for (const raw of [undefined, null, 0, 'x', {}, [], new Map(), Symbol('s')]) {
      const issues: ReadIssue[] = [];
      expect(readNode('id1', raw, issues)).toBeUndefined();
      expect(issues).toHaveLength(1);
    }
  });

  it('a node with no keys at all reads with defaults, placed under the root', () => {
    const { ydoc, model, rootId } = setup();
    writeRaw(ydoc, 'blank', {});
    expect(model.node('blank')).toMatchObject({
      kind: 'initiative',
      title: '',
      pos: { parent: null },
    });
    expect(model.tree().parentOf.get('blank')).toBe(rootId);
    // Missing keys are not garbage: nothing to report.
    expect(issuesFor(model, 'blank')).toEqual([]);
  });
});

describe('recovery through commands', () => {
  it('commands overwrite garbage and the issues go away', () => {
    const { ydoc, model, goal } = setup();
    writeRaw(ydoc, 'h', {
      kind: 'villain',
      pos: 'garbage',
      title: 99,
      tags: 'not-a-map',
      measures: 'not-a-list',
      assumptions: 5,
    });
    expect(new Set(fieldsFor(model, 'h'))).toEqual(
      new Set(['kind', 'pos', 'title', 'tags', 'measures', 'assumptions']),
    );
    model.updateNode('h', { title: 'Fixed', kind: 'bet' });
    model.addTag('h', 'new');
    model.addMeasure('h', { name: 'M' });
    model.addAssumption('h', { text: 'A' });
    model.moveNode('h', goal);
    expect(model.node('h')).toMatchObject({ title: 'Fixed', kind: 'bet', tags: ['new'] });
    expect(model.node('h')!.measures.map((m) => m.name)).toEqual(['M']);
    expect(model.node('h')!.assumptions.map((a) => a.text)).toEqual(['A']);
    expect(model.tree().parentOf.get('h')).toBe(goal);
    expect(issuesFor(model, 'h')).toEqual([]);
  });

  it('issues of a removed node are dropped', () => {
    const { ydoc, model } = setup();
    writeRaw(ydoc, 'bad', { title: 1 });
    expect(issuesFor(model, 'bad')).toHaveLength(1);
    ydoc.transact(() => nodesOf(ydoc).delete('bad'), PEER);
    expect(issuesFor(model, 'bad')).toEqual([]);
  });
});

describe('random garbage', () => {
  it('never throws and always yields a valid tree holding every readable live node', () => {
    const gen = prng.create(7);
    const garbage = (): unknown =>
      prng.oneOf(gen, [
        () => prng.int32(gen, -1000, 1000),
        () => prng.word(gen, 0, 80),
        () => null,
        () => true,
        () => [1, 'a', null],
        () => ({
          parent: prng.word(gen, 0, 3),
          order: prng.word(gen, 0, 3),
          seq: prng.int32(gen, -2, 9),
          client: 1,
        }),
        () => new Y.Map<unknown>([['believe', prng.int32(gen, 0, 9)]]),
        () => new Y.Array<unknown>(),
        () => new Y.Text(prng.word(gen, 0, 10)),
      ])();
    const keys = [
      'kind',
      'title',
      'description',
      'owner',
      'tags',
      'confidence',
      'investment',
      'hypothesis',
      'measures',
      'assumptions',
      'pos',
      'deleted',
      'createdAt',
      'createdBy',
      'status',
    ];
    for (let round = 0; round < 20; round++) {
      const { ydoc, model, rootId, goal, sibling } = setup();
      for (let i = 0; i < 15; i++) {
        const fields: Record<string, unknown> = {};
        for (const k of keys) if (prng.bool(gen)) fields[k] = garbage();
        if (prng.bool(gen))
          fields.pos = validPos(prng.oneOf(gen, [goal, sibling, `g${i - 1}`, `g${i + 1}`]), 'a1');
        expect(() => writeRaw(ydoc, `g${i}`, fields)).not.toThrow();
      }
      const tree = model.tree();
      expect(tree.order[0]).toBe(rootId);
      const shown = new Set(tree.order);
      expect(shown.size).toBe(tree.order.length);
      for (let i = 0; i < 15; i++) {
        const n = model.node(`g${i}`)!;
        expect(n).toBeDefined();
        if (n.deleted === null) expect(shown.has(n.id)).toBe(true);
      }
      expectSiblingIntact(model, sibling, goal);
    }
  });
});

describe('readMeta', () => {
  it('falls back per field and reports meta issues', () => {
    const ydoc = new Y.Doc();
    const meta = ydoc.getMap<unknown>('meta');
    meta.set('schemaVersion', 'two');
    meta.set('id', 12);
    meta.set('title', 't'.repeat(LIMITS.docTitle + 1));
    meta.set('rootId', { id: 'r' });
    meta.set('createdAt', Number.POSITIVE_INFINITY);
    const issues: ReadIssue[] = [];
    expect(readMeta(ydoc, issues)).toEqual({
      schemaVersion: 0,
      id: '',
      title: '',
      rootId: null,
      createdAt: 0,
      private: false,
    });
    expect(issues.map((i) => i.field)).toEqual([
      'meta.schemaVersion',
      'meta.id',
      'meta.title',
      'meta.rootId',
      'meta.createdAt',
    ]);
  });

  it('a fractional or negative schema version is not trusted', () => {
    for (const schemaVersion of [1.5, -1]) {
      const ydoc = new Y.Doc();
      ydoc.getMap('meta').set('schemaVersion', schemaVersion);
      expect(readMeta(ydoc).schemaVersion).toBe(0);
    }
  });
});
