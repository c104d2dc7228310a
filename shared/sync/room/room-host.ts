import { randomBytes } from '@noble/hashes/utils.js';

/**
 * The room as the workshop's host keeps it: who is here (by identity, identity.ts),
 * who facilitates, the timer and where the facilitator is, told to every participant
 * as a snapshot whenever it changes. The host is the one authority: only the
 * facilitator's connection may run the timer, move everyone or hand the role over,
 * and a participant is known by a key only after signing this very session's binding.
 *
 * No Node or DOM: a host (electron/peer) gives it links and a clock. Links are the
 * sessions to participants (PeerSession.sendRoom) and, on the desktop, the host's own
 * window, which is trusted with the local identity.
 */
import { verifyBinding } from './identity';
import {
  decodeToHost,
  encodeRoom,
  encodeSharedSnapshot,
  encodeSnapshot,
  type RoomPerson,
  type RoomSnapshot,
  type RoomTimer,
  type RoomView,
  type ToHost,
  type ToParticipant,
} from './messages';
import { roomRefusal, type RoomErrorKey } from './room-errors';
import {
  announced,
  ballotProblem,
  MAX_ANSWERS_EACH,
  tally,
  type Ballot,
  type RoundConfig,
  type RoundResult,
} from './rounds';
import { addTime, pauseTimer, resumeTimer, startTimer } from './timer';

export interface RoomLink {
  send(payload: Uint8Array): void;
  /** The session's binding (PeerSession.binding); a remote participant signs it. */
  binding: Uint8Array | null;
}

/** What the host keeps on its disk so a restart loses no ballot (sealed there by the host app). */
export interface SavedRoom {
  round: {
    id: string;
    config: RoundConfig;
    ballots: [string, Ballot][];
    /** Shuffled when saved; nothing links an answer to its author. */
    answers: string[];
    /** How many answers each person gave (for the count shown and the limit), not which. */
    answered: [string, number][];
  } | null;
}

export interface RoomHostOptions {
  now?: () => number;
  /** What a previous run saved (a round under way). */
  saved?: SavedRoom | null;
  /** Called after every change of the round's ballots or answers: keep it on disk. */
  save?(room: SavedRoom): void;
  /**
   * A round was revealed: write its result into the document (roundRecord in
   * rounds.ts; `nameOf` names the voters of an open vote, and no one else).
   */
  onReveal?(
    id: string,
    config: RoundConfig,
    result: RoundResult,
    nameOf: (key: string) => string,
  ): void;
  /** Random bytes, for round ids and the order answers are revealed in. */
  random?(n: number): Uint8Array;
  /** The facilitator's key, when known (the desktop host's own, or one kept on disk). */
  facilitator?: string | null;
  /** Whoever shows this token (printed by the headless host) becomes the facilitator. */
  claimToken?: string | null;
  /** The facilitator changed (to keep it on disk). */
  onFacilitator?(key: string | null): void;
}

export interface RoomConnection {
  /** A message from this link; a malformed one throws a SyncError (the caller closes). */
  receive(payload: Uint8Array): void;
  /** Whether this link has proved it is the facilitator (what the lock lets edit). */
  isFacilitator(): boolean;
  /** Tells this link why the host did not do what it asked. */
  refuse(key: RoomErrorKey, detail?: string): void;
  close(): void;
}

interface Person {
  key: string;
  name: string;
  colour: string;
  links: Set<Connection>;
}

interface Connection {
  link: RoomLink;
  key: string | null;
}

interface OpenRound {
  id: string;
  config: RoundConfig;
  ballots: Map<string, Ballot>;
  answers: string[];
  answered: Map<string, number>;
}

const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

export class RoomHost {
  private readonly now: () => number;
  private readonly people = new Map<string, Person>();
  private readonly connections = new Set<Connection>();
  private facilitator: string | null;
  private timer: RoomTimer | null = null;
  private view: RoomView | null = null;
  private summons = 0;
  private broadcastScheduled = false;
  private round: OpenRound | null = null;

