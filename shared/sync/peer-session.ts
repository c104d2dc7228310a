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
import { randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import type * as awarenessProtocol from 'y-protocols/awareness';
import { fromBase64, toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import { TICKET_PATTERN } from './admission';
import { SyncError, type SyncErrorKey } from './errors';
import { confirmationTag, cpaceKeys, cpaceShare, lvCat, tagsEqual, type CPaceSecret } from './pake';
import { TokenBucket } from './rate-limit';
import { DocChannel } from './doc-channel';
import { DATA_HEADER_BYTES, SEAL_TAG_BYTES, SecureChannel } from './secure-channel';
import type { UpdateGuard } from './update-guard';
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
  MORE_PARTS,
  PROTOCOL_VERSION,
  REPLY_AT,
  REPLY_BYTES,
  SID_BYTES,
  type Limits,
} from './wire';

export interface Transport {
  send(data: Uint8Array): void;
  close(code: number, reason: string): void;
}

export interface WorkshopInfo {
  docId: string | null;
  /**
   * From a peer that keeps the document on disk (the headless host): the state vector
   * of what is safely there. An edit is acknowledged once this covers it.
   */
  saved?: Map<number, number>;
  /**
   * From a peer that accepted us: a ticket to show when we come back, which gets us a
   * turn ahead of strangers (admission.ts). Sent only inside the encrypted session.
   */
  ticket?: string;
}

/** A state vector of 10,000 clients is about 100 kB; anything far beyond is hostile. */
const MAX_SAVED_CHARS = 256 * 1024;

export interface SessionOptions {
  role: 'initiator' | 'responder';
  /** The normalized workshop code. */
  code: string;
  /** This peer's random id (16 bytes), used to drop duplicate connections. */
  peerId: Uint8Array;
  doc: Y.Doc;
  awareness: awarenessProtocol.Awareness;
  guard: UpdateGuard;
  info: () => WorkshopInfo;
  limits?: Partial<Limits>;
  /** Whether to go on with a peer whose id is now known (false: duplicate or self). */
  accept?(remoteId: string): boolean;
  /**
   * A responder got a well-formed hello: `answer` does the handshake's costly part
   * when it is this peer's turn (admission.ts). False: no turn for now (busy).
   */
  onHello?(answer: () => void): boolean;
  /** A responder verified the peer's confirmation: a reason to refuse it anyway, or null. */
  admitOpen?(): SyncErrorKey | null;
  onOpen?(session: PeerSession): void;
  onInfo?(info: WorkshopInfo, session: PeerSession): void;
  /** Called once; `error` is null for a normal close. */
  onClose?(error: SyncError | null, session: PeerSession): void;
}

/** Workshop info as JSON on the wire. */
interface WireInfo {
  docId: string | null;
  saved?: string;
  ticket?: string;
}

type State = 'handshake' | 'open' | 'closed';

export class PeerSession {
  readonly limits: Limits;
  remoteId: string | null = null;
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
  private parts: Uint8Array[] = [];
  private partsChannel = 0;
  private partsBytes = 0;
  private readonly timer: ReturnType<typeof setTimeout>;
  private docChannel: DocChannel | null = null;
  /** A hello is waiting for its turn to be answered. */
  private helloWaiting = false;

  constructor(
    private readonly transport: Transport,
    private readonly opts: SessionOptions,
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
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
      else this.receivePart(this.channel!.open(frame));
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
      this.channel = new SecureChannel(keys.initiatorToResponder, keys.responderToInitiator);
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
    this.channel = new SecureChannel(keys.responderToInitiator, keys.initiatorToResponder);
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
    this.docChannel = new DocChannel({
      doc: this.opts.doc,
      awareness: this.opts.awareness,
      guard: this.opts.guard,
      maxAwarenessBytes: this.limits.maxAwarenessBytes,
      send: (channel, payload) => this.sendChannel(channel, payload),
      isOpen: () => this.state === 'open',
      onOther: (channel, payload) => {
        if (channel !== CHANNEL.info)
          throw new SyncError('malformed', `unknown channel ${channel}`);
        this.handleInfo(payload);
      },
      onRefused: (e) => this.fail(e),
    });
    // The channel starts first: it refuses a private draft before anything goes out.
    this.docChannel.start();
    if (this.state !== 'open') return;
    this.sendInfo();
    this.opts.onOpen?.(this);
  }

  /** Awareness client ids this peer told us about, to clear when it leaves. */
  get remoteClients(): ReadonlySet<number> {
    return this.docChannel?.remoteClients ?? NO_CLIENTS;
  }

  sendInfo(): void {
    if (this.state !== 'open') return;
    const { docId, saved, ticket } = this.opts.info();
    const wire: WireInfo = { docId };
    if (saved) wire.saved = toBase64(Y.encodeStateVector(saved));
    if (ticket) wire.ticket = ticket;
    this.sendChannel(CHANNEL.info, utf8ToBytes(JSON.stringify(wire)));
  }

  // --- open session --------------------------------------------------------------------

  /** Seals a message into as many frames as it takes to keep each within the wire limit. */
  private sendChannel(channel: number, payload: Uint8Array): void {
    if (this.state !== 'open') return;
    for (const plain of messageParts(channel, payload))
      this.transport.send(this.channel!.seal(plain));
  }

  /** Joins the parts of a message; the message is read only once it is whole. */
  private receivePart(plain: Uint8Array): void {
    if (plain.length < 1) throw new SyncError('malformed', 'empty message');
    const more = (plain[0]! & MORE_PARTS) !== 0;
    const channel = plain[0]! & ~MORE_PARTS;
    if (this.parts.length && channel !== this.partsChannel)
      throw new SyncError('malformed', 'a part of another message');
    const bytes = this.partsBytes + plain.length - 1;
    if (bytes + 1 > this.limits.maxMessageBytes)
      throw new SyncError('frameTooLarge', `a message of more than ${bytes} bytes`);
    if (this.queuedBytes + bytes > this.limits.maxQueuedBytes)
      throw new SyncError('rateLimited', 'too much waiting to be read');
    if (!more && !this.parts.length) return this.enqueue(plain);
    this.parts.push(plain.subarray(1));
    this.partsChannel = channel;
    this.partsBytes = bytes;
    if (more) return;
    const message = new Uint8Array(bytes + 1);
    message[0] = channel;
    let at = 1;
    for (const part of this.parts) {
      message.set(part, at);
      at += part.length;
    }
    this.parts = [];
    this.partsBytes = 0;
    this.enqueue(message);
  }

  /** Messages are handled one at a time, in order: guard checks are asynchronous. */
  private enqueue(message: Uint8Array): void {
    if (++this.queued > this.limits.maxQueuedFrames)
      throw new SyncError('rateLimited', 'queue full');
    this.queuedBytes += message.length;
    this.queue = this.queue
      .then(() => (this.state === 'open' ? this.docChannel!.handle(message) : undefined))
      .catch((e: unknown) => this.fail(asSyncError(e)))
      .finally(() => {
        this.queued--;
        this.queuedBytes -= message.length;
      });
  }

  private handleInfo(payload: Uint8Array): void {
    let info: unknown;
    try {
      info = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
    } catch {
      throw new SyncError('malformed', 'workshop info');
    }
    const { docId, saved, ticket } = (info ?? {}) as {
      docId?: unknown;
      saved?: unknown;
      ticket?: unknown;
    };
    if (docId !== null && (typeof docId !== 'string' || !/^[\w-]{1,64}$/.test(docId)))
      throw new SyncError('malformed', 'workshop info');
    if (ticket !== undefined && (typeof ticket !== 'string' || !TICKET_PATTERN.test(ticket)))
      throw new SyncError('malformed', 'ticket');
    const known: WorkshopInfo = ticket === undefined ? { docId } : { docId, ticket };
    if (saved === undefined) return this.opts.onInfo?.(known, this);
    // Strict base64 first: Node's decoder skips junk that a browser's refuses.
    if (
      typeof saved !== 'string' ||
      saved.length > MAX_SAVED_CHARS ||
      !/^[A-Za-z0-9+/]*={0,2}$/.test(saved)
    )
      throw new SyncError('malformed', 'saved state');
    let vector: Map<number, number>;
    try {
      vector = Y.decodeStateVector(fromBase64(saved));
    } catch {
      throw new SyncError('malformed', 'saved state');
    }
    this.opts.onInfo?.({ ...known, saved: vector }, this);
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
    this.parts = [];
    clearTimeout(this.timer);
    this.docChannel?.stop();
    this.opts.onClose?.(error, this);
  }
}

const NO_CLIENTS: ReadonlySet<number> = new Set();

/** Payload bytes per data frame: the wire limit less the header, the tag and the channel byte. */
const PART_BYTES = MAX_WIRE_FRAME_BYTES - DATA_HEADER_BYTES - SEAL_TAG_BYTES - 1;

/** The plaintexts of the data frames that carry one message (channel byte first in each). */
export function messageParts(channel: number, payload: Uint8Array): Uint8Array[] {
  const parts: Uint8Array[] = [];
  let offset = 0;
  do {
    const part = payload.subarray(offset, offset + PART_BYTES);
    offset += part.length;
    const plain = new Uint8Array(part.length + 1);
    plain[0] = offset < payload.length ? channel | MORE_PARTS : channel;
    plain.set(part, 1);
    parts.push(plain);
  } while (offset < payload.length);
  return parts;
}

/** Thrown to unwind after a deliberate close; never reported. */
const CLOSED = new SyncError('malformed', 'closed');

function asSyncError(e: unknown): SyncError {
  if (e instanceof SyncError) return e;
  return new SyncError('malformed', e instanceof Error ? e.message : String(e));
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
