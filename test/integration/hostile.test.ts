/**
 * Hostile peers against a real WorkshopPeer on 127.0.0.1, over real sockets.
 *
 * Three kinds of attacker:
 *  - one without the workshop code (a PeerSession with the wrong code, or raw frames);
 *  - one with the code, driving a real PeerSession whose outgoing frames it can hold,
 *    alter, repeat or add to (wire-level attacks after a correct handshake);
 *  - one with the code that speaks the protocol itself (its own CPace initiator and
 *    SecureChannel), so it can seal any plaintext: hostile Yjs updates and messages.
 *
 * After every attack the peer's document must be unchanged, and a legitimate peer
 * must still be able to join and converge.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, type RawData } from 'ws';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { WorkerUpdateGuard } from '../../electron/peer/worker-update-guard';
import { CanopyDoc, type OutlineItem } from '../../shared/model';
import {
  CHANNEL,
  CONFIRM_AT,
  CONFIRM_BYTES,
  confirmationTag,
  cpaceKeys,
  cpaceShare,
  DATA_HEADER_BYTES,
  FRAME,
  HELLO_AT,
  HELLO_BYTES,
  ID_BYTES,
  lvCat,
  MAX_WIRE_FRAME_BYTES,
  messageParts,
  MORE_PARTS,
  PeerSession,
  PROTOCOL_VERSION,
  REPLY_AT,
  REPLY_BYTES,
  SecureChannel,
  SID_BYTES,
  tagsEqual,
  type SyncError,
  type UpdateGuard,
} from '../../shared/sync';
import { CODE, converged, exampleDoc, snapshot, startPeer, waitFor, type TestPeer } from './peers';

const WRONG_CODE = 'ZZZZ9999ZZZZ';
const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;
const T = 15_000;

// --- bookkeeping: everything a test starts is stopped after it ------------------------

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function peer(...args: Parameters<typeof startPeer>): Promise<TestPeer> {
  const p = await startPeer(...args);
  cleanups.push(() => p.peer.stop());
  return p;
}

/** Peer A: the example tree, as a facilitator holds it. */
async function victim(options: Parameters<typeof startPeer>[0] = {}): Promise<TestPeer> {
  return peer({ doc: exampleDoc(), docId: 'workshop-doc', ...options });
}

