/**
 * The document a peer session syncs, which may come later than the session: a
 * browser learns which tree a workshop edits from the host, after the session has
 * opened, and only then opens that tree (the page's own copy, from IndexedDB); a page
 * that closes the tree keeps its session and attaches the tree again when it reopens.
 *
 * The session keeps the remote side's last state vector (sync step 1, sent once when
 * the session opens), so a document attached later sends what the other side lacks:
 * an older state vector only makes that answer larger. With no document, it also
 * holds the last presence messages, and drops updates: the state vector this side
 * sends when a document is attached brings them again. Nothing is read while held;
 * the document's channel checks each held message as if it had just arrived.
 */
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { DocChannel, type DocChannelOptions } from './doc-channel';
import { asSyncError, type SyncError } from './errors';
import { CHANNEL } from './wire';

/** Presence renews itself every 15 s: the last few messages are enough to keep. */
const MAX_HELD_AWARENESS = 32;
const SYNC_STEP1 = 0;

export type SessionDocOptions = Omit<DocChannelOptions, 'doc' | 'awareness' | 'onOther'> & {
  /** Feeds a held message back through the session's queue; throws when it is full. */
  replay(message: Uint8Array): void;
  onRefused(error: SyncError): void;
};

export class SessionDoc {
  private target: { doc: Y.Doc; awareness: Awareness | null } | null = null;
  private channel: DocChannel | null = null;
  private heldStateVector: Uint8Array | null = null;
  private heldAwareness: Uint8Array[] = [];

  constructor(private readonly o: SessionDocOptions) {}

  /** The channel that syncs the document now, if any (an update's origin). */
  get current(): DocChannel | null {
    return this.channel;
  }

  /** Syncs `doc` from now on, in place of any document before it. */
  attach(doc: Y.Doc, awareness: Awareness | null): void {
    this.detach();
    this.target = { doc, awareness };
    if (this.o.isOpen()) this.start();
  }

  /** The session opened (or the document came while it was open): start syncing. */
  start(): void {
    if (!this.target || this.channel) return;
    const channel: DocChannel = new DocChannel({
      ...this.o,
      ...this.target,
      // A channel replaced meanwhile applies nothing it was still checking.
      isOpen: () => this.o.isOpen() && this.channel === channel,
    });
    this.channel = channel;
    // Refuses a private draft before anything goes out (the session then closes).
    channel.start();
    const held = this.heldStateVector ? [this.heldStateVector] : [];
    try {
      for (const message of held.concat(this.heldAwareness.splice(0)))
        if (this.o.isOpen()) this.o.replay(message);
    } catch (e) {
      this.o.onRefused(asSyncError(e));
    }
  }

  /** Stops syncing the document; the session stays open and holds what comes for one. */
  detach(): void {
    this.target = null;
    this.channel?.stop();
    this.channel = null;
  }

  /** The session closed: the last channel stays, to say whose presence leaves with it. */
  stop(): void {
    this.channel?.stop();
  }

  /** A message on the sync or awareness channel (channel byte first). */
  handle(message: Uint8Array): void | Promise<void> {
    // Kept even while a document syncs: a document attached later answers it. Copies,
    // so that no larger buffer they may be a view of is kept with them.
    if (message[0] === CHANNEL.sync && message[1] === SYNC_STEP1)
      this.heldStateVector = message.slice();
    if (this.channel) return this.channel.handle(message);
    if (
      message[0] === CHANNEL.awareness &&
      this.heldAwareness.push(message.slice()) > MAX_HELD_AWARENESS
    )
      this.heldAwareness.shift();
  }
}
