/**
 * What the hostile suites share: a victim peer on 127.0.0.1, attackers at three levels
 * (a raw WebSocket that can speak the protocol itself, a real PeerSession whose frames
 * can be held and altered, a recording proxy), and the checks that the victim is
 * unharmed. Everything a test starts is stopped after it.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, expect } from 'vitest';
import { WebSocket, type RawData } from 'ws';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CanopyDoc, type OutlineItem } from '../../../shared/model';
import {
  CHANNEL,
  CONFIRM_AT,
  CONFIRM_BYTES,
  confirmationTag,
  cpaceKeys,
  cpaceShare,
  FRAME,
  HELLO_AT,
  HELLO_BYTES,
  ID_BYTES,
  lvCat,
  messageParts,
  PeerSession,
  PROTOCOL_VERSION,
  REPLY_AT,
  REPLY_BYTES,
  SecureChannel,
  SID_BYTES,
  tagsEqual,
  type SyncError,
  type UpdateGuard,
} from '../../../shared/sync';
import { CODE, converged, exampleDoc, snapshot, startPeer, waitFor, type TestPeer } from '../peers';

export const WRONG_CODE = 'ZZZZ9999ZZZZ';
export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;
export const T = 15_000;

// --- bookkeeping: everything a test starts is stopped after it ------------------------

export const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

export async function peer(...args: Parameters<typeof startPeer>): Promise<TestPeer> {
  const p = await startPeer(...args);
  cleanups.push(() => p.peer.stop());
  return p;
}

/** Peer A: the example tree, as a facilitator holds it. */
export async function victim(options: Parameters<typeof startPeer>[0] = {}): Promise<TestPeer> {
  return peer({ doc: exampleDoc(), docId: 'workshop-doc', ...options });
}

/** A legitimate peer joins `a`, receives its document, and an edit of its reaches `a`. */
export async function legitimateJoins(a: TestPeer): Promise<void> {
  const b = await peer();
  b.peer.connect({ host: '127.0.0.1', port: a.port });
  await waitFor(() => converged([a.doc, b.doc]), 'a legitimate peer to receive the document');
  const title = `Legit edit ${Math.random().toString(36).slice(2)}`;
  b.model.addNode(b.model.tree().rootId!, { title });
  await waitFor(
    () => a.model.tree().order.some((id) => a.model.node(id)?.title === title),
    "the legitimate peer's edit to arrive",
  );
  expect(converged([a.doc, b.doc])).toBe(true);
}

/** An initiator's hello for `code`, with the secrets to finish the handshake by hand. */
export function initiatorHello(code: string) {
  const sid = new Uint8Array(randomBytes(SID_BYTES));
  const id = new Uint8Array(randomBytes(ID_BYTES));
  const secret = cpaceShare(code, sid, lvCat(id));
  const hello = new Uint8Array(HELLO_BYTES);
  hello.set([FRAME.hello, PROTOCOL_VERSION]);
  hello.set(sid, HELLO_AT.sid);
  hello.set(id, HELLO_AT.id);
  hello.set(secret.share, HELLO_AT.share);
  return { sid, id, secret, hello };
}

/** What a document holds, precisely enough to notice any change. */
export function fingerprint(doc: Y.Doc): { content: string; stateVector: string } {
  return {
    content: snapshot(doc),
    stateVector: Buffer.from(Y.encodeStateVector(doc)).toString('hex'),
  };
}

/**
 * The victim's document is exactly as before (and holds none of `absent`, the text
 * the attack tried to plant), and an honest peer still syncs with it.
 */
export async function expectUnharmed(
  a: TestPeer,
  before: ReturnType<typeof fingerprint>,
  absent: string[] = [],
): Promise<void> {
  expect(fingerprint(a.doc)).toEqual(before);
  for (const text of absent) expect(snapshot(a.doc)).not.toContain(text);
  await legitimateJoins(a);
}

/**
 * A barrier before an "unharmed" check: an honest session's round trip. The victim
 * answers this sync step 1 only after its guard (one worker, first come first served)
 * has checked everything queued before it, so whatever an attack made the victim
 * apply is in its document by then.
 */
