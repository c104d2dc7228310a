/**
 * TabSync over a real BroadcastChannel (Node has one): two copies of a document in
 * "two tabs" converge, including edits made before the second tab opened.
 */
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { CanopyDoc, templateById } from '../../../shared/model';
import { TabSync } from '../../../renderer/src/storage/tab-sync';

/** Polls until `check` passes (vi.waitFor: every 20 ms, up to 5 s). */
const eventually = (check: () => void) => vi.waitFor(check, { timeout: 5_000, interval: 20 });

/**
 * A barrier on the channel: a tab answers a hello with a reply addressed to its
 * sender, and a BroadcastChannel delivers one sender's messages in order, so once the
 * reply is here the tab has handled everything `from` posted before the hello.
 */
function roundTrip(from: BroadcastChannel): Promise<void> {
  const to = `barrier-${Math.random().toString(36).slice(2)}`;
  return new Promise((resolve) => {
    from.addEventListener('message', function onReply(e: MessageEvent) {
      const m = e.data as { type?: string; to?: string };
      if (m?.type !== 'reply' || m.to !== to) return;
      from.removeEventListener('message', onReply);
      resolve();
    });
    from.postMessage({ type: 'hello', stateVector: new Uint8Array([0]), answer: false, from: to });
  });
}

describe('TabSync', () => {
  it('brings a late tab up to date and keeps both in step both ways', async () => {
    const docId = `test-${Math.random().toString(36).slice(2)}`;
    const a = new Y.Doc();
    const modelA = new CanopyDoc(a);
    const t = templateById('example');
    modelA.initialise({ title: t.title, vision: t.vision });
    const syncA = new TabSync(docId, a);

    const b = new Y.Doc();
    const syncB = new TabSync(docId, b);
    const modelB = new CanopyDoc(b);
    await eventually(() => expect(modelB.tree().order.length).toBe(modelA.tree().order.length));

    const rootId = modelA.meta.rootId!;
    modelB.addNode(rootId, { title: 'From tab B' });
    modelA.renameDocument('Renamed in tab A');
    await eventually(() => {
      expect(modelA.tree().order.map((id) => modelA.node(id)!.title)).toContain('From tab B');
      expect(modelB.meta.title).toBe('Renamed in tab A');
    });

    syncA.destroy();
    syncB.destroy();
  });

  it('ignores garbage on the channel', async () => {
    const docId = `test-${Math.random().toString(36).slice(2)}`;
    const doc = new Y.Doc();
    const sync = new TabSync(docId, doc);
    const hostile = new BroadcastChannel(`canopy-doc-${docId}`);
    hostile.postMessage({ type: 'update', update: new Uint8Array([255, 255, 255, 1, 2]) });
    hostile.postMessage('nonsense');
    hostile.postMessage({ type: 'hello', stateVector: 'x' });
    // Checked after the tab has handled all of it, not after a pause.
    await roundTrip(hostile);
    expect(doc.getMap('nodes').size).toBe(0);
    hostile.close();
    sync.destroy();
  });
});
