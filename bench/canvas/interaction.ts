/**
 * Responsiveness on a large document: frame times while panning and zooming the
 * canvas, and the delay from a keystroke to the edited tree on screen.
 * Frames are timed in the page with requestAnimationFrame; headless Chromium
 * without a GPU is slower than a desktop, so compare runs with each other.
 * Usage: npm run build:renderer && npx tsx bench/canvas/interaction.ts [nodes]
 */
import type { Page } from '@playwright/test';
import { median, percentile } from '../stats';
import { BENCH_DOC, benchDocument } from '../documents';
import { framesDuring, panner } from './frames';
import { startHarness } from './harness';

const nodes = Number(process.argv[2] ?? 2000);

function report(name: string, frames: number[]): void {
  const slow = frames.filter((f) => f > 50).length;
  console.log(
    `${name.padEnd(28)} ${String(frames.length).padStart(4)} frames: median ${median(frames).toFixed(1)} ms, p95 ${percentile(frames, 95).toFixed(1)} ms, max ${Math.max(...frames).toFixed(1)} ms, ${slow} over 50 ms`,
  );
}

/** Presses `key` and returns the ms from its keydown to the frame after `done` holds. */
async function timeKey(page: Page, key: string, done: string): Promise<number> {
  await page.evaluate(`(() => {
    window.__n = document.querySelectorAll('[role=treeitem]').length;
    window.__lat = new Promise((resolve) => {
      let t0 = 0;
      addEventListener('keydown', () => { t0 = performance.now(); }, { capture: true, once: true });
      const observer = new MutationObserver(() => {
        if (!t0 || !(${done})) return;
        observer.disconnect();
        requestAnimationFrame(() => resolve(performance.now() - t0));
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    });
  })()`);
  await page.keyboard.press(key);
  return (await page.evaluate('window.__lat')) as number;
}

const update = benchDocument(nodes);
const harness = await startHarness(4393);
try {
  const page = await harness.seededPage(update);
  await page.goto(`${harness.baseUrl}/#/doc/${BENCH_DOC}`);
  await page.locator('.react-flow__node').first().waitFor();
  await page.waitForTimeout(500);
  const { pan, cx, cy } = await panner(page, 60);

  report('pan at reading zoom', await framesDuring(page, () => pan(-10, -4)));
  report(
    'zoom out step by step',
    await framesDuring(page, async () => {
      await page.mouse.move(cx, cy);
      for (let i = 0; i < 30; i++) await page.mouse.wheel(0, 120);
    }),
  );
  let shown = await page.locator('.react-flow__node').count();
  report(`pan zoomed out (${shown} cards)`, await framesDuring(page, () => pan(6, 3)));
  report(
    'fit the whole tree',
    await framesDuring(page, async () => {
      await page.getByRole('button', { name: /Zoom to fit/ }).click();
      await page.waitForTimeout(600);
    }),
  );
  shown = await page.locator('.react-flow__node').count();
  report(`pan the whole tree (${shown})`, await framesDuring(page, () => pan(6, 3)));
  report(
    'zoom back in',
    await framesDuring(page, async () => {
      for (let i = 0; i < 30; i++) await page.mouse.wheel(0, -120);
    }),
  );

  // Editing: keystroke → the change is on screen (outline row and canvas card). Timed
  // in the page, from the keydown to the next frame after the DOM shows the change,
  // so the figure does not include Playwright's own lookups.
  const vision = page.getByRole('treeitem', { name: /^Vision:/ });
  await vision.click();
  const adds: number[] = [];
  const renames: number[] = [];
  for (let i = 0; i < 10; i++) {
    adds.push(
      await timeKey(page, 'Tab', `document.querySelectorAll('[role=treeitem]').length > __n`),
    );
    const title = `Edited ${i}`;
    await page.keyboard.press('F2');
    await page.keyboard.type(title);
    renames.push(
      await timeKey(
        page,
        'Enter',
        `[...document.querySelectorAll('.react-flow__node')].some((n) => n.textContent.includes(${JSON.stringify(title)}))`,
      ),
    );
    await vision.click();
  }
  console.log(
    `add a child (Tab → on screen)  median ${median(adds).toFixed(0)} ms, max ${Math.max(...adds).toFixed(0)} ms`,
  );
  console.log(
    `rename (Enter → card shows it) median ${median(renames).toFixed(0)} ms, max ${Math.max(...renames).toFixed(0)} ms`,
  );
} finally {
  await harness.close();
}
