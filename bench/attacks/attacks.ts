/**
 * npm run attacks [-- --repo DIR] [--only memory,flood,sybil,announce,origin] [--seconds N]
 *
 * Reruns, against a real host process (`npm run host` of the repository at --repo,
 * this one by default), what a stranger on the venue network can do without the
 * code, and prints what it cost the host: its memory under sockets that never finish
 * a message, the guesses per second it answers (in) and offers (out), how long an
 * honest participant takes to get in meanwhile, from another address and from the
 * attacker's own. Run it against an older checkout with --repo to compare: the
 * harness speaks the protocol of the repository it attacks. Figures, not a test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Bonjour } from 'bonjour-service';
import { WebSocket, WebSocketServer } from 'ws';
import type * as AwarenessTypes from 'y-protocols/awareness';
import type * as YTypes from 'yjs';
import type * as PeerTypes from '../../electron/peer/workshop-peer';
import type * as SyncTypes from '../../shared/sync';

const { values } = parseArgs({
  options: {
    repo: { type: 'string', default: process.cwd() },
    only: { type: 'string', default: 'memory,flood,sybil,announce,origin' },
    seconds: { type: 'string', default: '20' },
    // Internal: run a flood in this process (the attacker apart from the measurements).
    'flood-worker': { type: 'string' },
    code: { type: 'string' },
  },
});
const repo = path.resolve(values.repo);
const only = new Set(values.only.split(','));
const SECONDS = Number(values.seconds);

type SyncModule = typeof SyncTypes;
type PeerModule = typeof PeerTypes;
const sync = (await import(
  pathToFileURL(path.join(repo, 'shared/sync/index.ts')).href
)) as SyncModule;
// The attacked repository's own Yjs and presence, so its sessions get the objects they expect.
const moduleOf = (file: string) => pathToFileURL(path.join(repo, 'node_modules', file)).href;
const Y = (await import(moduleOf('yjs/dist/yjs.mjs'))) as typeof YTypes;
const { Awareness } = (await import(moduleOf('y-protocols/awareness.js'))) as typeof AwarenessTypes;
const code = values.code ?? sync.normalizeWorkshopCode(sync.generateWorkshopCode())!;
const wrongCode = sync.normalizeWorkshopCode(sync.generateWorkshopCode())!;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

// --- the host --------------------------------------------------------------------------

interface Host {
  child: ChildProcess;
  port: number;
  rss(): number;
  stop(): Promise<void>;
}

async function startHost(extra: string[] = ['--no-discover']): Promise<Host> {
  const data = mkdtempSync(path.join(tmpdir(), 'canopy-attack-'));
  const child = spawn(
    process.execPath,
    [
      '--max-semi-space-size=2',
      '--import',
      'tsx',
      'electron/host/host-cli.ts',
      '--port',
      '0',
      '--data',
      data,
      '--code',
      code,
      '--init',
      'example',
      '--bind',
      '0.0.0.0',
      ...extra,
    ],
    { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (c) => reject(new Error(`host exited (${c})`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('{') && line.includes('"listening"'))
        resolve((JSON.parse(line) as { port: number }).port);
    });
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    port,
    rss: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
    },
    stop: async () => {
      child.kill('SIGKILL');
      await exited;
      rmSync(data, { recursive: true, force: true });
    },
  };
}

/** Time for a GET of the app's page, in ms (what a participant's browser waits). */
function httpLatency(port: number): Promise<number> {
  const start = performance.now();
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path: '/', timeout: 20_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(performance.now() - start));
    });
    req.on('error', () => resolve(Infinity));
    req.on('timeout', () => req.destroy());
  });
}

// --- handshakes by hand ---------------------------------------------------------------------

/** A hello that costs the attacker nothing: random ids, one fixed valid share. */
const cheapShare = sync.cpaceShare(wrongCode, randomBytes(16), sync.lvCat(randomBytes(16))).share;
function cheapHello(): Uint8Array {
  const hello = new Uint8Array(sync.HELLO_BYTES);
  hello[0] = sync.FRAME.hello;
  hello[sync.HELLO_AT.version] = sync.PROTOCOL_VERSION;
  hello.set(randomBytes(16), sync.HELLO_AT.sid);
  hello.set(randomBytes(16), sync.HELLO_AT.id);
  hello.set(cheapShare, sync.HELLO_AT.share);
  return hello;
}

