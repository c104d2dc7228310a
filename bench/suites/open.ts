/**
 * Open: a 5,000-node document saved as 50,000 updates in IndexedDB (its whole
 * editing history: 4,999 additions and 45,001 edits, one update each), opened in
 * headless Chromium, from navigation to the first card on the canvas.
 *
 * Baseline: the same document saved as one update (as after compaction), so the
 * ratio is the cost of the long history.
 */
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { CanopyDoc } from '../../shared/model';
import { seedUpdatesScript } from '../../test/e2e/seed-document';
import { startHarness, type Harness } from '../canvas/harness';
import type { Measurement, Suite } from '../suite';

const NODES = 5000;
const UPDATES = 50_000;
const DOC = 'bench-open';

let harness: Harness | null = null;
let history: Buffer;
let compacted: Buffer;

export function records(updates: Uint8Array[]): Buffer {
  const parts: Buffer[] = [];
  for (const u of updates) {
    const header = Buffer.alloc(4);
    header.writeUInt32LE(u.length);
    parts.push(header, Buffer.from(u));
  }
  return Buffer.concat(parts);
}

/** The history: every command its own update, as the app stores a session of edits. */
export function editingHistory(): { updates: Uint8Array[]; doc: Y.Doc } {
  const doc = new Y.Doc();
  const model = new CanopyDoc(doc);
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  model.initialise({ id: DOC, title: 'Bench open', vision: { title: 'Vision' } });
  const gen = prng.create(11);
  const ids = [model.tree().rootId!];
  while (ids.length < NODES) {
    // Recent nodes are likelier parents: a bushy tree some levels deep.
    const parent = ids[Math.max(0, ids.length - 1 - prng.int32(gen, 0, 40))]!;
    ids.push(model.addNode(parent, { title: `Item ${ids.length} ${prng.word(gen, 3, 12)}` }));
  }
  // Renames as the app writes them, a title being one value (schema 2): straight into
  // the node's map (rename would resolve the whole tree per edit, minutes for 45,000).
  const nodes = doc.getMap<Y.Map<unknown>>('nodes');
  while (updates.length < UPDATES) {
    const node = nodes.get(ids[prng.int32(gen, 0, ids.length - 1)]!)!;
    doc.transact(() => node.set('title', `Edited ${updates.length} ${prng.word(gen, 3, 12)}`));
  }
  return { updates, doc };
}

/** Navigation → first card, and the app's own marks of where that time went. */
async function openTime(seed: Buffer): Promise<{ ms: number; phases: Map<string, number> }> {
  const h = harness!;
  const context = await h.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.route('**/bench-updates.bin', (route) =>
    route.fulfill({ body: seed, contentType: 'application/octet-stream' }),
  );
  const page = await context.newPage();
  await page.goto(`${h.baseUrl}/`);
  await page.evaluate(seedUpdatesScript(DOC, 'Bench open', '/bench-updates.bin'));
  await page.goto('about:blank');
  const start = Date.now();
  await page.goto(`${h.baseUrl}/#/doc/${DOC}`);
  await page.locator('.react-flow__node').first().waitFor({ timeout: 60_000 });
  const ms = Date.now() - start;
  const measures = (await page.evaluate(
    "performance.getEntriesByType('measure').filter((m) => m.name.startsWith('canopy:')).map((m) => [m.name.slice(7), m.duration])",
  )) as Array<[string, number]>;
  await context.close();
  return { ms, phases: new Map(measures) };
}

function openMeasurements(
  label: string,
  open: { ms: number; phases: Map<string, number> },
): Measurement[] {
  return [
    { metric: `open ${label}`, unit: 'ms' as const, value: open.ms },
    ...[...open.phases].map(([phase, value]) => ({
      metric: `open ${label}: ${phase}`,
      unit: 'ms' as const,
      value,
    })),
  ];
}

export const openSuite: Suite = {
  name: 'open',
  description: `a ${NODES}-node document stored as ${UPDATES} updates → first card on the canvas`,
  defaultRuns: 3,
  comparisons: [{ metric: 'open 50,000 updates', baseline: 'open 1 update (compacted)' }],
  targets: { 'open 50,000 updates': { max: 1000 } },
  async setup() {
    const { updates, doc } = editingHistory();
    history = records(updates);
    // The same state as merging the history (Y.mergeUpdates of 50,000 updates takes
    // over a minute: it is quadratic in their number).
    compacted = records([Y.encodeStateAsUpdate(doc)]);
    harness = await startHarness(4395);
  },
  async run() {
    return [
      ...openMeasurements('50,000 updates', await openTime(history)),
      ...openMeasurements('1 update (compacted)', await openTime(compacted)),
      { metric: 'stored history', unit: 'kB', value: history.length / 1024 },
    ];
  },
  async teardown() {
    await harness?.close();
    harness = null;
  },
};
