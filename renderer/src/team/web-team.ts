/**
 * The team server in a browser: the page connects the open tree itself (its own
 * Y.Doc, no copy), while the tree is open, through the same client as the desktop
 * (shared/team: sealed updates, the DocChannel's refusals, the guard in a worker).
 *
 * Links (server, token, room key per tree) are remembered in this browser's
 * localStorage, beside the tree itself in IndexedDB: whoever can read one can read
 * the other. "Disconnect and forget" removes the link and its key.
 */
import { fromBase64UrlEncoded, toBase64UrlEncoded } from 'lib0/buffer';
import type * as Y from 'yjs';
import type { TeamChange, TeamConnectRequest } from '../../../shared/ipc';
import {
  checkTeamAccess,
  decodeInvitation,
  encodeInvitation,
  type TeamAccess,
} from '../../../shared/team/invitation';
import { generateRoomKey } from '../../../shared/team/sealing';
import {
  connectTeam,
  type TeamConnection,
  type TeamStatus,
} from '../../../shared/team/team-client';
import type { UpdateGuard } from '../../../shared/sync/update-guard';
import type { PlatformTeam } from '../platform/platform';

const LINKS_KEY = 'canopy.team.links';

interface StoredLink {
  server: string;
  token: string;
  key: string;
}

interface Attached {
  doc: Y.Doc;
  connection: TeamConnection | null;
  guard: UpdateGuard | null;
}

export interface WebTeamOptions {
  createGuard(): UpdateGuard;
  /** Where links are remembered (localStorage); null keeps them for this page only. */
  storage: Storage | null;
  /** The WebSocket class: the page's own. */
  WebSocket?: unknown;
}

export class WebTeam implements PlatformTeam {
  private readonly links = new Map<string, TeamAccess>();
  private readonly attached = new Map<string, Attached>();
  private readonly statuses = new Map<string, TeamStatus>();
  private readonly listeners = new Set<(change: TeamChange) => void>();

  constructor(private readonly options: WebTeamOptions) {
    this.load();
  }

  async connect(request: TeamConnectRequest): Promise<TeamStatus> {
    const known = this.links.get(request.docId);
    const access = checkTeamAccess({
      docId: request.docId,
      server: request.server,
      token: request.token,
      key: known?.key ?? generateRoomKey(),
    });
    return this.link(access);
  }

  async join(invitation: string): Promise<{ docId: string; status: TeamStatus }> {
    const access = decodeInvitation(invitation);
    return { docId: access.docId, status: this.link(access) };
  }

  async disconnect(docId: string, forget: boolean): Promise<void> {
    this.shutdown(docId);
    if (forget && this.links.delete(docId)) {
      this.statuses.delete(docId);
      this.save();
    }
    this.emit(docId);
  }

  async status(docId: string): Promise<TeamStatus | null> {
    return this.current(docId);
  }

  async invitation(docId: string): Promise<string | null> {
    const access = this.links.get(docId);
    return access ? encodeInvitation(access) : null;
  }

  onStatus(listener: (change: TeamChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  attach(docId: string, doc: Y.Doc): () => void {
    const entry: Attached = { doc, connection: null, guard: null };
    this.shutdown(docId);
    this.attached.set(docId, entry);
    this.start(docId);
    return () => {
      if (this.attached.get(docId) !== entry) return;
      this.shutdown(docId);
      this.attached.delete(docId);
      this.emit(docId);
    };
  }

  // ---------------------------------------------------------------------------------

  private link(access: TeamAccess): TeamStatus {
    this.shutdown(access.docId);
    this.links.set(access.docId, access);
    this.save();
    this.start(access.docId);
    const status = this.current(access.docId)!;
    this.emit(access.docId);
    return status;
  }

  /** Connects the tree if it is both linked and open here. */
  private start(docId: string): void {
    const access = this.links.get(docId);
    const entry = this.attached.get(docId);
    if (!access || !entry || entry.connection) return;
    const guard = this.options.createGuard();
    entry.guard = guard;
    entry.connection = connectTeam({
      access,
      doc: entry.doc,
      guard,
      WebSocket: this.options.WebSocket ?? WebSocket,
      onStatus: (status) => {
        if (this.attached.get(docId)?.connection !== entry.connection) return;
        this.statuses.set(docId, status);
        this.emit(docId);
      },
    });
    this.statuses.set(docId, entry.connection.status());
  }

  private shutdown(docId: string): void {
    const entry = this.attached.get(docId);
    if (!entry?.connection) return;
    const { connection, guard } = entry;
    entry.connection = null;
    entry.guard = null;
    connection.close();
    guard?.close();
    this.statuses.delete(docId);
  }

  /** A linked tree that is not open here is not connected: it syncs when opened. */
  private current(docId: string): TeamStatus | null {
    const access = this.links.get(docId);
    if (!access) return null;
    return (
      this.statuses.get(docId) ?? {
        state: 'closed',
        server: access.server,
        unacknowledged: 0,
        refusedBlobs: 0,
        error: null,
      }
    );
  }

  private emit(docId: string): void {
    const status = this.current(docId);
    if (!status) return;
    for (const listener of this.listeners) listener({ docId, status });
  }

  private load(): void {
    let stored: Record<string, StoredLink> = {};
    try {
      stored = JSON.parse(this.options.storage?.getItem(LINKS_KEY) ?? '{}') as typeof stored;
    } catch {
      return; // unreadable: no links (they can be made again)
    }
    for (const [docId, link] of Object.entries(stored ?? {})) {
      try {
        this.links.set(
          docId,
          checkTeamAccess({ ...link, docId, key: fromBase64UrlEncoded(link.key) }),
        );
      } catch {
        // A damaged entry is skipped; the others still work.
      }
    }
  }

  private save(): void {
    const stored: Record<string, StoredLink> = {};
    for (const [docId, a] of this.links)
      stored[docId] = { server: a.server, token: a.token, key: toBase64UrlEncoded(a.key) };
    try {
      this.options.storage?.setItem(LINKS_KEY, JSON.stringify(stored));
    } catch (e) {
      console.warn('Canopy: could not remember the team-server link', e);
    }
  }
}
