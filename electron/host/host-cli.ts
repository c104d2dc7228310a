/**
 * The headless host: a workshop peer with no window, for a spare machine in the room.
 * It serves the built web app over HTTP on the LAN, takes sync connections on the same
 * port, is found by desktop apps over mDNS, and keeps the document in its data folder
 * in a crash-safe update log.
 *
 *   npm run host -- --port 4455 --data ./workshop [--code K7QM-3XPA-9RT2] [--init example]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as Y from 'yjs';
import { bytesToHex, randomBytes } from '@noble/hashes/utils.js';
import { CanopyDoc, newId, templateById } from '../../shared/model';
import {
  CODE_HINT,
  formatWorkshopCode,
  generateWorkshopCode,
  KEY_PATTERN,
  normalizeWorkshopCode,
  RoomHost,
  revealIntoDocument,
} from '../../shared/sync';
import {
  describeRegion,
  LogDamagedError,
  NewerLogFormatError,
  UpdateLog,
  type LoadResult,
} from '../peer/update-log';
import { writeEndSnapshot } from './end-snapshot';
import { WorkshopPeer } from '../peer/workshop-peer';
import { createHostHttpServer } from './http-server';
import { makeDataFolderPrivate, writePrivateFile } from './private-files';
import { SealedRoomStore } from './room-store';

const usage = `usage: npm run host -- --port 4455 --data DIR [--code K7QM-3XPA-9RT2] [--init example|blank]
  [--bind 0.0.0.0] [--no-discover] [--recover] [--allow-origin https://canopy.example.org]...
  [--help]`;

function fail(message: string): never {
  console.error(`canopy host: ${message}\n${usage}`);
  process.exit(2);
}

const options = {
  port: { type: 'string', default: '4455' },
  data: { type: 'string' },
  code: { type: 'string' },
  init: { type: 'string', default: 'blank' },
  bind: { type: 'string', default: '0.0.0.0' },
  'no-discover': { type: 'boolean', default: false },
  'allow-origin': { type: 'string', multiple: true, default: [] as string[] },
  'web-root': { type: 'string' },
  recover: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

/** The options, or a message and the usage (exit 2) for an unknown or malformed one. */
function parseOptions() {
  try {
    return parseArgs({ options }).values;
  } catch (e) {
    // Node's own words ("Unknown option '--prot'") rather than its stack trace.
    return fail((e as Error).message.replace(/\. To specify a positional argument.*$/s, '.'));
  }
}

const values = parseOptions();
if (values.help) {
  console.log(usage);
  process.exit(0);
}

if (!values.data) fail('--data is required: the folder that keeps the workshop.');
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  fail(`--port ${values.port} is not a port.`);
const here = path.dirname(fileURLToPath(import.meta.url));
const webRoot = path.resolve(values['web-root'] ?? path.join(here, '..', '..', 'dist', 'renderer'));
if (!existsSync(path.join(webRoot, 'index.html'))) {
  if (values['web-root']) fail(`no web app at ${webRoot}.`);
  // First run from a fresh checkout: build the web app once.
  console.log('canopy host: building the web app (first run)…');
  // vite's exports map hides bin/; its package.json is exported, and bin/ sits beside it.
  const vitePackage = createRequire(import.meta.url).resolve('vite/package.json');
  const vite = path.join(path.dirname(vitePackage), 'bin', 'vite.js');
  execFileSync(
    process.execPath,
    [vite, 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'error'],
    { cwd: path.join(here, '..', '..'), stdio: 'inherit' },
  );
}

const dataDir = path.resolve(values.data);
const tightened = makeDataFolderPrivate(dataDir);
if (tightened.length)
  console.warn(`canopy host: warning: made private (owner only): ${tightened.join(', ')}.`);
const settingsPath = path.join(dataDir, 'host.json');
const settings = readSettings();

const code = values.code ? normalizeWorkshopCode(values.code) : settings.code;
if (!code) fail(`"${values.code}" is not a workshop code. ${CODE_HINT}`);

const doc = new Y.Doc();
const model = new CanopyDoc(doc);
// After each flush, what the document holds is on the disk: say so to every peer,
// which is what lets a participant count an edit as acknowledged.
let onDurable = (_saved: Map<number, number>) => {};
const log = new UpdateLog(path.join(dataDir, 'workshop.log'), {
  durable: true,
  recover: values.recover,
  onDurable: (saved) => onDurable(saved),
  onError: (e) =>
    console.warn(`canopy host: could not flush the workshop log (${e.message}); retrying.`),
});
const loaded = loadLog();
doc.on('update', (update: Uint8Array) => log.append(update, doc));
// A new tree only in a new log: over a log that had records, it would merge a second
// vision into every participant's copy.
if (!model.tree().rootId && loaded.empty) {
  model.initialise({
    id: settings.docId,
    title: 'Workshop',
    vision: templateById(values.init === 'example' ? 'example' : 'blank').vision,
  });
  // On the disk before anyone can receive it: a host that cannot store its tree stops.
  try {
    log.syncNow();
  } catch (e) {
    console.error(`canopy host: ${(e as Error).message}`);
    process.exit(1);
  }
} else if (!model.tree().rootId)
  console.warn(
    `canopy host: warning: the workshop log holds no tree (its start was lost); not starting a new one. The tree comes back when a participant whose app holds it joins. For a new workshop, use another --data folder.`,
  );
// The log's own id wins: it is what every peer of this workshop already knows.
const docId = model.meta.id || settings.docId;
// The host relays and stores; it never reads the tree again. A live model would
// re-read every changed node on every edit and keep a second copy of the tree.
model.destroy();
settings.code = code;
settings.docId = docId;
saveSettings();

