import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CanopyDoc, DEFAULT_COLUMNS, ROOT_KEYS, type CardMove } from '../../../shared/model';
import { expectCanopyError, REMOTE, replicaOf, sync } from './helpers';

/** A tree with a goal, a bet under it and an initiative under the bet; a settable clock. */
function setup(actor = 'alice') {
  const clock = { now: 1_000_000 };
  const ydoc = new Y.Doc();
  const model = new CanopyDoc(ydoc, { actor, now: () => clock.now });
  const rootId = model.initialise({
    title: 'Board',
    vision: {
      title: 'Vision',
      children: [{ title: 'Goal', children: [{ title: 'Bet', children: [{ title: 'Try' }] }] }],
    },
  });
  const [goal, bet, initiative] = model.tree().order.slice(1);
  return { ydoc, model, clock, rootId, goal: goal!, bet: bet!, initiative: initiative! };
}

const columnIds = (model: CanopyDoc) => model.board().columns.map((c) => c.id);

describe('board columns', () => {
  it('starts with the default columns, Funnel to Done plus Stopped, without writing them', () => {
    const { model, ydoc, bet, initiative } = setup();
    expect(model.board().columns.map((c) => c.name)).toEqual([
      'Funnel',
      'Reviewing',
      'Analyzing',
      'Ready',
      'Implementing',
      'Learning',
      'Done',
      'Stopped',
    ]);
    expect(model.board().defaults).toBe(true);
    expect(ydoc.getMap(ROOT_KEYS.boardColumns).size).toBe(0);
    expect(model.cardColumn(bet).id).toBe('funnel');
    expect(model.cardColumn(initiative).id).toBe('funnel');
  });

  it('adds, renames, limits, reorders and removes columns', () => {
    const { model } = setup();
    const id = model.addColumn('  Experimenting ', { index: 5 });
    expect(columnIds(model).indexOf(id)).toBe(5);
    expect(model.board().columns.find((c) => c.id === id)).toMatchObject({
      name: 'Experimenting',
      stage: 'active',
      wipLimit: null,
      awaitingDecision: false,
    });
    model.updateColumn(id, { name: 'Testing', wipLimit: 2, awaitingDecision: true });
    expect(model.board().columns.find((c) => c.id === id)).toMatchObject({
      name: 'Testing',
      wipLimit: 2,
      awaitingDecision: true,
    });
    model.updateColumn(id, { wipLimit: null });
    expect(model.board().columns.find((c) => c.id === id)!.wipLimit).toBeNull();
    model.moveColumn(id, 0);
    expect(columnIds(model)[0]).toBe(id);
    model.moveColumn(id, columnIds(model).length - 1);
    expect(columnIds(model).at(-1)).toBe(id);
    model.removeColumn(id);
    expect(columnIds(model)).toEqual(DEFAULT_COLUMNS.map((c) => c.id));
  });

  it('refuses a WIP limit that is not a whole number from 1, and unknown columns', () => {
    const { model } = setup();
    expectCanopyError(() => model.updateColumn('ready', { wipLimit: 0 }), 'CANOPY-006');
    expectCanopyError(() => model.updateColumn('ready', { wipLimit: 2.5 }), 'CANOPY-006');
    expectCanopyError(() => model.updateColumn('nope', { name: 'x' }), 'CANOPY-009');
    expect(model.board().columns.find((c) => c.id === 'ready')!.wipLimit).toBeNull();
  });

  it('removing a column moves its cards to another, and records each move', () => {
    const { model, bet, initiative } = setup();
    model.moveCard(bet, 'implementing');
    model.moveCard(initiative, 'implementing');
    model.removeColumn('implementing', 'ready');
    expect(model.cardColumn(bet).id).toBe('ready');
    expect(model.cardColumn(initiative).id).toBe('ready');
    expect(
      model
        .board()
        .movesByCard.get(bet)!
        .map((m) => [m.from, m.to]),
    ).toEqual([
      ['funnel', 'implementing'],
      ['implementing', 'ready'],
    ]);
    expectCanopyError(() => model.moveCard(bet, 'implementing'), 'CANOPY-009');
  });

  it('the last column cannot be removed', () => {
    const { model } = setup();
    for (const id of columnIds(model).slice(1)) model.removeColumn(id);
    expectCanopyError(() => model.removeColumn(columnIds(model)[0]!), 'CANOPY-011');
  });

  it('two peers that edit columns for the first time while apart do not duplicate the defaults', () => {
    const a = setup('alice');
    const b = replicaOf(a.ydoc, 'bob');
    a.model.updateColumn('ready', { wipLimit: 4 });
    b.model.updateColumn('done', { name: 'Delivered' });
    sync(a.ydoc, b.ydoc);
    for (const m of [a.model, b.model]) {
      expect(columnIds(m)).toEqual(DEFAULT_COLUMNS.map((c) => c.id));
      expect(m.board().columns.find((c) => c.id === 'ready')!.wipLimit).toBe(4);
      expect(m.board().columns.find((c) => c.id === 'done')!.name).toBe('Delivered');
    }
  });
});

