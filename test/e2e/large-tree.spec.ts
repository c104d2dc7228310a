import { expect, test, type Page } from '@playwright/test';
import * as Y from 'yjs';
import { CanopyDoc, type OutlineItem } from '../../shared/model';
import { seedDocumentScript } from './seed-document';

const NODES = 2000;

/** A deterministic tree: the vision, 20 goals, then items spread under earlier ones. */
function largeOutline(): OutlineItem[] {
  const goals: OutlineItem[] = [];
  const all: OutlineItem[] = [];
  for (let i = 0; i < 20; i++) {
    const goal: OutlineItem = { title: `Goal ${i}`, children: [] };
    goals.push(goal);
    all.push(goal);
  }
  for (let i = all.length + 1; i < NODES; i++) {
    const item: OutlineItem = { title: `Item ${i}`, owner: `owner${i % 7}`, children: [] };
    all[(i * 7919) % all.length]!.children!.push(item);
    all.push(item);
  }
  return goals;
}

/** Stores the large tree in the page's IndexedDB as `id`, titled `title`; opens nothing. */
async function seedLargeTree(page: Page, id: string, title: string) {
  const doc = new Y.Doc();
  new CanopyDoc(doc).initialise({
    id,
    title,
    vision: { title: 'Large vision', children: largeOutline() },
  });
  await page.goto('/');
  await page.evaluate(seedDocumentScript(id, title, Y.encodeStateAsUpdate(doc)));
}

const viewport = (page: Page) =>
  page
    .locator('.react-flow__viewport')
    .evaluate((el) => new DOMMatrixReadOnly(getComputedStyle(el).transform));

test('a 2,000-node tree mounts only the cards in view; fit, minimap and edits work', async ({
  page,
}) => {
  test.slow();
  await seedLargeTree(page, 'large-doc-0001', 'Large tree');
  // Count the most cards ever mounted at once, from the first paint on.
  await page.addInitScript(`window.__mostCards = 0;
    new MutationObserver(() => {
      const n = document.querySelectorAll('.react-flow__node').length;
      if (n > window.__mostCards) window.__mostCards = n;
    }).observe(document, { subtree: true, childList: true });`);
  await page.goto('about:blank');
  await page.goto('/#/doc/large-doc-0001');

  // The whole tree is in the ARIA outline; the canvas mounts only what is in view.
  await expect(page.getByRole('treeitem')).toHaveCount(NODES);
  const cards = page.getByRole('region', { name: 'Tree canvas' }).getByRole('group');
  await expect(cards.first()).toBeVisible();
  expect(await page.evaluate('window.__mostCards')).toBeLessThan(100);

  // Zoom to fit zooms out (it once waited forever for off-screen cards to be measured).
  const before = await viewport(page);
  await page.getByRole('button', { name: 'Zoom to fit (Shift+1)' }).click();
  await expect.poll(async () => (await viewport(page)).a).toBeLessThan(before.a);
  expect(await page.evaluate('window.__mostCards')).toBeLessThan(400);

  // Clicking a corner of the minimap moves the view there.
  const minimap = page.getByRole('img', { name: /^Minimap of 2000 cards/ });
  const fitted = await viewport(page);
  const box = (await minimap.boundingBox())!;
  await page.mouse.click(box.x + box.width - 6, box.y + box.height - 6);
  await expect.poll(async () => (await viewport(page)).e).not.toBe(fitted.e);

  // Editing stays possible: rename a deep item from the outline, and it survives a reload.
  const item = page.getByRole('treeitem', { name: 'Initiative: Item 1999' });
  await item.click();
  await page.keyboard.press('F2');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('Renamed deep item');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('treeitem', { name: /: Renamed deep item$/ })).toHaveCount(1);
  await page.reload();
  await expect(page.getByRole('treeitem', { name: /: Renamed deep item$/ })).toHaveCount(1);
  await expect(page.getByRole('treeitem')).toHaveCount(NODES);

  // A search jumps to a card far from the view. React Flow holds only the cards near
  // the view, so the zoom to it goes by the layout, not by React Flow's nodes.
  const farCard = page.getByRole('group', { name: /card: Item 1998$/ });
  await expect(farCard).toHaveCount(0);
  // At 1,024 px the details panel that opens with the selection narrows the canvas: the
  // card is centred in the canvas as it is then, wholly in view.
  await page.setViewportSize({ width: 1024, height: 700 });
  const search = page.getByRole('searchbox', { name: 'Search titles, tags and owners' });
  await search.fill('Item 1998');
  await search.press('Enter');
  await expect(farCard).toBeInViewport({ ratio: 1 });
  expect(await page.evaluate('window.__mostCards')).toBeLessThan(400);
});

test('a 2,000-item outline skips the blocks of rows out of view, and keeps every row', async ({
  page,
}) => {
  test.slow();
  await seedLargeTree(page, 'large-doc-0002', 'Large outline');
  await page.goto('/#/doc/large-doc-0002');
  const outline = page.getByRole('tree', { name: 'Outline of Large outline' });
  const rows = outline.getByRole('treeitem');
  await expect(rows).toHaveCount(NODES);

  // Skipped in blocks, not row by row: Chromium checks each skipped element for
  // visibility on every frame, so 2,000 of them slowed the canvas next to them.
  const skippable = await outline.evaluate(
    (tree) =>
      [...tree.querySelectorAll('*')].filter(
        (el) => getComputedStyle(el).contentVisibility === 'auto',
      ).length,
  );
  expect(skippable).toBeGreaterThan(0);
  expect(skippable).toBeLessThanOrEqual(Math.ceil(NODES / 64));
  const shown = (row: ReturnType<typeof rows.first>) =>
    row.evaluate((el) => el.checkVisibility({ contentVisibilityAuto: true }));
  expect(await shown(rows.first())).toBe(true);
  expect(await shown(rows.last())).toBe(false);

  // The keyboard still reaches a row in a skipped block, and shows it.
  await rows.first().click();
  await page.keyboard.press('End');
  await expect(rows.last()).toBeFocused();
  await expect(rows.last()).toBeInViewport();
  expect(await shown(rows.last())).toBe(true);
  await expect(rows.last()).toHaveAttribute('aria-level', /\d/);
});
