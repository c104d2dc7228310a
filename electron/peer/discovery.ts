/**
 * Finding workshop peers on the LAN by multicast DNS (DNS-SD type `_canopy._tcp`).
 * Plain Node (no `electron` import). The advertisement is public to the whole LAN, so
 * it carries only a protocol version and the peer's random id: never the workshop
 * code nor the document title. Peers that answer still have to pass the CPace
 * handshake, so a discovered peer is only an address to try.
 */
import { EventEmitter } from 'node:events';
import { Bonjour, type Browser, type Service } from 'bonjour-service';

export const SERVICE_TYPE = 'canopy';
export const DISCOVERY_VERSION = '1';
const ID = /^[0-9a-f]{32}$/;

export interface PeerDiscoveryOptions {
  /** Our peer id, 32 lowercase hex digits. */
  id: string;
  /** The port our workshop peer listens on. */
  port: number;
  /** IPv4 address of the interface to use for multicast (e.g. 127.0.0.1 in tests). */
  interface?: string;
}

export interface DiscoveredPeer {
  id: string;
  /** The address to dial: where the announcement came from, else the first IPv4. */
  host: string;
  port: number;
  /** Every address the peer announced, IPv4 first. */
  addresses: string[];
}

export interface PeerDiscoveryEvents {
  peer: [DiscoveredPeer];
  gone: [string];
  error: [Error];
}

export class PeerDiscovery extends EventEmitter<PeerDiscoveryEvents> {
  private bonjour: Bonjour | null = null;
  private browser: Browser | null = null;
  private requery: ReturnType<typeof setTimeout> | null = null;
  /** fqdn → id of the peers we announced, so `gone` can name them. */
  private readonly known = new Map<string, string>();

  constructor(private readonly opts: PeerDiscoveryOptions) {
    super();
    if (!ID.test(opts.id)) throw new Error('PeerDiscovery: id must be 32 lowercase hex digits');
  }

  /** The instance name we publish: no code, no title, just a prefix of our id. */
  get instanceName(): string {
    return `canopy-${this.opts.id.slice(0, 8)}`;
  }

  start(): void {
    if (this.bonjour) return;
    // multicast-dns binds its socket to `interface` when given, and on Linux a socket
    // bound to a unicast address never receives multicast: bind to all, join on one.
    const mdnsOptions = this.opts.interface
      ? { interface: this.opts.interface, bind: '0.0.0.0' }
      : {};
    // The typings say ServiceConfig, but these options go to multicast-dns.
    const bonjour = new Bonjour(mdnsOptions as object, (err: Error) => this.fail(err));
    this.bonjour = bonjour;
    // Socket errors (EADDRINUSE, EACCES on 5353) are emitted on the multicast-dns
    // emitter, which bonjour-service does not listen to: unhandled, they would crash.
    (bonjour as unknown as { server: { mdns: EventEmitter } }).server.mdns.on('error', (err) =>
      this.fail(err as Error),
    );

    const name = this.instanceName;
    bonjour.publish({
      name,
      type: SERVICE_TYPE,
      port: this.opts.port,
      // Not the machine's hostname (often a person's name) and unique per peer.
      host: `${name}.local`,
      txt: { v: DISCOVERY_VERSION, id: this.opts.id },
    });

    const browser = bonjour.find({ type: SERVICE_TYPE });
    this.browser = browser;
    browser.on('up', (s) => this.found(s));
    // A peer that restarts on another port keeps its name: the SRV record changes.
    browser.on('srv-update', (s) => this.found(s));
    browser.on('txt-update', (s) => this.found(s));
    browser.on('down', (s) => this.lost(s));

    // bonjour-service queries once; repeat with backoff in case that packet was lost.
    const again = (delay: number) => {
      this.requery = setTimeout(() => {
        this.browser?.update();
        again(Math.min(delay * 2, 60_000));
      }, delay);
      this.requery.unref();
    };
    again(1000);
  }

  /** Says goodbye on the network (peers see `gone`) and closes the socket. */
  async stop(): Promise<void> {
    const bonjour = this.bonjour;
    if (!bonjour) return;
    this.bonjour = null;
    if (this.requery) clearTimeout(this.requery);
    this.requery = null;
    this.browser?.stop();
    this.browser = null;
    this.known.clear();
    await new Promise<void>((resolve) => bonjour.unpublishAll(() => resolve()));
    await new Promise<void>((resolve) => bonjour.destroy(() => resolve()));
  }

  private found(service: Service): void {
    const peer = parsePeer(service);
    if (!peer || peer.id === this.opts.id) return;
    this.known.set(service.fqdn, peer.id);
    this.emit('peer', peer);
  }

  private lost(service: Service): void {
    const id = this.known.get(service.fqdn);
    if (!id) return;
    this.known.delete(service.fqdn);
    this.emit('gone', id);
  }

  private fail(err: Error): void {
    // An 'error' event without a listener throws; discovery is best effort.
    if (this.listenerCount('error') > 0) this.emit('error', err);
  }
}

/** The peer a record describes, or null when anything in it is missing or malformed. */
export function parsePeer(service: Service): DiscoveredPeer | null {
  const txt: unknown = service.txt;
  const id = txt && typeof txt === 'object' ? (txt as Record<string, unknown>).id : undefined;
  if (typeof id !== 'string' || !ID.test(id)) return null;
  const port = service.port;
  if (!Number.isInteger(port) || port < 1 || port > 65535) return null;
  const isV4 = (a: string) => /^\d+\.\d+\.\d+\.\d+$/.test(a);
  const announced = (Array.isArray(service.addresses) ? service.addresses : []).filter(
    (a): a is string => typeof a === 'string' && a.length > 0,
  );
  const from = service.referer?.address;
  const all = [...new Set([...announced, ...(from ? [from] : [])])];
  const addresses = [...all.filter(isV4), ...all.filter((a) => !isV4(a))];
  // The packet's source worked for multicast from that peer; announced addresses may
  // include interfaces (VPN, container bridges) that are unreachable from here.
  const host = from ?? addresses[0];
  if (!host) return null;
  return { id, host, port, addresses };
}