describe('moving cards', () => {
  it('moves several cards in one transaction, checking every move before making any', () => {
    const { model, ydoc, bet, initiative } = setup();
    model.moveCard(bet, 'ready');
    let transactions = 0;
    ydoc.on('afterTransaction', () => transactions++);
    // The bet is in Ready already: left out.
    expect(
      model.moveCards([
        { cardId: bet, columnId: 'ready' },
        { cardId: initiative, columnId: 'implementing' },
      ]),
    ).toEqual([initiative]);
    expect(transactions).toBe(1);
    expect(
      model.moveCards([
        { cardId: bet, columnId: 'learning' },
        { cardId: initiative, columnId: 'learning' },
      ]),
    ).toEqual([bet, initiative]);
    expect(transactions).toBe(2);
    expect(
      model
        .board()
        .movesByCard.get(bet)!
        .map((m) => m.to),
    ).toEqual(['ready', 'learning']);
    expect(model.cardColumn(initiative).id).toBe('learning');
    // One bad move: nothing moves.
    expectCanopyError(
      () =>
        model.moveCards([
          { cardId: initiative, columnId: 'funnel' },
          { cardId: bet, columnId: 'nowhere' },
        ]),
      'CANOPY-009',
    );
    expect(model.cardColumn(initiative).id).toBe('learning');
    expect(transactions).toBe(2);
  });

  it('records from, to, when and by whom; the card’s column follows', () => {
    const { model, clock, bet } = setup();
    clock.now = 2_000_000;
    expect(model.moveCard(bet, 'reviewing')).toBe(true);
    clock.now = 3_000_000;
    model.moveCard(bet, 'analyzing');
    expect(model.cardColumn(bet).id).toBe('analyzing');
    const moves = model.board().movesByCard.get(bet)!;
    expect(moves.map(({ from, to, at, by }) => ({ from, to, at, by }))).toEqual([
      { from: 'funnel', to: 'reviewing', at: 2_000_000, by: 'alice' },
      { from: 'reviewing', to: 'analyzing', at: 3_000_000, by: 'alice' },
    ]);
    expect(model.moveCard(bet, 'analyzing')).toBe(false);
    expect(model.board().movesByCard.get(bet)).toHaveLength(2);
  });

  it('only bets and initiatives are cards', () => {
    const { model, rootId, goal } = setup();
    expectCanopyError(() => model.moveCard(goal, 'ready'), 'CANOPY-008');
    expectCanopyError(() => model.moveCard(rootId, 'ready'), 'CANOPY-008');
    expectCanopyError(() => model.moveCard('missing', 'ready'), 'CANOPY-002');
  });

  it('concurrent moves of one card converge, and both stay in the history', () => {
    const a = setup('alice');
    const b = replicaOf(a.ydoc, 'bob');
    a.model.moveCard(a.bet, 'implementing');
    b.model.moveCard(a.bet, 'stopped');
    sync(a.ydoc, b.ydoc);
    const column = a.model.cardColumn(a.bet).id;
    expect(['implementing', 'stopped']).toContain(column);
    expect(b.model.cardColumn(a.bet).id).toBe(column);
    const moves = (m: CanopyDoc) =>
      m
        .board()
        .movesByCard.get(a.bet)!
        .map((x) => x.to);
    expect(moves(a.model)).toEqual(moves(b.model));
    expect(new Set(moves(a.model))).toEqual(new Set(['implementing', 'stopped']));
  });

  it('a move made after seeing another wins over it, whatever the clocks say', () => {
    const a = setup('alice');
    const b = replicaOf(a.ydoc, 'bob');
    a.clock.now = 9_000_000; // Alice's clock runs ahead
    a.model.moveCard(a.bet, 'implementing');
    sync(a.ydoc, b.ydoc);
    b.model.moveCard(a.bet, 'learning'); // Bob moves it on; his clock is behind
    sync(a.ydoc, b.ydoc);
    expect(a.model.cardColumn(a.bet).id).toBe('learning');
  });

  it('undo of tree edits leaves the history alone', () => {
    const { model, bet } = setup();
    model.updateNode(bet, { title: 'Renamed' });
    model.undoManager.stopCapturing();
    model.moveCard(bet, 'ready');
    model.undoManager.undo();
    expect(model.node(bet)!.title).toBe('Bet');
    expect(model.cardColumn(bet).id).toBe('ready');
  });

  it('commands stamp the node they change with an edit time', () => {
    const { model, clock, bet, initiative } = setup();
    clock.now = 5_000_000;
    model.updateNode(bet, { owner: 'Ana' });
    clock.now = 6_000_000;
    model.addTag(initiative, 'pilot');
    expect(model.node(bet)!.editedAt).toBe(5_000_000);
    expect(model.node(initiative)!.editedAt).toBe(6_000_000);
  });
});

