/**
 * The desktop app's workshop: one WorkshopPeer at a time, with its own copy of the
 * shared document, which the window's document joins over a MessagePort. Plain Node
 * (no `electron` import): main.ts injects the port plumbing and the status push.
 *
 * Why a copy in main and not the window's document itself: the peer must keep
 * serving the others while the window reloads or shows another screen, and network
 * bytes are checked here, in a worker, before they reach any document.
 */
import { mkdtempSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
  CODE_HINT,
  generateWorkshopCode,
  linkDocOverPort,
  NO_WORKSHOP,
  newIdentity,
  normalizeWorkshopCode,
  parseAddress,
  type Identity,
  type PortLike,
  type RoomView,
  type ToParticipant,
  type PortLink,
  type SyncError,
  type UpdateGuard,
  type WorkshopStatus,
} from '../shared/sync';
import type { TeamHandover } from '../shared/sync/workshop-info';
import { createHostHttpServer } from './host/http-server';
import { WorkerUpdateGuard } from './peer/worker-update-guard';
import { RoomService, type RoomState } from './room-service';
import { WorkshopPeer, type WorkshopPeerOptions } from './peer/workshop-peer';

export interface WorkshopServiceOptions {
  /** Pushed on every change, to the window. */
  onStatus(status: WorkshopStatus): void;
  /** Extra peer options (tests listen on 127.0.0.1 without discovery). */
  peer?: Partial<WorkshopPeerOptions>;
  /** This machine's LAN addresses; defaults to the non-internal IPv4 interfaces. */
  lanAddresses?(): string[];
  /** The update guard for a workshop run (the packaged app passes its bundled worker). */
  createGuard?(): UpdateGuard;
  /**
   * The built web app. When given, the workshop's port also serves it over HTTP, so
   * anyone on the network takes part from a browser, with nothing installed.
   */
  webRoot?: string;
  /** This device's identity in the room (kept by main in its data folder). */
  identity?: Identity;
  /** Where a room this machine hosts keeps its open round, sealed. */
  roomFolder?: string;
  /** The room changed, a summons, a reveal: pushed to the window. */
  onRoom?(state: RoomState): void;
  onSummon?(view: RoomView): void;
  onRevealed?(revealed: Extract<ToParticipant, { t: 'revealed' }>): void;
  /** The tree's team-server access, handed to participants (null: none, or not shared). */
  teamHandover?(docId: string): TeamHandover | null;
  /** A peer handed us the workshop tree's team-server access. */
  onTeamHandover?(docId: string, handover: TeamHandover): void;
}

export interface JoinRequest {
  code: string;
  /** host:port to dial, where multicast discovery does not reach. */
  address: string | null;
}

interface Running {
  code: string;
  peer: WorkshopPeer;
  doc: Y.Doc;
  guard: UpdateGuard;
  links: Set<PortLink>;
  port: number;
}

export class WorkshopService {
  private running: Running | null = null;
  private error: string | null = null;
  /** Serializes start/join/stop, so a double click cannot start two peers. */
  private queue: Promise<unknown> = Promise.resolve();

  /** The room as this device's user sees it (room-service.ts). */
  readonly room: RoomService;

  constructor(private readonly options: WorkshopServiceOptions) {
    this.room = new RoomService({
      identity: options.identity ?? newIdentity(),
      folder: options.roomFolder ?? mkdtempSync(path.join(tmpdir(), 'canopy-room-')),
      onState: (state) => options.onRoom?.(state),
      onSummon: (view) => options.onSummon?.(view),
      onRevealed: (revealed) => options.onRevealed?.(revealed),
    });
  }

  /** Starts a workshop on a document this machine has, with a fresh code. */
  start(docId: string): Promise<WorkshopStatus> {
    return this.serial(async () => {
      if (this.running?.peer.workshopDocId === docId) return this.status();
      await this.shutdown();
      await this.launch(normalizeWorkshopCode(generateWorkshopCode())!, docId, 'host');
      return this.status();
    });
  }

  /** Joins a workshop by its code; the document id arrives from the first peer. */
  join(request: JoinRequest): Promise<WorkshopStatus> {
    return this.serial(async () => {
      const code = normalizeWorkshopCode(request.code);
      if (!code) throw new Error(CODE_HINT);
      const address = request.address ? parseAddress(request.address) : null;
      if (request.address && !address)
        throw new Error(`"${request.address}" is not an address; write it as 192.168.1.20:4455.`);
      await this.shutdown();
      await this.launch(code, null, 'join');
      if (address) this.running!.peer.connect(address);
      return this.status();
    });
  }

