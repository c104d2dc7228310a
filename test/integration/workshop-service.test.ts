/**
 * The desktop workshop as main runs it: two WorkshopServices on 127.0.0.1 (real
 * sockets, no multicast), each with a "window" document joined over a real
 * MessageChannel, as Electron joins the window's Y.Doc.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { RoomState } from '../../electron/room-service';
import { WorkshopService } from '../../electron/workshop-service';
import { CanopyDoc } from '../../shared/model';
import {
  alreadyCheckedGuard,
  linkDocOverPort,
  type PortLike,
  type WorkshopStatus,
} from '../../shared/sync';
import { converged, exampleDoc, waitFor } from './peers';

const services: WorkshopService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.stop()));
});

function service(extra: { webRoot?: string } = {}) {
  const pushes: WorkshopStatus[] = [];
  const rooms: RoomState[] = [];
  const revealed: unknown[] = [];
  const s = new WorkshopService({
    ...extra,
    onStatus: (status) => pushes.push(status),
    onRoom: (state) => rooms.push(state),
    onRevealed: (r) => revealed.push(r.result),
    peer: { host: '127.0.0.1', discover: false, backoff: { initial: 50, max: 500 } },
    lanAddresses: () => ['127.0.0.1'],
  });
  services.push(s);
  return {
    service: s,
    pushes,
    last: () => pushes.at(-1),
    room: () => rooms.at(-1),
    revealed,
  };
}

/** A window's document and presence, linked to the service like the renderer does. */
function linkWindow(s: WorkshopService, doc: Y.Doc) {
  const awareness = new Awareness(doc);
  const { port1, port2 } = new MessageChannel();
  s.linkWindow(port1 as unknown as PortLike);
  linkDocOverPort(port2 as unknown as PortLike, { doc, awareness, guard: alreadyCheckedGuard });
  return awareness;
}

