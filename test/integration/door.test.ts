/**
 * The door of a listening peer under attack, over real sockets on 127.0.0.x (Linux
 * routes all of 127/8 to loopback, so each test can use addresses of its own):
 * browser origins, raw sockets that never finish a message, floods of wrong codes
 * from one address, dials that never answer. Each time an honest participant must
 * still get in.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { PeerSession, type UpdateGuard } from '../../shared/sync';
import { CODE, converged, exampleDoc, startPeer, waitFor, type TestPeer } from './peers';

const T = 30_000;
const WRONG_CODE = 'ZZZZ9999ZZZZ';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function victim(options: Parameters<typeof startPeer>[0] = {}): Promise<TestPeer> {
  const p = await startPeer({ doc: exampleDoc(), docId: 'workshop-doc', ...options });
  cleanups.push(() => p.peer.stop());
  return p;
}

const noGuard: UpdateGuard = {
  checkUpdate: async () => undefined,
  checkStateVector: async () => undefined,
  close: () => undefined,
};

interface Attempt {
  opened: boolean;
  /** The close code, once closed. */
  code: number | null;
  ws: WebSocket;
  doc: Y.Doc;
}

/** One handshake from `localAddress`; resolves when it opened or closed. */
function attempt(port: number, code: string, localAddress = '127.0.0.1'): Promise<Attempt> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}`, { localAddress, perMessageDeflate: false });
    ws.binaryType = 'nodebuffer';
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    const result: Attempt = { opened: false, code: null, ws, doc };
    let session: PeerSession | null = null;
    ws.on('error', () => undefined);
    ws.on('open', () => {
      session = new PeerSession(
        {
          send: (d) => ws.readyState === WebSocket.OPEN && ws.send(d),
          close: (c, r) => ws.close(c, r),
        },
        {
          role: 'initiator',
          code,
          peerId: new Uint8Array(randomBytes(16)),
          doc,
          awareness,
          guard: noGuard,
          info: () => ({ docId: null }),
          onOpen: () => {
            result.opened = true;
            resolve(result);
          },
        },
      );
    });
    ws.on('message', (data: Buffer) => session?.receive(new Uint8Array(data)));
    ws.on('close', (c) => {
      awareness.destroy();
      session?.transportClosed(c);
      result.code = c;
      resolve(result);
    });
  });
}

/** An honest participant: tries again, as the app does, until it is in. */
async function join(port: number, localAddress: string, deadlineMs: number): Promise<Attempt> {
  const start = Date.now();
  for (;;) {
    const a = await attempt(port, CODE, localAddress);
    if (a.opened) {
      cleanups.push(() => a.ws.terminate());
      return a;
    }
    if (Date.now() - start > deadlineMs)
      throw new Error(`not in after ${deadlineMs} ms: ${a.code}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Wrong codes, `concurrency` at a time, from one address, until stopped. */
function flood(port: number, localAddress: string, concurrency: number) {
  let running = true;
  let attempts = 0;
  const loops = Array.from({ length: concurrency }, async () => {
    while (running) {
      const a = await attempt(port, WRONG_CODE, localAddress);
      attempts++;
      a.ws.terminate();
      // Refused at the door (busy): the flood does not slow down for it.
    }
  });
  return {
    attempts: () => attempts,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** Upgrades a raw socket by hand, so it can then send anything. */
async function rawUpgrade(
  port: number,
  headers: Record<string, string> = {},
): Promise<{ socket: net.Socket; status: number }> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) =>
    socket.once('connect', resolve).once('error', reject),
  );
  const lines = [
    'GET / HTTP/1.1',
    `Host: 127.0.0.1:${port}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    'Sec-WebSocket-Version: 13',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  const head = await new Promise<string>((resolve) =>
    socket.once('data', (d: Buffer) => resolve(d.toString('latin1'))),
  );
  cleanups.push(() => socket.destroy());
  return { socket, status: Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1] ?? 0) };
}

/** A masked client frame: `fin` false for all but the last fragment. */
function clientFrame(opcode: number, fin: boolean, payload: Buffer): Buffer {
  const mask = randomBytes(4);
  const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
  const len = payload.length;
  const header =
    len < 126
      ? Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | len])
      : Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | 126, len >> 8, len & 0xff]);
  return Buffer.concat([header, mask, masked]);
}

function closed(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve();
    socket.once('close', () => resolve());
  });
}

describe('the door: origins', () => {
  async function upgradeStatus(port: number, headers: Record<string, string>): Promise<number> {
    const { socket, status } = await rawUpgrade(port, headers);
    socket.destroy();
    return status;
  }

  it('accepts its own page and peers without an Origin; refuses other pages', async () => {
    const a = await victim();
    expect(await upgradeStatus(a.port, {})).toBe(101);
    expect(await upgradeStatus(a.port, { Origin: `http://127.0.0.1:${a.port}` })).toBe(101);
    expect(await upgradeStatus(a.port, { Origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(a.port, { Origin: 'http://127.0.0.1:9' })).toBe(403);
    // A web page that opened a ws:// to the host, the way a browser does.
    const fromEvil = new WebSocket(`ws://127.0.0.1:${a.port}`, { origin: 'http://evil.example' });
    const status = await new Promise<number>((resolve) => {
      fromEvil.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      fromEvil.on('open', () => resolve(101));
      fromEvil.on('error', () => undefined);
    });
    fromEvil.terminate();
    expect(status).toBe(403);
  });

  it('refuses a page whose DNS name was rebound to this machine', async () => {
    const a = await victim();
    const status = await upgradeStatus(a.port, {
      Origin: `http://evil.example:${a.port}`,
      Host: `evil.example:${a.port}`,
    });
    expect(status).toBe(403);
  });

  it('accepts an origin it was told about', async () => {
    const a = await victim({ allowedOrigins: ['https://canopy.example.org'] });
    expect(await upgradeStatus(a.port, { Origin: 'https://canopy.example.org' })).toBe(101);
  });
});

