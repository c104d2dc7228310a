/**
 * Who may start a handshake with this peer, and when: its defence against strangers
 * on the venue network. Every handshake is one guess at the workshop code and costs
 * the responder about 2 ms of CPU (hash to curve, two scalar multiplications), while
 * a hello costs the sender nothing. So, before any crypto:
 *
 * - Sockets that have not authenticated are capped per address and in total. At a
 *   cap, the oldest socket that has not yet said hello makes room (a silent socket is
 *   worth nothing); otherwise the newcomer is refused. At the total cap, a socket of
 *   an address with more failures than the newcomer's makes room too.
 * - Hellos wait in a short queue per address and are answered at most
 *   `guessesPerSecond` in all (a token bucket): the CPU a stranger can take, and the
 *   guesses anyone can make, are bounded whatever the number of sockets.
 * - The address with the fewest recent failures is served first, then whoever has
 *   waited longest. A flood of wrong codes from one address only delays that address:
 *   an honest participant elsewhere is answered ahead of it, and one behind the same
 *   address (a NAT'ed room) takes turns with the flood instead of being locked out.
 * - A participant who was in gets a ticket (inside the encrypted session) and shows it
 *   when they reconnect: a ticket's socket goes past the per-address cap and is
 *   answered first, so a room that is in stays in whatever floods from its address.
 *   A ticket is good once, for its address, for TICKET_LIFETIME_MS; it only buys a
 *   turn, never entry: the handshake still needs the code.
 *
 * No Node or DOM: the clock and timers are injected, so tests drive time by hand.
 * The figures behind the limits are in docs/security.md.
 */

import { randomBytes } from '@noble/hashes/utils.js';

export interface AdmissionLimits {
  /** Unauthenticated sockets from one address. */
  perAddress: number;
  /** Unauthenticated sockets in all. */
  total: number;
  /** Hellos from one address waiting for their turn. */
  queuePerAddress: number;
  /** Handshakes answered per second, in all (the inbound guess budget). */
  guessesPerSecond: number;
  /** Handshakes that may be answered at once after a quiet spell. */
  guessBurst: number;
  /** A failure's weight halves over this many ms. */
  penaltyHalfLifeMs: number;
}

export const DEFAULT_ADMISSION: AdmissionLimits = {
  perAddress: 8,
  total: 256,
  queuePerAddress: 4,
  guessesPerSecond: 50,
  guessBurst: 100,
  penaltyHalfLifeMs: 10 * 60_000,
};

/** Addresses whose failures are remembered; beyond, the least penalised are forgotten. */
const MAX_REMEMBERED = 4096;
/** Tickets kept at once; beyond, the oldest go. */
const MAX_TICKETS = 4096;
export const TICKET_LIFETIME_MS = 30 * 60_000;
/** A ticket as it travels: 32 hex digits. */
export const TICKET_PATTERN = /^[0-9a-f]{32}$/;

export interface Clock {
  now(): number;
  /** Runs `run` after `ms`; returns a function that cancels it. */
  later(run: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  later: (run, ms) => {
    const t = setTimeout(run, ms);
    (t as { unref?: () => void }).unref?.();
    return () => clearTimeout(t);
  },
};

/** One socket that has not authenticated yet. */
export interface Admitted {
  readonly address: string;
  /**
   * The socket said hello: `answer` runs when its turn comes. False when the
   * address already has a full queue (the caller refuses the socket as busy).
   */
  hello(answer: () => void): boolean;
  /** The handshake succeeded: the socket leaves the unauthenticated set. */
  authenticated(): void;
  /** The socket is gone (at any point). */
  release(): void;
}

interface Entry {
  readonly seq: number;
  readonly address: string;
  readonly drop: () => void;
  /** Came with a valid ticket: past the per-address cap, answered first. */
  readonly ticketed: boolean;
  answer: (() => void) | null;
  queuedAt: number;
  answered: boolean;
  done: boolean;
}

interface AddressState {
  entries: Set<Entry>;
  queue: Entry[];
}

interface Penalty {
  value: number;
  at: number;
}

export interface AdmissionStats {
  unauthenticated: number;
  queued: number;
  answered: number;
  refused: number;
  evicted: number;
  /** Sockets that came back with a good ticket. */
  ticketsRedeemed: number;
}

export class Admission {
  readonly limits: AdmissionLimits;
  private readonly clock: Clock;
  private readonly byAddress = new Map<string, AddressState>();
  private readonly penalties = new Map<string, Penalty>();
  private readonly tickets = new Map<string, { address: string; expires: number }>();
  /** Hellos of ticketed sockets, answered before anyone else's. */
  private readonly firstInLine: Entry[] = [];
  private count = 0;
  private seq = 0;
  private tokens: number;
  private refilledAt: number;
  private cancelWake: (() => void) | null = null;
  private readonly counters = { answered: 0, refused: 0, evicted: 0, ticketsRedeemed: 0 };

