/** Private drafts: the mark, and proposing a draft's items to a shared tree. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CanopyDoc, isPrivateDraft } from '../../../shared/model';
import { expectCanopyError, replicaOf } from './helpers';

function draftWithBet() {
  const draft = new CanopyDoc(new Y.Doc(), { actor: 'ana' });
  const root = draft.initialise({ title: 'My drafts', vision: { title: 'Ideas' }, private: true });
  const goal = draft.addNode(root, { kind: 'goal', title: 'Draft goal' });
  const bet = draft.addNode(goal, { kind: 'bet', title: 'Lockers at stations' });
  draft.updateNode(bet, {
    owner: 'Ana',
    confidence: 40,
    hypothesis: { believe: 'Commuters want lockers', result: '200 bookings a week' },
  });
  draft.addMeasure(bet, { name: 'Bookings', target: 200 });
  const first = draft.addNode(bet, { kind: 'initiative', title: 'Pilot at one station' });
  const second = draft.addNode(bet, { kind: 'initiative', title: 'Survey commuters' });
  draft.addEvidence(second, { summary: '7 of 10 asked said yes', stance: 'supports' });
  return { draft, root, goal, bet, first, second };
}

function sharedTree() {
  const shared = new CanopyDoc(new Y.Doc(), { actor: 'ana' });
  const root = shared.initialise({ title: 'Team tree', vision: { title: 'Vision' } });
  const goal = shared.addNode(root, { kind: 'goal', title: 'Grow revenue' });
  shared.undoManager.stopCapturing();
  return { shared, root, goal };
}

describe('private drafts', () => {
  it('are marked in the document, so copies, snapshots and files stay private', () => {
    const { draft } = draftWithBet();
    expect(draft.isPrivate).toBe(true);
    expect(isPrivateDraft(draft.ydoc)).toBe(true);
    expect(replicaOf(draft.ydoc).model.isPrivate).toBe(true);
    expect(sharedTree().shared.isPrivate).toBe(false);
  });

  it('proposes an item with its descendants, fields and evidence under the chosen parent', () => {
    const { draft, bet } = draftWithBet();
    const { shared, goal } = sharedTree();
    const [copy] = shared.insertCopyOf(draft, bet, goal);
    const tree = shared.tree();
    expect(tree.parentOf.get(copy!)).toBe(goal);
    const node = shared.node(copy!)!;
    expect(node.title).toBe('Lockers at stations');
    expect(node.kind).toBe('bet');
    expect(node.owner).toBe('Ana');
    expect(node.confidence).toBe(40);
    expect(node.hypothesis.believe).toBe('Commuters want lockers');
    expect(node.measures.map((m) => m.name)).toEqual(['Bookings']);
    const kids = tree.childrenOf.get(copy!)!;
    expect(kids.map((k) => shared.node(k)!.title)).toEqual([
      'Pilot at one station',
      'Survey commuters',
    ]);
    const evidence = shared.learning().evidenceByNode.get(kids[1]!)!;
    expect(evidence.map((e) => [e.summary, e.stance, e.recordedBy])).toEqual([
      ['7 of 10 asked said yes', 'supports', 'ana'],
    ]);
    // New identities: nothing in the shared tree points back at the draft.
    expect(copy).not.toBe(bet);
    expect(shared.node(bet)).toBeUndefined();
    // The draft itself is unchanged.
    expect(draft.tree().childrenOf.get(bet)).toHaveLength(2);
  });

  it('copies nothing else of the draft into the shared document', () => {
    const { draft, bet } = draftWithBet();
    const { shared, goal } = sharedTree();
    shared.insertCopyOf(draft, bet, goal);
    const state = new TextDecoder().decode(Y.encodeStateAsUpdate(shared.ydoc));
    expect(state).toContain('Lockers at stations');
    expect(state).not.toContain('Draft goal');
    expect(state).not.toContain('My drafts');
    expect(shared.isPrivate).toBe(false);
  });

  it('proposing the draft root proposes its children, and is one undo step', () => {
    const { draft, root } = draftWithBet();
    const { shared, goal, root: sharedRoot } = sharedTree();
    const before = shared.tree().childrenOf.get(sharedRoot)!.length;
    const ids = shared.insertCopyOf(draft, root, sharedRoot);
    expect(ids.map((id) => shared.node(id)!.title)).toEqual(['Draft goal']);
    expect(shared.tree().childrenOf.get(sharedRoot)).toHaveLength(before + 1);
    shared.undoManager.undo();
    expect(shared.tree().childrenOf.get(sharedRoot)).toEqual([goal]);
    expect(shared.learning().evidenceByNode.size).toBe(0);
  });

  it('refuses to propose into another draft (CANOPY-015)', () => {
    const { draft, bet } = draftWithBet();
    const other = draftWithBet();
    expectCanopyError(() => other.draft.insertCopyOf(draft, bet, other.goal), 'CANOPY-015');
  });
});
