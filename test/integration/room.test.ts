/**
 * The room over real workshop peers on 127.0.0.1: the host keeps it, participants
 * join it by dialling the host, each proving their identity on their own session.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { newIdentity, RoomHost, type Identity, type PeerSession } from '../../shared/sync';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHostProcess, stopProcess } from './host-process';
import { CODE, converged, exampleDoc, roomSide, startPeer, waitFor, type TestPeer } from './peers';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function peer(options: Parameters<typeof startPeer>[0] = {}): Promise<TestPeer> {
  const p = await startPeer(options);
  cleanups.push(() => p.peer.stop());
  return p;
}

/** A participant whose app keeps a RoomClient on its session to the host. */
async function participant(name: string, hostPort: number, identity: Identity = newIdentity()) {
  const revealed: unknown[] = [];
  const side = roomSide(identity, name, { onRevealed: (r) => revealed.push(r.result) });
  const p = await peer({ onRoom: side.onRoom });
  p.peer.connect({ host: '127.0.0.1', port: hostPort });
  await waitFor(side.seated, `${name} in the room`);
  return { ...p, identity, revealed, room: side.room };
}

describe('the room over real peers', () => {
  it('the host keeps it; the facilitator runs the timer for everyone', async () => {
    const ada = newIdentity();
    const room = new RoomHost({ facilitator: ada.key });
    const host = await peer({ doc: exampleDoc(), docId: 'workshop-doc', room });
    const a = await participant('Ada', host.port, ada);
    const b = await participant('Bea', host.port);
    await waitFor(() => converged([host.doc, a.doc, b.doc]), 'the document to sync');
    await waitFor(() => b.room().snapshot?.people.length === 2, 'both in the room');
    expect(b.room().snapshot?.facilitator).toBe(ada.key);

    a.room().startTimer(300, 'Silent writing');
    await waitFor(() => b.room().snapshot?.timer?.label === 'Silent writing', 'the timer');
    const left = b.room().timerRemaining()!;
    expect(left).toBeGreaterThan(290_000);
    expect(left).toBeLessThanOrEqual(300_000);

    // Bea is not the facilitator: the host says so and nothing changes.
    b.room().timerCommand('stop');
    await waitFor(() => b.room().refusal !== null, 'the refusal');
    expect(b.room().refusal?.code).toBe('CANOPY-501');
    expect(a.room().snapshot?.timer?.running).toBe(true);
  });

  it('a room message where there is no room closes that session', async () => {
    const host = await peer({ doc: exampleDoc(), docId: 'workshop-doc' });
    const errors: string[] = [];
    let session: PeerSession | null = null;
    const b = await peer({
      onRoom: (s) => {
        session = s;
        return null;
      },
    });
    b.peer.on('status', (links) => {
      for (const l of links) if (l.error && !errors.includes(l.error)) errors.push(l.error);
    });
    // The host says it keeps no room, so the app attaches nothing; a hostile app sends anyway.
    b.peer.connect({ host: '127.0.0.1', port: host.port });
    await waitFor(() => converged([host.doc, b.doc]), 'the document to sync');
    expect(session).toBeNull();
    const [open] = (b.peer as unknown as { sessions: Set<PeerSession> }).sessions;
    open!.sendRoom(new TextEncoder().encode('{"t":"clock","id":1,"sent":1}'));
    await waitFor(() => errors.some((e) => e.startsWith('CANOPY-104')), 'the refusal');
  });

  it('the headless host gives the role to whoever opens its facilitator link, and keeps it', async () => {
    const data = await mkdtemp(path.join(tmpdir(), 'canopy-room-host-'));
    cleanups.push(() => rm(data, { recursive: true, force: true }));
    const start = async () => {
      const host = await startHostProcess(data, ['--code', CODE, '--init', 'example']);
      cleanups.push(() => stopProcess(host.child));
      const link = host.output.find((l) => l.includes('&facilitator='))!;
      return { host, token: /&facilitator=([0-9a-f]{32})/.exec(link)![1]! };
    };
    const first = await start();
    const ada = newIdentity();
    const a = await participant('Ada', first.host.port, ada);
    expect(a.room().snapshot?.facilitator).toBeNull();
    a.room().claim('0'.repeat(32));
    await waitFor(() => a.room().refusal !== null, 'a wrong token to be refused');
    expect(a.room().refusal?.code).toBe('CANOPY-505');
    a.room().claim(first.token);
    await waitFor(() => a.room().isFacilitator, 'Ada to take the role');
    const kept = JSON.parse(await readFile(path.join(data, 'host.json'), 'utf8')) as {
      facilitator: string;
    };
    expect(kept.facilitator).toBe(ada.key);

    await a.peer.stop();
    await stopProcess(first.host.child);
    const second = await start();
    const again = await participant('Ada', second.host.port, ada);
    expect(again.room().snapshot?.facilitator).toBe(ada.key);
    expect(second.token).not.toBe(first.token);
  });

  it('a host killed mid-vote loses no ballot it acknowledged, and keeps them sealed', async () => {
    const data = await mkdtemp(path.join(tmpdir(), 'canopy-room-vote-'));
    cleanups.push(() => rm(data, { recursive: true, force: true }));
    const facilitator = newIdentity();
    const start = async () => {
      const host = await startHostProcess(data, ['--code', CODE, '--init', 'example']);
      cleanups.push(() => stopProcess(host.child));
      return host;
    };
    const first = await start();
    const token = /&facilitator=([0-9a-f]{32})/.exec(
      first.output.find((l) => l.includes('&facilitator='))!,
    )![1]!;
    const fay = await participant('Fay', first.port, facilitator);
    fay.room().claim(token);
    await waitFor(() => fay.room().isFacilitator, 'Fay to facilitate');
    const items = fay.model.tree().order.slice(1, 4);
    fay.room().openRound({
      kind: 'dots',
      title: 'SECRET-ROUND-TITLE',
      items,
      dots: 3,
      cap: 3,
      mustUseAll: false,
      open: false,
    });
    const ada = await participant('Ada', first.port);
    await waitFor(() => ada.room().snapshot?.round != null, 'the round to reach Ada');
    const id = ada.room().snapshot!.round!.id;
    ada.room().vote(id, { dots: { [items[0]!]: 3 } });
    // Acknowledged: the host says Ada's ballot is hers (it saved it first).
    await waitFor(() => ada.room().snapshot?.mine?.ballot !== null, 'the ballot to be kept');
    await stopProcess(first.child, 'SIGKILL');
    const sealed = await readFile(path.join(data, 'room.sealed'));
    expect(sealed.includes(Buffer.from('SECRET-ROUND-TITLE'))).toBe(false);
    expect(sealed.includes(Buffer.from(items[0]!))).toBe(false);

    const second = await start();
    const fay2 = await participant('Fay', second.port, facilitator);
    await waitFor(() => fay2.room().snapshot?.round?.voters === 1, 'the ballot after the restart');
    fay2.room().closeRound(id, true);
    await waitFor(() => fay2.revealed.length === 1, 'the reveal');
    expect(fay2.revealed[0]).toMatchObject({
      kind: 'dots',
      voters: 1,
      totals: { [items[0]!]: 3, [items[1]!]: 0, [items[2]!]: 0 },
    });
  });
});
