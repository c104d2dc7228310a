/**
 * The team server's promise: an update it has acknowledged survives `kill -9`. A
 * member makes a burst of edits; the server process is killed with SIGKILL in the
 * middle; after a restart on the same database, a new member finds every edit the
 * server had acknowledged (its committed state vector covered it). Also: the log of a
 * room is compacted, by members (sealed snapshots) and by the server (rows folded).
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TeamStore } from '../../electron/team-server/store';
import { CanopyDoc, ROOT_KEYS, templateById } from '../../shared/model';
import { documentNameFor } from '../../shared/team/invitation';
import { generateRoomKey } from '../../shared/team/sealing';
import { waitFor } from './peers';
import { freePort, missingServices, startPostgres, type Service } from './team/services';
import { joinTeam, startTeamServerProcess, type Member } from './team/team-process';

const DOC_ID = 'crash-tree';
const skip = missingServices();
if (skip) console.warn(`team-server crash tests ${skip}`);

let pg: Service;
let store: TeamStore;
let token: string;
const processes: ChildProcess[] = [];
const members: Member[] = [];

type Pool = {
  query(sql: string, params?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
};
const pool = () => (store as unknown as { pool: Pool }).pool;

async function kill(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}
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
function tree(): Y.Doc {
  const doc = new Y.Doc();
  new CanopyDoc(doc).initialise({
    id: DOC_ID,
    title: 'Crash',
    vision: templateById('example').vision,
  });
  return doc;
}
const covers = (doc: Y.Doc, state: Map<number, number>) =>
  [...state].every(([client, clock]) => Y.getState(doc.store, client) >= clock);

describe.skipIf(skip)('the team server under kill -9', () => {
  beforeAll(async () => {
    pg = await startPostgres();
    store = await TeamStore.open(pg.url);
    token = await store.addToken('acme', 'tests', { maxDocuments: 100, maxConnections: 100 });
  }, 60_000);

  afterAll(async () => {
    for (const m of members) m.close();
    await Promise.all(processes.map((p) => kill(p, 'SIGTERM')));
    await store?.close();
    await pg?.stop();
  }, 60_000);

  it('keeps every acknowledged edit of a burst', async () => {
    const first = await server();
    // Each commit takes 20 ms longer, as on a busy disk: updates queue up behind it, so
    // acknowledging one before its commit would be caught losing it (tried: it fails).
    await pool().query(`CREATE OR REPLACE FUNCTION canopy_test_slow() RETURNS trigger
      LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.02); RETURN NULL; END $$`);
    await pool()
      .query(`CREATE OR REPLACE TRIGGER canopy_test_slow AFTER INSERT ON canopy_team_updates
      FOR EACH STATEMENT EXECUTE FUNCTION canopy_test_slow()`);
    const key = generateRoomKey();
    const writer = member({ port: first.port, token, key, docId: DOC_ID, doc: tree() });
    await writer.waitForStatus((s) => s.state === 'synced', 'the writer synced');
    await writer.connection.whenAcknowledged();
    const model = new CanopyDoc(writer.doc);
    const root = model.tree().rootId!;
    let acked = new Map<number, number>();
    for (let i = 0; i < 600; i++) {
      model.addNode(root, { title: `Edit ${i}` });
      // Separate tasks: separate blobs, separate commits.
      if (i % 3 === 0) await new Promise((r) => setImmediate(r));
      if (i === 300) {
        await kill(first.child, 'SIGKILL');
        acked = writer.connection.acknowledgedState();
      }
    }
    const local = writer.doc.clientID;
    expect(acked.get(local) ?? 0).toBeGreaterThan(0);
    expect(acked.get(local)!).toBeLessThan(Y.getState(writer.doc.store, local));
    // The writer goes away for good: only the database can bring its edits back.
    writer.close();
    const second = await server();
    const reader = member({ port: second.port, token, key, docId: DOC_ID });
    await reader.waitForStatus((s) => s.state === 'synced', 'the reader synced');
    await waitFor(() => covers(reader.doc, acked), 'every acknowledged edit at the reader');
    await pool().query(`DROP TRIGGER canopy_test_slow ON canopy_team_updates`);
  });

  it('merges what members edited while the server was down, once it is back', async () => {
    const port = await freePort();
    const first = await server(['--port', String(port)]);
    const key = generateRoomKey();
    const a = member({ port, token, key, docId: DOC_ID, doc: tree() });
    await a.waitForStatus((s) => s.state === 'synced', 'a synced');
    const b = member({ port, token, key, docId: DOC_ID });
    await waitFor(() => b.doc.getMap(ROOT_KEYS.meta).get('title') === 'Crash', 'the tree at b');
    await kill(first.child, 'SIGKILL');
    await a.waitForStatus((s) => s.state === 'offline', 'a offline');
    const root = new CanopyDoc(a.doc).tree().rootId!;
    new CanopyDoc(a.doc).addNode(root, { title: 'Written offline at a' });
    new CanopyDoc(b.doc).addNode(root, { title: 'Written offline at b' });
    await server(['--port', String(port)]);
    const titles = (doc: Y.Doc) =>
      [...new CanopyDoc(doc).tree().order].map((id) => new CanopyDoc(doc).node(id)?.title);
    await waitFor(
      () =>
        [a.doc, b.doc].every((doc) =>
          ['Written offline at a', 'Written offline at b'].every((t) => titles(doc).includes(t)),
        ),
      'both offline edits at both members',
      30_000,
    );
  });

  it('compacts a room: members seal snapshots, the server folds its rows', async () => {
    const s = await server(['--compact-rows', '20']);
    const key = generateRoomKey();
    const room = documentNameFor({ token, key });
    const writer = member({
      port: s.port,
      token,
      key,
      docId: DOC_ID,
      doc: tree(),
      compactAfter: 8,
    });
    await writer.waitForStatus((st) => st.state === 'synced', 'the writer synced');
    const model = new CanopyDoc(writer.doc);
    for (let i = 0; i < 80; i++) {
      model.renameDocument(`Title ${i}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    await writer.connection.whenAcknowledged();
    const count = async () =>
      Number(
        (
          await pool().query(`SELECT count(*) AS n FROM canopy_team_updates WHERE document = $1`, [
            room,
          ])
        ).rows[0]!.n,
      );
    const start = Date.now();
    while ((await count()) >= 40 && Date.now() - start < 10_000)
      await new Promise((r) => setTimeout(r, 50));
    expect(await count()).toBeLessThan(40);
    const reader = member({ port: s.port, token, key, docId: DOC_ID });
    await waitFor(
      () => reader.doc.getMap(ROOT_KEYS.meta).get('title') === 'Title 79',
      'the last title at a new member',
    );
  });
});
