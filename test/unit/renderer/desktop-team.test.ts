/**
 * The desktop window's side of a team-server link: main keeps the connection and a
 * copy of the tree; an open tree asks for a port to that copy once the tree is linked,
 * keeps in step over it, and lets it go when the link is forgotten or the tree closes.
 * Main and the preload are faked: the port arrives as a window message, as it does.
 */
import { MessageChannel } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { IPC, type CanopyBridge, type TeamChange } from '../../../shared/ipc';
import { alreadyCheckedGuard, linkDocOverPort, type PortLike } from '../../../shared/sync';
import type { TeamStatus } from '../../../shared/team/team-client';
import { createElectronPlatform } from '../../../renderer/src/platform/electron-platform';
import type { DocumentStorage } from '../../../renderer/src/storage/document-storage';

const SYNCED: TeamStatus = {
  state: 'synced',
  server: 'wss://team.example',
  unacknowledged: 0,
  refusedBlobs: 0,
  error: null,
};

let win: EventTarget;
beforeEach(() => {
  win = new EventTarget();
  vi.stubGlobal('window', win);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

/** Main's side: a copy of the tree per linked document, a port to it on request. */
function fakeMain() {
  const copies = new Map<string, Y.Doc>();
  const statuses = new Map<string, TeamStatus>();
  const listeners = new Set<(c: TeamChange) => void>();
  /** Resolves when the window lets go of the port: nothing can cross after that. */
  const released: Array<Promise<void>> = [];
  let requests = 0;
  const team = {
    status: async (docId: string) => statuses.get(docId) ?? null,
    onStatus(listener: (c: TeamChange) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async requestLink(docId: string) {
      requests++;
      const copy = copies.get(docId);
      if (!copy) throw new Error('not linked');
      const { port1, port2 } = new MessageChannel();
      const mainPort = port1 as unknown as PortLike;
      released.push(new Promise((resolve) => port1.once('close', () => resolve())));
      linkDocOverPort(mainPort, { doc: copy, guard: alreadyCheckedGuard });
      // What the preload does: a window message from this window carrying the port.
      const event = new Event('message');
      Object.assign(event, { source: win, data: IPC.teamPort, ports: [port2] });
      win.dispatchEvent(event);
    },
  } as unknown as CanopyBridge['team'];
  return {
    bridge: { team, workshop: {} } as unknown as CanopyBridge,
    get requests() {
      return requests;
    },
    released,
    link(docId: string, status: TeamStatus | null) {
      if (status) {
        if (!copies.has(docId)) copies.set(docId, new Y.Doc());
        statuses.set(docId, status);
      } else statuses.delete(docId);
      for (const l of listeners) l({ docId, status: status as TeamStatus });
      return copies.get(docId)!;
    },
  };
}

const until = async (check: () => boolean) => {
  await vi.waitFor(() => expect(check()).toBe(true), { timeout: 5000 });
};

describe('the desktop window and main’s team-server copy', () => {
  it('joins an open tree to main’s copy once it is linked, both ways', async () => {
    const main = fakeMain();
    const platform = createElectronPlatform(main.bridge, {} as DocumentStorage);
    const doc = new Y.Doc();
    doc.getMap('meta').set('title', 'From the window');
    const detach = platform.team.attach('doc1', doc);
    // Not linked yet: nothing asked.
    await Promise.resolve();
    expect(main.requests).toBe(0);

    const copy = main.link('doc1', SYNCED);
    await until(() => copy.getMap('meta').get('title') === 'From the window');
    copy.getMap('meta').set('owner', 'From the server');
    await until(() => doc.getMap('meta').get('owner') === 'From the server');
    expect(main.requests).toBe(1);

    // Status changes while linked ask for nothing more.
    main.link('doc1', { ...SYNCED, state: 'offline' });
    main.link('doc1', SYNCED);
    expect(main.requests).toBe(1);
    detach();
    await main.released[0];
    copy.getMap('meta').set('owner', 'After the window closed');
    expect(doc.getMap('meta').get('owner')).toBe('From the server');
  });

  it('lets go of the copy when the link is forgotten, and asks again when relinked', async () => {
    const main = fakeMain();
    const platform = createElectronPlatform(main.bridge, {} as DocumentStorage);
    const doc = new Y.Doc();
    const copy = main.link('doc1', SYNCED);
    const detach = platform.team.attach('doc1', doc);
    await until(() => main.requests === 1);
    copy.getMap('meta').set('title', 'one');
    await until(() => doc.getMap('meta').get('title') === 'one');

    main.link('doc1', null);
    await main.released[0];
    copy.getMap('meta').set('title', 'not seen');
    expect(doc.getMap('meta').get('title')).toBe('one');

    main.link('doc1', SYNCED);
    await until(() => main.requests === 2);
    await until(() => doc.getMap('meta').get('title') === 'not seen');
    detach();
  });
});
