/**
 * A workshop peer as its own process, for tests and benchmarks (and the start of the
 * headless host): it keeps its document in an update log, joins the workshop, and
 * takes commands as JSON lines on stdin, answering as JSON lines on stdout.
 *
 *   node --import tsx electron/peer/peer-cli.ts --code K7QM3XPA9RT2 --state /tmp/a.log \
 *     [--port 0] [--host 127.0.0.1] [--init example] [--connect 127.0.0.1:4000]...
 *     [--web-root dist/renderer] [--allow-origin http://127.0.0.1:4317]...
 *
 * Commands: {"op":"add","title":"…"} adds a goal under the vision;
 * {"op":"snapshot"} prints the document; {"op":"peers"} the open sessions;
 * {"op":"connect","host":"…","port":N}; {"op":"stop"}.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import * as Y from 'yjs';
import { CanopyDoc, templateById } from '../../shared/model';
import { normalizeWorkshopCode } from '../../shared/sync';
import { createHostHttpServer } from '../host/http-server';
import { UpdateLog } from './update-log';
import { WorkshopPeer } from './workshop-peer';

const { values } = parseArgs({
  options: {
    code: { type: 'string' },
    state: { type: 'string' },
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    init: { type: 'string' },
    'doc-id': { type: 'string' },
    connect: { type: 'string', multiple: true, default: [] },
    /** Serve the built web app on the peer's port, so a browser can join from its page. */
    'web-root': { type: 'string' },
    'allow-origin': { type: 'string', multiple: true, default: [] },
  },
});

const code = normalizeWorkshopCode(values.code ?? '');
if (!code || !values.state) {
  console.error('usage: peer-cli --code XXXX-XXXX --state FILE [--port N] [--connect host:port]');
  process.exit(2);
}

const out = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);

const doc = new Y.Doc();
const model = new CanopyDoc(doc);
const log = new UpdateLog(values.state);
const loaded = log.load(doc);
// Logged from here on, the initial tree included: a restart must not re-create it.
doc.on('update', (update: Uint8Array) => log.append(update, doc));
// A new tree only in a new log, never over one that lost its start.
if (values.init && loaded.empty && !model.tree().rootId) {
  model.initialise({
    id: values['doc-id'] ?? 'workshop-doc',
    title: 'Workshop',
    vision: templateById(values.init === 'example' ? 'example' : 'blank').vision,
  });
}

const peer = new WorkshopPeer({
  code,
  doc,
  host: values.host,
  port: Number(values.port),
  docId: values['doc-id'] ?? null,
  backoff: { initial: 50, max: 1000 },
  httpServer: values['web-root'] ? createHostHttpServer(values['web-root']) : undefined,
  allowedOrigins: values['allow-origin'],
});
// Installed before the port is announced, so an early stop still closes the log.
const stop = async () => {
  await peer.stop();
  log.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
const port = await peer.listen();
for (const address of values.connect) {
  const [host, p] = address.split(/:(?=\d+$)/);
  peer.connect({ host: host!, port: Number(p) });
}
out({ event: 'listening', port, peerId: peer.peerIdHex, loaded });

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  let command: { op?: string; title?: string; host?: string; port?: number; id?: number };
  try {
    command = JSON.parse(line) as typeof command;
  } catch {
    out({ error: 'not JSON' });
    continue;
  }
  const id = command.id;
  try {
    switch (command.op) {
      case 'add': {
        const root = model.tree().rootId;
        if (!root) throw new Error('no tree yet');
        out({ id, node: model.addNode(root, { title: command.title ?? '' }) });
        break;
      }
      case 'snapshot':
        out({ id, snapshot: doc.toJSON() });
        break;
      case 'peers':
        out({ id, peers: peer.connectedPeers(), status: peer.status() });
        break;
      case 'connect':
        peer.connect({ host: command.host!, port: command.port! });
        out({ id, ok: true });
        break;
      case 'stop':
        out({ id, ok: true });
        await stop();
        break;
      default:
        out({ id, error: `unknown op ${command.op}` });
    }
  } catch (e) {
    out({ id, error: (e as Error).message });
  }
}
await stop();