/** A legitimate peer joins `a`, receives its document, and an edit of its reaches `a`. */
async function legitimateJoins(a: TestPeer): Promise<void> {
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
function initiatorHello(code: string) {
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
function fingerprint(doc: Y.Doc): { content: string; stateVector: string } {
  return {
    content: snapshot(doc),
    stateVector: Buffer.from(Y.encodeStateVector(doc)).toString('hex'),
  };
}

/**
 * The victim's document is exactly as before (and holds none of `absent`, the text
 * the attack tried to plant), and an honest peer still syncs with it.
 */
async function expectUnharmed(
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
async function victimHandledEverything(a: TestPeer): Promise<void> {
  const raw = await RawClient.connect(a.port);
  await raw.authenticate();
  await raw.probe();
  raw.ws.terminate();
}

function toBuffer(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return Buffer.from(data);
}

function contains(haystack: Buffer, needle: string): boolean {
  return haystack.includes(Buffer.from(needle, 'utf8'));
}

const permissiveGuard: UpdateGuard = {
  checkUpdate: async () => undefined,
  checkStateVector: async () => undefined,
  close: () => undefined,
};

interface Closed {
  code: number;
  reason: string;
}

// --- a raw WebSocket client ---------------------------------------------------------------

/**
 * A WebSocket to the victim that records every message and the close, and can speak
 * the protocol itself: its own CPace initiator, then its own SecureChannel.
 */
class RawClient {
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

interface SessionAttacker {
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

async function sessionAttacker(
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
async function authenticatedAttacker(a: TestPeer): Promise<SessionAttacker> {
  const attacker = await sessionAttacker(a.port);
  await waitFor(
    () => a.peer.connectedPeers().includes(attacker.peerIdHex),
    'the victim to open the attacker session',
  );
  await waitFor(() => converged([a.doc, attacker.doc]), 'the attacker to receive the document');
  return attacker;
}

async function closeOf(attacker: SessionAttacker, what: string): Promise<Closed> {
  await waitFor(() => attacker.closed !== null, what, 10_000);
  return attacker.closed!;
}

// --- a recording TCP proxy --------------------------------------------------------------------

/** Forwards 127.0.0.1:port to the target and records every byte the target sends back. */
async function recordingProxy(
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

// --- A. without the code -------------------------------------------------------------------------

describe('an attacker with the wrong code', () => {
  const SECRET_NODE = 'Secret merger plan Zebra-42';
  const SECRET_TITLE = 'Project Nightingale acquisition';

  async function secretVictim(): Promise<TestPeer> {
    const a = await victim();
    const root = a.model.tree().rootId!;
    const child = a.model.tree().childrenOf.get(root)![0]!;
    a.model.updateNode(child, { title: SECRET_NODE });
    a.model.renameDocument(SECRET_TITLE);
    // The secrets are really there, and the document is bigger than anything sent below.
    expect(snapshot(a.doc)).toContain(SECRET_NODE);
    expect(snapshot(a.doc)).toContain(SECRET_TITLE);
    expect(Y.encodeStateAsUpdate(a.doc).length).toBeGreaterThan(2048);
    return a;
  }

  it(
    'is refused after the reply, receives no document bytes, and its edits never arrive',
    async () => {
      const a = await secretVictim();
      const before = fingerprint(a.doc);
      const proxy = await recordingProxy(a.port);

      const ownDoc = exampleDoc('attacker-doc');
      const attacker = await sessionAttacker(proxy.port, { code: WRONG_CODE, doc: ownDoc });
      // Edits before and during the attempt: they must stay on the attacker's side.
      attacker.model.renameDocument('Injected title');
      await waitFor(() => attacker.error !== undefined, 'the attacker session to close');
      attacker.model.addNode(attacker.model.tree().rootId!, { title: 'Injected node' });

      expect(attacker.error?.key).toBe('handshakeFailed');
      expect(attacker.error?.code).toBe('CANOPY-101');
      expect(attacker.session.isOpen).toBe(false);
      const closed = await closeOf(attacker, 'the socket to close');
      expect(closed.code).toBe(4101);

      // The only frame the victim sent: its reply (id, share, confirmation tag).
      expect(attacker.received.map((f) => [f[0], f.length])).toEqual([[FRAME.reply, REPLY_BYTES]]);
      // Every byte on the wire from the victim: HTTP upgrade, the reply, the close frame.
      await waitFor(proxy.targetClosed, 'the victim to close its end');
      const wire = proxy.bytes();
      expect(wire.length).toBeGreaterThan(REPLY_BYTES);
      expect(wire.length).toBeLessThan(1024);
      const everything = Buffer.concat([wire, ...attacker.received]);
      for (const secret of [SECRET_NODE, SECRET_TITLE, 'Zebra-42', 'Nightingale', 'workshop-doc'])
        expect(contains(everything, secret), secret).toBe(false);
      // The attacker learnt nothing of the document either.
      expect(snapshot(ownDoc)).not.toContain('Zebra');

      await victimHandledEverything(a);
      await expectUnharmed(a, before, ['Injected']);
    },
    T,
  );

  it(
    'that ignores the failed tag and sends a confirm and data anyway is refused with 4101',
    async () => {
      const a = await secretVictim();
      const before = fingerprint(a.doc);
      const raw = await RawClient.connect(a.port);
      const { sid, id, secret, hello } = initiatorHello(WRONG_CODE);
      raw.send(hello);
      await waitFor(() => raw.frames.length > 0, 'the reply');
      const reply = new Uint8Array(raw.frames[0]!);
      const remoteId = reply.slice(REPLY_AT.id, REPLY_AT.share);
      const theirShare = reply.slice(REPLY_AT.share, REPLY_AT.tag);
      const keys = cpaceKeys(secret, theirShare, sid, secret.share, theirShare);
      const transcript = lvCat(sid, id, remoteId, secret.share, theirShare);
      raw.send(
        Uint8Array.from([
          FRAME.confirm,
          ...confirmationTag(keys.initiatorConfirm, 'initiator', transcript),
        ]),
      );
      // A data frame sealed with the attacker's key, carrying a real update.
      const injected = exampleDoc('injected');
      new CanopyDoc(injected).renameDocument('Injected title');
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, SYNC_UPDATE);
      encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(injected));
      const channel = new SecureChannel(keys.initiatorToResponder, keys.responderToInitiator);
      raw.send(channel.seal(Uint8Array.from([CHANNEL.sync, ...encoding.toUint8Array(e)])));

      const closed = await raw.closeCode('the victim to close');
      expect(closed).toEqual({ code: 4101, reason: 'CANOPY-101' });
      expect(raw.frames).toHaveLength(1);
      await victimHandledEverything(a);
      await expectUnharmed(a, before);
    },
    T,
  );

  it(
    'that skips the confirm and sends a data frame is refused as malformed (4104)',
    async () => {
      const a = await victim();
      const before = fingerprint(a.doc);
      const raw = await RawClient.connect(a.port);
      raw.send(initiatorHello(WRONG_CODE).hello);
      await waitFor(() => raw.frames.length > 0, 'the reply');
      const frame = new Uint8Array(DATA_HEADER_BYTES + 64);
      frame[0] = FRAME.data;
      raw.send(frame);
      expect(await raw.closeCode('the victim to close')).toEqual({
        code: 4104,
        reason: 'CANOPY-104',
      });
      await expectUnharmed(a, before);
    },
    T,
  );
});

// --- B. frames after (and before) a correct handshake ------------------------------------------

describe('wire-level attacks', () => {
  it.each([
    ['the first ciphertext byte', DATA_HEADER_BYTES],
    ['the last byte (authentication tag)', -1],
    ['a byte of the sequence number', DATA_HEADER_BYTES - 1],
  ])(
    'a data frame with %s flipped closes the connection with 4103',
    async (_what, index) => {
      const a = await victim();
      const before = fingerprint(a.doc);
      const attacker = await authenticatedAttacker(a);

      // The session seals an edit; we hold the frame, flip one byte, and send that.
      attacker.hold = true;
      attacker.model.renameDocument('Tampered title');
      await sealed();
      expect(attacker.held).toHaveLength(1);
      const frame = Uint8Array.from(attacker.held[0]!);
      const at = index < 0 ? frame.length + index : index;
      frame[at] = frame[at]! ^ 0x01;
      attacker.sendRaw(frame);

      expect(await closeOf(attacker, 'the victim to close')).toEqual({
        code: 4103,
        reason: 'CANOPY-103',
      });
      expect(attacker.error?.key).toBe('tampered');
      await expectUnharmed(a, before, ['Tampered title']);
    },
    T,
  );

  it(
    'a replayed data frame closes the connection with 4103 (the first copy was accepted)',
    async () => {
      const a = await victim();
      const before = fingerprint(a.doc);
      let infos = 0;
      a.peer.on('info', () => infos++);
      const attacker = await authenticatedAttacker(a);
      await waitFor(() => infos === 1, 'the info sent on open');

      attacker.session.sendInfo();
      const frame = attacker.sent.at(-1)!;
      expect(frame[0]).toBe(FRAME.data);
      await waitFor(() => infos === 2, 'the first copy to be handled');
      attacker.sendRaw(frame);

      expect(await closeOf(attacker, 'the victim to close')).toEqual({
        code: 4103,
        reason: 'CANOPY-103',
      });
      expect(infos).toBe(2);
      await expectUnharmed(a, before);
    },
    T,
  );

  it(
    'data frames sent out of order close the connection with 4103',
    async () => {
      const a = await victim();
      const before = fingerprint(a.doc);
      const attacker = await authenticatedAttacker(a);
      attacker.hold = true;
      attacker.model.renameDocument('First');
      await sealed();
      attacker.model.renameDocument('Second');
      await sealed();
      expect(attacker.held).toHaveLength(2);
      attacker.sendRaw(attacker.held[1]!);
      attacker.sendRaw(attacker.held[0]!);
      expect((await closeOf(attacker, 'the victim to close')).code).toBe(4103);
      await expectUnharmed(a, before);
    },
    T,
  );

  it(
    'a frame above the wire limit is refused (1009); one of exactly the limit is not',
    async () => {
      // Boundary: a frame of exactly MAX_WIRE_FRAME_BYTES passes the size checks and
      // fails the integrity check instead (4103), so the limit is inclusive.
      const a0 = await victim();
      const probe = await authenticatedAttacker(a0);
      const exact = new Uint8Array(MAX_WIRE_FRAME_BYTES);
      exact[0] = FRAME.data;
      new DataView(exact.buffer).setBigUint64(1, BigInt(probe.nextSeq()));
      probe.sendRaw(exact);
      expect((await closeOf(probe, 'the victim to close')).code).toBe(4103);

      const a = await victim();
      const before = fingerprint(a.doc);
      const attacker = await authenticatedAttacker(a);
      const over = new Uint8Array(MAX_WIRE_FRAME_BYTES + 1);
      over[0] = FRAME.data;
      attacker.sendRaw(over);
      // ws refuses it by its maxPayload before it reaches the session.
      expect((await closeOf(attacker, 'the victim to close')).code).toBe(1009);
      await expectUnharmed(a, before);
    },
    T,
  );

  it(
    'a message above limits.maxMessageBytes, sent in parts, is refused with 4102',
    async () => {
      const maxMessageBytes = 64 * 1024;
      const a = await victim({ limits: { maxMessageBytes } });
      const before = fingerprint(a.doc);
      const attacker = await authenticatedAttacker(a);
      // A real, correctly sealed update, just too big: the session splits it in parts.
      attacker.doc.getMap('hostile').set('blob', 'x'.repeat(100_000));
      await sealed();
      expect(attacker.sent.at(-1)!.length).toBeLessThanOrEqual(MAX_WIRE_FRAME_BYTES);
      expect((await closeOf(attacker, 'the victim to close')).code).toBe(4102);
      expect(a.doc.share.has('hostile')).toBe(false);
      await expectUnharmed(a, before);
    },
    T,
  );

  it(
    'a part of another channel in the middle of a message is refused with 4104',
    async () => {
      const a = await victim();
      const before = fingerprint(a.doc);
      const raw = await RawClient.connect(a.port);
      await raw.authenticate();
      raw.send(raw.channel!.seal(Uint8Array.from([CHANNEL.sync | MORE_PARTS, 0, 1, 2])));
      raw.send(raw.channel!.seal(Uint8Array.from([CHANNEL.awareness, 3, 4])));
      expect(await raw.closeCode('the victim to close')).toEqual({
        code: 4104,
        reason: 'CANOPY-104',
      });
      await expectUnharmed(a, before);
    },
    T,
  );

  it(
    'random bytes, empty frames and hellos of the wrong length before the handshake: 4104',
    async () => {
      const a = await victim();
      const before = fingerprint(a.doc);
      const validHello = () => initiatorHello(CODE).hello;
      const attempts: Array<[string, Uint8Array]> = [
        ['random bytes', new Uint8Array(randomBytes(100))],
        ['a short hello', validHello().subarray(0, HELLO_BYTES - 1)],
        ['a long hello', Uint8Array.from([...validHello(), 0])],
        ['an empty frame', new Uint8Array(0)],
      ];
      for (const [what, frame] of attempts) {
        const raw = await RawClient.connect(a.port);
        raw.send(frame);
        expect(await raw.closeCode(what), what).toEqual({ code: 4104, reason: 'CANOPY-104' });
        expect(raw.frames, what).toHaveLength(0);
      }
      await expectUnharmed(a, before);
    },
    T,
  );

  it(
    'a hello with another version (4109) or an invalid or identity share (4101)',
    async () => {
      const a = await victim();
      const before = fingerprint(a.doc);
      const hello = (version: number, share: Uint8Array) =>
        Uint8Array.from([FRAME.hello, version, ...randomBytes(SID_BYTES + ID_BYTES), ...share]);
      const attempts: Array<[string, Uint8Array, Closed]> = [
        [
          'another version',
          hello(PROTOCOL_VERSION + 1, new Uint8Array(32)),
          { code: 4109, reason: 'CANOPY-109' },
        ],
        [
          'the identity point',
          hello(PROTOCOL_VERSION, new Uint8Array(32)),
          { code: 4101, reason: 'CANOPY-101' },
        ],
        [
          'a non-canonical encoding',
          hello(PROTOCOL_VERSION, new Uint8Array(32).fill(0xff)),
          { code: 4101, reason: 'CANOPY-101' },
        ],
      ];
      for (const [what, frame, expected] of attempts) {
        const raw = await RawClient.connect(a.port);
        raw.send(frame);
        expect(await raw.closeCode(what), what).toEqual(expected);
        expect(raw.frames, what).toHaveLength(0);
      }
      await expectUnharmed(a, before);
    },
    T,
  );

  it(
    'a flood above limits.framesPerSecond closes the connection with 4106',
    async () => {
      const a = await victim({ limits: { framesPerSecond: 20 } });
      const before = fingerprint(a.doc);
      let infos = 0;
      a.peer.on('info', () => infos++);
      const attacker = await authenticatedAttacker(a);
      // Valid, correctly sealed frames: only their number is wrong (burst is 2 × 20).
      for (let i = 0; i < 200; i++) attacker.session.sendInfo();
      expect(await closeOf(attacker, 'the victim to close')).toEqual({
        code: 4106,
        reason: 'CANOPY-106',
      });
      expect(attacker.error?.key).toBe('rateLimited');
      expect(infos).toBeGreaterThan(0);
      expect(infos).toBeLessThan(41);
      await expectUnharmed(a, before);
    },
    T,
  );
});

// --- C. hostile Yjs updates from a peer that has the code ------------------------------------

function realUpdate(): Uint8Array {
  return Y.encodeStateAsUpdate(exampleDoc('other'));
}

/** A V1 update: one client, structs of GC kind with the given lengths, empty delete set. */
function gcUpdate(lengths: number[] | { count: number }, client = 424242): Uint8Array {
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

describe('hostile Yjs updates from an authenticated peer', () => {
  const rejected: Array<[string, () => Uint8Array]> = [
    ['an empty update (yjs #498)', () => new Uint8Array(0)],
    ["'garbagedoc' (yjs #479)", () => new Uint8Array(Buffer.from('garbagedoc', 'base64'))],
    ['truncated varints (20 × 0xff)', () => new Uint8Array(20).fill(0xff)],
    ['a truncated real update', () => realUpdate().slice(0, 200)],
    ['a struct of absurd length (2^50)', () => gcUpdate([2 ** 50])],
    ['a struct just past the bound (2^31 + 1)', () => gcUpdate([2 ** 31 + 1])],
  ];

  it.each(rejected)(
    '%s is rejected by the guard: 4105, document unchanged',
    async (_what, payload) => {
      const a = await victim();
      const before = fingerprint(a.doc);
      const raw = await RawClient.connect(a.port);
      await raw.authenticate();
      raw.sendSync(SYNC_UPDATE, payload());
      expect(await raw.closeCode('the victim to close')).toEqual({
        code: 4105,
        reason: 'CANOPY-105',
      });
      await expectUnharmed(a, before);
    },
    T,
  );

  it(
    'the same payloads as sync step 2 are rejected too',
    async () => {
      const a = await victim();
      const before = fingerprint(a.doc);
      for (const [what, payload] of rejected.slice(0, 3)) {
        const raw = await RawClient.connect(a.port);
        await raw.authenticate();
        raw.sendSync(SYNC_STEP2, payload());
        expect((await raw.closeCode(what)).code, what).toBe(4105);
      }
      await expectUnharmed(a, before);
    },
    T,
  );

  it(
    'the V2 run-length buffer of yjs #687, sent as V1, decodes to nothing: applied as a no-op',
    async () => {
      // The protocol carries V1 updates only, and as V1 these bytes are a valid empty
      // update followed by ignored bytes; the V2 decoder that #687 hangs is never used.
      const bytes = new Uint8Array(
        Buffer.from('00010000000001000100010200001602000001fdffffffff7f0000', 'hex'),
      );
      const a = await victim();
      const before = fingerprint(a.doc);
      const raw = await RawClient.connect(a.port);
      await raw.authenticate();
      raw.sendSync(SYNC_UPDATE, bytes);
      // The victim handled it and still answers: a full document for an empty state vector.
      const answer = await raw.probe();
      const copy = new Y.Doc();
      new CanopyDoc(copy);
      Y.applyUpdate(copy, answer);
      expect(fingerprint(copy)).toEqual(before);
      await expectUnharmed(a, before);
    },
    T,
  );

  it(
    'a struct of length 2^31 is within the bounds: accepted, only that client’s clock moves',
    async () => {
      const a = await victim();
      const before = fingerprint(a.doc);
      const raw = await RawClient.connect(a.port);
      await raw.authenticate();
      raw.sendSync(SYNC_UPDATE, gcUpdate([2 ** 31], 99));
      await raw.probe();
      expect(snapshot(a.doc)).toBe(before.content);
      expect(Y.decodeStateVector(Y.encodeStateVector(a.doc)).get(99)).toBe(2 ** 31);
      await legitimateJoins(a);
    },
    T,
  );

  it(
    'an update of millions of tiny structs exhausts the worker, not the peer: 4105',
    async () => {
      const a = await victim();
      const before = fingerprint(a.doc);
      const raw = await RawClient.connect(a.port);
      await raw.authenticate();
      // 3 million structs in 6 MB: within maxStructs and maxFrameBytes, but decoding
      // needs several hundred MB, above the worker's 256 MB heap cap.
      const update = gcUpdate({ count: 3_000_000 });
      expect(update.length).toBeLessThan(16 * 1024 * 1024);
      raw.sendSync(SYNC_UPDATE, update);
      expect((await raw.closeCode('the victim to close')).code).toBe(4105);
      await expectUnharmed(a, before);
    },
    T,
  );

  it.each([
    [
      'a hostile state vector (sync step 1)',
      4105,
      (raw: RawClient) => raw.sendSync(SYNC_STEP1, new Uint8Array(20).fill(0xff)),
    ],
    ['an unknown sync message type', 4104, (raw: RawClient) => raw.sendSync(9, realUpdate())],
    [
      'a sync message whose length runs past its end',
      4104,
      (raw: RawClient) =>
        raw.sendPlain(CHANNEL.sync, Uint8Array.from([SYNC_UPDATE, 0x7f, 1, 2, 3])),
    ],
    ['an unknown channel', 4104, (raw: RawClient) => raw.sendPlain(7, realUpdate())],
    ['an empty message', 4104, (raw: RawClient) => raw.send(raw.channel!.seal(new Uint8Array(0)))],
    [
      'workshop info that is not JSON',
      4104,
      (raw: RawClient) => raw.sendPlain(CHANNEL.info, Uint8Array.from([0xff, 0xfe])),
    ],
    [
      'a saved state that is not base64',
      4104,
      (raw: RawClient) => raw.sendPlain(CHANNEL.info, info({ docId: null, saved: 'A*B=' })),
    ],
    [
      'a saved state that is not a state vector',
      4104,
      (raw: RawClient) =>
        raw.sendPlain(
          CHANNEL.info,
          info({ docId: null, saved: Buffer.alloc(12, 0xff).toString('base64') }),
        ),
    ],
    [
      'a saved state above 256 kB',
      4104,
      (raw: RawClient) =>
        raw.sendPlain(CHANNEL.info, info({ docId: null, saved: 'A'.repeat(256 * 1024 + 4) })),
    ],
    [
      'an awareness message above maxAwarenessBytes',
      4102,
      (raw: RawClient) => raw.sendPlain(CHANNEL.awareness, new Uint8Array(64 * 1024 + 1)),
    ],
    [
      'a truncated awareness message',
      4104,
      (raw: RawClient) => raw.sendPlain(CHANNEL.awareness, Uint8Array.from([1, 5, 1, 50, 0x7b])),
    ],
  ] as const)(
    '%s closes the connection with %i',
    async (_what, code, send) => {
      const a = await victim();
      const before = fingerprint(a.doc);
      const raw = await RawClient.connect(a.port);
      await raw.authenticate();
      send(raw);
      expect((await raw.closeCode('the victim to close')).code).toBe(code);
      await expectUnharmed(a, before);
    },
    T,
  );
});

/** Edits made in one task go out as one frame, once the task's microtasks run. */
const sealed = () => new Promise((resolve) => setImmediate(resolve));

function info(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

// --- the guard on its own ---------------------------------------------------------------------

function largeDoc(nodes = 2000): Uint8Array {
  const doc = exampleDoc('large');
  const model = new CanopyDoc(doc);
  const items: OutlineItem[] = Array.from({ length: nodes }, (_, i) => ({
    title: `Node ${i} with a title long enough to matter`,
  }));
  model.insertOutline(model.tree().rootId!, items);
  return Y.encodeStateAsUpdate(doc);
}

describe('WorkerUpdateGuard', () => {
  it(
    'gives up on a check past its time limit; a fresh guard with the normal limit accepts it',
    async () => {
      const update = largeDoc();
      expect(update.length).toBeGreaterThan(100_000);
      const hasty = new WorkerUpdateGuard({ timeoutMs: 1 });
      cleanups.push(() => hasty.close());
      await expect(hasty.checkUpdate(update)).rejects.toThrow(/longer than 1 ms/);

      const guard = new WorkerUpdateGuard();
      cleanups.push(() => guard.close());
      await expect(guard.checkUpdate(update)).resolves.toBeUndefined();
      await expect(
        guard.checkStateVector(Y.encodeStateVector(new Y.Doc())),
      ).resolves.toBeUndefined();
      await expect(guard.checkUpdate(new Uint8Array(20).fill(0xff))).rejects.toThrow();
    },
    T,
  );

  it(
    'replaces a worker that died on a check: the same guard accepts the next update',
    async () => {
      const guard = new WorkerUpdateGuard();
      cleanups.push(() => guard.close());
      const update = largeDoc(200);
      await expect(guard.checkUpdate(update)).resolves.toBeUndefined();
      await expect(guard.checkUpdate(gcUpdate({ count: 3_000_000 }))).rejects.toThrow(
        /memory|worker stopped|longer than/i,
      );
      await expect(guard.checkUpdate(update)).resolves.toBeUndefined();
    },
    T,
  );
});

// --- regressions -----------------------------------------------------------------------------
//
// Bugs this suite found; each test failed before its fix.

/** Every error a peer's links report from now on. */
function linkErrors(p: TestPeer): string[] {
  const errors: string[] = [];
  p.peer.on('status', (links) => {
    for (const link of links)
      if (link.error && !errors.includes(link.error)) errors.push(link.error);
  });
  return errors;
}

/** An awareness update with one client whose state is `depth` nested arrays. */
function deepAwareness(client: number, depth: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, 1);
  encoding.writeVarString(e, '['.repeat(depth) + ']'.repeat(depth));
  return encoding.toUint8Array(e);
}

describe('regressions', () => {
  // The state was 60 kB (under maxAwarenessBytes) and JSON.parse accepted it, but
  // JSON.stringify overflowed the stack when it was encoded for each new peer, so
  // every joiner was refused. Now states nested deeper than presence needs are refused.
  it(
    'a deeply nested awareness state from one peer does not lock new joiners out',
    async () => {
      const a = await victim();
      const raw = await RawClient.connect(a.port);
      await raw.authenticate();
      raw.sendPlain(CHANNEL.awareness, deepAwareness(777, 30_000));
      await waitFor(
        () => a.peer.awareness.getStates().has(777) || raw.closed !== null,
        'the awareness message to be handled',
      );
      const b = await peer();
      const errors = linkErrors(b);
      b.peer.connect({ host: '127.0.0.1', port: a.port });
      await waitFor(
        () => converged([a.doc, b.doc]) || errors.length > 0,
        'the joiner to sync or fail',
      );
      expect(errors).toEqual([]);
      expect(converged([a.doc, b.doc])).toBe(true);
    },
    T,
  );

  // All sessions of a WorkshopPeer share one WorkerUpdateGuard. When its worker died,
  // every pending check was rejected, so a legitimate peer queued behind the hostile
  // update was cut off and blamed. Now only the check that killed the worker fails.
  it(
    'a hostile update that kills the guard worker does not disconnect the other peers',
    async () => {
      const a = await victim();
      const b = await peer();
      b.peer.connect({ host: '127.0.0.1', port: a.port });
      await waitFor(() => converged([a.doc, b.doc]), 'the legitimate peer to sync');
      const errors = linkErrors(b);
      const raw = await RawClient.connect(a.port);
      await raw.authenticate();
      raw.sendSync(SYNC_UPDATE, gcUpdate({ count: 3_000_000 }));
      // While the worker chews on that (about two seconds), an innocent edit arrives.
      await new Promise((r) => setTimeout(r, 100));
      b.model.addNode(b.model.tree().rootId!, { title: 'Innocent edit' });
      expect((await raw.closeCode('the attacker to be closed')).code).toBe(4105);
      await waitFor(() => converged([a.doc, b.doc]), 'the innocent edit to arrive');
      expect(errors).toEqual([]);
    },
    T,
  );

  // ws's maxPayload used to equal the largest message, so ws closed with a bare 1009
  // that mapped to no reason, and the sender redialled forever without saying why.
  it(
    "a peer whose update exceeds the receiver's maxMessageBytes is told why (CANOPY-102)",
    async () => {
      const a = await victim({ limits: { maxMessageBytes: 64 * 1024 } });
      const b = await peer();
      b.peer.connect({ host: '127.0.0.1', port: a.port });
      await waitFor(() => converged([a.doc, b.doc]), 'the peers to sync');
      const errors = linkErrors(b);
      b.doc.getMap('notes').set('big', 'x'.repeat(100_000));
      await waitFor(() => errors.some((e) => e.startsWith('CANOPY-102')), 'CANOPY-102', 3000);
    },
    T,
  );
});