  /** The tree's team-server link changed: hand the new access (or none) to participants. */
  refreshTeamHandover(): void {
    const r = this.running;
    const docId = r?.peer.workshopDocId;
    if (r && docId) r.peer.setTeamAccess(this.options.teamHandover?.(docId) ?? null);
  }

  /** Dials one more address in the running workshop. */
  connect(addressText: string): void {
    const address = parseAddress(addressText);
    if (!address)
      throw new Error(`"${addressText}" is not an address; write it as 192.168.1.20:4455.`);
    if (!this.running) throw new Error('Start or join a workshop first.');
    this.running.peer.connect(address);
  }

  stop(): Promise<void> {
    return this.serial(async () => {
      await this.shutdown();
      this.error = null;
      this.push();
    });
  }

  status(): WorkshopStatus {
    const r = this.running;
    if (!r) return { ...NO_WORKSHOP, error: this.error };
    return {
      running: true,
      code: r.code,
      docId: r.peer.workshopDocId,
      listening: true,
      addresses: this.lanAddresses().map((host) => `${host}:${r.port}`),
      webApp: Boolean(this.options.webRoot),
      links: r.peer.status(),
      error: this.error,
    };
  }

  /**
   * Joins a window's document to the workshop's copy. The window is not trusted more
   * than it must be: what it sends passes the same guard as network input.
   */
  linkWindow(port: PortLike): void {
    const r = this.running;
    if (!r) {
      port.close();
      throw new Error('No workshop is running.');
    }
    const link: PortLink = linkDocOverPort(port, {
      doc: r.doc,
      awareness: r.peer.awareness,
      guard: r.guard,
      onError: (e: SyncError) => {
        r.links.delete(link);
        this.error = `The window's link to the workshop closed: ${e.message}`;
        this.push();
      },
    });
    r.links.add(link);
  }

  // ---------------------------------------------------------------------------------

  private async launch(code: string, docId: string | null, role: 'host' | 'join'): Promise<void> {
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    awareness.setLocalState(null);
    const guard = this.options.createGuard?.() ?? new WorkerUpdateGuard();
    const peer = new WorkshopPeer({
      code,
      doc,
      awareness,
      docId,
      guard,
      discover: true,
      // The host waits for participants; dialling announced peers would only offer
      // strangers guesses at the code (docs/security.md).
      dialDiscovered: role === 'join',
      // The host keeps the room; a participant's app follows the host's.
      room: role === 'host' ? this.room.hostRoom(doc) : undefined,
      onRoom: role === 'join' ? (session) => this.room.attach(session) : undefined,
      httpServer: this.options.webRoot ? createHostHttpServer(this.options.webRoot) : undefined,
      ...this.options.peer,
    });
    peer.on('status', () => this.push());
    peer.on('info', (info) => {
      if (info.team && info.docId) this.options.onTeamHandover?.(info.docId, info.team);
      this.push();
    });
    if (docId) peer.setTeamAccess(this.options.teamHandover?.(docId) ?? null);
    // Discovery errors (multicast blocked) are not fatal: dialling by address still works.
    peer.on('error', (e) => {
      this.error = `Finding peers on this network failed (${e.message}); connect by address instead.`;
      this.push();
    });
    try {
      const port = await peer.listen();
      this.running = { code, peer, doc, guard, links: new Set(), port };
      this.error = null;
    } catch (e) {
      await peer.stop();
      guard.close();
      doc.destroy();
      this.error = `Could not open a port for the workshop: ${(e as Error).message}`;
      throw new Error(this.error, { cause: e });
    } finally {
      this.push();
    }
  }

  private async shutdown(): Promise<void> {
    const r = this.running;
    if (!r) return;
    this.running = null;
    this.room.close();
    for (const link of r.links) link.close();
    await r.peer.stop();
    r.guard.close();
    r.doc.destroy();
  }

  private lanAddresses(): string[] {
    if (this.options.lanAddresses) return this.options.lanAddresses();
    return Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && i.family === 'IPv4' && !i.internal)
      .map((i) => i!.address);
  }

  private push(): void {
    this.options.onStatus(this.status());
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
