import { expect, type Page } from '@playwright/test';

/** A 22-item tree (the vision, 3 goals, 6 bets, 12 initiatives), as a facilitator's. */
export const OUTLINE_22 = [
  '- Goal: Grow reach',
  '  - Pop-up libraries',
  '    - Market stand pilot',
  '    - School visits',
  '  - Mobile app',
  '    - Offline reading',
  '    - Push reminders',
  '- Goal: Deepen skills',
  '  - Coding clubs',
  '    - Teen club',
  '    - Adult evenings',
  '  - Job coaching',
  '    - CV clinic',
  '    - Interview practice',
  '- Goal: Sustain funding',
  '  - Friends scheme',
  '    - Two-week free trial',
  '    - Donor wall',
  '  - Grants',
  '    - Council bid',
  '    - Lottery bid',
].join('\n');

/** Pastes plain text as the clipboard would (outside a text field). */
export async function pasteText(page: Page, text: string) {
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data }));
  }, text);
}

/** A new blank tree with the 22-item outline under its vision ("Market access"). */
export async function createTree22(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'New tree from template: Blank tree' }).click();
  await page.getByRole('treeitem').first().click();
  await pasteText(page, OUTLINE_22);
  await expect(page.getByRole('treeitem')).toHaveCount(22);
}

export const canvasRegion = (page: Page) => page.getByRole('region', { name: 'Tree canvas' });

/** Zooms the canvas to fit (Shift+1) and waits until the view stops moving. */
export async function zoomToFit(page: Page) {
  await canvasRegion(page).focus();
  await page.keyboard.press('Shift+Digit1');
  await waitForStillView(page);
}

/**
 * Waits until the canvas viewport and its cards keep the same place for five frames in
 * a row (a zoom or pan animation has ended, and so have the cards' moves).
 */
export async function waitForStillView(page: Page) {
  await page.waitForFunction(
    () =>
      new Promise<boolean>((resolve) => {
        const snapshot = () =>
          [...document.querySelectorAll<HTMLElement>('.react-flow__viewport, .react-flow__node')]
            .map((el) => JSON.stringify(el.getBoundingClientRect()))
            .join();
        const first = snapshot();
        let frames = 0;
        const step = () => {
          if (snapshot() !== first) return resolve(false);
          if (++frames === 5) return resolve(true);
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      }),
  );
}

/**
 * Edges whose ends are not on their cards: each edge must start at the bottom centre
 * of its parent's card and end at the top centre of its child's, on screen (within
 * `tolerance` px). Returns the edges checked and a line per stray one.
 */
export async function strayEdges(page: Page, tolerance = 4) {
  return page.evaluate((tol) => {
    const stray: string[] = [];
    let checked = 0;
    for (const edge of document.querySelectorAll<SVGGElement>('.react-flow__edge')) {
      const m = /^Edge from (\S+) to (\S+)$/.exec(edge.getAttribute('aria-label') ?? '');
      const path = edge.querySelector<SVGPathElement>('path.react-flow__edge-path');
      const card = (id: string) =>
        document.querySelector(`.react-flow__node[data-id="${id}"] .card`)?.getBoundingClientRect();
      if (!m || !path) continue;
      const from = card(m[1]!);
      const to = card(m[2]!);
      if (!from || !to) continue;
      checked++;
      const ctm = path.getScreenCTM()!;
      const onScreen = (at: number) => {
        const p = path.getPointAtLength(at);
        return new DOMPoint(p.x, p.y).matrixTransform(ctm);
      };
      const start = onScreen(0);
      const end = onScreen(path.getTotalLength());
      const near = (p: DOMPoint, x: number, y: number) =>
        Math.abs(p.x - x) <= tol && Math.abs(p.y - y) <= tol;
      if (
        !near(start, from.x + from.width / 2, from.bottom) ||
        !near(end, to.x + to.width / 2, to.y)
      )
        stray.push(
          `${m[1]}→${m[2]}: drawn (${start.x.toFixed(0)}, ${start.y.toFixed(0)})→(${end.x.toFixed(0)}, ${end.y.toFixed(0)}), ` +
            `cards at (${(from.x + from.width / 2).toFixed(0)}, ${from.bottom.toFixed(0)})→(${(to.x + to.width / 2).toFixed(0)}, ${to.y.toFixed(0)})`,
        );
    }
    return { checked, stray };
  }, tolerance);
}