/** One guess from `localAddress`: true when the host answered it (a reply came). */
function guess(port: number, localAddress: string): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}`, { localAddress, perMessageDeflate: false });
    const done = (answered: boolean) => {
      ws.terminate();
      resolve(answered);
    };
    ws.on('error', () => done(false));
    ws.on('unexpected-response', () => done(false));
    ws.on('open', () => ws.send(cheapHello()));
    ws.on('message', (data: Buffer) => done(data[0] === sync.FRAME.reply));
    ws.on('close', () => done(false));
  });
}

/** An honest participant: the right code, retrying as the app does; ms until in. */
async function honestJoin(port: number, localAddress: string, deadlineMs: number): Promise<number> {
  const start = performance.now();
  while (performance.now() - start < deadlineMs) {
    const opened = await new Promise<boolean>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}`, {
        localAddress,
        perMessageDeflate: false,
      });
      ws.binaryType = 'nodebuffer';
      const doc = new Y.Doc();
      let session: InstanceType<SyncModule['PeerSession']> | null = null;
      ws.on('error', () => undefined);
      ws.on('open', () => {
        session = new sync.PeerSession(
          { send: (d) => ws.send(d), close: (c, r) => ws.close(c, r) },
          {
            role: 'initiator',
            code,
            peerId: new Uint8Array(randomBytes(16)),
            doc,
            awareness: new Awareness(doc),
            guard: { checkUpdate: async () => {}, checkStateVector: async () => {}, close() {} },
            info: () => ({ docId: null }),
            onOpen: () => {
              ws.terminate();
              resolve(true);
            },
          },
        );
      });
      ws.on('message', (d: Buffer) => session?.receive(new Uint8Array(d)));
      ws.on('close', () => resolve(false));
    });
    if (opened) return performance.now() - start;
    // The same policy against every version: again after 250–750 ms.
    await sleep(250 + Math.random() * 500);
  }
  return Infinity;
}

/**
 * A participant who is in before the flood starts: a real workshop peer of the
 * attacked repository, leaving from `localAddress`. Null when that repository cannot
 * bind a local address (older versions, which have no tickets either).
 */
async function participant(port: number, localAddress: string) {
  if (!('TICKET_PATTERN' in sync)) return null;
  const { WorkshopPeer } = (await import(
    pathToFileURL(path.join(repo, 'electron/peer/workshop-peer.ts')).href
  )) as PeerModule;
  const peer = new WorkshopPeer({ code, doc: new Y.Doc(), localAddress, host: '127.0.0.1' });
  await peer.listen();
  peer.connect({ host: '127.0.0.1', port });
  while (!peer.connectedPeers().length) await sleep(20);
  await sleep(500); // its ticket comes with the host's workshop info
  return {
    /** Its link drops (Wi-Fi, a laptop lid); ms until it is in again by itself. */
    async dropAndReturn(): Promise<number> {
      const start = performance.now();
      peer.dropConnections();
      while (peer.connectedPeers().length) await sleep(5);
      while (!peer.connectedPeers().length) {
        if (performance.now() - start > 30_000) return Infinity;
        await sleep(5);
      }
      return performance.now() - start;
    },
    stop: () => peer.stop(),
  };
}

/**
 * `concurrency` loops of guesses, each from its address in `addresses`, in a process
 * of their own (so the attacker's work does not slow the measurements down).
 */
function flood(port: number, addresses: string[], concurrency: number) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(import.meta.dirname, 'attacks.ts'),
      '--repo',
      repo,
      '--flood-worker',
      JSON.stringify({ port, addresses, concurrency }),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const counts = new Promise<{ answered: number; tried: number }>((resolve) =>
    createInterface({ input: child.stdout! }).once('line', (line) => resolve(JSON.parse(line))),
  );
  return {
    /** Stops the flood; what it tried and what the host answered. */
    stop: async () => {
      child.stdin!.end();
      return counts;
    },
  };
}

/** The flood's own process: guesses until its stdin closes, then prints its counts. */
async function floodWorker(spec: { port: number; addresses: string[]; concurrency: number }) {
  let running = true;
  let answered = 0;
  let tried = 0;
  process.stdin.resume().on('end', () => (running = false));
  await Promise.all(
    Array.from({ length: spec.concurrency }, async (_, i) => {
      const from = spec.addresses[i % spec.addresses.length]!;
      while (running) {
        tried++;
        if (await guess(spec.port, from)) answered++;
      }
    }),
  );
  console.log(JSON.stringify({ answered, tried }));
  process.exit(0);
}

// --- the attacks ----------------------------------------------------------------------------

