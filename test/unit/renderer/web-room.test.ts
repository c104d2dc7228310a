/**
 * The browser's side of the room: an identity that survives a reload, and a
 * facilitator link's token handed to the host once, then forgotten.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RoomHost, type PeerSession } from '../../../shared/sync';
import { rememberClaimToken, WebRoom } from '../../../renderer/src/workshop/web-room';

function fakeStorage(): Storage {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, String(v)),
    removeItem: (k) => void map.delete(k),
    clear: () => map.clear(),
    key: (i) => [...map.keys()][i] ?? null,
    get length() {
      return map.size;
    },
  };
}

beforeEach(() => {
  vi.stubGlobal('localStorage', fakeStorage());
  vi.stubGlobal('sessionStorage', fakeStorage());
});
// Each page's room is closed before the storage it uses goes: its clock probes and
// messages still on their way would otherwise land after the test, on no storage.
const open: Array<() => void> = [];
afterEach(() => {
  for (const close of open.splice(0)) close();
  vi.unstubAllGlobals();
});

const TOKEN = 'ab'.repeat(16);
const settle = () => new Promise((r) => setTimeout(r, 0));

/** A page's room on a session to `host` (messages delivered in a later task). */
function connect(host: RoomHost, room: WebRoom) {
  const binding = crypto.getRandomValues(new Uint8Array(32));
  const link = { host: null as null | ReturnType<RoomHost['connect']>, closed: false };
  const attached = room.attach({
    binding,
    sendRoom: (p: Uint8Array) => setTimeout(() => link.closed || link.host!.receive(p)),
  } as unknown as PeerSession);
  link.host = host.connect({
    binding,
    send: (p) => setTimeout(() => link.closed || attached.receive(p)),
  });
  open.push(() => {
    link.closed = true;
    attached.close();
    link.host?.close();
  });
  return attached;
}

async function until(check: () => boolean) {
  for (let i = 0; i < 200 && !check(); i++) await settle();
  expect(check()).toBe(true);
}

describe('the room in a browser', () => {
  it('claims the facilitator role with the link’s token once, then forgets the token', async () => {
    const host = new RoomHost({ claimToken: TOKEN });
    rememberClaimToken(TOKEN);
    const room = new WebRoom();
    connect(host, room);
    await until(() => room.state().snapshot?.facilitator === room.state().snapshot?.you);
    await until(() => sessionStorage.getItem('canopy.room.claim') === null);
    expect(host.facilitatorKey).toBe(room.state().snapshot!.you);
  });

  it('forgets a token the host refuses, after saying why', async () => {
    const host = new RoomHost({ claimToken: TOKEN });
    rememberClaimToken('cd'.repeat(16));
    const room = new WebRoom();
    connect(host, room);
    await until(() => room.state().refusal?.code === 'CANOPY-505');
    await until(() => sessionStorage.getItem('canopy.room.claim') === null);
    expect(host.facilitatorKey).toBeNull();
  });

  it('is the same person after a reload (a new page, the same browser storage)', async () => {
    const host = new RoomHost();
    const first = new WebRoom();
    const a = connect(host, first);
    await until(() => first.state().snapshot !== null);
    const key = first.state().snapshot!.you;
    a.close();
    expect(first.state().snapshot).toBeNull();
    const reloaded = new WebRoom();
    connect(host, reloaded);
    await until(() => reloaded.state().snapshot !== null);
    expect(reloaded.state().snapshot!.you).toBe(key);
    expect(reloaded.state().snapshot!.people).toHaveLength(1);
  });
});
