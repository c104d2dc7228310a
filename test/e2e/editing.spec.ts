/**
 * Editing titles on the canvas and in the outline as a facilitator does in front of a
 * room: at any zoom, typing at once after Tab or Enter, and with the keyboard only.
 */
import { expect, test, type Page } from '@playwright/test';
import { canvasRegion, createTree22, waitForStillView, zoomToFit } from './canvas-helpers';
import { createExample, EXAMPLE_NODE_COUNT } from './helpers';

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

test('an item added and left untitled is removed: Escape, Enter, Tab, or focus moving away', async ({
  page,
}) => {
  await createExample(page);
  const canvas = canvasRegion(page);
  const untitled = page.getByRole('treeitem', { name: /: Untitled/ });
  await page.getByRole('treeitem').first().click();
  await canvas.focus();

  // Sixty Tabs add and abandon, and leave nothing behind.
  for (let i = 0; i < 60; i++) await page.keyboard.press('Tab');
  await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT);
  await expect(untitled).toHaveCount(0);
  await expect(canvas).toBeFocused();

  // Escape on a new card removes it and selects what was selected before.
  await page.getByRole('treeitem', { name: /^Goal: More residents/ }).click();
  await canvas.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'Title of goal' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(untitled).toHaveCount(0);
  await expect(page.getByRole('treeitem', { selected: true })).toHaveAccessibleName(
    /^Goal: More residents/,
  );
  await expect(canvas).toBeFocused();

  // Focus moving away with an empty title removes it too.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('textbox', { name: 'Title of bet' })).toBeFocused();
  await page.getByRole('searchbox', { name: 'Search titles, tags and owners' }).click();
  await expect(untitled).toHaveCount(0);

  // In the outline as on the canvas.
  await page.getByRole('treeitem', { name: /^Goal: More residents/ }).click();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('textbox', { name: 'Title of bet' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(untitled).toHaveCount(0);
  await expect(page.getByRole('treeitem', { name: /^Goal: More residents/ })).toBeFocused();

  // Nothing to bring back: undo does not resurrect an abandoned item.
  await page.keyboard.press('Control+z');
  await expect(untitled).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT);
});

/** Which pane holds the keyboard focus: a landmark's accessible name, or "top bar". */
const focusedPane = (page: Page) =>
  page.evaluate(() => {
    const panes = ['Outline', 'Canvas tools', 'Tree canvas', 'Details', 'Board'];
    for (let p = document.activeElement; p; p = p.parentElement) {
      const label = p.getAttribute('aria-label');
      if (label && panes.includes(label)) return label;
      // The banner: the page's header, not one inside a panel.
      if (p.tagName === 'HEADER' && !p.parentElement?.closest('aside, section, main'))
        return 'top bar';
    }
    return 'nowhere';
  });

test('F6 and Shift+F6 take the keyboard to every pane and back, also from a rename', async ({
  page,
}) => {
  await createExample(page);
  await page.getByRole('treeitem', { name: /^Bet: Bring the library/ }).click();
  const canvas = canvasRegion(page);
  await canvas.focus();

  const order = ['Tree canvas', 'Details', 'top bar', 'Outline', 'Canvas tools', 'Tree canvas'];
  for (const pane of order.slice(1)) {
    await page.keyboard.press('F6');
    expect(await focusedPane(page)).toBe(pane);
  }
  for (const pane of order.slice(0, -1).reverse()) {
    await page.keyboard.press('Shift+F6');
    expect(await focusedPane(page)).toBe(pane);
  }

  // The outline pane returns to its selected item; the details pane to its last field.
  await page
    .getByRole('complementary', { name: 'Details' })
    .getByRole('textbox', { name: 'Owner' })
    .focus();
  await page.keyboard.press('F6'); // top bar
  await page.keyboard.press('F6'); // outline
  await expect(page.getByRole('treeitem', { name: /^Bet: Bring the library/ })).toBeFocused();
  await page.keyboard.press('Shift+F6');
  await page.keyboard.press('Shift+F6');
  await expect(
    page.getByRole('complementary', { name: 'Details' }).getByRole('textbox', { name: 'Owner' }),
  ).toBeFocused();

  // From a rename: F6 keeps the title typed and moves on.
  await canvas.focus();
  await page.keyboard.press('F2');
  await page.keyboard.type(' now');
  await page.keyboard.press('F6');
  expect(await focusedPane(page)).toBe('Details');
  await expect(page.getByRole('treeitem', { name: /^Bet: .* now$/ })).toHaveCount(1);

  // On the board too; and the shortcut sheet says so.
  await page.getByRole('tab', { name: 'Board' }).click();
  await expect(page.getByRole('region', { name: 'Board' })).toBeVisible();
  await page.getByRole('tab', { name: 'Board' }).focus();
  await page.keyboard.press('F6');
  expect(await focusedPane(page)).toBe('Board');
  await page.keyboard.press('F6');
  expect(await focusedPane(page)).toBe('Details');
  await page.keyboard.press('F6');
  expect(await focusedPane(page)).toBe('top bar');
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText(
    'Next or previous pane',
  );
});

