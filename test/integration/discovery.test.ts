/**
 * Peer discovery by real multicast DNS on this machine (no network namespaces, no
 * mocks): every PeerDiscovery here binds UDP 5353 with SO_REUSEADDR and hears the
 * others' packets through multicast loopback. Most tests use the default interface
 * (in the dev container that is eth0); one binds multicast to 127.0.0.1 with the
 * `interface` option. Where the machine cannot multicast at all (some sandboxes and
 * CI runners), the probe below says so and the tests are skipped, not failed.
 */
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { isIPv4 } from 'node:net';
import { Bonjour, type Service } from 'bonjour-service';
import { afterEach, describe, expect, it } from 'vitest';
import { PeerDiscovery, parsePeer, type DiscoveredPeer } from '../../electron/peer/discovery';
import { CODE, converged, exampleDoc, startPeer, waitFor } from './peers';

const TIMEOUT = 15_000;
const TITLE = 'Quarterly Strategy Workshop';

/** Whether a multicast datagram we send comes back to us. */
async function probeMulticast(): Promise<boolean> {
  const socket = createSocket({ type: 'udp4', reuseAddr: true });
  try {
    return await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 1000);
      socket.on('error', () => resolve(false));
      socket.on('message', () => {
        clearTimeout(timer);
        resolve(true);
      });
      socket.bind(0, () => {
        try {
          socket.addMembership('224.0.0.251');
          socket.setMulticastLoopback(true);
          socket.send('probe', socket.address().port, '224.0.0.251');
        } catch {
          resolve(false); // no multicast route or membership here
        }
      });
    });
  } finally {
    socket.close();
  }
}
const multicastWorks = await probeMulticast();

const newId = () => randomBytes(16).toString('hex');

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

interface Started {
  discovery: PeerDiscovery;
  id: string;
  peers: DiscoveredPeer[];
  gone: string[];
}

function start(port: number, iface?: string): Started {
  const id = newId();
  const discovery = new PeerDiscovery({ id, port, ...(iface ? { interface: iface } : {}) });
  const started: Started = { discovery, id, peers: [], gone: [] };
  discovery.on('peer', (p) => started.peers.push(p));
  discovery.on('gone', (g) => started.gone.push(g));
  discovery.start();
  cleanups.push(() => discovery.stop());
  return started;
}

/** A plain bonjour-service instance, to see what goes on the wire or to send junk. */
function rawBonjour(): Bonjour {
  const raw = new Bonjour();
  cleanups.push(
    () => new Promise<void>((resolve) => raw.unpublishAll(() => raw.destroy(() => resolve()))),
  );
  return raw;
}

const sees = (s: Started, id: string) => s.peers.some((p) => p.id === id);