export async function victimHandledEverything(a: TestPeer): Promise<void> {
  const raw = await RawClient.connect(a.port);
  await raw.authenticate();
  await raw.probe();
  raw.ws.terminate();
}

export function toBuffer(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return Buffer.from(data);
}

export function contains(haystack: Buffer, needle: string): boolean {
  return haystack.includes(Buffer.from(needle, 'utf8'));
}

export const permissiveGuard: UpdateGuard = {
  checkUpdate: async () => undefined,
  checkStateVector: async () => undefined,
  close: () => undefined,
};

export interface Closed {
  code: number;
  reason: string;
}

// --- a raw WebSocket client ---------------------------------------------------------------

/**
 * A WebSocket to the victim that records every message and the close, and can speak
 * the protocol itself: its own CPace initiator, then its own SecureChannel.
 */
export class RawClient {
  readonly frames: Buffer[] = [];
  /** Decrypted messages, once authenticated. */
  readonly plain: Uint8Array[] = [];
  closed: Closed | null = null;
  channel: SecureChannel | null = null;
  /** Set when a frame from the victim failed to decrypt: must never happen. */
  openError: unknown = null;

  private constructor(readonly ws: WebSocket) {
    ws.binaryType = 'nodebuffer';
    ws.on('message', (data) => {
      const frame = toBuffer(data);
      this.frames.push(frame);
      if (this.channel && frame[0] === FRAME.data) {
        try {
          this.plain.push(this.channel.open(new Uint8Array(frame)));
        } catch (e) {
          this.openError = e;
        }
      }
    });
    ws.on('close', (code, reason) => (this.closed = { code, reason: reason.toString() }));
    ws.on('error', () => undefined);
  }

  static async connect(port: number): Promise<RawClient> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
    const client = new RawClient(ws);
    cleanups.push(() => ws.terminate());
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  send(frame: Uint8Array): void {
    this.ws.send(frame);
  }

  async closeCode(what: string): Promise<Closed> {
    await waitFor(() => this.closed !== null, what, 10_000);
    return this.closed!;
  }

  /** Runs the initiator side of the handshake by hand; resolves once the victim is open. */
  async authenticate(code = CODE): Promise<void> {
    const { sid, id, secret, hello } = initiatorHello(code);
    this.send(hello);
    await waitFor(() => this.frames.length > 0 || this.closed !== null, 'the reply');
    const reply = new Uint8Array(this.frames[0]!);
    expect(reply.length).toBe(REPLY_BYTES);
    expect(reply[0]).toBe(FRAME.reply);
    const remoteId = reply.slice(REPLY_AT.id, REPLY_AT.share);
    const theirShare = reply.slice(REPLY_AT.share, REPLY_AT.tag);
    const keys = cpaceKeys(secret, theirShare, sid, secret.share, theirShare);
    const transcript = lvCat(sid, id, remoteId, secret.share, theirShare);
    const tag = reply.slice(REPLY_AT.tag);
    expect(tagsEqual(tag, confirmationTag(keys.responderConfirm, 'responder', transcript))).toBe(
      true,
    );
    const confirm = new Uint8Array(CONFIRM_BYTES);
    confirm[0] = FRAME.confirm;
    confirm.set(confirmationTag(keys.initiatorConfirm, 'initiator', transcript), CONFIRM_AT.tag);
    this.channel = new SecureChannel(keys.initiatorToResponder, keys.responderToInitiator);
    this.send(confirm);
    // The victim opens on the confirm, then sends its workshop info and sync step 1.
    await waitFor(
      () => this.plain.some((p) => p[0] === CHANNEL.info) || this.closed !== null,
      'the victim to open the session',
    );
    expect(this.closed).toBeNull();
    expect(this.openError).toBeNull();
  }

  sendPlain(channel: number, payload: Uint8Array): void {
    for (const plain of messageParts(channel, payload)) this.send(this.channel!.seal(plain));
  }

