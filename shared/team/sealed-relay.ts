/**
 * The far end of the real document's DocChannel when it syncs through a team server.
 * The real document is linked over a port (linkDocOverPort, the same DocChannel as
 * every other sync path, so a private draft is refused before anything goes out,
 * CANOPY-111). This relay answers that channel's y-protocols messages from the
 * envelope document, which the Hocuspocus provider keeps in step with the server:
 *
 * - a change of the real document (sync update) is sealed and pushed as a blob;
 * - a blob that arrives in the envelope is opened, passes the update guard and goes to
 *   the real document as a sync update; one that does not open, or does not pass, is
 *   ignored and counted (CANOPY-407 / 411): the tree is untouched and nothing is lost;
 * - once the envelope has synced with the server, the key is checked (blobs there but
 *   none opens: the wrong key, CANOPY-406, and nothing is ever written), then the relay
 *   asks the real document for what the envelope lacks (its state vector as sync step
 *   1) and pushes the answer;
 * - with many blobs, it compacts: one sealed snapshot of everything opened replaces
 *   the blobs it covers, in one transaction, so a new member downloads little.
 *
 * Presence (awareness) is not relayed: it stays off the server.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type { PortLike } from '../sync/port-link';
import type { UpdateGuard } from '../sync/update-guard';
import { CHANNEL } from '../sync/wire';
import { DEFAULT_MAX_UPDATE_BYTES, ENVELOPE_ARRAY } from './envelope';
import { TeamError } from './errors';
import { BLOB_KIND, BLOB_OVERHEAD_BYTES, type BlobKind, type Sealer } from './sealing';

const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;
const EMPTY_UPDATE = new Uint8Array([0, 0]);

export type RelayEvent =
  | { type: 'live' }
  | { type: 'wrongKey'; error: TeamError }
  | { type: 'refused'; error: TeamError; total: number }
  | { type: 'tooLarge'; error: TeamError }
  | { type: 'pushed' }
  | { type: 'acknowledged' }
  | { type: 'compacted'; removed: number };

export interface SealedRelayOptions {
  envelope: Y.Doc;
  sealer: Sealer;
  /** Checks every opened change before it goes to the real document. */
  guard: UpdateGuard;
  /** This relay's end of the port whose other end the real document's DocChannel holds. */
  port: PortLike;
  /** Blobs in the envelope before this app compacts them (default 64). */
  compactAfter?: number;
  /** Compaction waits a random time up to this (ms), so members rarely compact at once. */
  compactDelayMs?: number;
  maxBlobBytes?: number;
  onEvent(event: RelayEvent): void;
}

interface Push {
  /** The envelope's clock for this app after the push: acknowledged once committed covers it. */
  clockEnd: number;
  /** The real document's clocks the pushed change reaches. */
  reaches: Map<number, number>;
}

export class SealedRelay {
  private state: 'waiting' | 'live' | 'stopped' = 'waiting';
  private goingLive = false;
  private readonly blobs: Y.Array<Uint8Array>;
  /** Blobs whose content is in the merged plaintext, or that were refused: compactable. */
  private readonly processed = new Set<Uint8Array>();
  /** Blobs that did not open or did not pass the guard. */
  private readonly refusedSet = new WeakSet<Uint8Array>();
  private opened = 0;
  private refused = 0;
  private checking = 0;
  private queue: Promise<void> = Promise.resolve();
  /** Everything in the envelope that opened and passed, as one update plus newer pieces. */
  private merged: Uint8Array | null = null;
  private fresh: Uint8Array[] = [];
  private pushes: Push[] = [];
  private readonly acked = new Map<number, number>();
  private ackWaiters: Array<{ resolve(): void; reject(e: Error): void }> = [];
  /** The going-live exchange is done: what the tree had then is pushed. */
  private uploaded = false;
  private compactTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly compactAfter: number;
  private readonly maxBlobBytes: number;