// The room (who is here, the facilitator, the timer): whoever opens the facilitator
// link printed below takes the role, which is kept in host.json for the next start.
const claimToken = bytesToHex(randomBytes(16));
// Ballots and answers of a round under way, sealed on this disk: a restart loses none.
const roomStore = new SealedRoomStore(dataDir);
const room = new RoomHost({
  facilitator: settings.facilitator,
  claimToken,
  saved: roomStore.load(),
  save: (saved) => roomStore.save(saved),
  // At the reveal, and not before, the result goes into the document.
  onReveal: revealIntoDocument(doc),
  onFacilitator: (key) => {
    settings.facilitator = key;
    saveSettings();
    console.log('canopy host: the facilitator role was taken or handed over.');
  },
});

const peer = new WorkshopPeer({
  code,
  doc,
  docId,
  port,
  host: values.bind,
  discover: !values['no-discover'],
  // Participants come to the host; it offers no guesses to announced strangers.
  dialDiscovered: false,
  allowedOrigins: values['allow-origin'],
  room,
  httpServer: createHostHttpServer(webRoot),
});
onDurable = (saved) => peer.markSaved(saved);
// What the log loaded is on the disk already.
peer.markSaved(Y.decodeStateVector(Y.encodeStateVector(doc)));
peer.on('error', (e) => console.warn(`canopy host: discovery: ${e.message}`));
let lastOpen = -1;
peer.on('status', () => {
  const open = peer.connectedPeers().length;
  if (open !== lastOpen) console.log(`canopy host: ${open} connected`);
  lastOpen = open;
});

// Before anyone can see we listen: a stop signal must always find its handler, so
// the end-of-workshop snapshot is written however early the host is stopped.
let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await peer.stop();
  log.close();
  // The end of the workshop: keep the tree as it was, as a file to open in the app.
  try {
    console.log(`canopy host: kept the tree as it ended in ${writeEndSnapshot(dataDir, doc)}`);
  } catch (e) {
    console.warn(
      `canopy host: could not keep the end-of-workshop snapshot: ${(e as Error).message}`,
    );
  }
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

try {
  await peer.listen();
} catch (e) {
  fail(`could not listen on port ${port}: ${(e as Error).message}`);
}

const addresses = Object.values(networkInterfaces())
  .flat()
  .filter((i) => i && i.family === 'IPv4' && !i.internal)
  .map((i) => i!.address);
const shown = values.bind === '0.0.0.0' ? addresses : [values.bind];
console.log(`Canopy host is running.
  Workshop code: ${formatWorkshopCode(code)}
  Open in a browser on this network:${shown.length ? '' : ' (no network address found)'}
${shown.map((a) => `    http://${a}:${peer.port}/`).join('\n')}
  Desktop apps find it by themselves (Join a workshop, then the code).
  Facilitator: open this link on your own device to run the room (keep it to yourself):
${shown
  .map(
    (a) =>
      `    http://${a}:${peer.port}/#join=${formatWorkshopCode(code)}&facilitator=${claimToken}`,
  )
  .slice(0, 1)
  .join('\n')}
  Data: ${dataDir} (${loaded.records} updates loaded)
  Press Ctrl+C to stop.`);
console.log(JSON.stringify({ event: 'listening', port: peer.port, docId }));

/** Loads the log; refuses (exit 1) a log damaged at its start, saying how to recover. */
function loadLog(): LoadResult {
  let result: LoadResult;
  try {
    result = log.load(doc);
  } catch (e) {
    if (e instanceof NewerLogFormatError) console.error(`canopy host: ${dataDir}: ${e.message}`);
    else if (!(e instanceof LogDamagedError)) throw e;
    else
      console.error(`canopy host: ${e.message}
  The host did not start: it would serve the workshop without its start, or begin a new tree over it.
  To recover, start it again with --recover: it starts with the records it can read (${e.readable}), copies the damaged bytes to a side file in ${dataDir}, and starts no new tree; the participants' apps still hold the whole tree and give it back when they join.
  If this host never served this workshop, move ${e.file} aside to start afresh.`);
    process.exit(1);
  }
  for (const region of result.damaged)
    console.warn(
      `canopy host: warning: workshop log damaged at ${describeRegion(region)}; skipped.`,
    );
  if (result.sideFile)
    console.warn(
      `canopy host: warning: kept the ${result.records} readable records of the workshop log; the damaged bytes are in ${result.sideFile}. Participants' apps give back what was lost when they join.`,
    );
  return result;
}

interface Settings {
  code: string;
  docId: string;
  /** The facilitator's identity key (room/identity.ts), once someone claimed the role. */
  facilitator: string | null;
}

function readSettings(): Settings {
  try {
    const saved = JSON.parse(readFileSync(settingsPath, 'utf8')) as Partial<Settings>;
    const savedCode = normalizeWorkshopCode(saved.code ?? '');
    const facilitator =
      typeof saved.facilitator === 'string' && KEY_PATTERN.test(saved.facilitator)
        ? saved.facilitator
        : null;
    if (savedCode && typeof saved.docId === 'string' && /^[\w-]{1,64}$/.test(saved.docId))
      return { code: savedCode, docId: saved.docId, facilitator };
  } catch {
    /* first run, or unreadable: start afresh */
  }
  return {
    code: normalizeWorkshopCode(generateWorkshopCode())!,
    docId: newId(),
    facilitator: null,
  };
}

function saveSettings(): void {
  writePrivateFile(settingsPath, JSON.stringify(settings, null, 2));
}
