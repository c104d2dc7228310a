/**
 * A name is one value: two replicas renaming one thing at once end with the same one
 * of the two names, never both glued together, and the replica whose name lost gets
 * a notice with its own name kept, to take back in one step. Replicas are Y.Docs
 * exchanging updates, delivered by hand.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  CanopyDoc,
  type DocChange,
  type RenameConflict,
  type RenameTarget,
} from '../../../shared/model';
import { REMOTE } from './helpers';

/** Exchanges what each replica lacks, both ways. */
function sync(...docs: Y.Doc[]) {
  for (const a of docs)
    for (const b of docs)
      if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), REMOTE);
}

/** Three replicas of one tree (Ada, Bea, Cy), in step. */
function setup() {
  const docs = [new Y.Doc(), new Y.Doc(), new Y.Doc()] as const;
  const [ada, bea, cy] = [
    new CanopyDoc(docs[0], { actor: 'Ada' }),
    new CanopyDoc(docs[1], { actor: 'Bea' }),
    new CanopyDoc(docs[2], { actor: 'Cy' }),
  ];
  const rootId = ada.initialise({ title: 'Workshop', vision: { title: 'Vision' } });
  sync(...docs);
  const vision: RenameTarget = { kind: 'node', id: rootId };
  return { docs, ada, bea, cy, rootId, vision };
}

const titleOf = (m: CanopyDoc, id: string) => m.node(id)!.title;