  constructor(private readonly o: SealedRelayOptions) {
    this.compactAfter = Math.max(2, o.compactAfter ?? 64);
    this.maxBlobBytes = o.maxBlobBytes ?? DEFAULT_MAX_UPDATE_BYTES;
    this.blobs = o.envelope.getArray<Uint8Array>(ENVELOPE_ARRAY);
    this.blobs.observe(this.onEnvelope);
    o.port.onmessage = (event) => this.fromDoc(event.data as Uint8Array);
    if (this.blobs.length) this.receive(this.blobs.toArray());
  }

  get isLive(): boolean {
    return this.state === 'live';
  }

  /** Sealed changes this app pushed that the server has not committed yet. */
  get unacknowledged(): number {
    return this.pushes.length;
  }

  get refusedBlobs(): number {
    return this.refused;
  }

  /** The real document's state vector that the server has committed for this app. */
  acknowledgedState(): Map<number, number> {
    return new Map(this.acked);
  }

  /**
   * Resolves once the server has committed what the tree held when this relay went
   * live and everything pushed since; rejects if the relay stops first.
   */
  whenAcknowledged(): Promise<void> {
    if (this.state === 'stopped') return Promise.reject(new Error('the connection closed'));
    if (this.uploaded && !this.pushes.length) return Promise.resolve();
    return new Promise((resolve, reject) => this.ackWaiters.push({ resolve, reject }));
  }

  /**
   * The envelope has synced with the server: check the key, then ask the real document
   * for what the envelope lacks. Later calls (after a reconnect) change nothing: the
   * provider resends what the server lacks by itself.
   */
  envelopeSynced(): void {
    if (this.state !== 'waiting' || this.goingLive) return;
    if (this.blobs.length > 0 && this.opened === 0) {
      this.stop();
      this.o.onEvent({ type: 'wrongKey', error: new TeamError('wrongKey') });
      return;
    }
    this.goingLive = true;
    // What arrived with the sync is opened and checked first: asking the real document
    // for what the envelope lacks before that would push everything back.
    void this.queue.then(() => {
      if (this.state !== 'waiting') return;
      this.state = 'live';
      this.o.onEvent({ type: 'live' });
      const current = this.current();
      this.toDoc(
        SYNC_STEP1,
        current ? Y.encodeStateVectorFromUpdate(current) : Y.encodeStateVector(new Y.Doc()),
      );
    });
  }

  /** The server's committed state vector of the envelope. */
  acknowledge(committed: Map<number, number>): void {
    const clock = committed.get(this.o.envelope.clientID) ?? 0;
    let changed = false;
    while (this.pushes.length && this.pushes[0]!.clockEnd <= clock) {
      for (const [client, to] of this.pushes.shift()!.reaches)
        if ((this.acked.get(client) ?? 0) < to) this.acked.set(client, to);
      changed = true;
    }
    if (!changed) return;
    this.settleWaiters();
    this.o.onEvent({ type: 'acknowledged' });
  }

  stop(): void {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    this.blobs.unobserve(this.onEnvelope);
    if (this.compactTimer !== null) clearTimeout(this.compactTimer);
    this.compactTimer = null;
    this.o.port.onmessage = null;
    this.o.port.close();
    for (const w of this.ackWaiters.splice(0)) w.reject(new Error('the connection closed'));
  }

  private settleWaiters(): void {
    if (this.uploaded && !this.pushes.length)
      for (const w of this.ackWaiters.splice(0)) w.resolve();
  }

  // --- from the envelope -----------------------------------------------------------

  private readonly onEnvelope = (event: Y.YArrayEvent<Uint8Array>, tr: Y.Transaction) => {
    if (tr.origin === this) return;
    const added: unknown[] = [];
    for (const item of event.changes.added)
      if (!item.deleted) added.push(...item.content.getContent());
    if (added.length) this.receive(added);
  };