  sendSync(type: number, body: Uint8Array): void {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, type);
    encoding.writeVarUint8Array(e, body);
    this.sendPlain(CHANNEL.sync, encoding.toUint8Array(e));
  }

  /** Sync step 2 messages received (the victim's answers to our step 1). */
  step2s(): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (const p of this.plain) {
      if (p[0] !== CHANNEL.sync) continue;
      const d = decoding.createDecoder(p.subarray(1));
      if (decoding.readVarUint(d) === SYNC_STEP2) out.push(decoding.readVarUint8Array(d));
    }
    return out;
  }

  /**
   * Proves the victim is alive and has handled everything sent before: messages are
   * handled in order, so an answer to this step 1 comes after all of them.
   */
  async probe(): Promise<Uint8Array> {
    const before = this.step2s().length;
    this.sendSync(SYNC_STEP1, Y.encodeStateVector(new Y.Doc()));
    await waitFor(
      () => this.step2s().length > before || this.closed !== null,
      'an answer to sync step 1',
    );
    expect(this.closed).toBeNull();
    return this.step2s()[before]!;
  }
}

// --- an attacker driving a real PeerSession ----------------------------------------------

export interface SessionAttacker {
  ws: WebSocket;
  session: PeerSession;
  doc: Y.Doc;
  model: CanopyDoc;
  peerIdHex: string;
  /** Every message received, as it arrived. */
  received: Buffer[];
  /** Every frame the session produced and we let through. */
  sent: Uint8Array[];
  /** While `hold` is set, frames the session produces go here instead of the socket. */
  held: Uint8Array[];
  hold: boolean;
  /** The session's onClose error: undefined while it has not closed. */
  error: SyncError | null | undefined;
  closed: Closed | null;
  sendRaw(frame: Uint8Array): void;
  /** Data frames sealed so far: the sequence number of the next one. */
  nextSeq(): number;
}

export async function sessionAttacker(
  port: number,
  options: { code?: string; doc?: Y.Doc } = {},
): Promise<SessionAttacker> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
  ws.binaryType = 'nodebuffer';
  ws.on('error', () => undefined);
  cleanups.push(() => ws.terminate());
  const doc = options.doc ?? new Y.Doc();
  const awareness = new Awareness(doc);
  cleanups.push(() => awareness.destroy());
  const peerId = new Uint8Array(randomBytes(ID_BYTES));
  const attacker: SessionAttacker = {
    ws,
    session: null as unknown as PeerSession,
    doc,
    model: new CanopyDoc(doc),
    peerIdHex: Buffer.from(peerId).toString('hex'),
    received: [],
    sent: [],
    held: [],
    hold: false,
    error: undefined,
    closed: null,
    sendRaw: (frame) => ws.send(frame),
    nextSeq: () => [...attacker.sent, ...attacker.held].filter((f) => f[0] === FRAME.data).length,
  };
  ws.on('close', (code, reason) => {
    attacker.closed = { code, reason: reason.toString() };
    attacker.session?.transportClosed(code);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  attacker.session = new PeerSession(
    {
      send: (data) => {
        if (attacker.hold) return void attacker.held.push(data);
        attacker.sent.push(data);
        if (ws.readyState === WebSocket.OPEN) ws.send(data);
      },
      close: (code, reason) => {
        if (ws.readyState === WebSocket.OPEN) ws.close(code, reason);
      },
    },
    {
      role: 'initiator',
      code: options.code ?? CODE,
      peerId,
      doc,
      awareness,
      guard: permissiveGuard,
      info: () => ({ docId: null }),
      onClose: (error) => (attacker.error = error),
    },
  );
  cleanups.push(() => attacker.session.close());
  ws.on('message', (data) => {
    const frame = toBuffer(data);
    attacker.received.push(frame);
    attacker.session.receive(new Uint8Array(frame));
  });
  return attacker;
}

/** An attacker that knows the code, once the victim has opened its side too. */
export async function authenticatedAttacker(a: TestPeer): Promise<SessionAttacker> {
  const attacker = await sessionAttacker(a.port);
  await waitFor(
    () => a.peer.connectedPeers().includes(attacker.peerIdHex),
    'the victim to open the attacker session',
  );
  await waitFor(() => converged([a.doc, attacker.doc]), 'the attacker to receive the document');
  return attacker;
}

export async function closeOf(attacker: SessionAttacker, what: string): Promise<Closed> {
  await waitFor(() => attacker.closed !== null, what, 10_000);
  return attacker.closed!;
}

// --- a recording TCP proxy --------------------------------------------------------------------

/** Forwards 127.0.0.1:port to the target and records every byte the target sends back. */
export async function recordingProxy(
  targetPort: number,
): Promise<{ port: number; bytes: () => Buffer; targetClosed: () => boolean }> {
  const chunks: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  let opened = 0;
  let closed = 0;
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    opened++;
    upstream.on('data', (d: Buffer) => chunks.push(Buffer.from(d)));
    // After 'close' no more bytes come from the target on this connection.
    upstream.on('close', () => closed++);
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
  return {
    port: (server.address() as net.AddressInfo).port,
    bytes: () => Buffer.concat(chunks),
    /** Every connection to the target has closed: bytes() holds all it ever sent. */
    targetClosed: () => opened > 0 && closed === opened,
  };
}

// --- C. hostile Yjs updates from a peer that has the code ------------------------------------

export function realUpdate(): Uint8Array {
  return Y.encodeStateAsUpdate(exampleDoc('other'));
}

/** A V1 update: one client, structs of GC kind with the given lengths, empty delete set. */
export function gcUpdate(lengths: number[] | { count: number }, client = 424242): Uint8Array {
  const e = encoding.createEncoder();
  const count = Array.isArray(lengths) ? lengths.length : lengths.count;
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, count);
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, 0);
  for (let i = 0; i < count; i++) {
    encoding.writeUint8(e, 0);
    encoding.writeVarUint(e, Array.isArray(lengths) ? lengths[i]! : 1);
  }
  encoding.writeVarUint(e, 0);
  return encoding.toUint8Array(e);
}

