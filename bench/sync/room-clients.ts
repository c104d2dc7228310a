/**
 * Clients of the sync suite's room of 100, in a process of their own: the suite starts
 * several, so that decrypting, checking and applying each edit 99 times is spread over
 * the machine's cores instead of queueing in one event loop.
 *
 *   node --import tsx bench/sync/room-clients.ts '<json ClientsConfig>'
 *
 * Joins `count` clients to the host (WorkshopPeer, each also in the host's room, as
 * the app is) or to the relay (y-websocket), prints {"joined":n} once every one holds
 * the whole document, then takes lines on stdin: {"expect":title,"id":n} answers
 * {"ready":n} and, once every client has seen the node's title become `title`,
 * {"arrived":n,"at":[ms…]}; {"stop":true} stops the clients and exits. Times are
 * process.hrtime (CLOCK_MONOTONIC), the same clock in every process on the machine.
 */
import { createInterface } from 'node:readline';
import * as Y from 'yjs';
import { WorkerUpdateGuard } from '../../electron/peer/worker-update-guard';
import { WorkshopPeer } from '../../electron/peer/workshop-peer';
import { newIdentity, RoomClient } from '../../shared/sync';
import { joinRelay } from './relay-client';

export interface ClientsConfig {
  transport: 'host' | 'relay';
  port: number;
  code: string;
  count: number;
  /** The node whose title the editor changes. */
  node: string;
  /** The benchmark document's state vector: a client holding it has the whole tree. */
  stateVector: Array<[number, number]>;
  /** Where this process's clients are numbered from (their names in the room). */
  first: number;
}

export const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;

const config = JSON.parse(process.argv[2]!) as ClientsConfig;
const print = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Client {
  doc: Y.Doc;
  stop(): Promise<void> | void;
}

// One guard thread for the process: its clients share a machine, not one each.
const guard = new WorkerUpdateGuard();
process.setMaxListeners(4 * config.count);

function joinHost(index: number): Client {
  const doc = new Y.Doc();
  const identity = newIdentity();
  let room: RoomClient | null = null;
  const peer = new WorkshopPeer({
    code: config.code,
    doc,
    guard,
    backoff: { initial: 50, max: 500 },
    // In the room as the app is: the host tells everyone who is here when anyone joins.
    onRoom: (session) => {
      room = new RoomClient({
        identity,
        profile: () => ({ name: `Participant ${index + 1}`, colour: '#3366cc' }),
        send: (payload) => session.sendRoom(payload),
      });
      room.start(session.binding!);
      const joined = room;
      return { receive: (p) => joined.receive(p), close: () => joined.stop() };
    },
  });
  peer.connect({ host: '127.0.0.1', port: config.port });
  return {
    doc,
    stop: async () => {
      room?.stop();
      await peer.stop();
      doc.destroy();
    },
  };
}

const hasWholeDocument = (doc: Y.Doc) =>
  config.stateVector.every(([client, clock]) => Y.getState(doc.store, client) >= clock);

const clients: Client[] = [];
for (let i = 0; i < config.count; i++)
  clients.push(
    config.transport === 'host' ? joinHost(config.first + i) : joinRelay(config.port, new Y.Doc()),
  );
while (!clients.every((c) => hasWholeDocument(c.doc))) await delay(20);
print({ joined: clients.length });

const titleOf = (doc: Y.Doc) =>
  (doc.getMap('nodes').get(config.node) as Y.Map<unknown> | undefined)?.get('title')?.toString();

createInterface({ input: process.stdin }).on('line', (line) => {
  const message = JSON.parse(line) as { expect?: string; id?: number; stop?: boolean };
  if (message.stop) {
    void Promise.all(clients.map((c) => c.stop())).then(() => {
      guard.close();
      process.exit(0);
    });
    return;
  }
  const { expect: title, id } = message;
  const at: number[] = new Array<number>(clients.length);
  let left = clients.length;
  clients.forEach(({ doc }, i) => {
    const check = () => {
      if (titleOf(doc) !== title) return;
      at[i] = monotonicMs();
      doc.off('update', check);
      if (--left === 0) print({ arrived: id, at });
    };
    doc.on('update', check);
  });
  print({ ready: id });
});
