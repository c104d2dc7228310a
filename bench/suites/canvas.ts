/**
 * Canvas: a 2,000-node and a 10,000-node document in headless Chromium. Frame times (p50, p95) while a
 * script pans and zooms, measured in the page with requestAnimationFrame, and the JS
 * heap afterwards. Baseline: the same script on a 10-node tree, the floor of this
 * browser: headless Chromium here has no GPU and rasterizes in software, so every
 * frame costs more than on a desktop, for both.
 */
import type { Page } from '@playwright/test';
import { benchDocument, BENCH_DOC } from '../documents';
import { framesDuring, panner } from '../canvas/frames';
import { startHarness, type Harness } from '../canvas/harness';
import { mb, type Measurement, type Suite } from '../suite';
import { percentile } from '../stats';

const NODES = 2000;
const LARGE = 10_000;
/** A frame this long missed its vsync (60 Hz: 16.7 ms). */
const LATE_FRAME_MS = 20;
let harness: Harness | null = null;
const documents = new Map<number, Uint8Array>();

/** Pans and zooms the canvas as a person exploring the tree would; returns frame times. */
async function panAndZoom(page: Page): Promise<number[]> {
  const { pan } = await panner(page, 40);
  return framesDuring(page, async () => {
    await pan(-10, -4);
    for (let i = 0; i < 15; i++) await page.mouse.wheel(0, 120);
    await pan(6, 3);
    for (let i = 0; i < 15; i++) await page.mouse.wheel(0, -120);
  });
}

async function measure(nodes: number, label: string): Promise<Measurement[]> {
  const page = await harness!.seededPage(documents.get(nodes)!);
  await page.goto(`${harness!.baseUrl}/#/doc/${BENCH_DOC}`);
  await page.locator('.react-flow__node').first().waitFor();
  await page.waitForTimeout(500);
  const frames = await panAndZoom(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  await page.context().close();
  return [
    { metric: `frame p50, ${label}`, unit: 'ms', value: percentile(frames, 50) },
    { metric: `frame p95, ${label}`, unit: 'ms', value: percentile(frames, 95) },
    // Frames come in whole vsync intervals, so p95 jumps from 16.7 to 33.3 as soon as
    // one frame in twenty is late: the share of late frames shows progress below that.
    {
      metric: `late frames, ${label}`,
      unit: '%',
      value: (100 * frames.filter((f) => f > LATE_FRAME_MS).length) / frames.length,
    },
    { metric: `JS heap, ${label}`, unit: 'MB', value: mb(heap) },
  ];
}

export const canvasSuite: Suite = {
  name: 'canvas',
  description: `pan and zoom a ${NODES}- and a ${LARGE}-node tree in headless Chromium (software rendering)`,
  defaultRuns: 3,
  comparisons: [NODES, LARGE].flatMap((n) =>
    ['frame p50', 'frame p95', 'JS heap'].map((m) => ({
      metric: `${m}, ${n} nodes`,
      baseline: `${m}, 10 nodes`,
    })),
  ),
  targets: {
    [`frame p95, ${NODES} nodes`]: { max: 16.7 },
    [`frame p95, ${LARGE} nodes`]: { max: 16.7 },
  },
  async setup() {
    documents.set(NODES, benchDocument(NODES - 1));
    documents.set(LARGE, benchDocument(LARGE - 1));
    documents.set(10, benchDocument(9));
    harness = await startHarness(4397);
  },
  async run() {
    return [
      ...(await measure(NODES, `${NODES} nodes`)),
      ...(await measure(LARGE, `${LARGE} nodes`)),
      ...(await measure(10, '10 nodes')),
    ];
  },
  async teardown() {
    await harness?.close();
    harness = null;
  },
};
