/**
 * The team server for real: Hocuspocus processes (`npm run team-server`) on
 * 127.0.0.1, two of them joined by a real Redis, storing in a real PostgreSQL, with
 * members running Canopy's client (shared/team) over real WebSockets.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TeamStore } from '../../electron/team-server/store';
import { CanopyDoc, ROOT_KEYS, templateById } from '../../shared/model';
import { PRIVATE_KEY } from '../../shared/model/drafts';
import { ENVELOPE_ARRAY } from '../../shared/team/envelope';
import { documentNameFor } from '../../shared/team/invitation';
import { BLOB_KIND, createSealer, generateRoomKey, roomIdForKey } from '../../shared/team/sealing';
import { waitFor } from './peers';
import { rawClient } from './team/raw-client';
import {
  missingServices,
  monitorRedis,
  startPostgres,
  startRedis,
  type Service,
} from './team/services';
import { joinTeam, startTeamServerProcess, type Member } from './team/team-process';

const SECRET = 'Acquire Northwind before Q3';
const SECRET_2 = 'Merge with Contoso in May';
const DOC_ID = 'team-tree-1';
const skip = missingServices();
if (skip) console.warn(`team-server integration tests ${skip}`);

let pg: Service;
let redis: Service;
let store: TeamStore;
let token: string;
const processes: ChildProcess[] = [];
const members: Member[] = [];

function tree(title: string): Y.Doc {
  const doc = new Y.Doc();
  new CanopyDoc(doc).initialise({ id: DOC_ID, title, vision: templateById('example').vision });
  return doc;
}
const titleOf = (doc: Y.Doc) => doc.getMap(ROOT_KEYS.meta).get('title');

async function server(extra: string[] = []) {
  const s = await startTeamServerProcess(pg.url, extra);
  processes.push(s.child);
  return s;
}
function member(options: Parameters<typeof joinTeam>[0]): Member {
  const m = joinTeam(options);
  members.push(m);
  return m;
}
async function rows(name: string): Promise<Buffer[]> {
  const result = await pgQuery(`SELECT data FROM canopy_team_updates WHERE document = $1`, [name]);
  return result.map((r) => r.data as Buffer);
}
async function pgQuery(sql: string, params: unknown[] = []) {
  // The store's pool, for reading what the server wrote.
  const pool = (
    store as unknown as {
      pool: { query(s: string, p: unknown[]): Promise<{ rows: Record<string, unknown>[] }> };
    }
  ).pool;
  return (await pool.query(sql, params)).rows;
}
async function kill(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL') {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}

describe.skipIf(skip)('the team server', () => {
  beforeAll(async () => {
    [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
    store = await TeamStore.open(pg.url);
    token = await store.addToken('acme', 'tests', { maxDocuments: 100, maxConnections: 100 });
  }, 60_000);

  afterAll(async () => {
    for (const m of members) m.close();
    await Promise.all(processes.map((p) => kill(p, 'SIGTERM')));
    await store?.close();
    await Promise.all([pg?.stop(), redis?.stop()]);
  }, 60_000);

  it('brings members on two instances to one tree; the database and Redis see no title', async () => {
    const [a, b] = await Promise.all([
      server(['--redis', redis.url]),
      server(['--redis', redis.url]),
    ]);
    const monitor = await monitorRedis(redis.port);
    const key = generateRoomKey();
    const room = documentNameFor({ token, key });
    const first = member({ port: a.port, token, key, docId: DOC_ID, doc: tree(SECRET) });
    await first.waitForStatus((s) => s.state === 'synced', 'the first member synced');
    const second = member({ port: b.port, token, key, docId: DOC_ID });
    await waitFor(() => titleOf(second.doc) === SECRET, 'the tree on the other instance');
    new CanopyDoc(second.doc).renameDocument(SECRET_2);
    await waitFor(() => titleOf(first.doc) === SECRET_2, 'the rename back on the first');
    await Promise.all([first.connection.whenAcknowledged(), second.connection.whenAcknowledged()]);
    await monitor.stop();

    const stored = Buffer.concat(await rows(room));
    expect(stored.length).toBeGreaterThan(1000);
    const traffic = monitor.lines.join('\n');
    // The capture saw the room's traffic: a search that finds nothing means something.
    expect(traffic).toContain(`canopy-team:${room}`);
    for (const secret of [SECRET, SECRET_2]) {
      expect(stored.includes(Buffer.from(secret))).toBe(false);
      expect(traffic).not.toContain(secret);
      expect([...a.output, ...b.output].join('\n')).not.toContain(secret);
    }
    // Nor the tree's id: the server knows the room by a name derived from the key.
    expect(room).not.toContain(DOC_ID);
    expect(traffic).not.toContain(DOC_ID);
    expect(stored.includes(Buffer.from(DOC_ID))).toBe(false);
  });

  it('with a wrong key reads nothing and writes nothing', async () => {
    const s = await server();
    const key = generateRoomKey();
    const room = documentNameFor({ token, key });
    const owner = member({ port: s.port, token, key, docId: DOC_ID, doc: tree(SECRET) });
    await owner.waitForStatus((st) => st.state === 'synced', 'the owner synced');
    await owner.connection.whenAcknowledged();
    const before = await rows(room);
    const wrong = member({
      port: s.port,
      token,
      key: generateRoomKey(),
      docId: DOC_ID,
      doc: tree('A tree of my own'),
      roomOverride: roomIdForKey(key),
    });
    const refused = await wrong.waitForStatus((st) => st.state === 'refused', 'a refusal');
    expect(refused.error).toContain('CANOPY-406');
    expect(titleOf(wrong.doc)).toBe('A tree of my own');
    // A round trip of the owner after the refusal: anything the wrong key sent is in.
    new CanopyDoc(owner.doc).renameDocument('After the wrong key');
    await owner.connection.whenAcknowledged();
    const after = await rows(room);
    expect(after.length).toBe(before.length + 1);
    expect(Buffer.concat(after).includes(Buffer.from('A tree of my own'))).toBe(false);
  });

  it('sends nothing of a private draft, not even a connection', async () => {
    const s = await server();
    const key = generateRoomKey();
    const draft = tree(SECRET);
    draft.getMap(ROOT_KEYS.meta).set(PRIVATE_KEY, true);
    const m = member({ port: s.port, token, key, docId: DOC_ID, doc: draft });
    expect(m.connection.status().state).toBe('refused');
    expect(m.connection.status().error).toContain('CANOPY-111');
    // The room would exist once anyone had authenticated for it.
    const probe = rawClient(s.port, documentNameFor({ token, key: generateRoomKey() }), token);
    await probe.synced;
    probe.close();
    expect(
      await pgQuery(`SELECT 1 FROM canopy_team_documents WHERE name = $1`, [
        documentNameFor({ token, key }),
      ]),
    ).toHaveLength(0);
  });

  it('refuses a stranger without a token before anything is stored', async () => {
    const s = await server();
    const room = `acme/${roomIdForKey(generateRoomKey())}`;
    const other = await store.addToken('other', 'another team', {
      maxDocuments: 5,
      maxConnections: 5,
    });
    for (const bad of ['', 'not-a-token', `acme.${'x'.repeat(43)}`, other]) {
      const stranger = rawClient(s.port, room, bad);
      stranger.doc.getArray(ENVELOPE_ARRAY).push([new Uint8Array(64)]);
      expect(await stranger.refusal).toMatch(/^CANOPY-401/);
      stranger.close();
    }
    expect(
      await pgQuery(`SELECT 1 FROM canopy_team_documents WHERE name = $1`, [room]),
    ).toHaveLength(0);
    expect(await rows(room)).toHaveLength(0);
  });

  it('ignores garbage sealed blobs, loses nothing, and refuses what is not sealed', async () => {
    const s = await server();
    const key = generateRoomKey();
    const room = documentNameFor({ token, key });
    const a = member({ port: s.port, token, key, docId: DOC_ID, doc: tree(SECRET) });
    await a.waitForStatus((st) => st.state === 'synced', 'a synced');
    const b = member({ port: s.port, token, key, docId: DOC_ID });
    await waitFor(() => titleOf(b.doc) === SECRET, 'the tree at b');
    const before = Y.encodeStateVector(b.doc);
    // A member with the token but not the key: random bytes, and a rename sealed under
    // another key.
    const forger = createSealer(generateRoomKey(), DOC_ID);
    const rename = new Y.Doc();
    Y.applyUpdate(rename, Y.encodeStateAsUpdate(b.doc));
    new CanopyDoc(rename).renameDocument('Hijacked');
    const intruder = rawClient(s.port, room, token);
    await intruder.synced;
    intruder.doc
      .getArray(ENVELOPE_ARRAY)
      .push([
        crypto.getRandomValues(new Uint8Array(500)),
        forger.seal(BLOB_KIND.update, Y.encodeStateAsUpdate(rename, before)),
      ]);
    const seen = await b.waitForStatus((st) => st.refusedBlobs === 2, 'two refused blobs');
    expect(seen.error).toContain('CANOPY-407');
    expect(Y.encodeStateVector(b.doc)).toEqual(before);
    expect(titleOf(b.doc)).toBe(SECRET);
    // Plain Yjs content is refused by the server itself and never stored.
    intruder.doc.getMap('plain').set('title', 'Plaintext title');
    expect(await intruder.refusal).toMatch(/^CANOPY-405/);
    intruder.close();
    // Still in step, and nothing lost.
    new CanopyDoc(a.doc).renameDocument(SECRET_2);
    await waitFor(() => titleOf(b.doc) === SECRET_2, 'a later rename at b');
    await a.connection.whenAcknowledged();
    expect(Buffer.concat(await rows(room)).includes(Buffer.from('Plaintext title'))).toBe(false);
  });

  it('holds its limits: update size, trees and connections per token', async () => {
    const s = await server(['--max-update-bytes', '65536']);
    const limited = await store.addToken('acme', 'limited', { maxDocuments: 1, maxConnections: 1 });
    const room = `acme/${roomIdForKey(generateRoomKey())}`;
    const big = rawClient(s.port, room, token);
    await big.synced;
    big.doc.getArray(ENVELOPE_ARRAY).push([new Uint8Array(100_000)]);
    expect(await big.refusal).toMatch(/^CANOPY-404/);
    big.close();
    expect(await rows(room)).toHaveLength(0);

    // The limited token's one tree (the room above was opened by the other token).
    const own = `acme/${roomIdForKey(generateRoomKey())}`;
    const one = rawClient(s.port, own, limited);
    await one.synced;
    const second = rawClient(s.port, own, limited);
    expect(await second.refusal).toMatch(/^CANOPY-403/);
    second.close();
    one.close();
    const oneTree = await store.addToken('acme', 'one tree', {
      maxDocuments: 1,
      maxConnections: 9,
    });
    const first = rawClient(s.port, `acme/${roomIdForKey(generateRoomKey())}`, oneTree);
    await first.synced;
    const otherRoom = `acme/${roomIdForKey(generateRoomKey())}`;
    const third = rawClient(s.port, otherRoom, oneTree);
    expect(await third.refusal).toMatch(/^CANOPY-402/);
    third.close();
    first.close();
    expect(
      await pgQuery(`SELECT 1 FROM canopy_team_documents WHERE name = $1`, [otherRoom]),
    ).toHaveLength(0);
  });
});