  constructor(limits: Partial<AdmissionLimits> = {}, clock: Clock = systemClock) {
    this.limits = { ...DEFAULT_ADMISSION, ...limits };
    this.clock = clock;
    this.tokens = this.limits.guessBurst;
    this.refilledAt = clock.now();
  }

  /**
   * A new socket from `address`. Returns its handle, or null when it must be refused.
   * `drop` closes the socket; it is called when another socket needs its place.
   */
  admit(address: string, drop: () => void, ticket?: string | null): Admitted | null {
    const ticketed = this.redeem(ticket, address);
    const state = this.byAddress.get(address);
    if (!ticketed && state && state.entries.size >= this.limits.perAddress) {
      const idle = oldestIdle(state.entries);
      if (!idle) return this.refuse();
      this.evict(idle);
    }
    if (this.count >= this.limits.total && !this.makeRoomFor(ticketed ? 0 : this.penalty(address)))
      return this.refuse();
    const entry: Entry = {
      seq: this.seq++,
      address,
      drop,
      ticketed,
      answer: null,
      queuedAt: 0,
      answered: false,
      done: false,
    };
    this.stateOf(address).entries.add(entry);
    this.count++;
    return this.handle(entry);
  }

  /** A ticket for a participant who just got in from `address`, to show when they come back. */
  issueTicket(address: string): string {
    const ticket = Array.from(randomBytes(16), (b) => b.toString(16).padStart(2, '0')).join('');
    this.tickets.set(ticket, { address, expires: this.clock.now() + TICKET_LIFETIME_MS });
    if (this.tickets.size > MAX_TICKETS) this.tickets.delete(this.tickets.keys().next().value!);
    return ticket;
  }

  /** Whether `ticket` is good for `address`; it is used up either way. */
  private redeem(ticket: string | null | undefined, address: string): boolean {
    if (!ticket || !TICKET_PATTERN.test(ticket)) return false;
    const t = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    const good = Boolean(t && t.address === address && t.expires > this.clock.now());
    if (good) this.counters.ticketsRedeemed++;
    return good;
  }

  /** The penalty an address carries now: recent failures, each fading with time. */
  penalty(address: string): number {
    const p = this.penalties.get(address);
    if (!p) return 0;
    const elapsed = this.clock.now() - p.at;
    return p.value * 0.5 ** (elapsed / this.limits.penaltyHalfLifeMs);
  }

  stats(): AdmissionStats {
    let queued = this.firstInLine.length;
    for (const s of this.byAddress.values()) queued += s.queue.length;
    return { unauthenticated: this.count, queued, ...this.counters };
  }

  /** Drops every waiting socket and stops the scheduler. */
  close(): void {
    this.cancelWake?.();
    this.cancelWake = null;
    for (const state of [...this.byAddress.values()])
      for (const e of [...state.entries]) this.evict(e);
  }

  // ---------------------------------------------------------------------------------

  private handle(entry: Entry): Admitted {
    return {
      address: entry.address,
      hello: (answer) => {
        if (entry.done || entry.answer || entry.answered) return false;
        const state = this.stateOf(entry.address);
        if (!entry.ticketed && state.queue.length >= this.limits.queuePerAddress) {
          this.counters.refused++;
          return false;
        }
        entry.answer = answer;
        entry.queuedAt = this.clock.now();
        (entry.ticketed ? this.firstInLine : state.queue).push(entry);
        this.serve();
        return true;
      },
      authenticated: () => {
        if (entry.done) return;
        // The answer counted as a guess; it was not one: a room behind one address
        // (a NAT) joins without adding up failures.
        if (entry.answered) this.addPenalty(entry.address, -1);
        this.forget(entry);
      },
      release: () => {
        if (!entry.done) this.forget(entry);
      },
    };
  }

