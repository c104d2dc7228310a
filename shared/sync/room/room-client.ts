/**
 * A participant's side of the room: says who it is (signing the session's binding),
 * keeps the host's latest snapshot, and keeps the offset between its own clock and the
 * host's, so a timer that ends at a moment of the host's clock counts down the same on
 * every screen however wrong each screen's clock is (within the round trip's
 * uncertainty: half of the fastest of the last few probes, a few ms on a LAN).
 *
 * No Node or DOM: the platform gives it a way to send, its own clock and timers.
 */
import { signBinding, type Identity } from './identity';
import {
  decodeToParticipant,
  encodeRoom,
  type RoomSnapshot,
  type RoomView,
  type ToHost,
  type ToParticipant,
} from './messages';
import type { Ballot, RoundConfig } from './rounds';
import { remainingMs } from './timer';

export interface RoomClientOptions {
  identity: Identity;
  /** The name and colour to be shown by. */
  profile(): { name: string; colour: string };
  send(payload: Uint8Array): void;
  now?: () => number;
  /** The room changed (a snapshot, a better clock estimate, a refusal). */
  onChange?(): void;
  /** The facilitator asked everyone to come to `view`, once. */
  onSummon?(view: RoomView): void;
  /** A round was revealed: its result, for everyone at once. */
  onRevealed?(revealed: Extract<ToParticipant, { t: 'revealed' }>): void;
}

interface Probe {
  rtt: number;
  offset: number;
}

/** Probes right after joining, then now and then: clocks drift, networks change. */
const FIRST_PROBES = 5;
const PROBE_SPACING_MS = 150;
const PROBE_EVERY_MS = 30_000;
const KEPT_PROBES = 8;

export class RoomClient {
  snapshot: RoomSnapshot | null = null;
  /** The last refusal, in words, until the next change. */
  refusal: Extract<ToParticipant, { t: 'refused' }> | null = null;
  private readonly now: () => number;
  private probes: Probe[] = [];
  private readonly sent = new Map<number, number>();
  private nextProbeId = 1;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private lastSummon = 0;

  constructor(private readonly o: RoomClientOptions) {
    this.now = o.now ?? Date.now;
  }

  /** Says who we are on the session with `binding`, and starts keeping time with the host. */
  start(binding: Uint8Array): void {
    const { name, colour } = this.o.profile();
    this.post({
      t: 'identify',
      key: this.o.identity.key,
      name,
      colour,
      sig: signBinding(this.o.identity, binding),
    });
    let first = FIRST_PROBES;
    const next = () => {
      if (this.closed) return;
      this.probe();
      this.timer = setTimeout(next, --first > 0 ? PROBE_SPACING_MS : PROBE_EVERY_MS);
    };
    next();
  }

  /**
   * On the host's own machine (the desktop that hosts): the host knows us already and
   * shares our clock, so there is nothing to prove and no offset to keep.
   */
  startLocal(): void {
    this.closed = false;
  }

  /** Sends any command (what the window asks main to pass on). */
  send(message: ToHost): void {
    this.post(message);
  }

  stop(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /** A message from the host; a malformed one throws a SyncError (the caller closes). */
  receive(payload: Uint8Array): void {
    const message = decodeToParticipant(payload);
    switch (message.t) {
      case 'room':
        this.snapshot = message;
        this.refusal = null;
        break;
      case 'clock':
        this.clocked(message.id, message.host);
        break;
      case 'summon':
        // Each "bring everyone here" moves us once, even if told again.
        if (message.seq <= this.lastSummon) return;
        this.lastSummon = message.seq;
        this.o.onSummon?.(message.view);
        return;
      case 'refused':
        this.refusal = message;
        break;
      case 'revealed':
        this.o.onRevealed?.(message);
        return;
    }
    this.o.onChange?.();
  }

  get me(): string {
    return this.o.identity.key;
  }

  get isFacilitator(): boolean {
    return this.snapshot?.facilitator === this.me;
  }

  /** The host's clock, as well as we can tell it. */
  hostNow(): number {
    return this.now() + this.offset;
  }

  /** How far our clock is behind the host's (ms; negative: ahead). */
  get offset(): number {
    if (!this.probes.length) return 0;
    return this.probes.reduce((best, p) => (p.rtt < best.rtt ? p : best)).offset;
  }

  /** Milliseconds left on the room's timer, or null when there is none. */
  timerRemaining(): number | null {
    const timer = this.snapshot?.timer;
    return timer ? remainingMs(timer, this.hostNow()) : null;
  }

  // Commands (the host refuses those that are the facilitator's when we are not).
  setProfile(name: string, colour: string): void {
    this.post({ t: 'profile', name, colour });
  }
  startTimer(seconds: number, label = ''): void {
    this.post({ t: 'timer', op: 'start', seconds, label });
  }
  timerCommand(op: 'pause' | 'resume' | 'stop'): void {
    this.post({ t: 'timer', op });
  }
  addTime(seconds: number): void {
    this.post({ t: 'timer', op: 'add', seconds });
  }
  setChime(on: boolean): void {
    this.post({ t: 'timer', op: 'chime', on });
  }
  shareView(view: RoomView | null): void {
    this.post({ t: 'view', view });
  }
  summon(view: RoomView): void {
    this.post({ t: 'summon', view });
  }
  handOver(to: string): void {
    this.post({ t: 'handover', to });
  }
  claim(token: string): void {
    this.post({ t: 'claim', token });
  }
  openRound(round: RoundConfig): void {
    this.post({ t: 'open-round', round });
  }
  closeRound(id: string, reveal: boolean): void {
    this.post({ t: 'close-round', id, reveal });
  }
  /** Our ballot for the open round (a new one replaces it until the reveal). */
  vote(id: string, ballot: Ballot): void {
    this.post({ t: 'ballot', id, ballot });
  }
  answer(id: string, text: string): void {
    this.post({ t: 'answer', id, text });
  }

  // ---------------------------------------------------------------------------------

  private probe(): void {
    const id = this.nextProbeId++;
    const sent = this.now();
    this.sent.set(id, sent);
    this.post({ t: 'clock', id, sent });
  }

  private clocked(id: number, host: number): void {
    const sent = this.sent.get(id);
    if (sent === undefined) return;
    this.sent.delete(id);
    const received = this.now();
    const rtt = Math.max(0, received - sent);
    // The host read its clock about halfway through the round trip.
    this.probes.push({ rtt, offset: host + rtt / 2 - received });
    if (this.probes.length > KEPT_PROBES) this.probes.shift();
  }

  private post(message: ToHost): void {
    if (!this.closed) this.o.send(encodeRoom(message));
  }
}
