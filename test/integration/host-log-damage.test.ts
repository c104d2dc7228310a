/**
 * One flipped byte in the host's log loses nothing for good. A client makes 100 edits
 * the host acknowledges; the host stops; a byte of its log is flipped; it restarts.
 * In the middle of the log: the host warns, keeps every later record, copies the bad
 * bytes to a side file, and the client's next sync gives back the lost edit. In the
 * first record: the host refuses to start (it once began a new tree there, and merged
 * a second vision into everyone's copy); with --recover it starts from what it could
 * read, begins no tree of its own, and the client heals it.
 */
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { scanLog } from '../../electron/peer/log-format';
import type { WorkshopPeer } from '../../electron/peer/workshop-peer';
import { CanopyDoc, NODE_KEYS, ROOT_KEYS } from '../../shared/model';
import { startHostProcess, type HostProcess } from './host-process';
import { CODE, snapshot, startPeer, waitFor, type TestPeer } from './peers';

const dir = mkdtempSync(path.join(tmpdir(), 'canopy-host-damage-'));
const hosts: HostProcess[] = [];
const peers: WorkshopPeer[] = [];
afterEach(async () => {
  await Promise.all(peers.splice(0).map((p) => p.stop()));
  for (const { child } of hosts.splice(0))
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function startHost(data: string, extra: string[] = []): Promise<HostProcess> {
  const host = await startHostProcess(data, ['--code', CODE, ...extra]);
  hosts.push(host);
  return host;
}

async function stopHost(host: HostProcess): Promise<void> {
  host.child.kill('SIGTERM');
  await once(host.child, 'exit');
}

/** Joins the host (with `doc`, or a new one) and follows what it says is on its disk. */
async function join(port: number, doc?: Y.Doc) {
  const client: TestPeer = await startPeer({ port: 0, ...(doc ? { doc } : {}) });
  peers.push(client.peer);
  let saved: Map<number, number> | null = null;
  client.peer.on('info', (info) => {
    if (info.saved) saved = info.saved;
  });
  client.peer.connect({ host: '127.0.0.1', port });
  /** The host has on its disk exactly what this client has: they agree. */
  const agreed = () => {
    const mine = Y.decodeStateVector(Y.encodeStateVector(client.doc));
    const theirs = saved;
    return (
      theirs !== null &&
      mine.size === theirs.size &&
      [...mine].every(([c, clock]) => theirs.get(c) === clock)
    );
  };
  return { ...client, agreed };
}

const editTitles = (doc: Y.Doc) => {
  const model = new CanopyDoc(doc);
  const titles = [...doc.getMap(ROOT_KEYS.nodes).keys()]
    .map((id) => model.node(id)?.title ?? '')
    .filter((t) => /^Edit \d+$/.test(t));
  model.destroy();
  return titles;
};

const visions = (doc: Y.Doc) =>
  [...doc.getMap<Y.Map<unknown>>(ROOT_KEYS.nodes).values()].filter(
    (n) => n.get(NODE_KEYS.kind) === 'vision',
  ).length;

/** A host with a client's 100 acknowledged edits, stopped; the client's document. */
async function workshopWith100Edits(data: string): Promise<Y.Doc> {
  const host = await startHost(data);
  const client = await join(host.port);
  await waitFor(() => client.model.tree().rootId !== null, 'the host’s tree');
  const rootId = client.model.tree().rootId!;
  for (let i = 0; i < 100; i++) {
    client.model.addNode(rootId, { title: `Edit ${i}` });
    // One edit per turn, as people type: one record each in the host's log.
    await new Promise((r) => setTimeout(r, 2));
  }
  await waitFor(client.agreed, 'the host acknowledges all 100 edits');
  await client.peer.stop();
  await stopHost(host);
  return client.doc;
}

function flipByte(file: string, offset: number): void {
  const data = readFileSync(file);
  data[offset]! ^= 0x5a;
  writeFileSync(file, data);
}

const sideFiles = (data: string) =>
  readdirSync(data).filter((f) => f.startsWith('workshop.log.unreadable-'));

/** What a new participant gets from the host: joins with an empty document, waits to agree. */
async function freshCopy(port: number) {
  const probe = await join(port);
  await waitFor(probe.agreed, 'a new participant has the host’s document');
  await probe.peer.stop();
  return probe.doc;
}

describe('the headless host with a damaged log', () => {
  it('keeps the records after a flipped byte mid-log, and the client heals the rest', async () => {
    const data = path.join(dir, 'middle');
    const clientDoc = await workshopWith100Edits(data);
    const logFile = path.join(data, 'workshop.log');
    const records = scanLog(readFileSync(logFile)).records;
    expect(records.length).toBeGreaterThanOrEqual(101);
    const middle = records[Math.floor(records.length / 2)]!;
    flipByte(logFile, middle.offset + Math.floor(middle.length / 2));

    const host = await startHost(data);
    const output = host.output.join('\n');
    expect(output).toContain(
      `workshop log damaged at record ${middle.number}, bytes ${middle.offset}`,
    );
    expect(output).toContain(`kept the ${records.length - 1} readable records`);
    // Its log on disk now lacks only the damaged record: with that one, it is whole.
    const kept = new Y.Doc();
    Y.applyUpdate(
      kept,
      Y.mergeUpdates(scanLog(readFileSync(logFile)).records.map((r) => r.update)),
    );
    Y.applyUpdate(kept, middle.update);
    expect(editTitles(kept)).toHaveLength(100);
    const [side] = sideFiles(data);
    expect(side).toBeDefined();
    if (process.platform !== 'win32')
      expect(statSync(path.join(data, side!)).mode & 0o777).toBe(0o600);

    // Alone, the host shows the edits before the lost one; the later ones wait for it
    // (same author), kept in its log.
    const alone = editTitles(await freshCopy(host.port)).length;
    console.log(
      `mid-log flip at record ${middle.number} of ${records.length}: the host kept ${records.length - 1} records; ${alone} of 100 edits visible before healing`,
    );
    expect(alone).toBeLessThan(100);

    // The client comes back: one sync and the host has everything.
    const client = await join(host.port, clientDoc);
    await waitFor(client.agreed, 'the host agrees with the client');
    await client.peer.stop();
    const copy = await freshCopy(host.port);
    expect(editTitles(copy)).toHaveLength(100);
    expect(snapshot(copy)).toBe(snapshot(clientDoc));
    console.log(`after the client's sync: ${editTitles(copy).length} of 100 edits on the host`);
  });

  it('refuses to start when the first record is damaged; with --recover it starts no tree and is healed', async () => {
    const data = path.join(dir, 'first');
    const clientDoc = await workshopWith100Edits(data);
    const logFile = path.join(data, 'workshop.log');
    const first = scanLog(readFileSync(logFile)).records[0]!;
    flipByte(logFile, first.offset + Math.floor(first.length / 2));
    const damaged = readFileSync(logFile);

    const refused = await startHost(data).then(
      () => null,
      (e: Error) => e.message,
    );
    expect(refused).toMatch(/^host exited \(1\)/);
    expect(refused).toContain(
      `CANOPY-201: the log ${logFile} is damaged at its first record (record 0, bytes ${first.offset}–`,
    );
    expect(refused).toContain('start it again with --recover');
    // Nothing was changed: the log as it was, no side file, no new tree.
    expect(readFileSync(logFile)).toEqual(damaged);
    expect(sideFiles(data)).toEqual([]);

    const host = await startHost(data, ['--recover']);
    expect(host.output.join('\n')).toContain('the workshop log holds no tree');
    expect(sideFiles(data)).toHaveLength(1);
    const before = await freshCopy(host.port);
    expect(visions(before)).toBe(0);

    const client = await join(host.port, clientDoc);
    await waitFor(client.agreed, 'the host agrees with the client');
    await client.peer.stop();
    const copy = await freshCopy(host.port);
    expect(visions(copy)).toBe(1);
    expect(editTitles(copy)).toHaveLength(100);
    expect(snapshot(copy)).toBe(snapshot(clientDoc));

    // The host kept what it was given: after a restart (no flag) it has it all.
    await stopHost(host);
    const restarted = await startHost(data);
    expect(snapshot(await freshCopy(restarted.port))).toBe(snapshot(clientDoc));
  });
});
