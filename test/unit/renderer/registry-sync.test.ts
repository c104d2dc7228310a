/**
 * The home screen's registry follows each document's title and private mark from one
 * subscriber (services/registry-sync.ts), over the real IndexedDB storage
 * (fake-indexeddb) and real document sessions.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { CanopyDoc, templateById } from '../../../shared/model';
import {
  createDraft,
  createFromTemplate,
  newDocumentFromState,
  renameDocument,
} from '../../../renderer/src/services/documents';
import { followInRegistry, REGISTRY_DELAY_MS } from '../../../renderer/src/services/registry-sync';
import { DocSession } from '../../../renderer/src/storage/doc-session';
import {
  createIndexedDbStorage,
  type DocumentStorage,
} from '../../../renderer/src/storage/document-storage';

beforeAll(() => {
  // The page tidies stored updates when idle; node has no idle callbacks.
  globalThis.requestIdleCallback ??= ((fn: () => void) =>
    setTimeout(fn, 0)) as unknown as typeof requestIdleCallback;
  globalThis.cancelIdleCallback ??= ((id: number) =>
    clearTimeout(id)) as unknown as typeof cancelIdleCallback;
  const items = new Map<string, string>();
  globalThis.localStorage ??= {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
    clear: () => items.clear(),
    key: () => null,
    length: 0,
  };
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the registry follows the document', () => {
  const storage: DocumentStorage = createIndexedDbStorage();

  it('makes the entry of a new tree from the tree itself: title and private mark', async () => {
    const tree = await createFromTemplate(storage, 'example');
    expect(await storage.get(tree)).toMatchObject({
      title: templateById('example').title,
      private: false,
      trashedAt: null,
    });
    const draft = await createDraft(storage);
    expect(await storage.get(draft)).toMatchObject({ title: 'Untitled draft', private: true });
    // A copy of a draft is a draft: the mark comes from the copied state.
    const source = await DocSession.open(storage, draft, 'ada');
    const state = Y.encodeStateAsUpdate(source.model.ydoc);
    await source.close();
    const copy = await newDocumentFromState(storage, state, 'Copy of my draft');
    expect(await storage.get(copy)).toMatchObject({ title: 'Copy of my draft', private: true });
  });

  it('takes a rename in the tree while it is open, and at once when it closes', async () => {
    const id = await createFromTemplate(storage, 'blank');
    const session = await DocSession.open(storage, id, 'ada');
    session.model.renameDocument('Strategy 2027');
    session.model.renameDocument('Strategy 2028');
    await vi.waitFor(async () => expect((await storage.get(id))!.title).toBe('Strategy 2028'), {
      timeout: REGISTRY_DELAY_MS * 10,
    });
    session.model.renameDocument('Strategy 2029');
    await session.close();
    expect((await storage.get(id))!.title).toBe('Strategy 2029');
    // Renaming from the home screen is a rename of the tree, followed the same way.
    await renameDocument(storage, id, '  Strategy 2030 ');
    expect((await storage.get(id))!.title).toBe('Strategy 2030');
    const reopened = await DocSession.open(storage, id, 'ada');
    expect(reopened.model.meta.title).toBe('Strategy 2030');
    await reopened.close();
  });
});

describe('followInRegistry', () => {
  function memoryStorage() {
    const entries = new Map<string, Record<string, unknown>>();
    const writes: string[] = [];
    const storage = {
      get: async (id: string) => entries.get(id),
      put: async (s: { id: string }) => void (entries.set(s.id, { ...s }), writes.push('put')),
      update: async (id: string, patch: Record<string, unknown>) => {
        writes.push('update');
        const current = entries.get(id);
        if (current) entries.set(id, { ...current, ...patch });
      },
    } as unknown as DocumentStorage;
    return { storage, entries, writes };
  }

  it('writes a burst of edits once, with the time of the last change', async () => {
    vi.useFakeTimers();
    const { storage, entries, writes } = memoryStorage();
    const model = new CanopyDoc(new Y.Doc());
    model.initialise({ id: 'd1', title: 'One', createdAt: 5 });
    let clock = 100;
    const follower = followInRegistry(storage, 'd1', model, { create: true, now: () => clock });
    for (const title of ['Two', 'Three', 'Four']) model.renameDocument(title);
    clock = 200;
    await vi.advanceTimersByTimeAsync(REGISTRY_DELAY_MS);
    expect(writes).toEqual(['put']);
    expect(entries.get('d1')).toEqual({
      id: 'd1',
      title: 'Four',
      private: false,
      createdAt: 5,
      updatedAt: 200,
      trashedAt: null,
    });
    model.addNode(model.tree().rootId!, { title: 'A goal' });
    await follower.stop();
    expect(writes).toEqual(['put', 'update']);
    // Stopped: later edits are not followed.
    model.renameDocument('Five');
    await vi.advanceTimersByTimeAsync(REGISTRY_DELAY_MS * 2);
    expect(entries.get('d1')!.title).toBe('Four');
  });

  it('never makes again the entry of a tree deleted meanwhile (elsewhere)', async () => {
    const { storage, entries } = memoryStorage();
    const model = new CanopyDoc(new Y.Doc());
    model.initialise({ id: 'd3', title: 'Here' });
    entries.set('d3', { id: 'd3', title: 'Here' });
    const follower = followInRegistry(storage, 'd3', model);
    entries.delete('d3');
    model.renameDocument('Edited after it was deleted');
    await follower.stop();
    expect(entries.has('d3')).toBe(false);
  });

  it('names nothing before the tree is there (a joined tree on its way)', async () => {
    const { storage, writes } = memoryStorage();
    const ydoc = new Y.Doc();
    const model = new CanopyDoc(ydoc);
    const follower = followInRegistry(storage, 'd2', model);
    ydoc.getMap('meta').set('title', 'Half arrived');
    await follower.stop();
    expect(writes).toEqual([]);
  });
});
