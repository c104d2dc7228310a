/**
 * Dialling other peers, and dialling them again after a drop: one piece for the Node
 * peer (desktop app, headless host) and the browser, over whatever socket the platform
 * has. Edits made while a link is down merge when it returns (Yjs state-vector sync
 * on every open).
 *
 * Each dial is also a guess at the workshop code offered to whoever answers (a
 * stranger can announce a fake peer by multicast DNS and answer as responder), so
 * dialling is budgeted like answering (admission.ts):
 * - dial attempts are limited in all (a token bucket) and in flight at once;
 * - a peer that refused the handshake (another code, another version) is never
 *   dialled again, and a discovered one is forgotten, with its address remembered
 *   so that announcing it again changes nothing;
 * - discovered peers are capped, back off up to minutes when they do not answer,
 *   and are forgotten after a few failures or when their announcement goes.
 */
import type { Clock } from './admission';
import { systemClock } from './admission';
import { NOT_RETRIED, SYNC_ERRORS, SyncError } from './errors';
import type { PeerSession, Transport } from './peer-session';
import { TokenBucket } from './rate-limit';
import { errorKeyForCloseCode } from './wire';
import { dialStatus, redialDelay, type LinkStatus } from './workshop-status';

export interface PeerAddress {
  host: string;
  port: number;
}

export interface DialBudget {
  /** Dial attempts per second, in all. */
  perSecond: number;
  burst: number;
  /** Dials whose handshake has not finished, at once. */
  inFlight: number;
  /** Discovered peers kept at once; more announcements are ignored until some go. */
  maxDiscovered: number;
  /** Failed attempts in a row after which a discovered peer that never opened is forgotten. */
  discoveredFailures: number;
}

export const DEFAULT_DIAL_BUDGET: DialBudget = {
  perSecond: 10,
  burst: 10,
  inFlight: 8,
  maxDiscovered: 64,
  discoveredFailures: 5,
};

/** Around this long (ms) between attempts while a peer says it is busy. */
const BUSY_RETRY_MS = 500;

/** Addresses that refused us, remembered so a repeated announcement is not dialled. */
const MAX_REFUSED_REMEMBERED = 1024;

/** What the platform's socket does for the dialler. */
export interface DialSocket extends Transport {
  /** Drops the connection at once, without a closing handshake. */
  terminate(): void;
}

export interface DialSocketEvents {
  open(): void;
  message(data: Uint8Array): void;
  /** The socket closed (code 1006 when it never opened or dropped). */
  closed(code: number): void;
}

export interface DialerOptions {
  /**
   * Opens a socket to `address`, showing `ticket` if the peer gave us one (it buys a
   * turn ahead of strangers, admission.ts); throws when the address cannot be dialled.
   */
  openSocket(address: PeerAddress, events: DialSocketEvents, ticket: string | null): DialSocket;
  /** An initiator session over an open socket, reporting to `status`. */
  createSession(transport: Transport, target: DialTarget): PeerSession;
  /** Something in the list of targets changed. */
  onChange(): void;
  backoff?: { initial: number; max: number };
  /** Discovered peers back off up to this (ms): they are strangers until proven otherwise. */
  discoveredBackoffMax?: number;
  budget?: Partial<DialBudget>;
  clock?: Clock;
}

export interface DialTarget {
  readonly key: string;
  readonly address: PeerAddress;
  readonly status: LinkStatus;
  session: PeerSession | null;
  /** The peer's last ticket for us (set by the owner from the peer's info); used once. */
  ticket: string | null;
}

interface Target extends DialTarget {
  attempt: number;
  failures: number;
  cancelTimer: (() => void) | null;
  socket: DialSocket | null;
  waiting: boolean;
  everOpened: boolean;
}

export const addressKey = (a: PeerAddress) => `${a.host}:${a.port}`;