  private receive(blobs: unknown[]): void {
    const opened: Array<{ blob: Uint8Array; plaintext: Uint8Array }> = [];
    let failed = 0;
    for (const blob of blobs) {
      const result = blob instanceof Uint8Array ? this.o.sealer.open(blob) : null;
      if (result) opened.push({ blob: blob as Uint8Array, plaintext: result.plaintext });
      else {
        if (blob instanceof Uint8Array) {
          this.processed.add(blob);
          this.refusedSet.add(blob);
        }
        failed++;
      }
    }
    if (failed) this.refuse('sealedRefused', failed);
    if (!opened.length) return;
    this.opened += opened.length;
    this.checking++;
    this.queue = this.queue
      .then(async () => {
        const good: Uint8Array[] = [];
        let unreadable = 0;
        for (const { blob, plaintext } of opened) {
          try {
            await this.o.guard.checkUpdate(plaintext);
            good.push(plaintext);
          } catch {
            unreadable++;
            this.refusedSet.add(blob);
          }
          this.processed.add(blob);
        }
        if (unreadable) this.refuse('unreadableChange', unreadable);
        if (!good.length || this.state === 'stopped') return;
        this.fresh.push(...good);
        this.toDoc(SYNC_UPDATE, good.length === 1 ? good[0]! : Y.mergeUpdates(good));
      })
      .finally(() => {
        this.checking--;
        this.scheduleCompaction();
      });
  }

  private refuse(key: 'sealedRefused' | 'unreadableChange', count: number): void {
    this.refused += count;
    this.o.onEvent({
      type: 'refused',
      error: new TeamError(key, `${this.refused} in all`),
      total: this.refused,
    });
  }

  // --- from the real document --------------------------------------------------------

  private fromDoc(message: Uint8Array): void {
    if (this.state === 'stopped' || message[0] !== CHANNEL.sync) return;
    const d = decoding.createDecoder(message.subarray(1));
    const type = decoding.readVarUint(d);
    const body = decoding.readVarUint8Array(d);
    if (type === SYNC_STEP1) {
      const current = this.current();
      this.toDoc(SYNC_STEP2, current ? Y.diffUpdate(current, body) : EMPTY_UPDATE);
    } else if (this.state === 'live') {
      // Before the key check, changes wait in the real document: the step-1 exchange
      // at going live sends everything the envelope lacks.
      if (type === SYNC_STEP2) {
        this.pushIfNew(body);
        this.uploaded = true;
        this.settleWaiters();
      } else if (type === SYNC_UPDATE) this.push(BLOB_KIND.update, body);
    }
  }

  private pushIfNew(update: Uint8Array): void {
    // What a member who joined an existing tree answers: nothing the envelope lacks.
    // Deciding that by decoding the envelope's whole content cost ~130 ms of a
    // 5,000-node tree's join, on the thread that shows it (BENCHMARKS.md, team).
    if (isEmptyUpdate(update)) return;
    const current = this.current();
    if (current) {
      const known = Y.createSnapshot(
        Y.decodeUpdate(current).ds,
        Y.decodeStateVector(Y.encodeStateVectorFromUpdate(current)),
      );
      if (Y.snapshotContainsUpdate(known, update)) return;
    }
    this.push(BLOB_KIND.update, update);
  }

  private push(kind: BlobKind, update: Uint8Array, remove: number[] = []): boolean {
    if (update.length + BLOB_OVERHEAD_BYTES > this.maxBlobBytes) {
      this.o.onEvent({
        type: 'tooLarge',
        error: new TeamError('updateTooLarge', `${update.length} bytes`),
      });
      return false;
    }
    const blob = this.o.sealer.seal(kind, update);
    this.o.envelope.transact(() => {
      for (let i = remove.length - 1; i >= 0; i--) this.blobs.delete(remove[i]!, 1);
      this.blobs.push([blob]);
    }, this);
    // Yjs stores a copy of the bytes: remember the stored one, the last in the array.
    this.processed.add(this.blobs.get(this.blobs.length - 1));
    if (kind === BLOB_KIND.snapshot) {
      this.merged = update;
      this.fresh = [];
    } else this.fresh.push(update);
    this.pushes.push({
      clockEnd: Y.getState(this.o.envelope.store, this.o.envelope.clientID),
      reaches: Y.parseUpdateMeta(update).to,
    });
    this.o.onEvent({ type: 'pushed' });
    this.scheduleCompaction();
    return true;
  }

