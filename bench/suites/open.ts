/**
 * Open: a 5,000-node document with an editing history of 50,000 updates (4,999
 * additions and 45,001 edits, one update each), opened in headless Chromium, from
 * navigation to the first card on the canvas. Three stores of that history:
 *
 * - as the app keeps it: the app merges its stored updates as they come, every
 *   MAX_STORED_UPDATES (tidy-updates.ts), so at worst one merged update and the
 *   1,999 updates since;
 * - 50,000 entries, one per update, as the app stored them before it merged during a
 *   session (opened once like this, then merged);
 * - one update (compacted): the baseline, so each ratio is the cost of the history.
 *
 * Also a 10,000-node document (compacted), against the same 1 s target.
 */
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import type { Page } from '@playwright/test';
import { MAX_STORED_UPDATES } from '../../renderer/src/storage/tidy-updates';
import { CanopyDoc } from '../../shared/model';
import { seedUpdatesScript } from '../../test/e2e/seed-document';
import { startHarness, type Harness } from '../canvas/harness';
import { benchDocument } from '../documents';
import type { Measurement, Suite } from '../suite';

const NODES = 5000;
const LARGE = 10_000;
const UPDATES = 50_000;
const DOC = 'bench-open';

let harness: Harness | null = null;
let history: Buffer;
let kept: Buffer;
let keptEntries: number;
let compacted: Buffer;
let large: Buffer;

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

/** Stores the document in a fresh page's IndexedDB; resolves when it is ready to open. */
type Store = (page: Page) => Promise<void>;

/** Stores `seed` (length-prefixed updates) as the page's stored entries, one each. */
const storeEntries =
  (seed: Buffer): Store =>
  async (page) => {
    await page
      .context()
      .route('**/bench-updates.bin', (route) =>
        route.fulfill({ body: seed, contentType: 'application/octet-stream' }),
      );
    await page.goto(`${harness!.baseUrl}/`);
    await page.evaluate(seedUpdatesScript(DOC, 'Bench open', '/bench-updates.bin'));
  };

/**
 * The most the app's store holds after `updates`: it merges its stored updates into
 * one whenever MAX_STORED_UPDATES have been written since the last merge
 * (renderer/src/storage/tidy-updates.ts; test/e2e/foundation.spec.ts checks that a
 * stream of updates leaves no more in Chromium). At worst, then, one merged update
 * and the MAX_STORED_UPDATES - 1 updates since.
 */
function keptByTheApp(updates: Uint8Array[]): Uint8Array[] {
  const since = updates.length - (MAX_STORED_UPDATES - 1);
  const merged = new Y.Doc();
  for (const u of updates.slice(0, since)) Y.applyUpdate(merged, u);
  return [Y.encodeStateAsUpdate(merged), ...updates.slice(since)];
}

/** Navigation → first card, and the app's own marks of where that time went. */
async function openTime(store: Store): Promise<{ ms: number; phases: Map<string, number> }> {
  const h = harness!;
  const context = await h.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await store(page);
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

const AFTER_HISTORY = 'open after 50,000 updates (as the app keeps them)';
const UNMERGED = 'open 50,000 unmerged updates';
const COMPACTED = 'open 1 update (compacted)';
const LARGE_OPEN = 'open 10,000 nodes (compacted)';

export const openSuite: Suite = {
  name: 'open',
  description: `a ${NODES}-node document with a history of ${UPDATES} updates, and one of ${LARGE} nodes → first card on the canvas`,
  defaultRuns: 3,
  comparisons: [
    { metric: AFTER_HISTORY, baseline: COMPACTED },
    { metric: UNMERGED, baseline: COMPACTED },
    { metric: LARGE_OPEN, baseline: COMPACTED },
  ],
  targets: {
    [AFTER_HISTORY]: { max: 1000 },
    [COMPACTED]: { max: 1000 },
    [LARGE_OPEN]: { max: 1000 },
  },
  async setup() {
    const { updates, doc } = editingHistory();
    history = records(updates);
    const entries = keptByTheApp(updates);
    kept = records(entries);
    keptEntries = entries.length;
    // What is kept is the whole document: check, or the figure means nothing.
    const check = new Y.Doc();
    for (const u of entries) Y.applyUpdate(check, u);
    const whole = Y.encodeStateVector(doc);
    if (Buffer.compare(Buffer.from(Y.encodeStateVector(check)), Buffer.from(whole)) !== 0)
      throw new Error('bench: the app did not keep the whole history');
    // The same state as merging the history (Y.mergeUpdates of 50,000 updates takes
    // over a minute: it is quadratic in their number).
    compacted = records([Y.encodeStateAsUpdate(doc)]);
    large = records([largeDocument()]);
    harness = await startHarness(4395);
  },
  async run() {
    return [
      ...openMeasurements(AFTER_HISTORY.slice(5), await openTime(storeEntries(kept))),
      { metric: 'entries kept of 50,000 updates', unit: 'entries', value: keptEntries },
      ...openMeasurements(UNMERGED.slice(5), await openTime(storeEntries(history))),
      ...openMeasurements(COMPACTED.slice(5), await openTime(storeEntries(compacted))),
      ...openMeasurements(LARGE_OPEN.slice(5), await openTime(storeEntries(large))),
      { metric: 'stored history (unmerged)', unit: 'kB', value: history.length / 1024 },
    ];
  },
  async teardown() {
    await harness?.close();
    harness = null;
  },
};

/** A 10,000-node document under the open suite's id. */
function largeDocument(): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, benchDocument(LARGE - 1));
  doc.getMap('meta').set('id', DOC);
  return Y.encodeStateAsUpdate(doc);
}
