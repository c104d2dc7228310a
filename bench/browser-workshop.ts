/**
 * A browser in a workshop with a large tree: `npm run host` holding a 5,000-node
 * document, a browser tab (Chromium, headless) that joins it, and a Node peer that
 * renames the tree. Prints how long the join takes (Join pressed to the tree's name
 * shown), edit-to-browser latency (the peer's rename to the name in the tab), and
 * what the tab holds afterwards (Y.Docs, JS heap after a garbage collection).
 *
 *   npm run build:renderer && node --import tsx bench/browser-workshop.ts [--edits 30]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import * as Y from 'yjs';
import { UpdateLog } from '../electron/peer/update-log';
import { WorkshopPeer } from '../electron/peer/workshop-peer';
import { CanopyDoc } from '../shared/model';
import { formatWorkshopCode } from '../shared/sync';
import { countYDocs } from '../test/e2e/heap';
import { startHostProcess, stopProcess } from '../test/integration/host-process';
import { BENCH_DOC, benchDocument } from './documents';
import { percentile } from './stats';

const CODE = 'K7QM3XPA9RT2';
const { values } = parseArgs({ options: { edits: { type: 'string', default: '30' } } });
const EDITS = Number(values.edits);

const dataDir = mkdtempSync(path.join(tmpdir(), 'canopy-bench-browser-'));
const seed = new Y.Doc();
const update = benchDocument(5000);
Y.applyUpdate(seed, update);
const log = new UpdateLog(path.join(dataDir, 'workshop.log'));
log.load(new Y.Doc());
log.append(update, seed);
log.close();
writeFileSync(path.join(dataDir, 'host.json'), JSON.stringify({ code: CODE, docId: BENCH_DOC }));
const host = await startHostProcess(dataDir, ['--web-root', path.resolve('dist/renderer')]);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const editorDoc = new Y.Doc();
const editor = new WorkshopPeer({ code: CODE, doc: editorDoc, backoff: { initial: 50, max: 500 } });
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${host.port}/#join=${formatWorkshopCode(CODE)}`);
  const dialog = page.getByRole('dialog', { name: 'Join a workshop' });
  await dialog.getByLabel('Your name').fill('Bench');
  const joinStart = performance.now();
  await dialog.getByRole('button', { name: 'Join' }).click();
  const name = page.getByLabel('Tree name');
  await name.waitFor();
  await page.waitForFunction(
    () => (document.querySelector('[aria-label="Tree name"]') as HTMLInputElement)?.value,
  );
  const joinMs = performance.now() - joinStart;

  editor.connect({ host: '127.0.0.1', port: host.port });
  const whole = [...Y.decodeStateVector(Y.encodeStateVector(seed))];
  while (!whole.every(([client, clock]) => Y.getState(editorDoc.store, client) >= clock))
    await new Promise((r) => setTimeout(r, 20));
  const model = new CanopyDoc(editorDoc);
  const latencies: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const title = `Bench edit ${i}`;
    const start = performance.now();
    model.renameDocument(title);
    await page.waitForFunction(
      (t) => (document.querySelector('[aria-label="Tree name"]') as HTMLInputElement)?.value === t,
      title,
      { polling: 'raf' },
    );
    latencies.push(performance.now() - start);
  }
  const docs = await countYDocs(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  const round = (n: number) => Math.round(n * 10) / 10;
  console.log(
    JSON.stringify({
      joinMs: round(joinMs),
      editMedianMs: round(percentile(latencies, 50)),
      editP95Ms: round(percentile(latencies, 95)),
      yDocs: docs,
      heapMB: round(heap.usedSize / 1024 / 1024),
    }),
  );
} finally {
  await editor.stop();
  await browser.close();
  await stopProcess(host.child);
  rmSync(dataDir, { recursive: true, force: true });
}
