/**
 * One authenticated, encrypted connection between two workshop peers, over any
 * transport that carries binary messages in order (a WebSocket in Node or in a
 * browser). It runs the CPace handshake, then keeps a Y.Doc and its awareness in
 * step with the peer using the standard y-protocols messages.
 *
 * Everything received is bounded before it is looked at: frame size, frames and
 * bytes per second, queued frames, and every Yjs update or state vector passes the
 * update guard before it reaches the document. Any violation closes the connection
 * with a numbered reason; the document is never touched by rejected input.
 */
import { randomBytes } from '@noble/hashes/utils.js';
import { asSyncError, SyncError } from './errors';
import {
  confirmationTag,
  cpaceKeys,
  cpaceShare,
  lvCat,
  sessionBinding,
  tagsEqual,
  toHex,
  type CPaceSecret,
} from './pake';
import { TokenBucket } from './rate-limit';
import { SessionDoc } from './session-doc';
import { decodeWorkshopInfo, encodeWorkshopInfo, type WorkshopInfo } from './workshop-info';
import { PartJoiner, partsOf } from './message-parts';
import { SecureChannel } from './secure-channel';
import type { SessionOptions, Transport } from './session-options';
import {
  CHANNEL,
  CLOSE_CODE,
  CONFIRM_AT,
  CONFIRM_BYTES,
  DEFAULT_LIMITS,
  errorKeyForCloseCode,
  FRAME,
  HELLO_AT,
  HELLO_BYTES,
  MAX_WIRE_FRAME_BYTES,
  PROTOCOL_VERSION,
  REPLY_AT,
  REPLY_BYTES,
  SID_BYTES,
  type Limits,
} from './wire';

export type { SessionOptions, Transport, WorkshopInfo };

type State = 'handshake' | 'open' | 'closed';

export class PeerSession {
  readonly limits: Limits;
  remoteId: string | null = null;
  /**
   * A value both ends of this session know and no other session has (a hash of the
   * handshake transcript): signing it proves a key's owner is on this session, not
   * replaying another (room/identity.ts). Set when the handshake completes.
   */
  binding: Uint8Array | null = null;
  private state: State = 'handshake';
  private secret: CPaceSecret | null = null;
  private sid: Uint8Array | null = null;
  private helloShare: Uint8Array | null = null;
  private expectedConfirm: Uint8Array | null = null;
  private channel: SecureChannel | null = null;
  private readonly frames: TokenBucket;
  private readonly bytes: TokenBucket;
  private queue: Promise<void> = Promise.resolve();
  private queued = 0;
  private queuedBytes = 0;
  /** Parts of a message that spans several frames, until its last part arrives. */
  private readonly joiner: PartJoiner;
  private readonly timer: ReturnType<typeof setTimeout>;
  /** The document this session syncs: attached later in a browser (session-doc.ts). */
  readonly doc: SessionDoc;
  /** A hello is waiting for its turn to be answered. */
  private helloWaiting = false;

