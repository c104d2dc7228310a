/**
 * Time to first render of a large document: a random N-node tree is written into
 * IndexedDB (one stored update), then the page navigates to it and we time from
 * navigation start until the first card is on the canvas and the outline is complete.
 * Usage: npm run build:renderer && npx tsx bench/canvas/first-render.ts [nodes] [runs]
 */
import { median } from '../stats';
import { BENCH_DOC, benchDocument, startHarness } from './harness';

const nodes = Number(process.argv[2] ?? 2000);
const runs = Number(process.argv[3] ?? 5);

const update = benchDocument(nodes);
const harness = await startHarness(4391);
const times: number[] = [];
const firstCard: number[] = [];
try {
  for (let run = 0; run < runs; run++) {
    const page = await harness.seededPage(update);
    const start = Date.now();
    await page.goto(`${harness.baseUrl}/#/doc/${BENCH_DOC}`);
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
    await page.context().close();
  }
} finally {
  await harness.close();
}
console.log(`first card on the canvas: median ${median(firstCard)} ms`);
console.log(
  `first render of ${nodes} nodes (navigation → canvas + full outline), ${runs} runs: median ${median(times)} ms, min ${Math.min(...times)} ms, max ${Math.max(...times)} ms`,
);
