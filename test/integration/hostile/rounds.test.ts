/**
 * A hostile participant who has the code, in a sealed round, over real sessions on
 * 127.0.0.1: their app is replaced by raw room messages on their own authenticated
 * session. They cannot exceed their dots or budget, vote for an item outside the
 * round, vote as someone else, read anyone's ballot, or take the host down with
 * malformed ballots; honest people vote on and the reveal counts only what fits.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readRounds } from '../../../shared/model';
import {
  newIdentity,
  RoomHost,
  revealIntoDocument,
  signBinding,
  type Ballot,
  type Identity,
  type PeerSession,
  type RoomClient,
  type RoundConfig,
} from '../../../shared/sync';
import { exampleDoc, roomSide, startPeer, waitFor, type TestPeer } from '../peers';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Someone extends TestPeer {
  identity: Identity;
  room: () => RoomClient;
  session: () => PeerSession;
  /** Room messages this person received, as text. */
  heard: string[];
  errors: string[];
}

async function join(name: string, port: number, identity = newIdentity()): Promise<Someone> {
  const sessions: PeerSession[] = [];
  const heard: string[] = [];
  const errors: string[] = [];
  const side = roomSide(identity, name, {
    tap: (m) => heard.push(new TextDecoder().decode(m)),
    onSession: (session) => sessions.push(session),
  });
  const p = await startPeer({ onRoom: side.onRoom });
  // How the host ended this session, if it did (the link's error, e.g. CANOPY-104).
  p.peer.on('status', (links) => {
    for (const l of links) if (l.error && !errors.includes(l.error)) errors.push(l.error);
  });
  cleanups.push(() => p.peer.stop());
  p.peer.connect({ host: '127.0.0.1', port });
  await waitFor(side.seated, `${name} in the room`);
  return { ...p, identity, heard, errors, room: side.room, session: () => sessions.at(-1)! };
}

async function setUp(config: (items: string[]) => RoundConfig) {
  const fay = newIdentity();
  const doc = exampleDoc();
  const room = new RoomHost({ facilitator: fay.key, onReveal: revealIntoDocument(doc) });
  const host = await startPeer({ doc, docId: 'workshop-doc', room });
  cleanups.push(() => host.peer.stop());
  const items = host.model
    .tree()
    .order.filter((id) => host.model.node(id)?.kind === 'bet')
    .slice(0, 3);
  const f = await join('Fay', host.port, fay);
  const ada = await join('Ada', host.port);
  const mallory = await join('Mallory', host.port);
  f.room().openRound(config(items));
  await waitFor(() => mallory.room().snapshot?.round != null, 'the round to open');
  return { host, f, ada, mallory, items, id: mallory.room().snapshot!.round!.id };
}

/** Sends a room message on Mallory's own session, as her app never would. */
const raw = (m: Someone, message: unknown) =>
  m.session().sendRoom(new TextEncoder().encode(JSON.stringify(message)));

/** A round trip on the room channel: everything sent before has been handled. */
async function roundTrip(m: Someone) {
  const before = m.room().snapshot;
  m.room().setProfile(`Mallory ${Math.random().toString(36).slice(2, 8)}`, '#3a6fd8');
  await waitFor(() => m.room().snapshot !== before, 'a round trip');
}

const DOTS = (items: string[]): RoundConfig => ({
  kind: 'dots',
  title: 'Which bets first?',
  items,
  dots: 3,
  cap: 2,
  mustUseAll: false,
  open: false,
});

