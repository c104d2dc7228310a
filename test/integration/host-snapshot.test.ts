/**
 * The headless host keeps the tree as it was when the workshop ended: stopping it
 * (Ctrl+C, SIGTERM) writes DATA/snapshots/workshop-end-….canopy, a file the app opens.
 */
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readCanopyFile } from '../../shared/files/container';
import { CanopyDoc } from '../../shared/model';
import { startHostProcess, stopProcess } from './host-process';
import { CODE, startPeer, waitFor, type TestPeer } from './peers';

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const task of cleanup.splice(0).reverse()) await task();
});

describe('the headless host at the end of a workshop', () => {
  it('keeps the tree as it ended in a .canopy file, edits included', async () => {
    const data = await mkdtemp(path.join(tmpdir(), 'canopy-host-snapshot-'));
    cleanup.push(() => rm(data, { recursive: true, force: true }));
    const host = await startHostProcess(data, ['--code', CODE, '--init', 'example']);
    cleanup.push(() => stopProcess(host.child, 'SIGKILL'));
    const client: TestPeer = await startPeer({ port: 0 });
    cleanup.push(() => client.peer.stop());
    client.peer.connect({ host: '127.0.0.1', port: host.port });
    await waitFor(() => client.model.tree().rootId !== null, 'the tree arrives');
    // The host acknowledges what is on its disk: wait for the edit's acknowledgement.
    let acknowledged = false;
    client.peer.on('info', (info: { saved?: Map<number, number> }) => {
      const mine = client.doc.clientID;
      if ((info.saved?.get(mine) ?? 0) >= Y.getState(client.doc.store, mine)) acknowledged = true;
    });
    client.model.addNode(client.model.tree().rootId!, { title: 'Added in the workshop' });
    await waitFor(() => acknowledged, 'the host has the edit on disk');

    await stopProcess(host.child, 'SIGTERM');
    const files = await readdir(path.join(data, 'snapshots'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^workshop-end-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.canopy$/);
    expect(host.output.join('\n')).toContain(`kept the tree as it ended in`);

    const { header, update } = readCanopyFile(
      await readFile(path.join(data, 'snapshots', files[0]!)),
    );
    expect(header.app).toBe('Canopy host');
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    const model = new CanopyDoc(doc);
    expect(header.docId).toBe(model.meta.id);
    const titles = model.tree().order.map((id) => model.node(id)!.title);
    expect(titles).toContain('Added in the workshop');
    expect(titles.length).toBeGreaterThan(10);
  });

  // The host announced itself before it had its stop handlers: a SIGTERM in between
  // killed it outright, with no snapshot (2 of 12 starts stopped at once, loaded).
  it('has its stop handlers before it says it listens', async () => {
    const data = await mkdtemp(path.join(tmpdir(), 'canopy-host-signal-'));
    cleanup.push(() => rm(data, { recursive: true, force: true }));
    const host = await startHostProcess(
      data,
      ['--code', CODE],
      ['--import', path.resolve('test/integration/signal-probe.mjs')],
    );
    const probe = host.output.find((line) => line.includes('"probe":"sigterm"'));
    expect(JSON.parse(probe!)).toEqual({ probe: 'sigterm', handlers: 1 });
    host.child.kill('SIGTERM');
    const [code] = await once(host.child, 'exit');
    expect(code).toBe(0);
    expect(await readdir(path.join(data, 'snapshots'))).toHaveLength(1);
  });
});
