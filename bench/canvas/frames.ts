/** Frame times in the page, from requestAnimationFrame, while an action runs. */
import type { Page } from '@playwright/test';

// Strings, not functions: tsx would add a name-keeping helper the page lacks.
const START_FRAMES = `(() => {
  window.__frames = [];
  let last = performance.now();
  const tick = (t) => { window.__frames.push(t - last); last = t; if (window.__frames) window.__raf = requestAnimationFrame(tick); };
  window.__raf = requestAnimationFrame(tick);
})()`;
const STOP_FRAMES = `(() => { cancelAnimationFrame(window.__raf); const f = window.__frames; window.__frames = null; return f.slice(1); })()`;

export async function framesDuring(page: Page, action: () => Promise<void>): Promise<number[]> {
  await page.evaluate(START_FRAMES);
  await action();
  await page.waitForTimeout(100);
  return (await page.evaluate(STOP_FRAMES)) as number[];
}