describe('peer discovery by multicast DNS', () => {
  it.skipIf(!multicastWorks)(
    'two peers find each other; a stopped one is gone',
    async () => {
      const a = start(40001);
      const b = start(40002);
      await waitFor(() => sees(a, b.id) && sees(b, a.id), 'mutual discovery', TIMEOUT);

      const fromB = a.peers.find((p) => p.id === b.id)!;
      expect(fromB.port).toBe(40002);
      expect(isIPv4(fromB.host)).toBe(true);
      expect(fromB.addresses).toContain(fromB.host);
      // IPv4 addresses come first.
      const firstV6 = fromB.addresses.findIndex((x) => !isIPv4(x));
      if (firstV6 >= 0) expect(fromB.addresses.slice(firstV6).every((x) => !isIPv4(x))).toBe(true);
      // Our own advertisement comes back to us by loopback, and is ignored.
      expect(a.peers.every((p) => p.id !== a.id)).toBe(true);
      expect(b.peers.every((p) => p.id !== b.id)).toBe(true);

      await a.discovery.stop();
      await waitFor(() => b.gone.includes(a.id), 'goodbye', TIMEOUT);
      // Other Canopy peers on this network (another test run) may come and go too.
      expect(b.gone).toContain(a.id);
      expect(b.gone).not.toContain(b.id);
    },
    TIMEOUT + 5_000,
  );

  it.skipIf(!multicastWorks)(
    'with multicast bound to 127.0.0.1 the peers find each other there',
    async () => {
      const a = start(40003, '127.0.0.1');
      const b = start(40004, '127.0.0.1');
      await waitFor(() => sees(a, b.id) && sees(b, a.id), 'mutual discovery', TIMEOUT);
      expect(a.peers.find((p) => p.id === b.id)!.host).toBe('127.0.0.1');
    },
    TIMEOUT + 5_000,
  );

  it.skipIf(!multicastWorks)(
    'the advertisement holds only the version and the random id',
    async () => {
      const a = start(40005);
      const seen: Service[] = [];
      rawBonjour()
        .find({ type: 'canopy' })
        .on('up', (s) => seen.push(s));
      await waitFor(() => seen.some((s) => s.txt?.id === a.id), 'the advertisement', TIMEOUT);

      const record = seen.find((s) => s.txt?.id === a.id)!;
      expect(record.name).toBe(`canopy-${a.id.slice(0, 8)}`);
      expect(record.fqdn).toBe(`canopy-${a.id.slice(0, 8)}._canopy._tcp.local`);
      expect(record.host).toBe(`canopy-${a.id.slice(0, 8)}.local`);
      expect(record.txt).toEqual({ v: '1', id: a.id });
      // The TXT strings as sent, not as bonjour-service decoded them.
      const rawTxt = (record as unknown as { rawTxt: Buffer[] }).rawTxt.map(String);
      expect(rawTxt).toEqual(['v=1', `id=${a.id}`]);
      const wire = JSON.stringify({ ...record, rawTxt }).toLowerCase();
      expect(wire).not.toContain(CODE.toLowerCase());
      expect(wire).not.toContain(TITLE.toLowerCase());
    },
    TIMEOUT + 5_000,
  );

  it.skipIf(!multicastWorks)(
    'malformed records are ignored without throwing',
    async () => {
      const a = start(40006);
      const raw = rawBonjour();
      const junk: Record<string, unknown>[] = [
        { v: '1' },
        { v: '1', id: 'not-hex' },
        { v: '1', id: newId().toUpperCase() },
        { v: '1', id: newId() + 'a' },
        { v: '1', id: '' },
      ];
      junk.forEach((txt, i) => raw.publish({ name: `junk-${i}`, type: 'canopy', port: 1, txt }));
      raw.publish({ name: 'junk-no-txt', type: 'canopy', port: 1 });
      // Port 0 cannot be published through the API, so send the records by hand.
      const badPortId = newId();
      const fqdn = 'junk-port._canopy._tcp.local';
      (raw as unknown as { server: { mdns: { respond(r: unknown): void } } }).server.mdns.respond({
        answers: [
          { name: '_canopy._tcp.local', type: 'PTR', ttl: 120, data: fqdn },
          { name: fqdn, type: 'SRV', ttl: 120, data: { port: 0, target: 'junk.local' } },
          { name: fqdn, type: 'TXT', ttl: 120, data: [`v=1`, `id=${badPortId}`] },
        ],
      });
      // A good record sent after the junk: once it arrives, the junk has been handled.
      const good = newId();
      raw.publish({ name: 'good', type: 'canopy', port: 40007, txt: { v: '1', id: good } });

      await waitFor(() => sees(a, good), 'the good record', TIMEOUT);
      // None of the junk got through (other real peers on the network may be listed).
      expect(a.peers.filter((p) => p.port === 1 || p.port === 0 || p.id === badPortId)).toEqual([]);
      expect(a.peers.map((p) => p.id)).toContain(good);
    },
    TIMEOUT + 5_000,
  );

  it('parsePeer rejects records with a missing or invalid id or port', () => {
    const id = newId();
    const ok = { txt: { v: '1', id }, port: 4000, addresses: ['fe80::1', '10.0.0.2'] };
    const parse = (s: object) => parsePeer(s as Service);
    expect(parse(ok)).toEqual({
      id,
      host: '10.0.0.2',
      port: 4000,
      addresses: ['10.0.0.2', 'fe80::1'],
    });
    expect(parse({ ...ok, referer: { address: '10.0.0.9' } })?.host).toBe('10.0.0.9');
    for (const bad of [
      { ...ok, txt: undefined },
      { ...ok, txt: 'id=' + id },
      { ...ok, txt: { id: 42 } },
      { ...ok, port: 0 },
      { ...ok, port: 70_000 },
      { ...ok, port: '4000' },
      { ...ok, addresses: undefined },
    ])
      expect(parse(bad)).toBeNull();
  });

  it.skipIf(!multicastWorks)(
    'workshop peers find each other with no address given; another workshop is refused',
    async () => {
      // The peers listen on 127.0.0.1, so multicast is bound there too (see the top).
      const a = await startPeer({
        doc: exampleDoc(),
        docId: 'workshop-doc',
        discover: true,
        discoveryInterface: '127.0.0.1',
      });
      const b = await startPeer({ discover: true, discoveryInterface: '127.0.0.1' });
      const other = await startPeer({
        code: 'ZZZZ9999ZZZZ',
        discover: true,
        discoveryInterface: '127.0.0.1',
      });
      // Ports whose handshake refused the other workshop's dial (each side dials: the
      // lower id at once, the other after two seconds without a connection).
      const refusedOther = new Set<string>();
      other.peer.on('status', (links) => {
        for (const l of links)
          if (l.state === 'refused' && l.error?.startsWith('CANOPY-101'))
            refusedOther.add(l.address.slice(l.address.lastIndexOf(':') + 1));
      });
      try {
        await waitFor(() => converged([a.doc, b.doc]), 'discovery and sync', 15_000);
        a.model.renameDocument('Found by multicast');
        await waitFor(() => converged([a.doc, b.doc]), 'an edit to arrive');
        // The peer of another workshop tried, and got nothing.
        await waitFor(
          () => refusedOther.has(String(a.port)) && refusedOther.has(String(b.port)),
          'the other workshop’s dials to be refused',
          15_000,
        );
        expect(other.doc.share.size === 0 || other.model.tree().rootId === null).toBe(true);
        expect(other.peer.connectedPeers()).toEqual([]);
      } finally {
        await Promise.all([a.peer.stop(), b.peer.stop(), other.peer.stop()]);
      }
    },
    20_000,
  );
});
