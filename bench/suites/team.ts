/**
 * Team server: edit-to-remote latency between two members and a new member's time to
 * receive the 5,000-node document, through one team-server process (`npm run
 * team-server`, PostgreSQL on 127.0.0.1). Canopy's members seal every change, open
 * and check every blob, and go through the DocChannel; the baseline is a stock
 * Hocuspocus provider with the plain document on the same server in the same run
 * (started with --bench-plaintext, so it takes plain Yjs rooms too). Both paths store
 * every update in the same database before the server acknowledges it.
 */
import type { ChildProcess } from 'node:child_process';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WorkerUpdateGuard } from '../../electron/peer/worker-update-guard';
import { TeamStore } from '../../electron/team-server/store';
import { CanopyDoc } from '../../shared/model';
import { generateRoomKey } from '../../shared/team/sealing';
import { connectTeam } from '../../shared/team/team-client';
import { missingServices, startPostgres, type Service } from '../../test/integration/team/services';
import { startTeamServerProcess } from '../../test/integration/team/team-process';
import { BENCH_DOC, benchDocument } from '../documents';
import { percentile } from '../stats';
import { since, type Measurement, type Suite } from '../suite';

const DOC_NODES = 5000;
const EDITS = 60;

let pg: Service | null = null;
let store: TeamStore | null = null;
let token = '';
let documentUpdate: Uint8Array;
let stateVector: Map<number, number>;
let targetNode: string;

interface Member {
  doc: Y.Doc;
  stop(): void;
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 60_000) {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`bench: timed out waiting for ${what}`);
    await delay(2);
  }
}

const hasWholeDocument = (doc: Y.Doc) =>
  [...stateVector].every(([client, clock]) => Y.getState(doc.store, client) >= clock);

/** A Canopy member: the team client, with the Node update guard. */
function canopyMember(
  port: number,
  key: Uint8Array,
  doc: Y.Doc,
): Member & { acked(): Promise<void> } {
  const guard = new WorkerUpdateGuard();
  const connection = connectTeam({
    access: { server: `ws://127.0.0.1:${port}`, token, key, docId: BENCH_DOC },
    doc,
    guard,
    WebSocket,
  });
  return {
    doc,
    acked: () => connection.whenAcknowledged(),
    stop() {
      connection.close();
      guard.close();
      doc.destroy();
    },
  };
}

/** A stock provider on a plain room: no sealing, no guard, no DocChannel. */
function stockMember(port: number, room: string, doc: Y.Doc): Member & { acked(): Promise<void> } {
  const socket = new HocuspocusProviderWebsocket({
    url: `ws://127.0.0.1:${port}`,
    WebSocketPolyfill: WebSocket,
  });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: room,
    document: doc,
    token,
    awareness: null,
  });
  provider.attach();
  return {
    doc,
    acked: () =>
      waitUntil(
        () => provider.isSynced && !provider.hasUnsyncedChanges,
        'the stock provider synced',
      ),
    stop() {
      provider.destroy();
      socket.destroy();
      doc.destroy();
    },
  };
}

async function latencies(editor: Member, receiver: Member): Promise<number[]> {
  const samples: number[] = [];
  const model = new CanopyDoc(editor.doc);
  const node = () => receiver.doc.getMap('nodes').get(targetNode) as Y.Map<Y.Text> | undefined;
  for (let e = 0; e < EDITS; e++) {
    const marker = `Edit ${e} ${Math.random().toString(36).slice(2, 6)}`;
    const arrived = new Promise<number>((resolve) => {
      const check = () => {
        if (node()?.get('title')?.toString() === marker) {
          receiver.doc.off('update', check);
          resolve(performance.now());
        }
      };
      receiver.doc.on('update', check);
    });
    const start = performance.now();
    model.updateNode(targetNode, { title: marker });
    samples.push((await arrived) - start);
    await delay(5);
  }
  model.destroy();
  return samples;
}

async function measure(
  label: string,
  join: (doc: Y.Doc) => Member & { acked(): Promise<void> },
): Promise<Measurement[]> {
  const members: Member[] = [];
  try {
    const seed = new Y.Doc();
    Y.applyUpdate(seed, documentUpdate);
    const first = join(seed);
    members.push(first);
    await first.acked();
    const start = performance.now();
    const second = join(new Y.Doc());
    members.push(second);
    await waitUntil(() => hasWholeDocument(second.doc), `a new ${label} member`);
    const joined = since(start);
    const samples = await latencies(first, second);
    return [
      { metric: `new member gets ${DOC_NODES} nodes, ${label}`, unit: 'ms', value: joined },
      { metric: `edit to remote p50, ${label}`, unit: 'ms', value: percentile(samples, 50) },
      { metric: `edit to remote p99, ${label}`, unit: 'ms', value: percentile(samples, 99) },
    ];
  } finally {
    for (const m of members) m.stop();
  }
}

const FIGURES = [`new member gets ${DOC_NODES} nodes`, 'edit to remote p50', 'edit to remote p99'];

export const teamSuite: Suite = {
  name: 'team',
  description: `through the team server: edit to remote and a new member of ${DOC_NODES} nodes, against a stock Hocuspocus provider`,
  defaultRuns: 3,
  comparisons: FIGURES.map((m) => ({
    metric: `${m}, team server`,
    baseline: `${m}, stock provider`,
    maxRatio: 1.2,
  })),
  async setup() {
    const missing = missingServices();
    if (missing) throw new Error(`bench: the team suite needs PostgreSQL and Redis (${missing})`);
    pg = await startPostgres();
    store = await TeamStore.open(pg.url);
    token = await store.addToken('bench', 'bench', { maxDocuments: 1000, maxConnections: 1000 });
    documentUpdate = benchDocument(DOC_NODES - 1);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, documentUpdate);
    stateVector = Y.decodeStateVector(Y.encodeStateVector(doc));
    const model = new CanopyDoc(doc);
    targetNode = model.tree().order[1]!;
    model.destroy();
  },
  async run() {
    let server: ChildProcess | null = null;
    try {
      const s = await startTeamServerProcess(pg!.url, ['--bench-plaintext']);
      server = s.child;
      const key = generateRoomKey();
      const room = `bench/${[...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
      return [
        ...(await measure('team server', (doc) => canopyMember(s.port, key, doc))),
        ...(await measure('stock provider', (doc) => stockMember(s.port, room, doc))),
      ];
    } finally {
      server?.kill('SIGKILL');
    }
  },
  async teardown() {
    await store?.close();
    await pg?.stop();
  },
};
