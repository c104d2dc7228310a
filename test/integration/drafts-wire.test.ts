/**
 * Private drafts on the wire, between real workshop peers on 127.0.0.1: a draft's
 * proposed copy reaches the others, and nothing else of the draft ever does. The tap
 * is the receiving peer's update guard, which sees every document update and state
 * vector after decryption, before it is applied; presence is tapped too.
 */
import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { WorkerUpdateGuard } from '../../electron/peer/worker-update-guard';
import { CanopyDoc } from '../../shared/model';
import { linkDocOverPort, type PortLike, type UpdateGuard } from '../../shared/sync';
import { exampleDoc, snapshot, startPeer, waitFor, type TestPeer } from './peers';

const SECRETS = ['SECRET-DRAFT-TITLE-7f3', 'SECRET-GOAL-91a', 'SECRET-EVIDENCE-4c2'];
const PROPOSED = 'Lockers at two train stations';

const started: TestPeer[] = [];
const guards: UpdateGuard[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.peer.stop()));
  guards.splice(0).forEach((g) => g.close());
});

function draft() {
  const model = new CanopyDoc(new Y.Doc(), { actor: 'ana' });
  const root = model.initialise({
    title: SECRETS[0]!,
    vision: { title: 'Draft ideas' },
    private: true,
  });
  const goal = model.addNode(root, { kind: 'goal', title: SECRETS[1] });
  model.addEvidence(goal, { summary: SECRETS[2]!, stance: 'supports' });
  const bet = model.addNode(goal, { kind: 'bet', title: PROPOSED });
  model.addEvidence(bet, { summary: '7 of 10 commuters asked said yes', stance: 'supports' });
  return { model, bet };
}

/** An update guard that keeps a copy of everything it is asked to check. */
function tappingGuard() {
  const inner = new WorkerUpdateGuard();
  guards.push(inner);
  const seen: Uint8Array[] = [];
  const guard: UpdateGuard = {
    checkUpdate: (u) => (seen.push(u.slice()), inner.checkUpdate(u)),
    checkStateVector: (v) => (seen.push(v.slice()), inner.checkStateVector(v)),
    close: () => {},
  };
  return { guard, seen };
}

const text = (chunks: Uint8Array[]) =>
  chunks.map((c) => new TextDecoder('utf-8', { fatal: false }).decode(c)).join('\n');

describe('private drafts on the wire', () => {
  it('a proposed item reaches the other peer; nothing else of the draft crosses', async () => {
    const { model: draftModel, bet } = draft();
    const a = await startPeer({ doc: exampleDoc(), docId: 'workshop-doc' });
    started.push(a);
    const tap = tappingGuard();
    const b = await startPeer({ guard: tap.guard });
    started.push(b);
    const presence: string[] = [];
    b.peer.awareness.on('change', () =>
      presence.push(JSON.stringify([...b.peer.awareness.getStates().values()])),
    );
    b.peer.connect({ host: '127.0.0.1', port: a.port });
    await waitFor(() => snapshot(a.doc) === snapshot(b.doc), 'initial sync');

    const root = a.model.tree().rootId!;
    const goal = a.model.tree().childrenOf.get(root)![0]!;
    a.model.insertCopyOf(draftModel, bet, goal);
    a.peer.awareness.setLocalState({ user: { name: 'Ana', color: '#2f7d5b' }, selection: goal });
    await waitFor(() => snapshot(b.doc).includes(PROPOSED), 'the proposal arrives');
    await waitFor(() => presence.some((p) => p.includes(goal)), 'presence arrives');

    const wire = text(tap.seen) + text(presence.map((p) => new TextEncoder().encode(p)));
    // The tap sees what crossed: the proposal and its evidence are there...
    expect(wire).toContain(PROPOSED);
    expect(wire).toContain('7 of 10 commuters asked said yes');
    // ...and nothing else of the draft, in any update, state vector or presence.
    for (const secret of SECRETS) expect(wire).not.toContain(secret);
    expect(snapshot(b.doc)).not.toContain('Draft ideas');
    expect(b.model.isPrivate).toBe(false);
    // The draft is as it was.
    expect(draftModel.node(bet)?.title).toBe(PROPOSED);
    expect(snapshot(draftModel.ydoc)).toContain(SECRETS[1]);
  });

  it('a draft handed to a workshop by mistake sends nothing, and both sides say why', async () => {
    const { model: draftModel } = draft();
    const a = await startPeer({ doc: draftModel.ydoc, docId: 'draft-doc' });
    started.push(a);
    const tap = tappingGuard();
    const b = await startPeer({ guard: tap.guard });
    started.push(b);
    b.peer.connect({ host: '127.0.0.1', port: a.port });
    // A refusal that waiting will not change: the link ends 'refused', a state the
    // dialer never redials (a link it would try again shows 'retrying').
    await waitFor(
      () =>
        b.peer
          .status()
          .some((l) => l.state === 'refused' && (l.error?.startsWith('CANOPY-111') ?? false)),
      'the refusal',
    );
    // B's session closed on the refusal, after everything A sent before it.
    expect(tap.seen).toEqual([]);
    expect(snapshot(b.doc)).not.toContain(SECRETS[1]);
    expect(b.doc.getMap('nodes').size).toBe(0);
  });

  it('a window never hands a draft to the main process over its port', async () => {
    const { model: draftModel } = draft();
    const { port1, port2 } = new MessageChannel();
    const received: unknown[] = [];
    port2.on('message', (m) => received.push(m));
    let closed = false;
    port2.once('close', () => (closed = true));
    const errors: string[] = [];
    linkDocOverPort(port1 as unknown as PortLike, {
      doc: draftModel.ydoc,
      guard: tappingGuard().guard,
      onError: (e) => errors.push(e.code),
    });
    draftModel.addNode(draftModel.tree().rootId!, { title: 'Typed after the link' });
    // The link refuses and closes its port; a port delivers what was posted on it
    // before its 'close', and nothing after.
    await waitFor(() => closed, 'the link to close its port');
    expect(errors).toEqual(['CANOPY-111']);
    expect(received).toEqual([]);
  });
});
