/**
 * Time to first render of a large document: a random N-node tree is written into
 * IndexedDB (one stored update), then the page navigates to it and we time from
 * navigation start until the first card is on the canvas and the outline is complete.
 * Usage: npm run build:renderer && npx tsx bench/canvas/first-render.ts [nodes] [runs]
 */
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { CanopyDoc, type OutlineItem } from '../../shared/model';
import { seedDocumentScript } from '../../test/e2e/seed-document';

const nodes = Number(process.argv[2] ?? 2000);
const runs = Number(process.argv[3] ?? 5);
const PORT = 4391;

function randomOutline(count: number, seed: number): OutlineItem[] {
  const gen = prng.create(seed);
  const root: OutlineItem = { title: 'root', children: [] };
  const all: OutlineItem[] = [root];
  for (let i = 1; i < count; i++) {
    // Bias toward recent parents for a realistic bushy-but-deep tree.
    const parent =
      all[Math.max(0, all.length - 1 - prng.int32(gen, 0, Math.min(all.length - 1, 40)))]!;
    const item: OutlineItem = {
      title: `Item ${i} ${prng.word(gen, 3, 12)}`,
      owner: prng.word(gen, 3, 8),
      measures:
        i % 3 === 0
          ? [{ name: 'Measure', baseline: 0, target: 100, current: prng.int32(gen, 0, 100) }]
          : [],
      children: [],
    };
    parent.children!.push(item);
    all.push(item);
  }
  return root.children!;
}

const doc = new Y.Doc();
const model = new CanopyDoc(doc);
model.initialise({
  id: 'bench-doc',
  title: `Bench ${nodes}`,
  vision: { title: 'Bench vision', children: randomOutline(nodes, 7) },
});
const update = Y.encodeStateAsUpdate(doc);
console.log(`document: ${model.tree().order.length} nodes, ${update.length} bytes encoded`);

const server = spawn(
  'npx',
  [
    'vite',
    'preview',
    '--config',
    'vite.renderer.config.ts',
    '--port',
    String(PORT),
    '--strictPort',
  ],
  {
    stdio: 'ignore',
  },
);
await new Promise((r) => setTimeout(r, 3000));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const times: number[] = [];
const firstCard: number[] = [];
try {
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${PORT}/`);
    await page.evaluate(seedDocumentScript('bench-doc', 'Bench', update));
    await page.goto('about:blank');
    const start = Date.now();
    await page.goto(`http://127.0.0.1:${PORT}/#/doc/bench-doc`);
    await page.locator('.react-flow__node').first().waitFor();
    firstCard.push(Date.now() - start);
    await page
      .getByRole('treeitem')
      .nth(nodes - 1)
      .waitFor({ state: 'attached' });
    times.push(Date.now() - start);
    const marks = await page.evaluate(() =>
      performance.getEntriesByType('measure').map((m) => `${m.name} ${m.duration.toFixed(0)}ms`),
    );
    if (run === 0) console.log(marks.join(', '));
    await context.close();
  }
} finally {
  await browser.close();
  server.kill();
}
times.sort((a, b) => a - b);
firstCard.sort((a, b) => a - b);
console.log(`first card on the canvas: median ${firstCard[Math.floor(firstCard.length / 2)]} ms`);
console.log(
  `first render of ${nodes} nodes (navigation → canvas + full outline), ${runs} runs: median ${times[Math.floor(times.length / 2)]} ms, min ${times[0]} ms, max ${times[times.length - 1]} ms`,
);
