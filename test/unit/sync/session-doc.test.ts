/**
 * A session whose document comes later (a browser learns from the host which tree a
 * workshop edits, then opens the page's own copy): it opens and hears the tree's id
 * with no document, and once the page's document is attached, that one document
 * syncs both ways, through the guard, tagged as remote. Closing the tree detaches it
 * and keeps the session; opening it again catches up both ways.
 */
import { describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { PRIVATE_KEY } from '../../../shared/model/drafts';
import { sourceOf } from '../../../shared/model/origins';
import { ROOT_KEYS } from '../../../shared/model/schema';
import { PeerSession, type UpdateGuard, type WorkshopInfo } from '../../../shared/sync';

const CODE = 'K7QM3XPA9RT2';

/** A guard that passes everything and counts what it was shown. */
function countingGuard() {
  const checked = { updates: 0, stateVectors: 0 };
  const guard: UpdateGuard = {
    checkUpdate: async () => void checked.updates++,
    checkStateVector: async () => void checked.stateVectors++,
    close() {},
  };
  return { guard, checked };
}

/** Two sessions over an in-memory link that delivers in order, a task later. */
function pair(hostDoc: Y.Doc, pageDoc: Y.Doc | null, pageAwareness: Awareness | null) {
  const infos: WorkshopInfo[] = [];
  const closes: Array<string | null> = [];
  const page = countingGuard();
  const sessions: { host?: PeerSession; page?: PeerSession } = {};
  const link = (to: () => PeerSession | undefined) => ({
    send: (data: Uint8Array) => void setTimeout(() => to()?.receive(data.slice())),
    close: () => void setTimeout(() => to()?.transportClosed(1000)),
  });
  const hostAwareness = new Awareness(hostDoc);
  sessions.host = new PeerSession(
    link(() => sessions.page),
    {
      role: 'responder',
      code: CODE,
      peerId: crypto.getRandomValues(new Uint8Array(16)),
      doc: hostDoc,
      awareness: hostAwareness,
      guard: countingGuard().guard,
      info: () => ({ docId: 'tree-1' }),
    },
  );
  sessions.page = new PeerSession(
    link(() => sessions.host),
    {
      role: 'initiator',
      code: CODE,
      peerId: crypto.getRandomValues(new Uint8Array(16)),
      doc: pageDoc,
      awareness: pageAwareness,
      guard: page.guard,
      info: () => ({ docId: null }),
      onInfo: (info) => void infos.push(info),
      onClose: (error) => void closes.push(error?.code ?? null),
    },
  );
  return {
    host: sessions.host,
    page: sessions.page,
    hostAwareness,
    infos,
    closes,
    checked: page.checked,
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await settle();
  expect(condition()).toBe(true);
}

const titles = (doc: Y.Doc) => doc.getArray<string>('titles').toArray();

describe('a session whose document comes later', () => {
  it('hears the tree’s id with no document, then syncs the attached one both ways', async () => {
    const hostDoc = new Y.Doc();
    hostDoc.getArray<string>('titles').push(['from the host']);
    const { host, page, hostAwareness, infos, checked } = pair(hostDoc, null, null);
    hostAwareness.setLocalState({ user: { name: 'Host' } });
    await until(() => page.isOpen && infos.length > 0);
    expect(infos[0]!.docId).toBe('tree-1');
    // Nothing was checked or kept in a document: there is none yet.
    expect(checked).toEqual({ updates: 0, stateVectors: 0 });

    // The page opens its copy of the tree, with an edit made offline.
    const pageDoc = new Y.Doc();
    pageDoc.getArray<string>('titles').push(['made offline']);
    const pageAwareness = new Awareness(pageDoc);
    const origins: unknown[] = [];
    pageDoc.on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin));
    page.doc.attach(pageDoc, pageAwareness);

    await until(() => titles(pageDoc).length === 2 && titles(hostDoc).length === 2);
    expect(titles(pageDoc).sort()).toEqual(titles(hostDoc).sort());
    // The host's presence, sent before the page had a document, is shown now.
    await until(() => pageAwareness.getStates().get(hostDoc.clientID) !== undefined);
    // What reached the document passed the guard first, and counts as remote.
    expect(checked.stateVectors).toBeGreaterThan(0);
    expect(checked.updates).toBeGreaterThan(0);
    expect(origins.length).toBeGreaterThan(0);
    expect(origins.every((o) => page.applied(o) && sourceOf(o) === 'remote')).toBe(true);

    // One edit on the host is one update applied to the page's one document.
    origins.length = 0;
    hostDoc.getArray<string>('titles').push(['later']);
    await until(() => titles(pageDoc).includes('later'));
    expect(origins).toHaveLength(1);
    host.close();
  });

  it('keeps the session when the tree is closed, and catches up both ways when it reopens', async () => {
    const hostDoc = new Y.Doc();
    const pageDoc = new Y.Doc();
    const { host, page } = pair(hostDoc, pageDoc, new Awareness(pageDoc));
    pageDoc.getArray<string>('titles').push(['first']);
    await until(() => titles(hostDoc).includes('first'));

    page.doc.detach();
    hostDoc.getArray<string>('titles').push(['while closed, on the host']);
    pageDoc.getArray<string>('titles').push(['while closed, in the page']);
    // A round trip over the same link: whatever was sent meanwhile has arrived.
    host.sendInfo();
    await settle();
    expect(titles(pageDoc)).not.toContain('while closed, on the host');
    expect(titles(hostDoc)).not.toContain('while closed, in the page');
    expect(page.isOpen).toBe(true);

    page.doc.attach(pageDoc, new Awareness(pageDoc));
    await until(() => titles(pageDoc).length === 3 && titles(hostDoc).length === 3);
    expect(titles(pageDoc).sort()).toEqual(titles(hostDoc).sort());
    host.close();
  });

  it('refuses a private draft when it is attached, and sends nothing of it', async () => {
    const hostDoc = new Y.Doc();
    const { page, closes } = pair(hostDoc, null, null);
    await until(() => page.isOpen);
    const draft = new Y.Doc();
    draft.getMap(ROOT_KEYS.meta).set(PRIVATE_KEY, true);
    draft.getArray<string>('titles').push(['private']);
    page.doc.attach(draft, null);
    expect(closes).toEqual(['CANOPY-111']);
    await settle();
    expect(titles(hostDoc)).toEqual([]);
  });
});