test('deleting offers Undo: a branch as one step, a single item too', async ({ page }) => {
  await createTree22(page);
  const canvas = canvasRegion(page);
  const items = page.getByRole('treeitem');
  const toast = page.getByRole('region', { name: 'Notifications' }).getByRole('status');

  // A goal with 6 items under it: 7 go, the toast says so, and Undo brings all back.
  await canvas.getByRole('group', { name: 'Goal card: Grow reach' }).click();
  await page.keyboard.press('Backspace');
  await expect(items).toHaveCount(15);
  await expect(toast).toContainText('Deleted 7 items');
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(items).toHaveCount(22);
  await expect(page.getByRole('treeitem', { selected: true })).toHaveAccessibleName(
    'Goal: Grow reach',
  );
  await expect(toast).toHaveCount(0);

  // Ctrl+Z undoes the whole branch in one step, even right after another edit.
  await canvas.focus();
  await page.keyboard.type('Reach everyone');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Delete');
  await expect(items).toHaveCount(15);
  await page.keyboard.press('Control+z');
  await expect(items).toHaveCount(22);
  await expect(page.getByRole('treeitem', { name: 'Goal: Reach everyone' })).toBeVisible();

  // One item: named in the toast, and undoable too.
  await page.getByRole('treeitem', { name: 'Initiative: Donor wall' }).click();
  await page.keyboard.press('Delete');
  await expect(items).toHaveCount(21);
  await expect(toast).toContainText('Deleted “Donor wall”');
  // The toast is a pane (the last): the keyboard can take Undo too.
  await page.keyboard.press('Shift+F6'); // the outline → the top bar
  await page.keyboard.press('Shift+F6'); // → round to the last pane
  await expect(toast.getByRole('button', { name: 'Undo' })).toBeFocused();
  await page.keyboard.press('Enter');
  // Undo gives the keyboard back to the item it restored (once it is drawn again).
  await expect(page.getByRole('treeitem', { name: 'Initiative: Donor wall' })).toBeFocused();

  // Once another change of ours comes after it, the toast no longer offers to undo it.
  await page.keyboard.press('Delete');
  await expect(toast).toContainText('Deleted “Donor wall”');
  await page.getByRole('treeitem', { name: 'Initiative: Council bid' }).dblclick();
  await page.keyboard.type(' 2027');
  await page.keyboard.press('Enter');
  await expect(toast).toHaveCount(0);

  await page.reload();
  await expect(page.getByRole('treeitem')).toHaveCount(21);
  await expect(page.getByRole('treeitem', { name: 'Goal: Reach everyone' })).toBeVisible();
});

test('two quick renames are two undo steps, on the canvas, in the outline and in the details', async ({
  page,
}) => {
  await createExample(page);
  const canvas = canvasRegion(page);
  const vision = page.getByRole('treeitem').first();
  const goal = page.getByRole('treeitem').nth(1);
  const visionTitle = (await vision.getAttribute('aria-label'))!;
  const goalTitle = (await goal.getAttribute('aria-label'))!;

  // On the canvas: two renames in quick succession, then one Ctrl+Z.
  await vision.click();
  await canvas.focus();
  await page.keyboard.type('First');
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.type('Second');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+z');
  await expect(goal).toHaveAccessibleName(goalTitle);
  await expect(vision).toHaveAccessibleName('Vision: First');
  await page.keyboard.press('Control+z');
  await expect(vision).toHaveAccessibleName(visionTitle);

  // In the outline.
  await vision.click();
  await page.keyboard.type('Third');
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('F2');
  await page.keyboard.type(' (fourth)');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+z');
  await expect(goal).toHaveAccessibleName(goalTitle);
  await expect(vision).toHaveAccessibleName('Vision: Third');

  // In the details panel, right after a rename on the canvas.
  await canvas.focus();
  await page.keyboard.type('Fifth');
  await page.keyboard.press('Enter');
  const title = page.getByRole('complementary', { name: 'Details' }).getByRole('textbox', {
    name: 'Title',
  });
  await title.fill('Sixth');
  await title.press('Enter');
  await canvas.focus();
  await page.keyboard.press('Control+z');
  await expect(goal).toHaveAccessibleName('Goal: Fifth');
});
