/**
 * The room between a host and participants, over simulated links: identities bound to
 * their session, the facilitator's authority, the timer on screens whose clocks are
 * minutes apart, "bring everyone here" once, and hostile messages.
 */
import { describe, expect, it } from 'vitest';
import {
  decodeToParticipant,
  encodeRoom,
  MAX_PEOPLE,
  newIdentity,
  RoomHost,
  signBinding,
  SyncError,
  type RoomView,
} from '../../../shared/sync';
import { binding, join, now, pass } from './room-harness';

const VIEW: RoomView = { tab: 'board', node: null, zoom: null };

describe('the room', () => {
  it('knows people by the key they proved on their own session', async () => {
    const host = new RoomHost({ now });
    const ada = join(host, 'Ada');
    const bea = join(host, 'Bea');
    await pass(50);
    expect(ada.client.snapshot?.people.map((p) => [p.name, p.online])).toEqual([
      ['Ada', true],
      ['Bea', true],
    ]);
    expect(ada.client.snapshot?.you).toBe(ada.identity.key);
    // Mallory replays Bea's identify (signed for Bea's session) on her own session.
    const replies: ReturnType<typeof decodeToParticipant>[] = [];
    const mallory = host.connect({
      binding: binding(),
      send: (p) => replies.push(decodeToParticipant(p)),
    });
    mallory.receive(
      encodeRoom({
        t: 'identify',
        key: bea.identity.key,
        name: 'Bea',
        colour: '#000000',
        sig: signBinding(bea.identity, binding()),
      }),
    );
    await pass(10);
    expect(replies).toEqual([expect.objectContaining({ t: 'refused', code: 'CANOPY-503' })]);
    // Before saying who it is, it can do nothing else.
    mallory.receive(encodeRoom({ t: 'profile', name: 'Bea', colour: '#000000' }));
    await pass(10);
    expect(replies.at(-1)).toMatchObject({ code: 'CANOPY-502' });
    // Leaving: shown offline, still in the room.
    bea.connection.close();
    await pass(20);
    expect(ada.client.snapshot?.people.find((p) => p.name === 'Bea')?.online).toBe(false);
  });

  it('lets only the facilitator run the timer, move everyone and hand the role over', async () => {
    const ada = newIdentity();
    const host = new RoomHost({ now, facilitator: ada.key });
    const a = join(host, 'Ada', { identity: ada });
    const b = join(host, 'Bea');
    await pass(50);
    expect(a.client.isFacilitator).toBe(true);
    expect(b.client.isFacilitator).toBe(false);

    b.client.startTimer(300);
    await pass(20);
    expect(b.client.refusal?.code).toBe('CANOPY-501');
    expect(b.client.snapshot?.timer).toBeNull();

    a.client.summon(VIEW);
    a.client.summon(VIEW);
    await pass(20);
    expect(b.summoned).toEqual([VIEW, VIEW]);
    expect(a.summoned).toEqual([]);

    a.client.handOver(b.identity.key);
    await pass(20);
    expect(b.client.isFacilitator).toBe(true);
    a.client.startTimer(60);
    await pass(20);
    expect(a.client.refusal?.code).toBe('CANOPY-501');
    a.client.handOver('f'.repeat(64));
    b.client.handOver('f'.repeat(64));
    await pass(20);
    expect(b.client.refusal?.code).toBe('CANOPY-504');
  });

  it('gives the role to whoever shows the host’s token', async () => {
    const changes: (string | null)[] = [];
    const host = new RoomHost({
      now,
      claimToken: 'a'.repeat(32),
      onFacilitator: (k) => changes.push(k),
    });
    const a = join(host, 'Ada');
    await pass(30);
    a.client.claim('b'.repeat(32));
    await pass(20);
    expect(a.client.refusal?.code).toBe('CANOPY-505');
    a.client.claim('a'.repeat(32));
    await pass(20);
    expect(a.client.isFacilitator).toBe(true);
    expect(changes).toEqual([a.identity.key]);
  });

  it('shows the same time left on screens whose clocks are minutes apart', async () => {
    const ada = newIdentity();
    const host = new RoomHost({ now: () => now() + 2 * 60_000, facilitator: ada.key });
    const screens = [
      join(host, 'Ada', { identity: ada, skewMs: -3 * 60_000, latencyMs: 4 }),
      join(host, 'Bea', { skewMs: 5 * 60_000, latencyMs: 12 }),
      join(host, 'Cleo', { skewMs: 17_000, latencyMs: 30 }),
    ];
    await pass(1000); // the first clock probes
    screens[0]!.client.startTimer(600, 'Silent writing');
    await pass(100);
    for (let i = 0; i < 5; i++) {
      const left = screens.map((s) => s.client.timerRemaining()!);
      expect(Math.max(...left) - Math.min(...left)).toBeLessThan(1000);
      expect(left[0]).toBeGreaterThan(590_000 - i * 61_000);
      await pass(61_000);
    }
    screens[0]!.client.timerCommand('pause');
    await pass(100);
    const paused = screens.map((s) => s.client.timerRemaining()!);
    await pass(5_000);
    expect(screens.map((s) => s.client.timerRemaining())).toEqual(paused);
    screens[0]!.client.addTime(60);
    await pass(100);
    expect(screens[1]!.client.timerRemaining()).toBe(paused[1]! + 60_000);
  });

  it('refuses malformed and oversized messages with a SyncError', () => {
    const host = new RoomHost();
    const c = host.connect({ binding: binding(), send: () => undefined });
    for (const bad of [
      new Uint8Array([0xff, 0xfe]),
      new TextEncoder().encode('{"t":"timer","op":"explode"}'),
      new TextEncoder().encode('{"t":"clock","id":-1,"sent":0}'),
      new TextEncoder().encode(`{"t":"profile","name":"${'x'.repeat(41)}","colour":"#000000"}`),
      new TextEncoder().encode(
        `{"t":"identify","key":"${'0'.repeat(64)}","name":"A","colour":"red","sig":"00"}`,
      ),
      new Uint8Array(40_000).fill(0x20),
    ])
      expect(() => c.receive(bad)).toThrow(SyncError);
  });

  it('tells everyone the same room, each with their own part of the round', async () => {
    const facilitator = newIdentity();
    const host = new RoomHost({ now, facilitator: facilitator.key });
    const f = join(host, 'Fay', { identity: facilitator });
    const screens = Array.from({ length: 29 }, (_, i) => join(host, `Participant ${i + 1}`));
    await pass(50);
    f.client.openRound({
      kind: 'dots',
      title: 'Which bets first?',
      items: ['bet-a', 'bet-b'],
      dots: 2,
      cap: 2,
      mustUseAll: false,
      open: false,
    });
    await pass(50);
    const id = f.client.snapshot!.round!.id;
    screens.forEach((s, i) => i % 2 === 0 && s.client.vote(id, { dots: { 'bet-a': 1 } }));
    await pass(50);
    for (const [i, s] of screens.entries()) {
      const last = s.received.filter((m) => m.t === 'room').at(-1)!;
      expect(last).toEqual(host.snapshot(s.identity.key));
      expect(last.people).toHaveLength(30);
      expect(last.mine).toEqual({
        ballot: i % 2 === 0 ? { dots: { 'bet-a': 1 } } : null,
        answers: 0,
      });
      expect(last.round!.voters).toBe(15);
    }
  });

  it('takes a snapshot of the most people a room holds, with the longest names', () => {
    const host = new RoomHost({ now });
    const sent: Uint8Array[] = [];
    for (let i = 0; i < MAX_PEOPLE; i++)
      host.connect(
        { binding: null, send: (p) => sent.push(p) },
        // 40 characters of three bytes each, and one that JSON escapes to six.
        { key: newIdentity().key, name: `\u0001${'木'.repeat(39)}`, colour: '#2f7d5b' },
      );
    const snapshot = host.snapshot(host.facilitatorKey ?? newIdentity().key);
    const bytes = encodeRoom(snapshot);
    expect(bytes.length).toBeGreaterThan(32 * 1024);
    expect(decodeToParticipant(bytes)).toEqual(snapshot);
    expect(sent.length).toBe(0);
  });
});