  constructor(private readonly o: RoomHostOptions = {}) {
    this.now = o.now ?? Date.now;
    this.facilitator = o.facilitator ?? null;
    const saved = o.saved?.round;
    if (saved)
      this.round = {
        id: saved.id,
        config: saved.config,
        ballots: new Map(saved.ballots),
        answers: saved.answers,
        answered: new Map(saved.answered),
      };
  }

  get facilitatorKey(): string | null {
    return this.facilitator;
  }

  /** A participant's session (or the host's own window, given `local`). */
  connect(link: RoomLink, local?: { key: string; name: string; colour: string }): RoomConnection {
    const connection: Connection = { link, key: null };
    this.connections.add(connection);
    if (local) this.identified(connection, local.key, local.name, local.colour);
    return {
      receive: (payload) => this.receive(connection, decodeToHost(payload)),
      isFacilitator: () => connection.key !== null && connection.key === this.facilitator,
      refuse: (key, detail) => this.refuse(connection, key, detail),
      close: () => {
        if (!this.connections.delete(connection)) return;
        if (connection.key) this.people.get(connection.key)?.links.delete(connection);
        this.changed();
      },
    };
  }

  /** What a given participant is told. */
  snapshot(key: string): ToParticipant {
    return { t: 'room', you: key, ...this.shared(), mine: this.mine(key) };
  }

  /** What every participant's snapshot has in common. */
  private shared(): Omit<RoomSnapshot, 't' | 'you' | 'mine'> {
    const people: RoomPerson[] = [...this.people.values()].map((p) => ({
      key: p.key,
      name: p.name,
      colour: p.colour,
      online: p.links.size > 0,
    }));
    return {
      facilitator: this.facilitator,
      people,
      timer: this.timer,
      view: this.view,
      round: this.round && {
        id: this.round.id,
        config: this.round.config,
        voters:
          this.round.config.kind === 'prompt' ? this.round.answered.size : this.round.ballots.size,
      },
    };
  }

  /** A participant's own part in the open round. */
  private mine(key: string): RoomSnapshot['mine'] {
    return (
      this.round && {
        ballot: this.round.ballots.get(key) ?? null,
        answers: this.round.answered.get(key) ?? 0,
      }
    );
  }

  // ---------------------------------------------------------------------------------

  private receive(c: Connection, message: ToHost): void {
    if (message.t === 'clock')
      return this.send(c, { t: 'clock', id: message.id, sent: message.sent, host: this.now() });
    if (message.t === 'identify') {
      if (!c.link.binding || !verifyBinding(message.key, c.link.binding, message.sig))
        return this.refuse(c, 'badIdentity');
      return this.identified(c, message.key, message.name, message.colour);
    }
    if (!c.key) return this.refuse(c, 'notIdentified');
    const person = this.people.get(c.key)!;
    switch (message.t) {
      case 'profile':
        person.name = message.name;
        person.colour = message.colour;
        return this.changed();
      case 'claim':
        if (!this.o.claimToken || message.token !== this.o.claimToken)
          return this.refuse(c, 'badClaim');
        return this.setFacilitator(c.key);
      case 'ballot':
      case 'answer':
        return this.take(c, c.key, message);
    }
    if (c.key !== this.facilitator) return this.refuse(c, 'notFacilitator');
    switch (message.t) {
      case 'timer':
        this.timer = this.nextTimer(message);
        return this.changed();
      case 'view':
        this.view = message.view;
        return this.changed();
      case 'summon':
        this.view = message.view;
        this.summons++;
        for (const other of this.connections)
          if (other.key && other.key !== c.key)
            this.send(other, { t: 'summon', seq: this.summons, view: message.view });
        return this.changed();
      case 'handover':
        if (!this.people.has(message.to)) return this.refuse(c, 'unknownParticipant');
        return this.setFacilitator(message.to);
      case 'open-round':
        if (this.round) return this.refuse(c, 'roundOpen');
        this.round = {
          id: hex(this.random(8)),
          config: message.round,
          ballots: new Map(),
          answers: [],
          answered: new Map(),
        };
        this.saveRound();
        return this.changed();
      case 'close-round':
        return this.closeRound(c, message.id, message.reveal);
    }
  }

