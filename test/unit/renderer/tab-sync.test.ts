/**
 * TabSync over a real BroadcastChannel (Node has one): two copies of a document in
 * "two tabs" converge, including edits made before the second tab opened.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CanopyDoc, templateById } from '../../../shared/model';
import { TabSync } from '../../../renderer/src/storage/tab-sync';

const settle = () => new Promise((r) => setTimeout(r, 50));

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
    await settle();
    const modelB = new CanopyDoc(b);
    expect(modelB.tree().order.length).toBe(modelA.tree().order.length);

    const rootId = modelA.meta.rootId!;
    modelB.addNode(rootId, { title: 'From tab B' });
    modelA.renameDocument('Renamed in tab A');
    await settle();
    expect(modelA.tree().order.map((id) => modelA.node(id)!.title)).toContain('From tab B');
    expect(modelB.meta.title).toBe('Renamed in tab A');

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
    await settle();
    expect(doc.getMap('nodes').size).toBe(0);
    hostile.close();
    sync.destroy();
  });
});