  private refuse(): null {
    this.counters.refused++;
    return null;
  }

  /**
   * At the total cap: an idle socket goes, or else the oldest socket of the address
   * with the most failures, if that is more than the newcomer's.
   */
  private makeRoomFor(newcomerPenalty: number): boolean {
    let idle: Entry | null = null;
    let worst: Entry | null = null;
    let worstPenalty = newcomerPenalty;
    for (const [from, state] of this.byAddress) {
      const candidate = oldestIdle(state.entries);
      if (candidate && (!idle || candidate.seq < idle.seq)) idle = candidate;
      const p = this.penalty(from);
      if (p > worstPenalty) {
        worst = state.entries.values().next().value ?? null;
        worstPenalty = p;
      }
    }
    const victim = idle ?? worst;
    if (!victim) return false;
    this.evict(victim);
    return true;
  }

  private evict(entry: Entry): void {
    if (entry.done) return;
    this.counters.evicted++;
    this.forget(entry);
    entry.drop();
  }

  private forget(entry: Entry): void {
    entry.done = true;
    const state = this.byAddress.get(entry.address);
    if (!state) return;
    if (state.entries.delete(entry)) this.count--;
    const i = state.queue.indexOf(entry);
    if (i >= 0) state.queue.splice(i, 1);
    const j = this.firstInLine.indexOf(entry);
    if (j >= 0) this.firstInLine.splice(j, 1);
    if (!state.entries.size) this.byAddress.delete(entry.address);
  }

  private stateOf(address: string): AddressState {
    let state = this.byAddress.get(address);
    if (!state) {
      state = { entries: new Set(), queue: [] };
      this.byAddress.set(address, state);
    }
    return state;
  }

  private addPenalty(address: string, delta: number): void {
    const value = Math.max(0, this.penalty(address) + delta);
    if (value < 0.01) {
      this.penalties.delete(address);
      return;
    }
    this.penalties.set(address, { value, at: this.clock.now() });
    if (this.penalties.size > MAX_REMEMBERED) this.forgetLeastPenalised();
  }

  private forgetLeastPenalised(): void {
    const ranked = [...this.penalties.keys()].sort((a, b) => this.penalty(a) - this.penalty(b));
    for (const address of ranked.slice(0, ranked.length - MAX_REMEMBERED / 2))
      this.penalties.delete(address);
  }

  private refill(): void {
    const now = this.clock.now();
    const earned = ((now - this.refilledAt) / 1000) * this.limits.guessesPerSecond;
    this.tokens = Math.min(this.limits.guessBurst, this.tokens + earned);
    this.refilledAt = now;
  }

  /** Answers waiting hellos while there are tokens; sleeps until the next token if not. */
  private serve(): void {
    this.refill();
    while (this.tokens >= 1) {
      const next = this.nextInLine();
      if (!next) return;
      this.tokens--;
      this.counters.answered++;
      if (next.ticketed) this.firstInLine.shift();
      else this.byAddress.get(next.address)!.queue.shift();
      next.answered = true;
      // Every answer is a guess until the peer proves it knew the code.
      this.addPenalty(next.address, 1);
      const answer = next.answer!;
      next.answer = null;
      answer();
    }
    if (this.cancelWake || !this.hasQueued()) return;
    const wait = Math.ceil(((1 - this.tokens) / this.limits.guessesPerSecond) * 1000);
    this.cancelWake = this.clock.later(() => {
      this.cancelWake = null;
      this.serve();
    }, wait);
  }

  private hasQueued(): boolean {
    if (this.firstInLine.length) return true;
    for (const s of this.byAddress.values()) if (s.queue.length) return true;
    return false;
  }

  /** A ticket's hello; else the head of the least penalised address's queue, then the longest waiting. */
  private nextInLine(): Entry | null {
    if (this.firstInLine.length) return this.firstInLine[0]!;
    let best: Entry | null = null;
    let bestPenalty = Infinity;
    for (const state of this.byAddress.values()) {
      const head = state.queue[0];
      if (!head) continue;
      const p = this.penalty(head.address);
      if (p < bestPenalty || (p === bestPenalty && head.queuedAt < best!.queuedAt)) {
        best = head;
        bestPenalty = p;
      }
    }
    return best;
  }
}

function oldestIdle(entries: Set<Entry>): Entry | null {
  for (const e of entries) if (!e.answer && !e.answered) return e;
  return null;
}
