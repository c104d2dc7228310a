/**
 * Editing titles on the canvas and in the outline as a facilitator does in front of a
 * room: at any zoom, typing at once after Tab or Enter, and with the keyboard only.
 */
import { expect, test, type Page } from '@playwright/test';
import { canvasRegion, createTree22, waitForStillView, zoomToFit } from './canvas-helpers';

const outlineNames = (page: Page) =>
  page
    .getByRole('tree')
    .getByRole('treeitem')
    .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));

/** The rename field's size on screen: a field drawn at 0.2 zoom is a few pixels high. */
async function screenSize(page: Page, name: string) {
  const box = await page.getByRole('textbox', { name }).boundingBox();
  const font = await page
    .getByRole('textbox', { name })
    .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  return { width: box?.width ?? 0, height: box?.height ?? 0, font };
}

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
});

test('at Fit, F2 or typing renames a card in a readable field, and the keyboard stays on the canvas', async ({
  page,
}) => {
  await createTree22(page);
  await zoomToFit(page);
  const canvas = canvasRegion(page);
  await canvas.getByRole('group', { name: 'Goal card: Deepen skills' }).click();

  // F2: a field at a readable size, with the title to continue.
  await page.keyboard.press('F2');
  const field = page.getByRole('textbox', { name: 'Title of goal' });
  await expect(field).toBeFocused();
  await expect(field).toHaveValue('Deepen skills');
  const size = await screenSize(page, 'Title of goal');
  expect(size.height).toBeGreaterThanOrEqual(24);
  expect(size.width).toBeGreaterThanOrEqual(200);
  await page.keyboard.type(' for all ages', { delay: 40 });
  await page.keyboard.press('Enter');
  await expect(
    page.getByRole('treeitem', { name: 'Goal: Deepen skills for all ages' }),
  ).toBeVisible();

  // The canvas answers the keyboard again: arrows move, Escape is harmless, Tab adds.
  await expect(canvas).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('treeitem', { selected: true })).toHaveAccessibleName(
    'Bet: Coding clubs',
  );
  await page.keyboard.press('Escape');
  await expect(canvas).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.type('Robotics club', { delay: 40 });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('treeitem', { name: 'Initiative: Robotics club' })).toBeVisible();
  await expect(canvas).toBeFocused();

  // Just typing replaces the title; Escape abandons a rename and keeps the keyboard.
  await canvas.getByRole('group', { name: 'Goal card: Sustain funding' }).click();
  await page.keyboard.type('Keep the lights on', { delay: 40 });
  expect((await screenSize(page, 'Title of goal')).height).toBeGreaterThanOrEqual(24);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('treeitem', { name: 'Goal: Keep the lights on' })).toBeVisible();
  await page.keyboard.press('F2');
  await page.keyboard.type(' (draft)');
  await page.keyboard.press('Escape');
  await expect(canvas).toBeFocused();
  await expect(page.getByRole('treeitem', { name: 'Goal: Keep the lights on' })).toBeVisible();
  await page.keyboard.press('ArrowUp');
  await expect(page.getByRole('treeitem', { selected: true })).toHaveAccessibleName(
    'Initiative: Interview practice',
  );

  await page.reload();
  await expect(
    page.getByRole('treeitem', { name: 'Goal: Deepen skills for all ages' }),
  ).toBeVisible();
  await expect(page.getByRole('treeitem', { name: 'Goal: Keep the lights on' })).toBeVisible();
});

const TITLES = [
  'Two-week free trial with 5 traders',
  'Stall at the farmers market',
  'Reading corner for children',
  'Library card in one minute',
  'Evening opening on Thursdays',
  'Volunteer readers from the college',
  'Audio books for commuters',
  'Repair café once a month',
];

/** Tab under the selection, then Enter for siblings, each title typed at once, 40 ms a key. */
async function typeNewItems(page: Page, titles: string[]) {
  for (const [i, title] of titles.entries()) {
    await page.keyboard.press(i === 0 ? 'Tab' : 'Enter');
    await page.keyboard.type(title, { delay: 40 });
    await page.keyboard.press('Enter');
  }
}

test('keys typed at once after Tab or Enter are never dropped, at any zoom, on the canvas', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await createTree22(page);
  const canvas = canvasRegion(page);
  const zooms: Array<[string, () => Promise<void>]> = [
    ['fit', () => zoomToFit(page)],
    [
      'reading',
      async () => {
        await page.getByRole('button', { name: 'Zoom to selection (Shift+2)' }).click();
        await waitForStillView(page);
      },
    ],
    [
      'close',
      async () => {
        for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Zoom In' }).click();
        await waitForStillView(page);
      },
    ],
  ];
  const parents = ['Goal: Grow reach', 'Goal: Deepen skills', 'Goal: Sustain funding'];
  const expected: string[] = [];
  for (const [i, [zoom, apply]] of zooms.entries()) {
    await page.getByRole('treeitem', { name: parents[i] }).click();
    await apply();
    await canvas.focus();
    const titles = TITLES.slice(0, 5).map((t) => `${t} (${zoom})`);
    await typeNewItems(page, titles);
    expected.push(...titles.map((t) => `Bet: ${t}`));
  }
  await expect
    .poll(async () => (await outlineNames(page)).filter((n) => /\((fit|reading|close)\)$/.test(n)))
    .toEqual(expected);
});

test('keys typed at once after Tab or Enter are never dropped in the outline', async ({ page }) => {
  await createTree22(page);
  await page.getByRole('treeitem', { name: 'Goal: Deepen skills' }).click();
  await typeNewItems(page, TITLES);
  const names = await outlineNames(page);
  expect(names.filter((n) => TITLES.some((t) => n.endsWith(t)))).toEqual(
    TITLES.map((t) => `Bet: ${t}`),
  );
});