describe('renaming one item at once on two replicas', () => {
  it('ends with the same one of the two titles everywhere; the loser is told and keeps theirs', () => {
    const { docs, ada, bea, rootId } = setup();
    ada.updateNode(rootId, { title: 'Vision by Ada' });
    bea.updateNode(rootId, { title: 'Vision by Bea' });
    sync(docs[0], docs[1]);

    const final = titleOf(ada, rootId);
    expect(['Vision by Ada', 'Vision by Bea']).toContain(final);
    expect(titleOf(bea, rootId)).toBe(final);
    const [winner, loser] = final === 'Vision by Ada' ? [ada, bea] : [bea, ada];
    expect(winner.renameConflicts()).toEqual([]);
    expect(loser.renameConflicts()).toEqual<RenameConflict[]>([
      {
        key: `node:${rootId}`,
        target: { kind: 'node', id: rootId },
        mine: loser === ada ? 'Vision by Ada' : 'Vision by Bea',
        theirs: final,
        by: winner.actor,
      },
    ]);
  });

  it('the loser takes theirs back in one step; the winner is not told, and one undo reverts it', () => {
    const { docs, ada, bea, rootId } = setup();
    ada.updateNode(rootId, { title: 'Vision by Ada' });
    bea.updateNode(rootId, { title: 'Vision by Bea' });
    sync(docs[0], docs[1]);
    const [winner, loser] = ada.renameConflicts().length ? [bea, ada] : [ada, bea];
    const { key, mine, theirs } = loser.renameConflicts()[0]!;

    loser.undoManager.stopCapturing();
    loser.resolveRename(key, 'mine');
    expect(loser.renameConflicts()).toEqual([]);
    sync(docs[0], docs[1]);
    expect(titleOf(winner, rootId)).toBe(mine);
    expect(titleOf(loser, rootId)).toBe(mine);
    // The winner's rename was replaced by someone who had seen it: not a conflict.
    expect(winner.renameConflicts()).toEqual([]);

    loser.undoManager.undo();
    sync(docs[0], docs[1]);
    expect(titleOf(winner, rootId)).toBe(theirs);
    expect(winner.renameConflicts()).toEqual([]);
  });

  it('keeping theirs dismisses the notice and writes nothing', () => {
    const { docs, ada, bea, rootId } = setup();
    ada.updateNode(rootId, { title: 'Vision by Ada' });
    bea.updateNode(rootId, { title: 'Vision by Bea' });
    sync(docs[0], docs[1]);
    const loser = ada.renameConflicts().length ? ada : bea;
    const before = Y.encodeStateAsUpdate(loser.ydoc);
    loser.resolveRename(loser.renameConflicts()[0]!.key, 'theirs');
    expect(loser.renameConflicts()).toEqual([]);
    expect(Y.encodeStateAsUpdate(loser.ydoc)).toEqual(before);
  });

  it('three at once, in any delivery order: one title everywhere, and both losers are told', () => {
    // Client ids are random: twenty rounds try different winners and orders.
    for (let round = 0; round < 20; round++) {
      const { docs, ada, bea, cy, rootId } = setup();
      ada.updateNode(rootId, { title: 'A' });
      bea.updateNode(rootId, { title: 'B' });
      cy.updateNode(rootId, { title: 'C' });
      const [first, second] = round % 2 ? [docs[2], docs[1]] : [docs[1], docs[2]];
      Y.applyUpdate(docs[0], Y.encodeStateAsUpdate(first), REMOTE);
      Y.applyUpdate(docs[0], Y.encodeStateAsUpdate(second), REMOTE);
      sync(...docs);
      const final = titleOf(ada, rootId);
      expect([titleOf(bea, rootId), titleOf(cy, rootId)]).toEqual([final, final]);
      const told = [ada, bea, cy].filter((m) => m.renameConflicts().length > 0);
      expect(told).toHaveLength(2);
      for (const m of told) expect(m.renameConflicts()[0]).toMatchObject({ theirs: final });
    }
  });

  it('a rename made after seeing ours is an ordinary rename, also several steps later', () => {
    const { docs, ada, bea, cy, rootId } = setup();
    ada.updateNode(rootId, { title: 'Ada 1' });
    sync(...docs);
    bea.updateNode(rootId, { title: 'Bea builds on it' });
    expect(ada.renameConflicts()).toEqual([]);
    Y.applyUpdate(docs[2], Y.encodeStateAsUpdate(docs[1]), REMOTE);
    cy.updateNode(rootId, { title: 'Cy builds on Bea' });
    // Ada receives both at once: the winner replaced Bea's, which replaced Ada's.
    Y.applyUpdate(docs[0], Y.encodeStateAsUpdate(docs[2], Y.encodeStateVector(docs[0])), REMOTE);
    expect(titleOf(ada, rootId)).toBe('Cy builds on Bea');
    expect(ada.renameConflicts()).toEqual([]);
  });

  it('undoing our own rename is not a conflict', () => {
    const { ada, rootId } = setup();
    ada.undoManager.stopCapturing();
    ada.updateNode(rootId, { title: 'Oops' });
    ada.undoManager.undo();
    expect(titleOf(ada, rootId)).toBe('Vision');
    expect(ada.renameConflicts()).toEqual([]);
  });

  it('the same title typed on both is not a conflict', () => {
    const { docs, ada, bea, rootId } = setup();
    ada.updateNode(rootId, { title: 'Same' });
    bea.updateNode(rootId, { title: 'Same' });
    sync(docs[0], docs[1]);
    expect([ada.renameConflicts(), bea.renameConflicts()]).toEqual([[], []]);
  });

  it('a notice follows later renames while ours is not shown, and goes once it is back', () => {
    const { docs, ada, bea, cy, rootId } = setup();
    ada.updateNode(rootId, { title: 'Vision by Ada' });
    bea.updateNode(rootId, { title: 'Vision by Bea' });
    sync(docs[0], docs[1]);
    const [winner, loser] = ada.renameConflicts().length ? [bea, ada] : [ada, bea];
    winner.updateNode(rootId, { title: 'Agreed vision' });
    sync(docs[0], docs[1]);
    expect(loser.renameConflicts()).toEqual([
      expect.objectContaining({ theirs: 'Agreed vision', by: winner.actor }),
    ]);
    // Someone else puts the loser's title back: nothing left to tell.
    sync(...docs);
    cy.updateNode(rootId, { title: loser.renameConflicts()[0]!.mine });
    sync(...docs);
    expect(loser.renameConflicts()).toEqual([]);
  });

  it('tells listeners when a notice comes and goes', () => {
    const { docs, ada, bea, rootId } = setup();
    const changes: DocChange[] = [];
    ada.subscribe((c) => changes.push(c));
    bea.subscribe((c) => changes.push(c));
    ada.updateNode(rootId, { title: 'Vision by Ada' });
    bea.updateNode(rootId, { title: 'Vision by Bea' });
    changes.length = 0;
    sync(docs[0], docs[1]);
    expect(changes.filter((c) => c.renames)).toHaveLength(1);
    const loser = ada.renameConflicts().length ? ada : bea;
    changes.length = 0;
    loser.resolveRename(loser.renameConflicts()[0]!.key, 'theirs');
    expect(changes.filter((c) => c.renames)).toHaveLength(1);
  });
});

