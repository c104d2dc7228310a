/**
 * Canopy's rules for a Hocuspocus server, as one extension:
 *
 * - who: a token from the database, whose team names the room's folder; strangers
 *   are refused before anything is stored (CANOPY-401), and a token's rooms and open
 *   connections are capped (CANOPY-402 / 403);
 * - what: only envelope updates (sealed blobs in one array), each checked by the
 *   update guard first (Yjs's decoder is not safe on hostile bytes), within the size
 *   limit (CANOPY-404 / 405); no presence and no broadcast messages;
 * - durability: every change to a room is appended to the database as it happens; once
 *   its commit returns, the members connected here are told the state vector that is
 *   now safe (a stateless message), which is what their apps count as acknowledged.
 */
import type { IncomingMessage } from 'node:http';
import type {
  Connection,
  Document,
  Extension,
  beforeHandleMessagePayload,
  onAuthenticatePayload,
  onDisconnectPayload,
  onLoadDocumentPayload,
  onStatelessPayload,
} from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { decodePing, encodeCommitted, envelopeViolation } from '../../shared/team/envelope';
import { TEAM_CLOSE_CODE, teamReason, type TeamErrorKey } from '../../shared/team/errors';
import type { UpdateGuard } from '../../shared/sync/update-guard';
import type { TeamStore, TokenRecord } from './store';

/** Hocuspocus message types (its MessageType enum, which the package does not export as values). */
const MESSAGE = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  syncReply: 4,
  stateless: 5,
  close: 7,
};
const SYNC_STEP1 = 0;
const ROOM_PATTERN = /^([a-z0-9][a-z0-9-]{0,31})\/([0-9a-f]{32})$/;
/** Bytes of a message around its update (name, types, lengths). */
const MESSAGE_OVERHEAD = 1024;

export interface CanopyExtensionOptions {
  store: TeamStore;
  guard: UpdateGuard;
  maxUpdateBytes: number;
  /** Rows a room may gather before they are folded into one. */
  compactRows: number;
  /**
   * Accept any Yjs document, not only envelopes: for the benchmark's stock provider,
   * which measures the same server without Canopy's layer. Never in production.
   */
  plaintext?: boolean;
  /** Marks a request whose socket authenticated (the server's stranger limits use it). */
  onAuthenticated?(request: IncomingMessage): void;
  onRefused?(request: IncomingMessage): void;
  log(line: string): void;
}

interface RoomState {
  committed: Map<number, number>;
  /** Committed clocks not yet sent to the room's connections. */
  toSend: Map<number, number>;
  sendScheduled: boolean;
  rowsSinceCompaction: number;
  compacting: boolean;
}

const refusal = (key: TeamErrorKey) => ({ reason: teamReason(key), code: TEAM_CLOSE_CODE[key] });

export class CanopyExtension implements Extension {
  extensionName = 'Canopy';
  private readonly rooms = new Map<string, RoomState>();
  private readonly connections = new Map<string, number>();
  /** Each connection's messages are checked in order, though some checks wait for a worker. */
  private readonly checks = new WeakMap<Connection, Promise<void>>();

  constructor(private readonly o: CanopyExtensionOptions) {}

  async onAuthenticate(data: onAuthenticatePayload): Promise<{ tokenHash: string }> {
    const room = ROOM_PATTERN.exec(data.documentName);
    let token: TokenRecord | null = null;
    if (room && typeof data.token === 'string' && data.token.length <= 256)
      token = await this.o.store.findToken(data.token);
    if (!room || !token || token.team !== room[1]) {
      this.o.onRefused?.(data.request);
      throw refusal('tokenRefused');
    }
    const key = token.hash.toString('hex');
    if ((this.connections.get(key) ?? 0) >= token.maxConnections) {
      this.o.onRefused?.(data.request);
      throw refusal('tooManyConnections');
    }
    if ((await this.o.store.openDocument(data.documentName, token)) === 'tooMany') {
      this.o.onRefused?.(data.request);
      throw refusal('tooManyDocuments');
    }
    this.connections.set(key, (this.connections.get(key) ?? 0) + 1);
    this.o.onAuthenticated?.(data.request);
    return { tokenHash: key };
  }

  async onDisconnect({ context }: onDisconnectPayload): Promise<void> {
    const key = (context as { tokenHash?: string }).tokenHash;
    if (!key) return;
    const left = (this.connections.get(key) ?? 1) - 1;
    if (left > 0) this.connections.set(key, left);
    else this.connections.delete(key);
  }