describe('WorkshopService', () => {
  it('serves the web app for browsers on the workshop’s own port, which peers still join', async () => {
    const webRoot = mkdtempSync(path.join(tmpdir(), 'canopy-web-'));
    writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>Canopy web</title>');
    try {
      const host = service({ webRoot });
      const started = await host.service.start('workshop-doc');
      expect(started.webApp).toBe(true);
      const base = `http://${started.addresses[0]}`;
      const page = await fetch(`${base}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Canopy web');
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      expect((await fetch(`${base}/.well-known/canopy-host`)).status).toBe(200);

      const guest = service();
      await guest.service.join({ code: started.code!, address: started.addresses[0]! });
      await waitFor(() => guest.last()?.docId === 'workshop-doc', 'a peer to join on that port');
      expect(guest.last()!.webApp).toBe(false);
    } finally {
      rmSync(webRoot, { recursive: true, force: true });
    }
  });

  it('starts with a fresh code, and a joiner learns the document and converges both ways', async () => {
    const host = service();
    const started = await host.service.start('workshop-doc');
    expect(started).toMatchObject({ running: true, listening: true, docId: 'workshop-doc' });
    expect(started.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);
    const hostWindow = exampleDoc('workshop-doc');
    const hostPresence = linkWindow(host.service, hostWindow);
    hostPresence.setLocalStateField('user', { name: 'Ada', color: '#2f7d5b' });

    const guest = service();
    const address = started.addresses[0]!;
    expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
    // Typed by a person: lower case and a space are fine.
    await guest.service.join({
      code: started.code!.toLowerCase().replace(/^(....)/, '$1 '),
      address,
    });
    await waitFor(() => guest.last()?.docId === 'workshop-doc', 'the joiner to learn the doc');
    expect(guest.last()!.links).toEqual([
      expect.objectContaining({ address, direction: 'out', state: 'open', error: null }),
    ]);

    const guestWindow = new Y.Doc();
    const guestPresence = linkWindow(guest.service, guestWindow);
    await waitFor(() => converged([hostWindow, guestWindow]), 'the guest window to fill');

    new CanopyDoc(guestWindow).renameDocument('Renamed by the guest');
    const hostModel = new CanopyDoc(hostWindow);
    await waitFor(() => hostModel.meta.title === 'Renamed by the guest', 'the rename to arrive');

    // Presence crosses window → main → network → main → window.
    await waitFor(
      () =>
        [...guestPresence.getStates().values()].some(
          (s) => (s as { user?: { name?: string } }).user?.name === 'Ada',
        ),
      "the host's presence at the guest",
    );
    // The relays themselves announce nobody.
    expect(guestPresence.getStates().size).toBe(2);
  });

  it('refuses a wrong code in words, and never redials it', async () => {
    const host = service();
    const started = await host.service.start('workshop-doc');
    const intruder = service();
    await intruder.service.join({ code: 'ZZZZ-ZZZZ-ZZZZ', address: started.addresses[0]! });
    await waitFor(() => intruder.last()?.links[0]?.state === 'refused', 'the refusal');
    expect(intruder.last()!.links[0]!.error).toMatch(/CANOPY-101.*code does not match/);
    expect(intruder.last()!.docId).toBeNull();
  });

  it('explains a malformed code or address, and starts nothing', async () => {
    const { service: s } = service();
    await expect(s.join({ code: 'hello', address: null })).rejects.toThrow(/12 letters and digits/);
    await expect(s.join({ code: 'K7QM3XPA9RT2', address: 'my laptop' })).rejects.toThrow(
      /not an address/,
    );
    expect(s.status().running).toBe(false);
    expect(() => s.connect('10.0.0.1:80')).toThrow(/Start or join a workshop first/);
  });

  it('keeps one peer: starting again on the same document is a no-op, stop ends it', async () => {
    const { service: s, last } = service();
    const first = await s.start('doc-a');
    const again = await s.start('doc-a');
    expect(again.code).toBe(first.code);
    expect(again.addresses).toEqual(first.addresses);
    const other = await s.start('doc-b');
    expect(other.code).not.toBe(first.code);
    await s.stop();
    expect(last()).toMatchObject({ running: false, code: null, links: [] });
    expect(() => s.linkWindow(new MessageChannel().port1 as unknown as PortLike)).toThrow(
      /No workshop is running/,
    );
  });

  it('the host’s user facilitates the room; a joiner votes, sealed, and both see the reveal', async () => {
    const host = service();
    const started = await host.service.start('workshop-doc');
    linkWindow(host.service, exampleDoc('workshop-doc'));
    const guest = service();
    await guest.service.join({ code: started.code!, address: started.addresses[0]! });
    host.service.room.command({ t: 'profile', name: 'Fay', colour: '#2f7d5b' });
    guest.service.room.command({ t: 'profile', name: 'Gus', colour: '#3a6fd8' });
    await waitFor(() => guest.room()?.snapshot?.people.length === 2, 'both in the room');
    const fay = host.room()!.snapshot!.you;
    expect(guest.room()!.snapshot!.facilitator).toBe(fay);

    host.service.room.command({ t: 'timer', op: 'start', seconds: 120, label: 'Bets' });
    await waitFor(() => guest.room()?.snapshot?.timer?.label === 'Bets', 'the timer');
    guest.service.room.command({ t: 'timer', op: 'stop' });
    await waitFor(() => guest.room()?.refusal?.code === 'CANOPY-501', 'the refusal');

    const items = ['bet-a', 'bet-b'];
    host.service.room.command({
      t: 'open-round',
      round: {
        kind: 'dots',
        title: 'First',
        items,
        dots: 2,
        cap: 2,
        mustUseAll: true,
        open: false,
      },
    });
    await waitFor(() => guest.room()?.snapshot?.round != null, 'the round');
    const id = guest.room()!.snapshot!.round!.id;
    guest.service.room.command({ t: 'ballot', id, ballot: { dots: { 'bet-b': 2 } } });
    await waitFor(() => host.room()?.snapshot?.round?.voters === 1, 'the vote to count');
    expect(JSON.stringify(host.room())).not.toContain('"bet-b":2');
    host.service.room.command({ t: 'close-round', id, reveal: true });
    await waitFor(() => guest.revealed.length === 1 && host.revealed.length === 1, 'the reveal');
    expect(guest.revealed[0]).toMatchObject({ totals: { 'bet-a': 0, 'bet-b': 2 }, voters: 1 });
  });
});
