/** The dialler: its budget, what it forgets, and that it keeps dialling what it should. */
import { describe, expect, it } from 'vitest';
import {
  Dialer,
  SyncError,
  type Clock,
  type DialBudget,
  type DialSocketEvents,
  type DialTarget,
  type PeerAddress,
  type PeerSession,
} from '../../../shared/sync';

class HandClock implements Clock {
  t = 0;
  private timers: Array<{ at: number; run: () => void; live: boolean }> = [];
  now = () => this.t;
  later = (run: () => void, ms: number) => {
    const timer = { at: this.t + ms, run, live: true };
    this.timers.push(timer);
    return () => (timer.live = false);
  };
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = this.timers.filter((x) => x.live && x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.t = due.at;
      due.live = false;
      due.run();
    }
    this.t = end;
  }
}

interface FakeSocket {
  address: PeerAddress;
  events: DialSocketEvents;
  closed: boolean;
}

/** A session stand-in: the test decides when it opens or what it closes with. */
function setup(budget: Partial<DialBudget> = {}) {
  const clock = new HandClock();
  const sockets: FakeSocket[] = [];
  const sessions = new Map<FakeSocket, { open: boolean }>();
  const dialer: Dialer = new Dialer({
    clock,
    budget,
    backoff: { initial: 100, max: 1000 },
    discoveredBackoffMax: 60_000,
    onChange: () => undefined,
    openSocket: (address, events) => {
      const socket: FakeSocket = { address, events, closed: false };
      sockets.push(socket);
      return {
        send: () => undefined,
        close: () => undefined,
        terminate: () => (socket.closed = true),
      };
    },
    createSession: (_transport, target) => {
      const socket = sockets.filter((x) => key(x.address) === target.key).at(-1)!;
      const state = { open: false };
      sessions.set(socket, state);
      return fakeSession(state, target) as unknown as PeerSession;
    },
  });
  const targetOf = (s: FakeSocket) => dialer.list().find((t) => t.key === key(s.address))!;
  /** The socket connects and the handshake succeeds. */
  const succeed = (s: FakeSocket) => {
    s.events.open();
    sessions.get(s)!.open = true;
    dialer.sessionOpened(targetOf(s));
    s.events.message(new Uint8Array([1]));
  };
  /** The socket connects and the peer refuses the code. */
  const refuse = (s: FakeSocket) => {
    s.events.open();
    dialer.sessionClosed(targetOf(s), new SyncError('handshakeFailed'));
    s.events.closed(4101);
  };
  /** Nothing answers. */
  const unreachable = (s: FakeSocket) => s.events.closed(1006);
  return { clock, sockets, dialer, succeed, refuse, unreachable };
}

function fakeSession(state: { open: boolean }, target: DialTarget) {
  return {
    get isOpen() {
      return state.open;
    },
    receive: () => undefined,
    transportClosed: () => undefined,
    close: () => undefined,
    target,
  };
}

const key = (a: PeerAddress) => `${a.host}:${a.port}`;
const at = (i: number): PeerAddress => ({
  host: `10.0.${Math.floor(i / 250)}.${i % 250}`,
  port: 4455,
});

describe('Dialer', () => {
  it('dials at most `burst` at once, then `perSecond`, and `inFlight` handshakes at a time', () => {
    const { dialer, sockets, clock, unreachable } = setup({
      perSecond: 2,
      burst: 3,
      inFlight: 100,
      maxDiscovered: 100,
    });
    for (let i = 0; i < 20; i++) dialer.connect(at(i), { discovered: true });
    expect(sockets).toHaveLength(3);
    clock.advance(1000);
    expect(sockets).toHaveLength(5);
    sockets.forEach(unreachable);

    const limited = setup({ perSecond: 100, burst: 100, inFlight: 2, maxDiscovered: 100 });
    for (let i = 0; i < 5; i++) limited.dialer.connect(at(i), { discovered: true });
    expect(limited.sockets).toHaveLength(2);
    limited.succeed(limited.sockets[0]!);
    expect(limited.sockets).toHaveLength(3);
  });

  it('keeps at most maxDiscovered announced peers', () => {
    const { dialer } = setup({ maxDiscovered: 4 });
    for (let i = 0; i < 10; i++) dialer.connect(at(i), { discovered: true });
    expect(dialer.list()).toHaveLength(4);
    // Typed by a person: always dialled.
    dialer.connect(at(99));
    expect(dialer.list()).toHaveLength(5);
  });

  it('forgets a discovered peer that refused the code, and ignores its next announcement', () => {
    const { dialer, sockets, refuse, clock } = setup();
    dialer.connect(at(1), { discovered: true });
    refuse(sockets[0]!);
    expect(dialer.list()).toHaveLength(0);
    dialer.connect(at(1), { discovered: true });
    clock.advance(60_000);
    expect(sockets).toHaveLength(1);
  });

  it('keeps an address typed by a person that refused, as refused, without redialling', () => {
    const { dialer, sockets, refuse, clock } = setup();
    dialer.connect(at(1));
    refuse(sockets[0]!);
    expect(dialer.status()).toMatchObject([{ state: 'refused', error: /CANOPY-101/ }]);
    clock.advance(60_000);
    expect(sockets).toHaveLength(1);
  });

  it('forgets a discovered peer after failures in a row; redials a typed one forever', () => {
    const { dialer, sockets, unreachable, clock } = setup({ discoveredFailures: 3 });
    dialer.connect(at(1), { discovered: true });
    dialer.connect(at(2));
    for (let round = 0; round < 6; round++) {
      for (const s of sockets.filter((x) => !x.closed)) {
        unreachable(s);
        s.closed = true;
      }
      clock.advance(120_000);
    }
    expect(dialer.list().map((t) => t.key)).toEqual([key(at(2))]);
    expect(sockets.filter((s) => key(s.address) === key(at(1)))).toHaveLength(3);
    expect(sockets.filter((s) => key(s.address) === key(at(2))).length).toBeGreaterThan(5);
  });

  it('forgets a discovered peer whose announcement went, unless it is connected', () => {
    const { dialer, sockets, succeed } = setup();
    dialer.connect(at(1), { discovered: true });
    dialer.connect(at(2), { discovered: true });
    succeed(sockets[1]!);
    dialer.vanished(at(1));
    dialer.vanished(at(2));
    expect(dialer.list().map((t) => t.key)).toEqual([key(at(2))]);
  });

  it('redials after a drop with backoff, and at once when the network is back', () => {
    const { dialer, sockets, succeed, unreachable, clock } = setup();
    dialer.connect(at(1));
    succeed(sockets[0]!);
    unreachable(sockets[0]!);
    expect(sockets).toHaveLength(1);
    clock.advance(100);
    expect(sockets).toHaveLength(2);
    unreachable(sockets[1]!);
    expect(dialer.status()[0]).toMatchObject({ state: 'retrying', error: /trying again/ });
    dialer.redialNow();
    expect(sockets).toHaveLength(3);
  });

  it('asks a busy peer again soon, however many times it was busy', () => {
    const { dialer, sockets, clock } = setup();
    dialer.connect(at(1));
    for (let i = 0; i < 8; i++) {
      sockets.at(-1)!.events.closed(4107); // refused at the door: busy
      expect(dialer.status()[0]!.error).toMatch(/^CANOPY-107/);
      clock.advance(750);
      expect(sockets).toHaveLength(i + 2);
    }
  });
});