export class Dialer {
  private readonly targets = new Map<string, Target>();
  private readonly refused = new Set<string>();
  private readonly queue: Target[] = [];
  private readonly budget: DialBudget;
  private readonly bucket: TokenBucket;
  private readonly clock: Clock;
  private readonly backoff: { initial: number; max: number };
  private readonly discoveredBackoffMax: number;
  private inFlight = 0;
  private cancelWake: (() => void) | null = null;
  private stopped = false;

  constructor(private readonly o: DialerOptions) {
    this.budget = { ...DEFAULT_DIAL_BUDGET, ...o.budget };
    this.clock = o.clock ?? systemClock;
    this.bucket = new TokenBucket(this.budget.perSecond, this.budget.burst, () => this.clock.now());
    this.backoff = o.backoff ?? { initial: 250, max: 10_000 };
    this.discoveredBackoffMax = o.discoveredBackoffMax ?? 5 * 60_000;
  }

  /** Dials an address until stopped; a discovered one only while it seems worth it. */
  connect(
    address: PeerAddress,
    options: { discovered?: boolean; ticket?: string | null } = {},
  ): void {
    const key = addressKey(address);
    const existing = this.targets.get(key);
    if (this.stopped || existing) {
      // Typed by a person: a peer only found by discovery so far is now wanted.
      if (existing && !options.discovered) existing.status.discovered = false;
      return;
    }
    if (options.discovered) {
      if (this.refused.has(key)) return;
      let discovered = 0;
      for (const t of this.targets.values()) if (t.status.discovered) discovered++;
      if (discovered >= this.budget.maxDiscovered) return;
    }
    const target: Target = {
      key,
      address,
      status: { ...dialStatus(key), discovered: Boolean(options.discovered) },
      session: null,
      ticket: options.ticket ?? null,
      attempt: 0,
      failures: 0,
      cancelTimer: null,
      socket: null,
      waiting: false,
      everOpened: false,
    };
    this.targets.set(key, target);
    this.enqueue(target);
  }

  /** Stops dialling an address and drops its connection. */
  disconnect(address: PeerAddress): void {
    const target = this.targets.get(addressKey(address));
    if (target) this.remove(target);
  }

  /** A discovered peer's announcement went: forget it unless it is connected. */
  vanished(address: PeerAddress): void {
    const target = this.targets.get(addressKey(address));
    if (target?.status.discovered && !target.session?.isOpen) this.remove(target);
  }

  /** The network is back: try every waiting target now rather than after its backoff. */
  redialNow(): void {
    for (const t of this.targets.values()) {
      if (!t.cancelTimer || t.status.state === 'refused') continue;
      t.cancelTimer();
      t.cancelTimer = null;
      t.attempt = 0;
      this.enqueue(t);
    }
  }

  /** Drops every open socket (the browser went offline); they redial with backoff. */
  dropAll(): void {
    for (const t of this.targets.values()) t.socket?.close(1000, 'offline');
  }

  has(address: PeerAddress): boolean {
    return this.targets.has(addressKey(address));
  }

  list(): DialTarget[] {
    return [...this.targets.values()];
  }

  status(): LinkStatus[] {
    return [...this.targets.values()].map((t) => t.status);
  }

  stop(): void {
    this.stopped = true;
    this.cancelWake?.();
    for (const t of [...this.targets.values()]) this.remove(t);
  }

  // ---------------------------------------------------------------------------------

  private remove(target: Target): void {
    this.targets.delete(target.key);
    target.cancelTimer?.();
    target.cancelTimer = null;
    const i = this.queue.indexOf(target);
    if (i >= 0) this.queue.splice(i, 1);
    target.session?.close();
    target.socket?.terminate();
    this.o.onChange();
  }

  private enqueue(target: Target): void {
    if (target.waiting) return;
    target.waiting = true;
    target.status.state = target.attempt === 0 ? 'connecting' : 'retrying';
    this.queue.push(target);
    this.pump();
    this.o.onChange();
  }

