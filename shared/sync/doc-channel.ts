/**
 * Keeps a Y.Doc and its awareness in step with one remote side, in the standard
 * y-protocols messages: sync step 1 / step 2 / update, and awareness updates. Used
 * inside an authenticated peer session, and between a window and the main process.
 *
 * Input is treated as hostile: every message is parsed with bounds, and updates and
 * state vectors pass the update guard before they reach the document. A bad message
 * throws a SyncError; the caller closes the connection.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { isPrivateDraft, PRIVATE_KEY } from '../model/drafts';
import { ROOT_KEYS } from '../model/schema';
import { awarenessClients } from './awareness-check';
import { SyncError } from './errors';
import type { UpdateGuard } from './update-guard';
import { CHANNEL } from './wire';

const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;

export interface DocChannelOptions {
  doc: Y.Doc;
  awareness: awarenessProtocol.Awareness | null;
  guard: UpdateGuard;
  maxAwarenessBytes: number;
  /** Sends one message: the channel byte, then the payload. */
  send(channel: number, payload: Uint8Array): void;
  /** Whether the connection is still open (checked after each asynchronous guard). */
  isOpen(): boolean;
  /** Messages on channels other than sync and awareness. */
  onOther?(channel: number, payload: Uint8Array): void;
  /**
   * Applies a checked remote update (default: Y.applyUpdate with `origin`). The host of
   * a room passes one that refuses a participant's edits while the tree is locked.
   */
  applyUpdate?(update: Uint8Array, origin: unknown): void;
  /**
   * Whether applyUpdate would apply the next update as it is (default: true): only
   * then may it pass on to the other channels before its transaction ends (relayEarly).
   */
  appliesAsIs?(): boolean;
  /** The channel stopped itself (the document is a private draft); close the connection. */
  onRefused(error: SyncError): void;
}

/**
 * The whole document as one update, encoded once for every peer that arrives with
 * nothing until the document changes: a room of 100 joining a host made it encode a
 * 5,000-node tree (1.5 MB) once each, most of its CPU while they came in.
 */
const wholeStates = new WeakMap<Y.Doc, Uint8Array | null>();

function wholeState(doc: Y.Doc): Uint8Array {
  let whole = wholeStates.get(doc);
  if (whole) return whole;
  // Once per document: any change (deletions too, which leave the state vector as it
  // was) drops the encoded copy.
  if (whole === undefined) doc.on('update', () => wholeStates.set(doc, null));
  whole = Y.encodeStateAsUpdate(doc);
  wholeStates.set(doc, whole);
  return whole;
}

/** The origin of taking back a private mark that a peer set (DocChannel.apply). */
const UNMARK = Symbol('unmark private');

/** Documents whose channels hold every update to the end of the task (holdSends). */
const held = new WeakMap<Y.Doc, number>();

/**
 * Runs `change` while every channel of `doc` holds what it sends until the end of the
 * task, merged into one frame with the rest of the task's updates. A locked room's
 * host applies a participant's edit and undoes it at once (lock-guard.ts): sent as
 * they happen, the edit would reach the others a moment before its undo, and show.
 */
export function holdSends(doc: Y.Doc, change: () => void): void {
  held.set(doc, (held.get(doc) ?? 0) + 1);
  try {
    change();
  } finally {
    const count = held.get(doc)! - 1;
    if (count) held.set(doc, count);
    else held.delete(doc);
  }
}

/** The started channels of each document: where a relayed update goes (relayEarly). */
const channelsOf = new WeakMap<Y.Doc, Set<DocChannel>>();

/** The channel whose update is being applied after it was relayed (its echo is skipped). */
const relaying = new WeakMap<Y.Doc, DocChannel>();

/** A state vector that names no client: the peer has nothing yet. */
const isEmptyStateVector = (stateVector: Uint8Array) =>
  stateVector.length === 1 && stateVector[0] === 0;

export class DocChannel {
  /** Awareness client ids the remote side told us about, to clear when it leaves. */
  readonly remoteClients = new Set<number>();
  private started = false;
  /** Updates made after the first in this task: they go out as one merged frame. */
  private outgoing: Uint8Array[] = [];
  /** Whether an update has gone out in this task (its end sends `outgoing`). */
  private inBurst = false;

  constructor(private readonly o: DocChannelOptions) {}

  /** Subscribes to local changes and asks the remote side for what we lack. */
  start(): void {
    if (this.refusePrivate()) return;
    this.started = true;
    const channels = channelsOf.get(this.o.doc) ?? new Set();
    channelsOf.set(this.o.doc, channels.add(this));
    this.o.doc.on('update', this.onDocUpdate);
    this.o.awareness?.on('update', this.onAwarenessUpdate);
    const step1 = encoding.createEncoder();
    encoding.writeVarUint(step1, SYNC_STEP1);
    encoding.writeVarUint8Array(step1, Y.encodeStateVector(this.o.doc));
    this.o.send(CHANNEL.sync, encoding.toUint8Array(step1));
    const known = this.o.awareness ? [...this.o.awareness.getStates().keys()] : [];
    if (known.length)
      this.o.send(
        CHANNEL.awareness,
        awarenessProtocol.encodeAwarenessUpdate(this.o.awareness!, known),
      );
  }

