/**
 * The desktop app's team-server connections, in the main process: one per tree linked
 * to a team server, each with its own copy of the tree, which windows join over a
 * MessagePort (as with the LAN workshop), so the connection keeps syncing while a
 * window reloads. Plain Node: main.ts injects the status push and the port plumbing.
 *
 * Links (address, token, room key per tree) are remembered in a private file (0600)
 * in the app's data folder, so the app reconnects by itself at start. The key leaves
 * this machine only in an invitation link (its fragment) or inside the LAN workshop's
 * encrypted session.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { fromBase64UrlEncoded, toBase64UrlEncoded } from 'lib0/buffer';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { linkDocOverPort, type PortLike, type PortLink } from '../shared/sync/port-link';
import type { UpdateGuard } from '../shared/sync/update-guard';
import type { TeamHandover } from '../shared/sync/workshop-info';
import {
  checkTeamAccess,
  decodeInvitation,
  encodeInvitation,
  type TeamAccess,
} from '../shared/team/invitation';
import { generateRoomKey } from '../shared/team/sealing';
import { connectTeam, type TeamConnection, type TeamStatus } from '../shared/team/team-client';
import { WorkerUpdateGuard } from './peer/worker-update-guard';

export interface TeamServiceOptions {
  /** Pushed on every change of a tree's connection, to the windows. */
  onStatus(docId: string, status: TeamStatus): void;
  createGuard?(): UpdateGuard;
  /** Where links are remembered; without it they last until the app quits. */
  linksFile?: string;
  /** The WebSocket class (tests may pass another); `ws` by default. */
  WebSocket?: unknown;
}

export interface ConnectRequest {
  docId: string;
  server: string;
  token: string;
}

interface Running {
  access: TeamAccess;
  doc: Y.Doc;
  guard: UpdateGuard;
  connection: TeamConnection;
  links: Set<PortLink>;
  status: TeamStatus;
}

interface LinksFile {
  version: 1;
  links: Record<string, { server: string; token: string; key: string }>;
}

export class TeamService {
  private readonly running = new Map<string, Running>();
  private readonly remembered = new Map<string, TeamAccess>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: TeamServiceOptions) {}

  /** Reads the remembered links and connects each (at app start). */
  resume(): Promise<void> {
    return this.serial(async () => {
      if (!this.options.linksFile) return;
      let file: LinksFile;
      try {
        file = JSON.parse(await readFile(this.options.linksFile, 'utf8')) as LinksFile;
      } catch {
        return; // none yet, or unreadable: nothing to resume
      }
      for (const [docId, link] of Object.entries(file.links ?? {})) {
        try {
          const access = checkTeamAccess({ ...link, docId, key: fromBase64UrlEncoded(link.key) });
          this.remembered.set(docId, access);
          this.start(access);
        } catch {
          // A damaged entry is skipped; the others still connect.
        }
      }
    });
  }

  /** Links a tree of this machine to a team server (a new room key if it has none). */
  connect(request: ConnectRequest): Promise<TeamStatus> {
    return this.serial(async () => {
      const known = this.remembered.get(request.docId);
      const access = checkTeamAccess({
        docId: request.docId,
        server: request.server,
        token: request.token,
        key: known?.key ?? generateRoomKey(),
      });
      return this.link(access);
    });
  }

  /** Joins a tree from an invitation link's fragment; returns its document id. */
  join(fragment: string): Promise<{ docId: string; status: TeamStatus }> {
    return this.serial(async () => {
      const access = decodeInvitation(fragment);
      return { docId: access.docId, status: await this.link(access) };
    });
  }

  /** Access handed over in a LAN workshop: remembered and connected, unless linked already. */
  adopt(docId: string, handover: TeamHandover): Promise<TeamStatus | null> {
    return this.serial(async () => {
      if (this.remembered.has(docId)) return null;
      return this.link(checkTeamAccess({ ...handover, docId }));
    });
  }

  /** The invitation fragment (`team=…`) for a linked tree, for a link or a QR code. */
  invitation(docId: string): string | null {
    const access = this.remembered.get(docId);
    return access ? encodeInvitation(access) : null;
  }

  /** What a LAN workshop on this tree hands to its participants. */
  handover(docId: string): TeamHandover | null {
    const access = this.remembered.get(docId);
    return access ? { server: access.server, token: access.token, key: access.key } : null;
  }

  /** Stops syncing a tree; `forget` also drops its link (and key) from this machine. */
  disconnect(docId: string, forget = false): Promise<void> {
    return this.serial(async () => {
      this.shutdown(docId);
      if (forget && this.remembered.delete(docId)) await this.save();
    });
  }

  status(docId: string): TeamStatus | null {
    return this.running.get(docId)?.status ?? null;
  }

  /** Joins a window's document to the tree's copy here (the same guard as the network's). */
  linkWindow(docId: string, port: PortLike): void {
    const r = this.running.get(docId);
    if (!r) {
      port.close();
      throw new Error('This tree is not connected to a team server.');
    }
    const link: PortLink = linkDocOverPort(port, {
      doc: r.doc,
      guard: r.guard,
      onError: () => r.links.delete(link),
    });
    r.links.add(link);
  }

  /** Closes every connection (the app quits); links stay remembered. */
  stop(): Promise<void> {
    return this.serial(async () => {
      for (const docId of [...this.running.keys()]) this.shutdown(docId);
    });
  }

  // ---------------------------------------------------------------------------------

  private async link(access: TeamAccess): Promise<TeamStatus> {
    this.shutdown(access.docId);
    this.remembered.set(access.docId, access);
    await this.save();
    return this.start(access);
  }

  private start(access: TeamAccess): TeamStatus {
    const doc = new Y.Doc();
    const guard = this.options.createGuard?.() ?? new WorkerUpdateGuard();
    const r = { access, doc, guard, links: new Set<PortLink>() } as Running;
    r.status = {
      state: 'connecting',
      server: access.server,
      unacknowledged: 0,
      refusedBlobs: 0,
      error: null,
    };
    this.running.set(access.docId, r);
    r.connection = connectTeam({
      access,
      doc,
      guard,
      WebSocket: this.options.WebSocket ?? WebSocket,
      onStatus: (status) => {
        r.status = status;
        if (this.running.get(access.docId) === r) this.options.onStatus(access.docId, status);
      },
    });
    return r.status;
  }

  private shutdown(docId: string): void {
    const r = this.running.get(docId);
    if (!r) return;
    this.running.delete(docId);
    for (const link of r.links) link.close();
    r.connection.close();
    r.guard.close();
    r.doc.destroy();
  }

  private async save(): Promise<void> {
    const path = this.options.linksFile;
    if (!path) return;
    const file: LinksFile = { version: 1, links: {} };
    for (const [docId, a] of this.remembered)
      file.links[docId] = { server: a.server, token: a.token, key: toBase64UrlEncoded(a.key) };
    // Whole or not at all: a temporary file, then a rename over the old one.
    const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temporary, JSON.stringify(file, null, 2), { mode: 0o600 });
    await rename(temporary, path);
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
