/** Admission: caps on unauthenticated sockets, the guess budget and who is answered first. */
import { describe, expect, it } from 'vitest';
import { Admission, type AdmissionLimits, type Admitted, type Clock } from '../../../shared/sync';

/** A clock moved by hand; timers run when time passes them. */
class HandClock implements Clock {
  t = 1_000_000;
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

function setup(limits: Partial<AdmissionLimits> = {}) {
  const clock = new HandClock();
  const admission = new Admission(limits, clock);
  const dropped: string[] = [];
  const answered: string[] = [];
  const admit = (address: string, name = address, ticket?: string) =>
    admission.admit(address, () => dropped.push(name), ticket);
  const hello = (a: Admitted | null, name: string) => a!.hello(() => answered.push(name));
  return { clock, admission, dropped, answered, admit, hello };
}

describe('Admission', () => {
  it('caps sockets per address; a silent one makes room, else the newcomer is refused', () => {
    const { admit, hello, dropped } = setup({ perAddress: 3 });
    const a = admit('10.0.0.1', 'a');
    const b = admit('10.0.0.1', 'b');
    admit('10.0.0.1', 'c');
    hello(a, 'a');
    // The oldest socket that never said hello goes: b (a said hello).
    expect(admit('10.0.0.1', 'd')).not.toBeNull();
    expect(dropped).toEqual(['b']);
    hello(b, 'b'); // b is gone: its hello counts for nothing
    const c2 = admit('10.0.0.1', 'e');
    expect(dropped).toEqual(['b', 'c']);
    hello(c2, 'e');
    // Everyone left has said hello: no room.
    const full = setup({ perAddress: 2, guessesPerSecond: 1, guessBurst: 1 });
    hello(full.admit('10.0.0.1'), 'x');
    hello(full.admit('10.0.0.1'), 'y');
    expect(full.admit('10.0.0.1')).toBeNull();
    // Another address is not affected.
    expect(full.admit('10.0.0.2')).not.toBeNull();
  });

  it('queues at most queuePerAddress hellos per address', () => {
    const { admit, hello } = setup({ guessesPerSecond: 1, guessBurst: 1, queuePerAddress: 2 });
    expect(hello(admit('10.0.0.1'), 'first')).toBe(true); // answered at once
    expect(hello(admit('10.0.0.1'), 'q1')).toBe(true);
    expect(hello(admit('10.0.0.1'), 'q2')).toBe(true);
    expect(hello(admit('10.0.0.1'), 'q3')).toBe(false);
    expect(hello(admit('10.0.0.2'), 'other')).toBe(true);
  });

  it('answers at most guessBurst at once, then guessesPerSecond', () => {
    const { admit, hello, answered, clock } = setup({
      guessesPerSecond: 10,
      guessBurst: 5,
      queuePerAddress: 100,
      perAddress: 100,
    });
    for (let i = 0; i < 30; i++) hello(admit(`10.0.${i}.1`), `h${i}`);
    expect(answered).toHaveLength(5);
    clock.advance(1000);
    expect(answered).toHaveLength(15);
    clock.advance(1000);
    expect(answered).toHaveLength(25);
    // In arrival order among equals.
    expect(answered.slice(0, 6)).toEqual(['h0', 'h1', 'h2', 'h3', 'h4', 'h5']);
  });

  it('answers an address without failures before a flooding one', () => {
    const { admit, hello, answered, clock, admission } = setup({
      guessesPerSecond: 10,
      guessBurst: 1,
      perAddress: 100,
      queuePerAddress: 100,
    });
    // The flood: answered hellos that never authenticate are failures.
    const flood = Array.from({ length: 20 }, (_, i) => admit('10.6.6.6', `f${i}`));
    flood.forEach((a, i) => hello(a, `f${i}`));
    clock.advance(500);
    expect(admission.penalty('10.6.6.6')).toBeGreaterThan(4);
    // An honest participant from elsewhere is next, whatever the flood's queue.
    hello(admit('10.0.0.7'), 'honest');
    clock.advance(100);
    expect(answered.at(-1)).toBe('honest');
  });

  it('a success pays back its guess: a room behind one address joins without penalty', () => {
    const { admit, admission } = setup({ perAddress: 100, queuePerAddress: 100 });
    for (let i = 0; i < 30; i++) {
      const a = admit('192.168.1.1')!;
      a.hello(() => a.authenticated());
    }
    expect(admission.penalty('192.168.1.1')).toBe(0);
    expect(admission.stats().unauthenticated).toBe(0);
  });

  it('failures fade with time', () => {
    const { admit, hello, admission, clock } = setup({ penaltyHalfLifeMs: 60_000 });
    for (let i = 0; i < 4; i++) hello(admit('10.6.6.6'), `f${i}`);
    expect(admission.penalty('10.6.6.6')).toBeCloseTo(4);
    clock.advance(60_000);
    expect(admission.penalty('10.6.6.6')).toBeCloseTo(2);
  });

  it('at the total cap, a silent socket or a more penalised hello makes room', () => {
    const { admit, hello, dropped, clock } = setup({
      total: 3,
      perAddress: 10,
      queuePerAddress: 10,
      guessesPerSecond: 1,
      guessBurst: 1,
    });
    hello(admit('10.6.6.6', 'f0'), 'f0'); // answered: a guess, penalised
    clock.advance(10);
    hello(admit('10.6.6.6', 'f1'), 'f1'); // queued
    hello(admit('10.0.0.2', 'g'), 'g'); // queued, no penalty
    // Full; a fresh address gets the place of the penalised address's oldest socket.
    hello(admit('10.0.0.3', 'h'), 'h');
    expect(dropped).toEqual(['f0']);
    // Full again: the penalised address goes on making room...
    hello(admit('10.0.0.4', 'i'), 'i');
    expect(dropped).toEqual(['f0', 'f1']);
    // ...but when everyone waiting is as clean as the newcomer, it is refused.
    expect(admit('10.0.0.5', 'j')).toBeNull();
    // A socket that never says hello is worth nothing: it makes room for anyone.
    const quiet = setup({ total: 1 });
    quiet.admit('10.0.0.1', 'silent');
    expect(quiet.admit('10.0.0.2', 'next')).not.toBeNull();
    expect(quiet.dropped).toEqual(['silent']);
  });

  it('releasing a socket frees its place and its queue slot', () => {
    const { admit, hello, admission } = setup({
      guessesPerSecond: 1,
      guessBurst: 1,
      queuePerAddress: 1,
    });
    hello(admit('10.0.0.1'), 'answered');
    const waiting = admit('10.0.0.1')!;
    hello(waiting, 'waiting');
    expect(hello(admit('10.0.0.1'), 'refused')).toBe(false);
    waiting.release();
    expect(admission.stats().queued).toBe(0);
    expect(hello(admit('10.0.0.1'), 'next')).toBe(true);
  });

  it('close drops every waiting socket', () => {
    const { admit, dropped, admission } = setup();
    admit('10.0.0.1', 'a');
    admit('10.0.0.2', 'b');
    admission.close();
    expect(dropped.sort()).toEqual(['a', 'b']);
    expect(admission.stats().unauthenticated).toBe(0);
  });

  it('a ticket buys a turn ahead of everyone, past a full address, once, for its address', () => {
    const { admit, hello, answered, admission, clock } = setup({
      perAddress: 2,
      queuePerAddress: 1,
      guessesPerSecond: 1,
      guessBurst: 1,
    });
    hello(admit('10.0.0.9'), 'first'); // takes the only token
    hello(admit('10.0.0.9'), 'queued');
    expect(admit('10.0.0.9')).toBeNull(); // the address is full
    const ticket = admission.issueTicket('10.0.0.9');
    // Another address's ticket, a made-up one and a used one buy nothing.
    expect(admit('10.0.0.9', 'wrong', admission.issueTicket('10.0.0.8'))).toBeNull();
    expect(admit('10.0.0.9', 'made up', 'f'.repeat(32))).toBeNull();
    const back = admit('10.0.0.9', 'back', ticket);
    expect(back).not.toBeNull();
    expect(hello(back, 'back')).toBe(true);
    clock.advance(1000);
    expect(answered).toEqual(['first', 'back']);
    expect(admit('10.0.0.9', 'again', ticket)).toBeNull();
  });

  it('a ticket expires', () => {
    const { admit, admission, clock } = setup({ perAddress: 1 });
    admit('10.0.0.9')!.hello(() => undefined);
    const ticket = admission.issueTicket('10.0.0.9');
    clock.advance(31 * 60_000);
    expect(admit('10.0.0.9', 'late', ticket)).toBeNull();
  });
});