describe('the door: before the handshake', () => {
  it(
    'raw sockets streaming an unfinished message are cut off; an honest peer joins meanwhile',
    async () => {
      const a = await victim();
      const sockets: net.Socket[] = [];
      for (let i = 0; i < 40; i++) sockets.push((await rawUpgrade(a.port)).socket);
      // Each streams fragments of one binary message and ignores what comes back.
      const chunk = randomBytes(16 * 1024);
      for (const s of sockets) {
        s.on('error', () => undefined);
        s.write(clientFrame(0x2, false, chunk));
        for (let i = 0; i < 8; i++) s.write(clientFrame(0x0, false, chunk));
      }
      // Cut off at 64 KiB (ws's maxPayload), without waiting for a close frame back.
      await Promise.all(sockets.map(closed));
      expect(a.peer.gateStats()!.unauthenticated).toBe(0);
      const honest = await join(a.port, '127.0.0.1', 10_000);
      await waitFor(() => converged([a.doc, honest.doc]), 'the honest peer to sync');
    },
    T,
  );

  it(
    'sockets that never say hello make room for newcomers, and go after the deadline',
    async () => {
      const a = await victim({ admission: { perAddress: 4 } });
      const silent: net.Socket[] = [];
      for (let i = 0; i < 4; i++) silent.push((await rawUpgrade(a.port)).socket);
      // The next socket from the same address pushes out the oldest silent one.
      const fifth = await rawUpgrade(a.port);
      await closed(silent[0]!);
      expect(silent[1]!.destroyed).toBe(false);
      expect(fifth.status).toBe(101);
      // An honest participant from the same address gets in too.
      await join(a.port, '127.0.0.1', 10_000);
      // The rest are dropped when the hello deadline passes.
      await Promise.all([...silent.slice(1), fifth.socket].map(closed));
    },
    T,
  );

  it(
    'a wrong-code flood from one address: another address joins first, the same one still gets in',
    async () => {
      const a = await victim();
      const attack = flood(a.port, '127.0.0.2', 24);
      cleanups.push(() => attack.stop());
      await waitFor(() => attack.attempts() > 100, 'the flood to be under way', 20_000);
      const penaltyBefore = a.peer.admission.penalty('127.0.0.2');
      expect(penaltyBefore).toBeGreaterThan(10);
      const other = await join(a.port, '127.0.0.3', 10_000);
      await waitFor(() => converged([a.doc, other.doc]), 'the honest peer to sync');
      // Behind the attacker's own address (a NAT'ed room): it takes turns, but gets in.
      const same = await join(a.port, '127.0.0.2', 25_000);
      await waitFor(() => converged([a.doc, same.doc]), 'the second honest peer to sync');
      await attack.stop();
      // Every answered attempt was a guess, and the budget held them to its rate.
      const stats = a.peer.gateStats()!;
      expect(stats.answered).toBeGreaterThan(0);
    },
    T,
  );
});

describe('the door: tickets', () => {
  it(
    'a participant who was in gets back in at once behind a flooding address',
    async () => {
      const a = await victim();
      const b = await startPeer({ localAddress: '127.0.0.4', backoff: { initial: 50, max: 500 } });
      cleanups.push(() => b.peer.stop());
      b.peer.connect({ host: '127.0.0.1', port: a.port });
      await waitFor(() => converged([a.doc, b.doc]), 'the participant to be in');
      // A flood starts from the participant's own address (a NAT'ed room), then the
      // participant's link drops (Wi-Fi, sleep) while it goes on.
      const attack = flood(a.port, '127.0.0.4', 24);
      cleanups.push(() => attack.stop());
      await waitFor(() => attack.attempts() > 200, 'the flood to be under way', 20_000);
      expect(a.peer.admission.penalty('127.0.0.4')).toBeGreaterThan(10);
      a.model.renameDocument('While you were away');
      // The link drops under the participant (its sockets die); it redials by itself.
      b.peer.dropConnections();
      await waitFor(() => converged([a.doc, b.doc]), 'the participant to be back', 10_000);
      expect(b.model.meta.title).toBe('While you were away');
      // It came back with the ticket it was given, which put it first in line.
      expect(a.peer.gateStats()!.ticketsRedeemed).toBe(1);
    },
    T,
  );
});

describe('the door: our own dials', () => {
  it(
    'connections we dialled do not take places of incoming participants',
    async () => {
      // Servers that accept a WebSocket and never answer: they hold our dials open.
      const silentServers: WebSocketServer[] = [];
      for (let i = 0; i < 4; i++) {
        const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
        await new Promise((r) => wss.once('listening', r));
        silentServers.push(wss);
        cleanups.push(() => new Promise((r) => wss.close(r)));
      }
      const a = await victim({ maxPeers: 2 });
      for (const wss of silentServers)
        a.peer.connect({ host: '127.0.0.1', port: (wss.address() as net.AddressInfo).port });
      await waitFor(
        () => silentServers.every((s) => s.clients.size > 0),
        'the dials to be connected',
      );
      const first = await join(a.port, '127.0.0.1', 10_000);
      const second = await join(a.port, '127.0.0.1', 10_000);
      expect(first.opened && second.opened).toBe(true);
      // The cap still holds for incoming participants.
      const third = await attempt(a.port, CODE);
      expect(third.code).toBe(4108);
    },
    T,
  );
});