/** Edits made in one task go out as one frame, once the task's microtasks run. */
export const sealed = () => new Promise((resolve) => setImmediate(resolve));

export function info(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

// --- the guard on its own ---------------------------------------------------------------------

export function largeDoc(nodes = 2000): Uint8Array {
  const doc = exampleDoc('large');
  const model = new CanopyDoc(doc);
  const items: OutlineItem[] = Array.from({ length: nodes }, (_, i) => ({
    title: `Node ${i} with a title long enough to matter`,
  }));
  model.insertOutline(model.tree().rootId!, items);
  return Y.encodeStateAsUpdate(doc);
}

// --- regressions -----------------------------------------------------------------------------
//
// Bugs this suite found; each test failed before its fix.

/** Every error a peer's links report from now on. */
export function linkErrors(p: TestPeer): string[] {
  const errors: string[] = [];
  p.peer.on('status', (links) => {
    for (const link of links)
      if (link.error && !errors.includes(link.error)) errors.push(link.error);
  });
  return errors;
}

/** A V1 update: one embed in the root type 'x' whose JSON is `depth` nested arrays. */
export function deepEmbed(depth: number, client = 434343): Uint8Array {
  const e = encoding.createEncoder();
  for (const n of [1, 1, client, 0]) encoding.writeVarUint(e, n);
  encoding.writeUint8(e, 5); // an embed, no origins
  encoding.writeVarUint(e, 1); // its parent is a root type
  encoding.writeVarString(e, 'x');
  encoding.writeVarString(e, '['.repeat(depth) + ']'.repeat(depth));
  encoding.writeVarUint(e, 0);
  return encoding.toUint8Array(e);
}

/** An awareness update with one client whose state is `depth` nested arrays. */
export function deepAwareness(client: number, depth: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, 1);
  encoding.writeVarString(e, '['.repeat(depth) + ']'.repeat(depth));
  return encoding.toUint8Array(e);
}
