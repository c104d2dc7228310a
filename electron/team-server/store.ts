/**
 * The team server's durable storage, in PostgreSQL (the pure-JS `pg` client): tokens
 * (as SHA-256 hashes), the rooms each token opened, and every envelope update as a row.
 *
 * An update is acknowledged only after its INSERT has committed: PostgreSQL flushes
 * its write-ahead log to disk (fsync) before a commit returns, so an acknowledged
 * update survives a crash of the server and of the machine. Updates that arrive
 * while a commit is running wait and go together in the next one (group commit).
 *
 * Rows of one room are folded into one from time to time (compact): a snapshot of the
 * envelope, in which the blobs members deleted when they compacted are gone.
 */
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import * as Y from 'yjs';

export interface TokenRecord {
  hash: Buffer;
  team: string;
  label: string;
  maxDocuments: number;
  maxConnections: number;
}

export interface TokenLimits {
  maxDocuments: number;
  maxConnections: number;
}

export const DEFAULT_TOKEN_LIMITS: TokenLimits = { maxDocuments: 1000, maxConnections: 200 };

interface Pending {
  document: string;
  data: Uint8Array;
  resolve(): void;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS canopy_team_tokens (
  token_sha256 bytea PRIMARY KEY,
  team text NOT NULL,
  label text NOT NULL DEFAULT '',
  max_documents integer NOT NULL,
  max_connections integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS canopy_team_documents (
  name text PRIMARY KEY,
  token_sha256 bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS canopy_team_documents_token ON canopy_team_documents (token_sha256);
CREATE TABLE IF NOT EXISTS canopy_team_updates (
  id bigserial PRIMARY KEY,
  document text NOT NULL REFERENCES canopy_team_documents (name) ON DELETE CASCADE,
  data bytea NOT NULL
);
CREATE INDEX IF NOT EXISTS canopy_team_updates_document ON canopy_team_updates (document, id);
`;

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Rows per batch: bounds one INSERT's size whatever piles up while the disk is slow. */
const MAX_BATCH = 1000;
const RETRY_MAX_MS = 5000;

export class TeamStore {
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly log: (line: string) => void,
  ) {}

  static async open(connectionString: string, log = (line: string) => console.error(line)) {
    const pool = new pg.Pool({ connectionString, max: 8 });
    pool.on('error', (e) => log(`database connection lost: ${e.message}`));
    const client = await pool.connect();
    try {
      // Two instances starting at once would race to create the same tables.
      await client.query(`SELECT pg_advisory_lock(hashtext('canopy_team_schema'))`);
      await client.query(SCHEMA);
      await client.query(`SELECT pg_advisory_unlock(hashtext('canopy_team_schema'))`);
    } finally {
      client.release();
    }
    return new TeamStore(pool, log);
  }

  // --- tokens -------------------------------------------------------------------------

  /** Makes a token for `team`; returns it (shown once: only its hash is kept). */
  async addToken(team: string, label: string, limits: TokenLimits): Promise<string> {
    const token = `${team}.${randomBytes(32).toString('base64url')}`;
    await this.pool.query(
      `INSERT INTO canopy_team_tokens (token_sha256, team, label, max_documents, max_connections)
       VALUES ($1, $2, $3, $4, $5)`,
      [hashToken(token), team, label, limits.maxDocuments, limits.maxConnections],
    );
    return token;
  }

  async findToken(token: string): Promise<TokenRecord | null> {
    const { rows } = await this.pool.query<{
      token_sha256: Buffer;
      team: string;
      label: string;
      max_documents: number;
      max_connections: number;
    }>(`SELECT * FROM canopy_team_tokens WHERE token_sha256 = $1`, [hashToken(token)]);
    const row = rows[0];
    if (!row) return null;
    return {
      hash: row.token_sha256,
      team: row.team,
      label: row.label,
      maxDocuments: row.max_documents,
      maxConnections: row.max_connections,
    };
  }

  async listTokens(): Promise<Array<TokenRecord & { documents: number }>> {
    const { rows } = await this.pool.query(
      `SELECT t.*, (SELECT count(*) FROM canopy_team_documents d
                    WHERE d.token_sha256 = t.token_sha256)::int AS documents
       FROM canopy_team_tokens t ORDER BY t.team, t.created_at`,
    );
    return rows.map((row) => ({
      hash: row.token_sha256,
      team: row.team,
      label: row.label,
      maxDocuments: row.max_documents,
      maxConnections: row.max_connections,
      documents: row.documents,
    }));
  }

  /** Removes tokens whose hash starts with `hashPrefix` (hex); returns how many. */
  async revokeToken(hashPrefix: string): Promise<number> {
    if (!/^[0-9a-f]{8,64}$/.test(hashPrefix)) throw new Error('give at least 8 hex digits');
    const { rowCount } = await this.pool.query(
      `DELETE FROM canopy_team_tokens WHERE encode(token_sha256, 'hex') LIKE $1 || '%'`,
      [hashPrefix],
    );
    return rowCount ?? 0;
  }

  // --- rooms ----------------------------------------------------------------------------

  /**
   * Makes sure a room exists, created by this token if it is new and the token is under
   * its limit of rooms. One token's openings are serialized by a row lock on the token.
   */
  async openDocument(name: string, token: TokenRecord): Promise<'ok' | 'tooMany'> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT 1 FROM canopy_team_tokens WHERE token_sha256 = $1 FOR UPDATE`, [
        token.hash,
      ]);
      const exists = await client.query(`SELECT 1 FROM canopy_team_documents WHERE name = $1`, [
        name,
      ]);
      if (exists.rowCount) {
        await client.query('COMMIT');
        return 'ok';
      }
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM canopy_team_documents WHERE token_sha256 = $1`,
        [token.hash],
      );
      if (rows[0]!.n >= token.maxDocuments) {
        await client.query('ROLLBACK');
        return 'tooMany';
      }
      await client.query(
        `INSERT INTO canopy_team_documents (name, token_sha256) VALUES ($1, $2)
         ON CONFLICT (name) DO NOTHING`,
        [name, token.hash],
      );
      await client.query('COMMIT');
      return 'ok';
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  /** Every stored update of a room, oldest first. */
  async load(name: string): Promise<Uint8Array[]> {
    await this.flushed();
    const { rows } = await this.pool.query<{ data: Buffer }>(
      `SELECT data FROM canopy_team_updates WHERE document = $1 ORDER BY id`,
      [name],
    );
    return rows.map((r) => new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength));
  }

  // --- updates ----------------------------------------------------------------------------

  /** Resolves once the update has committed. A failed commit is retried, never dropped. */
  append(document: string, data: Uint8Array): Promise<void> {
    if (this.closed) return new Promise(() => undefined);
    return new Promise((resolve) => {
      this.queue.push({ document, data, resolve });
      this.flushing ??= this.flushLoop();
    });
  }

  /** Resolves when everything appended so far has committed. */
  async flushed(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flushLoop(): Promise<void> {
    let delay = 100;
    while (this.queue.length && !this.closed) {
      const batch = this.queue.slice(0, MAX_BATCH);
      try {
        await this.pool.query(
          `INSERT INTO canopy_team_updates (document, data)
           SELECT * FROM unnest($1::text[], $2::bytea[])`,
          [batch.map((p) => p.document), batch.map((p) => Buffer.from(p.data))],
        );
      } catch (e) {
        this.log(`storing ${batch.length} updates failed, retrying: ${(e as Error).message}`);
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, RETRY_MAX_MS);
        continue;
      }
      delay = 100;
      this.queue.splice(0, batch.length);
      for (const p of batch) p.resolve();
    }
    this.flushing = null;
  }

  /**
   * Folds a room's rows into one: the envelope's state, rebuilt from every row with
   * Yjs's garbage collection on, so deleted blobs' bytes are gone. Rows appended
   * meanwhile (another instance, the next batch) are not touched: only the rows read
   * are deleted, by id. Returns the number of rows folded.
   */
  async compact(name: string): Promise<number> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // Serializes compactions of this room; appends (which only share-lock the row's
      // key through the foreign key) go on.
      await client.query(`SELECT 1 FROM canopy_team_documents WHERE name = $1 FOR NO KEY UPDATE`, [
        name,
      ]);
      const { rows } = await client.query<{ id: string; data: Buffer }>(
        `SELECT id, data FROM canopy_team_updates WHERE document = $1 ORDER BY id`,
        [name],
      );
      if (rows.length < 2) {
        await client.query('ROLLBACK');
        return 0;
      }
      const doc = new Y.Doc();
      Y.transact(doc, () => {
        for (const row of rows) Y.applyUpdate(doc, row.data);
      });
      const state = Buffer.from(Y.encodeStateAsUpdate(doc));
      doc.destroy();
      await client.query(`DELETE FROM canopy_team_updates WHERE id = ANY($1::bigint[])`, [
        rows.map((r) => r.id),
      ]);
      await client.query(`INSERT INTO canopy_team_updates (document, data) VALUES ($1, $2)`, [
        name,
        state,
      ]);
      await client.query('COMMIT');
      return rows.length;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  /** Waits for pending commits (up to `waitMs`), then closes the pool. */
  async close(waitMs = 5000): Promise<void> {
    await Promise.race([this.flushed(), new Promise((r) => setTimeout(r, waitMs))]);
    this.closed = true;
    await this.pool.end();
  }
}