describe('a hostile participant in a sealed round', () => {
  it('cannot exceed their dots, the cap, or vote outside the round; one ballot each', async () => {
    const { f, mallory, items, id, host } = await setUp(DOTS);
    const [a, b, c] = items as [string, string, string];
    const tries: [Ballot, string][] = [
      [{ dots: { [a]: 2, [b]: 2 } }, 'at most 3 dots in all'],
      [{ dots: { [a]: 3 } }, 'at most 2 dots on one item'],
      [{ dots: { 'someone-elses-item': 1 } }, 'an item that is not in this round'],
      [{ budget: { [a]: 1 } }, 'this round takes dots'],
    ];
    for (const [ballot, why] of tries) {
      mallory.room().vote(id, ballot);
      await waitFor(
        () => mallory.room().refusal?.message.includes(why) ?? false,
        `the refusal: ${why}`,
      );
      expect(mallory.room().refusal?.code).toBe('CANOPY-508');
    }
    // Many ballots from one person count once: the last that fit.
    for (let i = 0; i < 20; i++) mallory.room().vote(id, { dots: { [i % 2 ? a : c]: 1 } });
    await roundTrip(mallory);
    expect(f.room().snapshot?.round?.voters).toBe(1);
    f.room().closeRound(id, true);
    await waitFor(() => readRounds(host.doc).rounds.length === 1, 'the reveal');
    expect(readRounds(host.doc).rounds[0]!.totals).toEqual({ [a]: 1, [b]: 0, [c]: 0 });
  });

  it('cannot exceed the budget share', async () => {
    const { mallory, items, id } = await setUp((items) => ({
      kind: 'budget',
      title: 'Fund',
      items,
      budget: 100,
      unit: 'k€',
    }));
    mallory.room().vote(id, { budget: { [items[0]!]: 60, [items[1]!]: 41 } });
    await waitFor(() => mallory.room().refusal !== null, 'the refusal');
    expect(mallory.room().refusal).toMatchObject({ code: 'CANOPY-508' });
    expect(mallory.room().refusal!.message).toContain('at most 100 k€ in all');
    expect(mallory.room().snapshot?.mine?.ballot).toBeNull();
  });

  it('cannot vote as someone else: an identity she cannot sign for is refused', async () => {
    const { f, ada, mallory, items, id } = await setUp(DOTS);
    // Ada's key, signed by Mallory's own (wrong) key, on Mallory's session.
    const forged = newIdentity();
    raw(mallory, {
      t: 'identify',
      key: ada.identity.key,
      name: 'Ada',
      colour: '#3a6fd8',
      sig: signBinding(forged, mallory.session().binding!),
    });
    await waitFor(() => mallory.room().refusal?.code === 'CANOPY-503', 'the refusal');
    // Ada's real signature, replayed from Ada's session: bound to that session, not this.
    raw(mallory, {
      t: 'identify',
      key: ada.identity.key,
      name: 'Ada',
      colour: '#3a6fd8',
      sig: signBinding(ada.identity, ada.session().binding!),
    });
    await roundTrip(mallory);
    expect(mallory.heard.filter((m) => m.includes('"CANOPY-503"'))).toHaveLength(2);
    // Still Mallory: her ballot is hers, Ada's place is empty.
    mallory.room().vote(id, { dots: { [items[0]!]: 2 } });
    await waitFor(() => f.room().snapshot?.round?.voters === 1, 'Mallory’s ballot');
    await roundTrip(ada);
    expect(ada.room().snapshot?.mine?.ballot).toBeNull();
    expect(mallory.room().snapshot?.you).toBe(mallory.identity.key);
  });

  it('learns nothing of others’ ballots, the facilitator neither', async () => {
    const { f, ada, mallory, items, id } = await setUp(DOTS);
    ada.room().vote(id, { dots: { [items[2]!]: 2 } });
    await waitFor(() => ada.room().snapshot?.mine?.ballot != null, 'Ada’s ballot kept');
    await roundTrip(mallory);
    await roundTrip(f);
    for (const someone of [mallory, f]) {
      expect(someone.room().snapshot?.round?.voters).toBe(1);
      expect(someone.room().snapshot?.mine?.ballot).toBeNull();
      expect(someone.heard.join('\n')).not.toContain(`{"${items[2]}":2}`);
    }
  });

  it('malformed ballots are refused or end her session; the host and others go on', async () => {
    const { host, f, ada, mallory, items, id } = await setUp(DOTS);
    const a = items[0]!;
    const ballot = (b: string, round = id) => `{"t":"ballot","id":"${round}","ballot":${b}}`;
    // Each as raw JSON text, and what the host must do: end the session (not a room
    // message at all: CANOPY-104) or refuse the ballot in words (CANOPY-50x).
    const bad: [string, string][] = [
      [ballot(`{"dots":{"${a}":-1}}`), 'CANOPY-104'],
      [ballot(`{"dots":{"${a}":1.5}}`), 'CANOPY-104'],
      [ballot(`{"dots":{"${a}":1e308}}`), 'CANOPY-104'],
      [ballot(`{"dots":{"${a}":"1"}}`), 'CANOPY-104'],
      [ballot(`{"dots":{"${a}":null}}`), 'CANOPY-104'],
      // An array is an object to the schema: its keys '0', '1', '2' are no items here.
      [ballot(`{"dots":[1,2,3]}`), 'CANOPY-508'],
      [ballot(`{"dots":{"__proto__":{"polluted":1},"not-in-round":1}}`), 'CANOPY-508'],
      [ballot(`{"scores":{"${a}":{"value":4,"time":1,"risk":1,"size":1}}}`), 'CANOPY-104'],
      [ballot(`{"scores":{"${a}":{"value":1,"time":1,"risk":1,"size":1}}}`), 'CANOPY-508'],
      [ballot('{"abstain":true}', 'ffffffffffffffff'), 'CANOPY-507'],
      [`{"t":"answer","id":"${id}","text":"${'x'.repeat(5000)}"}`, 'CANOPY-104'],
      ['{"t":"ballot"', 'CANOPY-104'],
    ];
    for (const [message, outcome] of bad) {
      const m = await join('Mallory', host.port, mallory.identity);
      m.session().sendRoom(new TextEncoder().encode(message));
      await waitFor(
        () => m.errors.some((e) => e.startsWith(outcome)) || m.room().refusal?.code === outcome,
        `${outcome} for ${message.slice(0, 70)}`,
      );
      await m.peer.stop();
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Too big for one room message.
    const big = await join('Mallory', host.port, mallory.identity);
    big.session().sendRoom(new Uint8Array(64 * 1024).fill(0x7b));
    await waitFor(() => big.errors.length > 0, 'the oversized message to end the session');
    // The host is up, counted none of it, and honest votes still count.
    ada.room().vote(id, { dots: { [a]: 2 } });
    await waitFor(() => f.room().snapshot?.round?.voters === 1, 'Ada’s ballot');
    f.room().closeRound(id, true);
    await waitFor(() => readRounds(host.doc).rounds.length === 1, 'the reveal');
    expect(readRounds(host.doc).rounds[0]!.totals![a]).toBe(2);
    expect(readRounds(host.doc).rounds[0]!.voters).toBe(1);
  });
});