  constructor(
    private readonly transport: Transport,
    private readonly opts: SessionOptions,
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.doc = new SessionDoc({
      guard: opts.guard,
      maxAwarenessBytes: this.limits.maxAwarenessBytes,
      send: (channel, payload) => this.sendChannel(channel, payload),
      isOpen: () => this.state === 'open',
      onRefused: (e) => this.fail(e),
      applyUpdate:
        opts.applyUpdate && ((update, origin) => opts.applyUpdate!(update, origin, this)),
      appliesAsIs: opts.appliesAsIs,
      replay: (message) => this.enqueue(message),
    });
    if (opts.doc) this.doc.attach(opts.doc, opts.awareness);
    this.joiner = new PartJoiner(this.limits, () => this.queuedBytes);
    this.frames = new TokenBucket(this.limits.framesPerSecond, this.limits.framesPerSecond * 2);
    this.bytes = new TokenBucket(this.limits.bytesPerSecond, this.limits.bytesPerSecond * 2);
    this.timer = setTimeout(
      () => this.fail(new SyncError('timeout')),
      this.limits.handshakeTimeoutMs,
    );
    if (opts.role === 'initiator') this.sendHello();
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  /** Feeds one received frame. Never throws: bad input closes the session. */
  receive(frame: Uint8Array): void {
    if (this.state === 'closed') return;
    try {
      if (frame.length > MAX_WIRE_FRAME_BYTES)
        throw new SyncError('frameTooLarge', `a frame of ${frame.length} bytes`);
      if (!this.frames.take() || !this.bytes.take(frame.length)) throw new SyncError('rateLimited');
      if (this.state === 'handshake') this.handshake(frame);
      else {
        const message = this.joiner.add(this.channel!.open(frame));
        if (message) this.enqueue(message);
      }
    } catch (e) {
      this.fail(asSyncError(e));
    }
  }

  /** The transport closed under us (network loss, peer quit). */
  transportClosed(code?: number): void {
    if (this.state === 'closed') return;
    const key = code ? errorKeyForCloseCode(code) : null;
    this.finish(key ? new SyncError(key, 'reported by the peer') : null);
  }

  close(): void {
    if (this.state === 'closed') return;
    this.transport.close(1000, 'bye');
    this.finish(null);
  }

  // --- handshake -------------------------------------------------------------------

  private ids(initiatorId: Uint8Array, responderId: Uint8Array | null): Uint8Array {
    // The generator binds the initiator's id; the transcript binds both.
    return responderId ? lvCat(initiatorId, responderId) : lvCat(initiatorId);
  }

  private sendHello(): void {
    this.sid = randomBytes(SID_BYTES);
    this.secret = cpaceShare(this.opts.code, this.sid, this.ids(this.opts.peerId, null));
    this.helloShare = this.secret.share;
    const hello = new Uint8Array(HELLO_BYTES);
    hello[0] = FRAME.hello;
    hello[HELLO_AT.version] = PROTOCOL_VERSION;
    hello.set(this.sid, HELLO_AT.sid);
    hello.set(this.opts.peerId, HELLO_AT.id);
    hello.set(this.secret.share, HELLO_AT.share);
    this.transport.send(hello);
  }

  private handshake(frame: Uint8Array): void {
    const type = frame[0];
    if (
      this.opts.role === 'responder' &&
      type === FRAME.hello &&
      !this.secret &&
      !this.helloWaiting
    ) {
      if (frame.length !== HELLO_BYTES) throw new SyncError('malformed', 'hello size');
      const version = frame[HELLO_AT.version];
      if (version !== PROTOCOL_VERSION) throw new SyncError('versionMismatch', `v${version}`);
      if (!this.opts.onHello) return this.answerHello(frame);
      this.helloWaiting = true;
      const turn = this.opts.onHello(() => {
        if (this.state !== 'handshake') return;
        try {
          this.answerHello(frame);
        } catch (e) {
          this.fail(asSyncError(e));
        }
      });
      if (!turn) throw new SyncError('tooManyAttempts', 'busy');
      return;
    }
    if (this.opts.role === 'initiator' && type === FRAME.reply && !this.channel) {
      if (frame.length !== REPLY_BYTES) throw new SyncError('malformed', 'reply size');
      const version = frame[REPLY_AT.version];
      if (version !== PROTOCOL_VERSION) throw new SyncError('versionMismatch', `v${version}`);
      const remoteId = frame.slice(REPLY_AT.id, REPLY_AT.share);
      const theirShare = frame.slice(REPLY_AT.share, REPLY_AT.tag);
      const tag = frame.slice(REPLY_AT.tag);
      this.checkRemote(remoteId);
      const keys = cpaceKeys(this.secret!, theirShare, this.sid!, this.helloShare!, theirShare);
      const transcript = lvCat(this.sid!, this.opts.peerId, remoteId, this.helloShare!, theirShare);
      if (!tagsEqual(tag, confirmationTag(keys.responderConfirm, 'responder', transcript)))
        throw new SyncError('handshakeFailed');
      const confirm = new Uint8Array(CONFIRM_BYTES);
      confirm[0] = FRAME.confirm;
      confirm.set(confirmationTag(keys.initiatorConfirm, 'initiator', transcript), CONFIRM_AT.tag);
      this.transport.send(confirm);
      this.channel = new SecureChannel(
        keys.initiatorToResponder,
        keys.responderToInitiator,
        this.opts.aead,
      );
      this.binding = sessionBinding(transcript);
      this.opened();
      return;
    }
    if (this.opts.role === 'responder' && type === FRAME.confirm && this.expectedConfirm) {
      if (frame.length !== CONFIRM_BYTES) throw new SyncError('malformed', 'confirm size');
      if (!tagsEqual(frame.subarray(CONFIRM_AT.tag), this.expectedConfirm))
        throw new SyncError('handshakeFailed');
      const refusal = this.opts.admitOpen?.();
      if (refusal) throw new SyncError(refusal);
      this.opened();
      return;
    }
    throw new SyncError('malformed', `unexpected frame ${type} during the handshake`);
  }

  /** The responder's costly part: the shared key, the reply and what the confirm must be. */
  private answerHello(frame: Uint8Array): void {
    const sid = frame.slice(HELLO_AT.sid, HELLO_AT.id);
    const remoteId = frame.slice(HELLO_AT.id, HELLO_AT.share);
    const theirShare = frame.slice(HELLO_AT.share);
    this.checkRemote(remoteId);
    const secret = cpaceShare(this.opts.code, sid, this.ids(remoteId, null));
    this.secret = secret;
    const keys = cpaceKeys(secret, theirShare, sid, theirShare, secret.share);
    const transcript = lvCat(sid, remoteId, this.opts.peerId, theirShare, secret.share);
    const reply = new Uint8Array(REPLY_BYTES);
    reply[0] = FRAME.reply;
    reply[REPLY_AT.version] = PROTOCOL_VERSION;
    reply.set(this.opts.peerId, REPLY_AT.id);
    reply.set(secret.share, REPLY_AT.share);
    reply.set(confirmationTag(keys.responderConfirm, 'responder', transcript), REPLY_AT.tag);
    this.expectedConfirm = confirmationTag(keys.initiatorConfirm, 'initiator', transcript);
    this.binding = sessionBinding(transcript);
    this.channel = new SecureChannel(
      keys.responderToInitiator,
      keys.initiatorToResponder,
      this.opts.aead,
    );
    this.transport.send(reply);
  }

  private checkRemote(remoteId: Uint8Array): void {
    this.remoteId = toHex(remoteId);
    if (this.opts.accept && !this.opts.accept(this.remoteId)) {
      // Not an error of the peer's: we already have it, or it is ourselves.
      this.transport.close(1000, 'duplicate');
      this.finish(null);
      throw CLOSED;
    }
  }

  private opened(): void {
    clearTimeout(this.timer);
    this.state = 'open';
    // The document starts first: it refuses a private draft before anything goes out.
    this.doc.start();
    if (this.state !== 'open') return;
    this.sendInfo();
    this.opts.onOpen?.(this);
  }

  /** Whether a transaction with this origin applied what this session's peer sent. */
  applied(origin: unknown): boolean {
    return origin !== null && origin === this.doc.current;
  }

  /** Awareness client ids this peer told us about, to clear when it leaves. */
  get remoteClients(): ReadonlySet<number> {
    return this.doc.current?.remoteClients ?? NO_CLIENTS;
  }

  /** One message: info and room here, sync and awareness to the document. */
  private handle(message: Uint8Array): void | Promise<void> {
    const channel = message[0];
    const payload = message.subarray(1);
    if (channel === CHANNEL.info) return this.opts.onInfo?.(decodeWorkshopInfo(payload), this);
    if (channel === CHANNEL.room && this.opts.onRoom) return this.opts.onRoom(payload, this);
    if (channel === CHANNEL.sync || channel === CHANNEL.awareness) return this.doc.handle(message);
    throw new SyncError('malformed', `unknown channel ${channel}`);
  }

  /** Sends a room message (JSON bytes, room/messages.ts) to the other end. */
  sendRoom(payload: Uint8Array): void {
    this.sendChannel(CHANNEL.room, payload);
  }

  sendInfo(): void {
    if (this.state !== 'open') return;
    this.sendChannel(CHANNEL.info, encodeWorkshopInfo(this.opts.info()));
  }

  // --- open session --------------------------------------------------------------------

  /** Seals a message into as many frames as it takes to keep each within the wire limit. */
  private sendChannel(channel: number, payload: Uint8Array): void {
    if (this.state !== 'open') return;
    for (const plain of partsOf(channel, payload)) this.transport.send(this.channel!.seal(plain));
  }

  /**
   * Messages are handled one at a time, in order. Most are handled at once (the guard
   * decides on this thread); one whose check has to wait holds the ones after it in
   * a queue until it is done.
   */
  private enqueue(message: Uint8Array): void {
    if (this.queued === 0) {
      // Throws a SyncError on bad input: receive() closes the session.
      const pending = this.handle(message);
      if (pending) this.hold(pending, message.length);
      return;
    }
    if (this.queued >= this.limits.maxQueuedFrames)
      throw new SyncError('rateLimited', 'queue full');
    this.hold(
      this.queue.then(() => (this.state === 'open' ? this.handle(message) : undefined)),
      message.length,
    );
  }

  /** Counts a message until `work` settles, and makes it what the next one waits for. */
  private hold(work: Promise<void>, bytes: number): void {
    this.queued++;
    this.queuedBytes += bytes;
    this.queue = work
      .catch((e: unknown) => this.fail(asSyncError(e)))
      .finally(() => {
        this.queued--;
        this.queuedBytes -= bytes;
      });
  }

  // --- closing ---------------------------------------------------------------------------

  private fail(error: SyncError): void {
    if (this.state === 'closed' || error === CLOSED) return;
    this.transport.close(CLOSE_CODE[error.key], error.code);
    this.finish(error);
  }

  private finish(error: SyncError | null): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.joiner.clear();
    clearTimeout(this.timer);
    this.doc.stop();
    this.opts.onClose?.(error, this);
  }
}

const NO_CLIENTS: ReadonlySet<number> = new Set();

/** Thrown to unwind after a deliberate close; never reported. */
const CLOSED = new SyncError('malformed', 'closed');