  /** A participant's ballot or answer: checked against the open round, kept, never passed on. */
  private take(c: Connection, key: string, m: Extract<ToHost, { t: 'ballot' | 'answer' }>): void {
    const round = this.round;
    if (!round || round.id !== m.id) return this.refuse(c, 'noSuchRound');
    if (m.t === 'answer') {
      if (round.config.kind !== 'prompt') return this.refuse(c, 'badBallot');
      const given = round.answered.get(key) ?? 0;
      if (given >= MAX_ANSWERS_EACH) return this.refuse(c, 'tooManyAnswers');
      round.answered.set(key, given + 1);
      round.answers.push(m.text);
    } else {
      const problem = ballotProblem(round.config, m.ballot);
      if (problem) return this.refuse(c, 'badBallot', problem);
      round.ballots.set(key, m.ballot);
    }
    this.saveRound();
    this.changed();
  }

  private closeRound(c: Connection, id: string, reveal: boolean): void {
    const round = this.round;
    if (!round || round.id !== id) return this.refuse(c, 'noSuchRound');
    this.round = null;
    if (reveal) {
      const result = tally(round.config, round.ballots, round.answers, (items) =>
        this.shuffle(items),
      );
      this.o.onReveal?.(
        round.id,
        round.config,
        result,
        (key) => this.people.get(key)?.name ?? 'Someone',
      );
      const told = announced(result);
      for (const other of this.connections)
        if (other.key)
          this.send(other, {
            t: 'revealed',
            id: round.id,
            title: round.config.title,
            result: told,
          });
    }
    this.saveRound();
    this.changed();
  }

  private saveRound(): void {
    const r = this.round;
    this.o.save?.({
      round: r && {
        id: r.id,
        config: r.config,
        ballots: [...r.ballots],
        answers: this.shuffle([...r.answers]),
        answered: [...r.answered],
      },
    });
  }

  private random(n: number): Uint8Array {
    return this.o.random?.(n) ?? randomBytes(n);
  }

  /** Fisher–Yates with the host's random bytes. */
  private shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const bytes = this.random(4);
      const j =
        (((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0) % (i + 1);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }

  private nextTimer(m: Extract<ToHost, { t: 'timer' }>): RoomTimer | null {
    const now = this.now();
    const t = this.timer;
    switch (m.op) {
      case 'start':
        return startTimer(now, m.seconds ?? 300, m.label ?? '', t?.chime ?? true);
      case 'pause':
        return t && pauseTimer(t, now);
      case 'resume':
        return t && resumeTimer(t, now);
      case 'add':
        return t ? addTime(t, m.seconds ?? 60, now) : startTimer(now, m.seconds ?? 60, '', true);
      case 'stop':
        return null;
      case 'chime':
        return t && { ...t, chime: m.on ?? !t.chime };
    }
  }

  private identified(c: Connection, key: string, name: string, colour: string): void {
    if (c.key && c.key !== key) this.people.get(c.key)?.links.delete(c);
    c.key = key;
    let person = this.people.get(key);
    if (!person) {
      person = { key, name, colour, links: new Set() };
      this.people.set(key, person);
    }
    person.name = name;
    person.colour = colour;
    person.links.add(c);
    this.changed();
  }

  private setFacilitator(key: string): void {
    if (this.facilitator === key) return this.changed();
    this.facilitator = key;
    this.o.onFacilitator?.(key);
    this.changed();
  }

  private refuse(c: Connection, key: RoomErrorKey, detail?: string): void {
    this.send(c, roomRefusal(key, detail));
  }

  private send(c: Connection, message: ToParticipant): void {
    c.link.send(encodeRoom(message));
  }

  /**
   * Everyone gets the new snapshot once, however many changes this task made. What
   * they share (the people above all: 15 kB for 100) is encoded once, not once each:
   * with 100 people a change took 7.7 ms of the host's event loop, every edit waiting.
   */
  private changed(): void {
    if (this.broadcastScheduled) return;
    this.broadcastScheduled = true;
    queueMicrotask(() => {
      this.broadcastScheduled = false;
      const shared = encodeSharedSnapshot(this.shared());
      for (const c of this.connections)
        if (c.key) c.link.send(encodeSnapshot(c.key, this.mine(c.key), shared));
    });
  }
}