  stop(): void {
    if (!this.started) return;
    this.started = false;
    this.outgoing = [];
    channelsOf.get(this.o.doc)?.delete(this);
    this.o.doc.off('update', this.onDocUpdate);
    this.o.awareness?.off('update', this.onAwarenessUpdate);
  }

  /**
   * Handles one received message (channel byte first). Throws a SyncError on bad
   * input, or returns a promise (settling the same way) when a guard check has to
   * wait its turn; most messages are handled before this returns.
   */
  handle(message: Uint8Array): void | Promise<void> {
    if (message.length < 1) throw new SyncError('malformed', 'empty message');
    const payload = message.subarray(1);
    switch (message[0]) {
      case CHANNEL.sync:
        return this.handleSync(payload);
      case CHANNEL.awareness:
        return this.handleAwareness(payload);
      default:
        if (!this.o.onOther) throw new SyncError('malformed', `unknown channel ${message[0]}`);
        return this.o.onOther(message[0]!, payload);
    }
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === this) return;
    // Already sent, as it came (relayEarly).
    if (origin !== null && origin === relaying.get(this.o.doc)) return;
    // The first update of a task goes out at once: waiting for the end of the task
    // added 60-80 µs to every edit (the rest of the command's work ran first), and a
    // host relaying a peer's edit has nothing more coming. Many transactions in one
    // task (a paste, a scripted burst) would each be a frame and run into the
    // receiver's frame rate limit: those after the first are merged into one frame,
    // sent at the end of the task, before any timer or I/O callback runs.
    // A peer's update that marked the tree private is about to be taken back (apply):
    // hold it, so that it leaves merged with the undoing, and no channel stops.
    const hold =
      held.has(this.o.doc) || (origin instanceof DocChannel && isPrivateDraft(this.o.doc));
    this.queueUpdate(update, hold);
  };

  private queueUpdate(update: Uint8Array, hold: boolean): void {
    if (!this.inBurst) {
      this.inBurst = true;
      queueMicrotask(this.endBurst);
      if (!hold) return this.sendUpdates([update]);
    }
    this.outgoing.push(update);
  }

  private readonly endBurst = () => {
    this.inBurst = false;
    const updates = this.outgoing;
    this.outgoing = [];
    if (updates.length) this.sendUpdates(updates);
  };

  /**
   * A private draft never leaves this side, whatever the app asked for: this is the
   * one place every sync path (peers, the window's port) goes through. Checked before
   * anything is sent, so not even the first state vector of a draft goes out.
   */
  private refusePrivate(): boolean {
    if (!isPrivateDraft(this.o.doc)) return false;
    this.stop();
    this.outgoing = [];
    this.o.onRefused(new SyncError('privateDraft'));
    return true;
  }

  /**
   * Sends inside the document's update event: what goes wrong there must not unwind
   * into the transaction that made the change (on a host, another peer's update), so
   * it is thrown again on its own, as when sending ran in a microtask.
   */
  private sendUpdates(updates: Uint8Array[]): void {
    try {
      if (!this.started || this.refusePrivate()) return;
      this.o.send(CHANNEL.sync, updateMessage(updates));
    } catch (e) {
      queueMicrotask(() => {
        throw e;
      });
    }
  }

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    if (origin === this) return;
    const changed = [...added, ...updated, ...removed];
    this.o.send(
      CHANNEL.awareness,
      awarenessProtocol.encodeAwarenessUpdate(this.o.awareness!, changed),
    );
  };

  private handleSync(payload: Uint8Array): void | Promise<void> {
    const d = decoding.createDecoder(payload);
    let type: number;
    let body: Uint8Array;
    try {
      type = decoding.readVarUint(d);
      const length = decoding.readVarUint(d);
      if (length !== d.arr.length - d.pos) throw new Error('length mismatch');
      body = decoding.readUint8Array(d, length);
    } catch {
      throw new SyncError('malformed', 'sync message');
    }
    if (type === SYNC_STEP1) {
      if (this.checkedNow('stateVector', body)) return this.answer(body);
      return guarded(() => this.o.guard.checkStateVector(body)).then(() => this.answer(body));
    }
    if (type !== SYNC_STEP2 && type !== SYNC_UPDATE)
      throw new SyncError('malformed', `sync message type ${type}`);
    const relay = type === SYNC_UPDATE;
    if (this.checkedNow('update', body)) return this.apply(body, relay);
    return guarded(() => this.o.guard.checkUpdate(body)).then(() => this.apply(body, relay));
  }

  /** Whether the guard passed `body` at once (false: it has to wait its turn). */
  private checkedNow(kind: 'update' | 'stateVector', body: Uint8Array): boolean {
    if (!this.o.guard.checkNow) return false;
    try {
      return this.o.guard.checkNow(kind, body);
    } catch (e) {
      throw rejected(e);
    }
  }

  /** Sync step 2: what the remote side lacks, for its checked state vector. */
  private answer(stateVector: Uint8Array): void {
    if (!this.o.isOpen() || this.refusePrivate()) return;
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, SYNC_STEP2);
    encoding.writeVarUint8Array(
      e,
      isEmptyStateVector(stateVector)
        ? wholeState(this.o.doc)
        : Y.encodeStateAsUpdate(this.o.doc, stateVector),
    );
    this.o.send(CHANNEL.sync, encoding.toUint8Array(e));
  }

  private apply(update: Uint8Array, relay: boolean): void {
    if (!this.o.isOpen() || this.refusePrivate()) return;
    const doc = this.o.doc;
    const applyIt = () => {
      if (this.o.applyUpdate) this.o.applyUpdate(update, this);
      else Y.applyUpdate(doc, update, this);
    };
    if (!relay || !this.mayRelayEarly()) applyIt();
    else
      try {
        // One transaction around the apply, so that the update can leave once Yjs has
        // integrated it and before the transaction ends (relayEarly). Not local, as
        // Y.applyUpdate's own is not.
        Y.transact(doc, () => this.relayEarly(update, applyIt), this, false);
      } finally {
        relaying.delete(doc);
      }
    // A draft is private from the moment it is made, on its own machine. A shared tree
    // that a peer marks private would close every session on every copy, for good (the
    // mark is in the document): the mark is taken back, and the peer refused.
    if (isPrivateDraft(this.o.doc)) {
      this.o.doc.transact(() => this.o.doc.getMap(ROOT_KEYS.meta).delete(PRIVATE_KEY), UNMARK);
      throw new SyncError('updateRejected', 'a peer marked the shared tree private');
    }
  }

  /**
   * Whether a checked update may be passed on before its transaction ends: the
   * document's update (and the log's append, its first listener) comes only after the
   * transaction's observers, and a host relaying a peer's edit sent it only then.
   * Not while a room's lock may undo it (it is applied and undone in one task), nor
   * while the document holds updates that wait for missing ones (applying this one
   * may release them, and they would not go out).
   */
  private mayRelayEarly(): boolean {
    const doc = this.o.doc;
    const others = channelsOf.get(doc);
    if (!others || others.size < 2 || held.has(doc) || relaying.has(doc)) return false;
    if (doc.store.pendingStructs || doc.store.pendingDs) return false;
    return !this.o.appliesAsIs || this.o.appliesAsIs();
  }

  /**
   * Applies the update inside the caller's transaction, then, once Yjs has integrated
   * all of it, passes it on as it came to the document's other channels; the
   * transaction's own update is then not sent (onDocUpdate). An update that Yjs
   * cannot integrate throws before anything is passed on; one that left parts waiting
   * for others, or that marked the tree private (taken back in apply), is not passed
   * on: the document's update event sends what was kept, as before.
   */
  private relayEarly(update: Uint8Array, applyIt: () => void): void {
    const doc = this.o.doc;
    applyIt();
    if (doc.store.pendingStructs || doc.store.pendingDs || isPrivateDraft(doc)) return;
    relaying.set(doc, this);
    for (const channel of channelsOf.get(doc)!) if (channel !== this) channel.relay(update);
  }

  /** Sends an update another channel received, ahead of its own echo (relayEarly). */
  private relay(update: Uint8Array): void {
    if (this.started) this.queueUpdate(update, false);
  }

  private handleAwareness(payload: Uint8Array): void {
    if (!this.o.awareness) return;
    if (payload.length > this.o.maxAwarenessBytes)
      throw new SyncError('frameTooLarge', 'awareness');
    const clients = awarenessClients(payload);
    for (const c of clients) if (c !== this.o.doc.clientID) this.remoteClients.add(c);
    awarenessProtocol.applyAwarenessUpdate(this.o.awareness, payload, this);
  }
}

/**
 * The last single-update message built: a host's channels (one per peer) all send the
 * update a peer sent it to every other peer, and build it once. The same bytes object
 * also lets the session reuse its parts (peer-session.ts).
 */
let lastUpdate: Uint8Array | null = null;
let lastMessage: Uint8Array | null = null;

function updateMessage(updates: Uint8Array[]): Uint8Array {
  if (updates.length === 1 && updates[0] === lastUpdate) return lastMessage!;
  const update = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, SYNC_UPDATE);
  encoding.writeVarUint8Array(e, update);
  const message = encoding.toUint8Array(e);
  if (updates.length === 1) {
    lastUpdate = update;
    lastMessage = message;
  }
  return message;
}

async function guarded(check: () => Promise<void>): Promise<void> {
  try {
    await check();
  } catch (e) {
    throw rejected(e);
  }
}

function rejected(e: unknown): SyncError {
  return e instanceof SyncError
    ? e
    : new SyncError('updateRejected', String((e as Error).message ?? e));
}
