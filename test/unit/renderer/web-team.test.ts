/**
 * The browser's team-server links: remembered in the page's storage with their key,
 * connected only while the tree is open (attached), forgotten on request; damaged
 * storage loses only what is damaged.
 */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import type { TeamChange } from '../../../shared/ipc';
import { alreadyCheckedGuard } from '../../../shared/sync/port-link';
import { WebTeam } from '../../../renderer/src/team/web-team';

const TOKEN = `acme.${'x'.repeat(43)}`;
// Nothing listens here: a connection goes from connecting to offline, never further.
const SERVER = 'ws://127.0.0.1:9';

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (k) => items.get(k) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (k) => void items.delete(k),
    setItem: (k, v) => void items.set(k, String(v)),
  };
}

function team(storage: Storage | null = memoryStorage()) {
  const changes: TeamChange[] = [];
  const t = new WebTeam({ createGuard: () => alreadyCheckedGuard, storage, WebSocket });
  t.onStatus((c) => changes.push(c));
  return { t, storage, changes };
}

describe('the browser’s team-server links', () => {
  it('remembers a link with its key across pages, and keeps the key on a reconnect', async () => {
    const { t, storage } = team();
    const status = await t.connect({ docId: 'doc1', server: SERVER, token: TOKEN });
    // Not open here: linked, but not connected.
    expect(status.state).toBe('closed');
    const invitation = await t.invitation('doc1');
    expect(invitation).toMatch(/^team=/);

    const again = team(storage).t;
    expect((await again.status('doc1'))?.server).toBe(SERVER);
    expect(await again.invitation('doc1')).toBe(invitation);
    await again.connect({ docId: 'doc1', server: SERVER, token: TOKEN });
    expect(await again.invitation('doc1')).toBe(invitation);
  });

  it('connects an open tree once it is linked, and stops when it is closed', async () => {
    const { t, changes } = team();
    const doc = new Y.Doc();
    const detach = t.attach('doc1', doc);
    expect(await t.status('doc1')).toBeNull();
    const status = await t.connect({ docId: 'doc1', server: SERVER, token: TOKEN });
    expect(status.state).toBe('connecting');
    expect(changes.at(-1)?.status.state).toBe('connecting');
    detach();
    expect((await t.status('doc1'))?.state).toBe('closed');
    expect(changes.at(-1)).toMatchObject({ docId: 'doc1', status: { state: 'closed' } });
    doc.destroy();
  });

  it('opens an invitation to the same tree and key', async () => {
    const a = team().t;
    await a.connect({ docId: 'doc1', server: SERVER, token: TOKEN });
    const invitation = (await a.invitation('doc1'))!;
    const b = team().t;
    const joined = await b.join(`http://example.test/#${invitation}`);
    expect(joined.docId).toBe('doc1');
    expect(await b.invitation('doc1')).toBe(invitation);
  });

  it('forgets a link and its key', async () => {
    const { t, storage } = team();
    await t.connect({ docId: 'doc1', server: SERVER, token: TOKEN });
    await t.connect({ docId: 'doc2', server: SERVER, token: TOKEN });
    await t.disconnect('doc1', true);
    expect(await t.status('doc1')).toBeNull();
    const again = team(storage).t;
    expect(await again.invitation('doc1')).toBeNull();
    expect(await again.invitation('doc2')).not.toBeNull();
  });

  it('refuses a token or an address it cannot use, and remembers nothing', async () => {
    const { t, storage } = team();
    await expect(t.connect({ docId: 'doc1', server: SERVER, token: 'nope' })).rejects.toThrow(
      /CANOPY-4\d\d/,
    );
    await expect(t.connect({ docId: 'doc1', server: 'ftp://x', token: TOKEN })).rejects.toThrow(
      /CANOPY-4\d\d/,
    );
    expect(await t.status('doc1')).toBeNull();
    expect(storage!.getItem('canopy.team.links')).toBeNull();
  });

  it('reads damaged storage as far as it can', async () => {
    const storage = memoryStorage();
    storage.setItem('canopy.team.links', '{not json');
    expect(await team(storage).t.status('doc1')).toBeNull();

    const good = team().t;
    await good.connect({ docId: 'doc1', server: SERVER, token: TOKEN });
    const { t: writer, storage: written } = team();
    await writer.connect({ docId: 'doc1', server: SERVER, token: TOKEN });
    const links = JSON.parse(written!.getItem('canopy.team.links')!) as Record<string, unknown>;
    links.bad = { server: SERVER, token: TOKEN, key: 'too-short' };
    written!.setItem('canopy.team.links', JSON.stringify(links));
    const reader = team(written).t;
    expect(await reader.status('bad')).toBeNull();
    expect(await reader.status('doc1')).not.toBeNull();
  });
});