async function memory(): Promise<void> {
  const host = await startHost();
  await sleep(2000);
  const before = host.rss();
  const SOCKETS = 200;
  const TOTAL = 15 * 1024 * 1024;
  const chunk = randomBytes(16 * 1024);
  let peak = before;
  let closedByHost = 0;
  const latencies: number[] = [];
  const sampling = setInterval(() => (peak = Math.max(peak, host.rss())), 100);
  const probing = (async () => {
    for (let i = 0; i < SECONDS * 2; i++) {
      latencies.push(await httpLatency(host.port));
      await sleep(500);
    }
  })();
  const sockets = Array.from({ length: SOCKETS }, async () => {
    const socket = net.connect(host.port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.on('close', () => closedByHost++);
    await new Promise<void>((r) => socket.once('connect', r));
    socket.write(
      `GET / HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    // Never finished: FIN is never set; what comes back (a close frame) is ignored.
    let sent = 0;
    let first = true;
    while (sent < TOTAL && !socket.destroyed) {
      const ok = socket.write(frame(first ? 0x2 : 0x0, chunk));
      first = false;
      sent += chunk.length;
      if (!ok) await new Promise<void>((r) => socket.once('drain', r).once('close', r));
    }
    return socket;
  });
  const opened = await Promise.all(sockets);
  await probing;
  clearInterval(sampling);
  const finite = latencies.filter(Number.isFinite).sort((a, b) => a - b);
  console.log(
    `memory: ${SOCKETS} raw sockets, each streaming an unfinished ${TOTAL / 2 ** 20} MiB message and ignoring the close frame:\n` +
      `  host RSS ${fmt(before)} MB before, ${fmt(peak)} MB at the peak\n` +
      `  sockets closed by the host: ${closedByHost} of ${SOCKETS}\n` +
      `  HTTP GET / meanwhile: median ${fmt(finite[finite.length >> 1] ?? Infinity)} ms, slowest ${fmt(finite.at(-1) ?? Infinity)} ms, failed ${latencies.length - finite.length}`,
  );
  for (const s of opened) s.destroy();
  await host.stop();
}

function frame(opcode: number, payload: Buffer): Buffer {
  const mask = randomBytes(4);
  const masked = Buffer.alloc(payload.length);
  for (let i = 0; i < payload.length; i++) masked[i] = payload[i]! ^ mask[i & 3]!;
  const len = payload.length;
  const header =
    len < 65536
      ? Buffer.from([opcode, 0x80 | 126, len >> 8, len & 0xff])
      : Buffer.from([
          opcode,
          0x80 | 127,
          0,
          0,
          0,
          0,
          len >>> 24,
          (len >> 16) & 0xff,
          (len >> 8) & 0xff,
          len & 0xff,
        ]);
  return Buffer.concat([header, mask, masked]);
}

async function floodFrom(name: string, addresses: string[], concurrency: number): Promise<void> {
  const host = await startHost();
  const inRoom = await participant(host.port, addresses[0]!);
  const attack = flood(host.port, addresses, concurrency);
  const start = performance.now();
  await sleep(3000);
  const other = await honestJoin(host.port, '127.0.0.3', 30_000);
  const same = await honestJoin(host.port, addresses[0]!, 30_000);
  const back = await inRoom?.dropAndReturn();
  await inRoom?.stop();
  const remaining = SECONDS * 1000 - (performance.now() - start);
  if (remaining > 0) await sleep(remaining);
  const seconds = (performance.now() - start) / 1000;
  const { answered, tried } = await attack.stop();
  console.log(
    `${name}: ${concurrency} wrong-code attempts at a time from ${addresses.length} address(es), ${fmt(seconds, 1)} s:\n` +
      `  attempts ${fmt(tried / seconds)}/s; guesses answered by the host ${fmt(answered / seconds, 1)}/s = ${fmt((answered / seconds) * 60)} a minute\n` +
      `  honest participant from another address: in after ${Number.isFinite(other) ? `${fmt(other)} ms` : 'never (30 s)'}\n` +
      `  honest participant behind the attacker's address: in after ${Number.isFinite(same) ? `${fmt(same)} ms` : 'never (30 s)'}` +
      (back === undefined
        ? ''
        : `\n  a participant who was in, behind the attacker's address, drops: back after ${Number.isFinite(back) ? `${fmt(back)} ms` : 'never (30 s)'}`),
  );
  await host.stop();
}

/**
 * Announces a fake Canopy peer on the LAN for each port (a dialler keeps one target
 * per address and port); ten per responder, so no answer exceeds a multicast packet.
 */
function announce(ports: number[]) {
  const responders: Bonjour[] = [];
  ports.forEach((port, i) => {
    if (i % 10 === 0) responders.push(new Bonjour());
    const id = randomBytes(16).toString('hex');
    const name = `canopy-${id.slice(0, 8)}`;
    responders
      .at(-1)!
      .publish({ name, type: 'canopy', port, host: `${name}.local`, txt: { v: '1', id } });
  });
  return {
    stop: () =>
      Promise.all(
        responders.map((b) => new Promise<void>((r) => b.unpublishAll(() => b.destroy(() => r())))),
      ),
  };
}

/**
 * `count` strangers, each on its port, answering every dial as responder with a code
 * of their own: each hello they get is a guess offered to them. Silent ones accept the
 * connection and never answer.
 */
async function guessingResponders(count: number, silent: boolean) {
  let hellos = 0;
  const servers: WebSocketServer[] = [];
  for (let i = 0; i < count; i++) {
    const wss = new WebSocketServer({ port: 0, host: '0.0.0.0' });
    await new Promise((r) => wss.once('listening', r));
    servers.push(wss);
    wss.on('connection', (ws) => {
      ws.on('error', () => undefined);
      if (silent) return;
      const doc = new Y.Doc();
      const session = new sync.PeerSession(
        { send: (d) => ws.send(d), close: (c, r) => ws.close(c, r) },
        {
          role: 'responder',
          code: wrongCode,
          peerId: new Uint8Array(randomBytes(16)),
          doc,
          awareness: new Awareness(doc),
          guard: { checkUpdate: async () => {}, checkStateVector: async () => {}, close() {} },
          info: () => ({ docId: null }),
        },
      );
      ws.on('message', (d: Buffer) => {
        if (d[0] === sync.FRAME.hello) hellos++;
        session.receive(new Uint8Array(d));
      });
      ws.on('close', (c) => session.transportClosed(c));
    });
  }
  return {
    ports: servers.map((w) => (w.address() as net.AddressInfo).port),
    hellos: () => hellos,
    close: () => servers.forEach((w) => w.close()),
  };
}

async function announced(): Promise<void> {
  const COUNT = 400;
  const responder = await guessingResponders(COUNT, false);
  const fakes = announce(responder.ports);
  // A participant's desktop app that joined the workshop (it dials what it finds).
  const { WorkshopPeer } = (await import(
    pathToFileURL(path.join(repo, 'electron/peer/workshop-peer.ts')).href
  )) as PeerModule;
  const joiner = new WorkshopPeer({ code, doc: new Y.Doc(), discover: true, host: '0.0.0.0' });
  await joiner.listen();
  const start = performance.now();
  await sleep(SECONDS * 1000);
  const joinerGuesses = responder.hellos();
  const seconds = (performance.now() - start) / 1000;
  await joiner.stop();
  // The host of the workshop, with the same announcements around it.
  const before = responder.hellos();
  const host = await startHost([]);
  const hostStart = performance.now();
  await sleep(SECONDS * 1000);
  const hostGuesses = responder.hellos() - before;
  const hostSeconds = (performance.now() - hostStart) / 1000;
  await host.stop();
  console.log(
    `announce: ${COUNT} fake peers announced by multicast DNS, answering as a stranger with another code:\n` +
      `  guesses offered by a participant's app: ${fmt(joinerGuesses / seconds, 1)}/s (${joinerGuesses} in ${fmt(seconds)} s)\n` +
      `  guesses offered by the host: ${fmt(hostGuesses / hostSeconds, 1)}/s (${hostGuesses} in ${fmt(hostSeconds)} s)`,
  );
  await fakes.stop();
  responder.close();

  // Silent announcements: do they fill the host's places?
  const silent = await guessingResponders(64, true);
  const silentFakes = announce(silent.ports);
  const host2 = await startHost([]);
  await sleep(8000);
  let joined = 0;
  for (let i = 0; i < 12; i++)
    if (Number.isFinite(await honestJoin(host2.port, '127.0.0.3', 5000))) joined++;
  console.log(
    `  with 64 silent fake peers announced: ${joined} of 12 honest participants got in (each within 5 s)`,
  );
  await host2.stop();
  await silentFakes.stop();
  silent.close();
}

async function origin(): Promise<void> {
  const host = await startHost();
  const status = (headers: Record<string, string>) =>
    new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${host.port}`, { headers });
      ws.on('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => resolve(0));
    }).finally(() => undefined);
  const evil = await status({ Origin: 'http://evil.example' });
  const rebound = await status({
    Origin: `http://evil.example:${host.port}`,
    Host: `evil.example:${host.port}`,
  });
  const own = await status({ Origin: `http://127.0.0.1:${host.port}` });
  console.log(
    `origin: WebSocket upgrade with Origin http://evil.example → ${evil}; a rebound name → ${rebound}; the host's own page → ${own} (101 = accepted)`,
  );
  await host.stop();
}

if (values['flood-worker']) await floodWorker(JSON.parse(values['flood-worker']));
console.log(
  `Attacking the host of ${repo} (protocol v${sync.PROTOCOL_VERSION}, code of ${code.length} characters)`,
);
if (only.has('origin')) await origin();
if (only.has('memory')) await memory();
if (only.has('flood')) await floodFrom('flood', ['127.0.0.2'], 32);
if (only.has('sybil'))
  await floodFrom(
    'sybil',
    Array.from({ length: 64 }, (_, i) => `127.0.1.${i + 1}`),
    64,
  );
if (only.has('announce')) await announced();
process.exit(0);