  async onLoadDocument({ document, documentName }: onLoadDocumentPayload): Promise<void> {
    const rows = await this.o.store.load(documentName);
    Y.transact(document, () => {
      for (const row of rows) Y.applyUpdate(document, row);
    });
    document.on(
      'update',
      (update: Uint8Array) => void this.changed(documentName, document, update),
    );
    this.rooms.set(documentName, {
      committed: Y.decodeStateVector(Y.encodeStateVector(document)),
      toSend: new Map(),
      sendScheduled: false,
      rowsSinceCompaction: rows.length,
      compacting: false,
    });
    this.maybeCompact(documentName);
  }

  async afterUnloadDocument({ documentName }: { documentName: string }): Promise<void> {
    this.rooms.delete(documentName);
  }

  async onStateless({ payload, connection, documentName }: onStatelessPayload): Promise<void> {
    const client = decodePing(payload);
    const room = this.rooms.get(documentName);
    if (client === null || !room) return;
    const committed = new Map([[client, room.committed.get(client) ?? 0]]);
    connection.sendStateless(encodeCommitted(Y.encodeStateVector(committed)));
  }

  beforeHandleMessage(data: beforeHandleMessagePayload): Promise<void> {
    const previous = this.checks.get(data.connection) ?? Promise.resolve();
    const next = previous.then(() => this.check(data.update));
    // A refused message closes the connection; later ones must not wait on it forever.
    this.checks.set(
      data.connection,
      next.catch(() => undefined),
    );
    return next;
  }

  /**
   * Every change to a loaded room, whatever brought it (a member here, another instance
   * through Redis): called synchronously by the document's update event, so the clocks
   * read here are exactly what the document holds after this update.
   */
  private async changed(documentName: string, document: Document, update: Uint8Array) {
    const room = this.rooms.get(documentName);
    if (!room) return;
    // Each writer's clock in the document now: everything up to it came through here or
    // from the database, so once this append commits, all of it is on disk.
    const clocks = new Map<number, number>();
    for (const client of Y.parseUpdateMeta(update).to.keys())
      clocks.set(client, Y.getState(document.store, client));
    await this.o.store.append(documentName, update);
    room.rowsSinceCompaction++;
    for (const [c, clock] of clocks)
      if ((room.committed.get(c) ?? 0) < clock) {
        room.committed.set(c, clock);
        room.toSend.set(c, clock);
      }
    // One message per room per group commit, after every append of it has resolved.
    if (room.toSend.size && !room.sendScheduled) {
      room.sendScheduled = true;
      setImmediate(() => {
        room.sendScheduled = false;
        const message = encodeCommitted(Y.encodeStateVector(room.toSend));
        room.toSend = new Map();
        for (const connection of document.getConnections()) connection.sendStateless(message);
      });
    }
    this.maybeCompact(documentName);
  }

  // ---------------------------------------------------------------------------------------

  private async check(message: Uint8Array): Promise<void> {
    if (message.length > this.o.maxUpdateBytes + MESSAGE_OVERHEAD) throw refusal('updateTooLarge');
    const d = decoding.createDecoder(message);
    let type: number;
    let body: Uint8Array | null = null;
    try {
      decoding.readVarString(d);
      type = decoding.readVarUint(d);
      if (type === MESSAGE.sync || type === MESSAGE.syncReply) {
        const syncType = decoding.readVarUint(d);
        if (syncType !== SYNC_STEP1) body = decoding.readVarUint8Array(d);
      }
    } catch {
      throw refusal('notSealed');
    }
    if (type === MESSAGE.awareness || !Object.values(MESSAGE).includes(type))
      throw refusal('notSealed');
    if (!body) return;
    if (body.length > this.o.maxUpdateBytes) throw refusal('updateTooLarge');
    try {
      await this.o.guard.checkUpdate(body);
    } catch {
      throw refusal('notSealed');
    }
    if (this.o.plaintext) return;
    const violation = envelopeViolation(body, this.o.maxUpdateBytes);
    if (violation) {
      this.o.log(`refused an update that is not an envelope: ${violation}`);
      throw refusal(violation.includes('size') ? 'updateTooLarge' : 'notSealed');
    }
  }

  private maybeCompact(documentName: string): void {
    const room = this.rooms.get(documentName);
    if (!room || room.compacting || room.rowsSinceCompaction < this.o.compactRows) return;
    room.compacting = true;
    this.o.store
      .compact(documentName)
      .then((folded) => {
        room.rowsSinceCompaction = Math.max(0, room.rowsSinceCompaction - folded + 1);
      })
      .catch((e: Error) => this.o.log(`compacting ${documentName} failed: ${e.message}`))
      .finally(() => {
        room.compacting = false;
      });
  }
}

export type { Document };