describe('renaming with the name the editor started from', () => {
  it('does not overwrite a rename that arrived while typing: nothing is written, the notice says who', () => {
    const { docs, ada, bea, rootId, vision } = setup();
    bea.rename(vision, 'Vision by Bea', { base: 'Vision' });
    sync(docs[0], docs[1]);
    const before = Y.encodeStateAsUpdate(docs[0]);
    // Ada's editor opened on "Vision", before Bea's rename arrived.
    const conflict = ada.rename(vision, 'Vision by Ada', { base: 'Vision' });
    expect(conflict).toEqual({
      key: `node:${rootId}`,
      target: vision,
      mine: 'Vision by Ada',
      theirs: 'Vision by Bea',
      by: 'Bea',
    });
    expect(Y.encodeStateAsUpdate(docs[0])).toEqual(before);
    expect(ada.renameConflicts()).toEqual([conflict]);
    expect(titleOf(ada, rootId)).toBe('Vision by Bea');

    ada.resolveRename(conflict!.key, 'mine');
    sync(docs[0], docs[1]);
    expect(titleOf(bea, rootId)).toBe('Vision by Ada');
    expect(bea.renameConflicts()).toEqual([]);
  });

  it('renames when nothing changed since the editor opened, or when both typed the same', () => {
    const { docs, ada, bea, rootId, vision } = setup();
    expect(ada.rename(vision, 'Renamed', { base: 'Vision' })).toBeNull();
    sync(docs[0], docs[1]);
    expect(bea.rename(vision, 'Renamed', { base: 'Vision' })).toBeNull();
    expect(titleOf(bea, rootId)).toBe('Renamed');
    expect(bea.renameConflicts()).toEqual([]);
  });

  it('says "someone" when the title was written without who wrote it', () => {
    const { docs, ada, rootId, vision } = setup();
    // A plain Yjs client writes the title alone.
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(docs[0]), REMOTE);
    (other.getMap('nodes').get(rootId) as Y.Map<unknown>).set('title', 'From a script');
    Y.applyUpdate(docs[0], Y.encodeStateAsUpdate(other, Y.encodeStateVector(docs[0])), REMOTE);
    expect(ada.rename(vision, 'Mine', { base: 'Vision' })).toMatchObject({
      theirs: 'From a script',
      by: '',
    });
  });
});

describe('the tree’s title and column names are single values too', () => {
  it('the tree: concurrent renames keep one, the loser is told; a stale base is refused', () => {
    const { docs, ada, bea } = setup();
    ada.renameDocument('Ada’s workshop');
    bea.renameDocument('Bea’s workshop');
    sync(docs[0], docs[1]);
    expect(ada.meta.title).toBe(bea.meta.title);
    const [winner, loser] = ada.renameConflicts().length ? [bea, ada] : [ada, bea];
    expect(loser.renameConflicts()).toEqual([
      expect.objectContaining({
        key: 'tree',
        theirs: winner.meta.title,
        by: winner.actor,
      }),
    ]);
    expect(winner.renameConflicts()).toEqual([]);

    expect(winner.rename({ kind: 'tree' }, 'Later', { base: 'Workshop' })).toMatchObject({
      mine: 'Later',
      theirs: winner.meta.title,
    });
  });

  it('columns: concurrent renames of a default column keep one; the loser is told', () => {
    const { docs, ada, bea } = setup();
    ada.updateColumn('analyzing', { name: 'Triage' });
    bea.updateColumn('analyzing', { name: 'Discovery' });
    sync(docs[0], docs[1]);
    const name = (m: CanopyDoc) => m.board().columns.find((c) => c.id === 'analyzing')!.name;
    expect(['Triage', 'Discovery']).toContain(name(ada));
    expect(name(bea)).toBe(name(ada));
    const loser = ada.renameConflicts().length ? ada : bea;
    expect(loser.renameConflicts()).toEqual([
      expect.objectContaining({ key: 'column:analyzing', theirs: name(ada) }),
    ]);
    expect(ada.issues()).toEqual([]);

    // With the name the dialog opened with: a rename made meanwhile is not overwritten.
    expect(
      ada.rename({ kind: 'column', id: 'analyzing' }, 'Analysis', { base: 'Analyzing' }),
    ).toMatchObject({ mine: 'Analysis', theirs: name(ada) });
  });
});