describe('reading a board written by a peer', () => {
  it('skips and reports unreadable columns and moves; keeps the rest', () => {
    const { ydoc, model, bet } = setup();
    model.moveCard(bet, 'ready');
    model.updateColumn('ready', { wipLimit: 2 });
    ydoc.transact(() => {
      const columns = ydoc.getMap(ROOT_KEYS.boardColumns);
      columns.set('bad', 'no field');
      columns.set('worse.name', 7);
      columns.set('worse.order', 'a9');
      columns.set('ready.wipLimit', -3);
      ydoc
        .getArray(ROOT_KEYS.boardMoves)
        .push([
          { card: bet, to: 'done' },
          'garbage',
          { id: 'x', card: bet, from: null, to: 'done', at: Infinity, by: '', seq: 1, client: 1 },
        ]);
    }, REMOTE);
    expect(model.cardColumn(bet).id).toBe('ready');
    expect(columnIds(model)).toEqual(DEFAULT_COLUMNS.map((c) => c.id));
    // The invalid limit overwrote the valid one (last writer wins) and is skipped.
    expect(model.board().columns.find((c) => c.id === 'ready')!.wipLimit).toBeNull();
    const problems = model.board().issues.map((i) => i.field);
    expect(problems).toEqual(
      expect.arrayContaining([
        'board.columns.bad',
        'board.columns.worse.name',
        'board.columns.worse',
        'board.columns.ready.wipLimit',
        'board.moves',
      ]),
    );
  });

  it('a move to a column that was removed leaves the card in the first column', () => {
    const { ydoc, model, bet } = setup();
    const seen: CardMove = {
      id: 'm1',
      card: bet,
      from: 'funnel',
      to: 'gone-column',
      at: 1,
      by: 'peer',
      seq: 99,
      client: 1,
    };
    ydoc.transact(() => ydoc.getArray(ROOT_KEYS.boardMoves).push([seen]), REMOTE);
    expect(model.cardColumn(bet).id).toBe('funnel');
    expect(model.board().movesByCard.get(bet)).toEqual([seen]);
  });
});

describe('board settings', () => {
  it('the team’s thresholds default to 14 and 7 days, are shared, and refuse nonsense', () => {
    const a = setup('alice');
    const b = replicaOf(a.ydoc, 'bob');
    expect(a.model.board().settings).toEqual({ stalledDays: 14, decisionDays: 7 });
    a.model.updateBoardSettings({ stalledDays: 10 });
    sync(a.ydoc, b.ydoc);
    expect(b.model.board().settings).toEqual({ stalledDays: 10, decisionDays: 7 });
    expectCanopyError(() => a.model.updateBoardSettings({ decisionDays: 0 }), 'CANOPY-006');
    expectCanopyError(() => a.model.updateBoardSettings({ stalledDays: 1.5 }), 'CANOPY-006');
    a.ydoc.transact(
      () => a.ydoc.getMap(ROOT_KEYS.boardSettings).set('decisionDays', 'soon'),
      REMOTE,
    );
    expect(a.model.board().settings.decisionDays).toBe(7);
    expect(a.model.board().issues.map((i) => i.field)).toContain('board.settings.decisionDays');
  });
});