  // --- compaction ---------------------------------------------------------------------

  private scheduleCompaction(): void {
    if (this.state !== 'live' || this.compactTimer !== null) return;
    // Whether it is worth it is asked when the timer fires (compact), not on every change.
    if (this.blobs.length < this.compactAfter) return;
    this.compactTimer = setTimeout(
      () => {
        this.compactTimer = null;
        this.compact();
      },
      Math.random() * (this.o.compactDelayMs ?? 2000),
    );
  }

  /** One sealed snapshot of everything opened replaces every blob it covers. */
  private compact(): void {
    if (this.state !== 'live' || this.checking > 0) return;
    const all = this.blobs.toArray();
    const covered: number[] = [];
    all.forEach((blob, i) => this.processed.has(blob) && covered.push(i));
    if (covered.length < this.compactAfter || !this.worthCompacting(all)) return;
    const snapshot = this.current() ?? EMPTY_UPDATE;
    // A snapshot over the server's size limit is not sent: the blobs stay as they are,
    // which costs new members time, not data.
    if (snapshot.length + BLOB_OVERHEAD_BYTES > this.maxBlobBytes) return;
    if (!this.push(BLOB_KIND.snapshot, snapshot, covered)) return;
    for (const i of covered) this.processed.delete(all[i]!);
    this.o.onEvent({ type: 'compacted', removed: covered.length });
  }

  /**
   * Whether a new snapshot is worth what it costs. Every member decodes it whole: for
   * a 5,000-node tree (1.5 MB) about 150 ms on each member's main thread, and about
   * 200 ms more for the member who makes it (merge, seal, and reading what it covers).
   * Made after every `compactAfter` blobs, that froze every member's app every few
   * dozen edits. So the blobs besides the largest (the last snapshot, or the tree as
   * it was first pushed) must add up to a quarter of it, or there must be 16 times
   * `compactAfter` of them (a new member opens each one). A refused blob (one that did
   * not open or pass) counts for nothing but a reason to compact: it goes with the
   * next snapshot, and a large one cannot put compaction off.
   */
  private worthCompacting(blobs: unknown[]): boolean {
    if (blobs.length >= this.compactAfter * 16) return true;
    let total = 0;
    let largest = 0;
    for (const blob of blobs) {
      if (!(blob instanceof Uint8Array)) continue;
      if (this.refusedSet.has(blob)) return true;
      total += blob.length;
      if (blob.length > largest) largest = blob.length;
    }
    return (total - largest) * 4 >= largest;
  }

  /** Everything opened and pushed so far, as one update (null: nothing yet). */
  private current(): Uint8Array | null {
    if (this.fresh.length) {
      this.merged = Y.mergeUpdates(this.merged ? [this.merged, ...this.fresh] : this.fresh);
      this.fresh = [];
    }
    return this.merged;
  }

  private toDoc(type: number, body: Uint8Array): void {
    if (this.state === 'stopped') return;
    const e = encoding.createEncoder();
    encoding.writeUint8(e, CHANNEL.sync);
    encoding.writeVarUint(e, type);
    encoding.writeVarUint8Array(e, body);
    this.o.port.postMessage(encoding.toUint8Array(e));
  }
}

/** No structs and no deletions: EMPTY_UPDATE, the two bytes Yjs writes for "nothing". */
const isEmptyUpdate = (update: Uint8Array) =>
  update.length === EMPTY_UPDATE.length && update.every((b, i) => b === EMPTY_UPDATE[i]);