  /** Starts queued dials while the budget allows; wakes up for the next token if not. */
  private pump(): void {
    while (this.queue.length && this.inFlight < this.budget.inFlight && !this.stopped) {
      if (!this.bucket.take()) {
        if (!this.cancelWake)
          this.cancelWake = this.clock.later(
            () => {
              this.cancelWake = null;
              this.pump();
            },
            Math.ceil(1000 / this.budget.perSecond),
          );
        return;
      }
      const target = this.queue.shift()!;
      target.waiting = false;
      this.dial(target);
    }
  }

  private dial(target: Target): void {
    if (this.targets.get(target.key) !== target) return;
    let session: PeerSession | null = null;
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      this.inFlight--;
      this.pump();
    };
    this.inFlight++;
    let socket: DialSocket;
    const ticket = target.ticket;
    target.ticket = null;
    try {
      socket = this.o.openSocket(
        target.address,
        {
          open: () => {
            session = this.o.createSession(socket, target);
            target.session = session;
          },
          message: (data) => {
            session?.receive(data);
            // The handshake is over: this dial no longer counts as in flight.
            if (session?.isOpen) settle();
          },
          closed: (code) => {
            settle();
            // Refused before any session (at the door): say why when the code says it.
            const key = session ? null : errorKeyForCloseCode(code);
            if (key) target.status.error = new SyncError(key).message;
            session?.transportClosed(code);
            target.socket = null;
            target.session = null;
            this.closed(target);
          },
        },
        ticket,
      );
    } catch (e) {
      settle();
      target.status.state = 'refused';
      target.status.error = `Cannot connect to ${target.key}: ${(e as Error).message}`;
      this.o.onChange();
      return;
    }
    target.socket = socket;
  }

  /** The owner's session to `target` opened: the target is healthy again. */
  sessionOpened(target: DialTarget): void {
    const t = this.targets.get(target.key);
    if (!t) return;
    t.attempt = 0;
    t.failures = 0;
    t.everOpened = true;
  }

  /** The owner's session to `target` closed, with the error if any. */
  sessionClosed(target: DialTarget, error: SyncError | null): void {
    const t = this.targets.get(target.key);
    if (error) target.status.error = error.message;
    if (!t || !error || !NOT_RETRIED.has(error.key)) return;
    t.status.state = 'refused';
    if (t.status.discovered) {
      // Another workshop's peer, or a stranger: forget it and do not come back.
      this.refused.add(t.key);
      if (this.refused.size > MAX_REFUSED_REMEMBERED)
        this.refused.delete(this.refused.values().next().value!);
    }
  }

  private closed(target: Target): void {
    if (this.stopped || this.targets.get(target.key) !== target) return;
    if (target.status.state === 'refused') {
      if (target.status.discovered) this.remove(target);
      else this.o.onChange();
      return;
    }
    if (!target.everOpened) target.failures++;
    if (target.status.discovered && target.failures >= this.budget.discoveredFailures) {
      this.remove(target);
      return;
    }
    if (!target.status.error && target.attempt > 0)
      target.status.error = `Cannot reach ${target.key}; trying again.`;
    const max = target.status.discovered ? this.discoveredBackoffMax : this.backoff.max;
    // Busy (the peer is answering others first): our turn comes soon, so ask again
    // soon, with jitter, rather than backing off as from a peer that is gone.
    const busy = target.status.error?.startsWith(SYNC_ERRORS.tooManyAttempts.code) ?? false;
    const delay = busy
      ? BUSY_RETRY_MS / 2 + Math.random() * BUSY_RETRY_MS
      : redialDelay({ initial: this.backoff.initial, max }, target.attempt++);
    target.status.state = 'retrying';
    target.cancelTimer = this.clock.later(() => {
      target.cancelTimer = null;
      this.enqueue(target);
    }, delay);
    this.o.onChange();
  }
}
