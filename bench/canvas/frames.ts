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

/**
 * A drag of the canvas from its centre: `steps` mouse moves of (dx, dy), as a person
 * pans. Returns the pan function and the centre (for wheel zooms there).
 */
export async function panner(page: Page, steps: number) {
  const box = (await page.locator('.react-flow__pane').boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const pan = async (dx: number, dy: number) => {
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let i = 0; i < steps; i++) await page.mouse.move(cx + i * dx, cy + i * dy);
    await page.mouse.up();
  };
  return { pan, cx, cy };
}
