import { expect, test, type Locator, type Page } from '@playwright/test';
import { createExample } from './helpers';

const POP_UP = /^Initiative: Saturday market pop-up pilot/;
const LOCKERS = /^Initiative: Book lockers at two train stations/;
const DIGITAL = /^Bet: Make the digital library effortless/;

async function openBoard(page: Page): Promise<string> {
  const id = await createExample(page);
  await page.getByRole('tab', { name: 'Board' }).click();
  await expect(page).toHaveURL(new RegExp(`#/doc/${id}/board$`));
  return id;
}

const column = (page: Page, name: string) =>
  page.getByRole('list', { name: new RegExp(`^${name}:`) });
const card = (page: Page, name: RegExp) => page.getByRole('button', { name });

/** Moves a card with the details panel's Board column field (the non-drag way). */
async function moveInDetails(page: Page, name: RegExp, to: string) {
  await card(page, name).click();
  await page.getByRole('combobox', { name: 'Board column' }).selectOption({ label: to });
}

/** Drags with the mouse in small steps, as a person does (dnd-kit needs real moves). */
async function drag(page: Page, from: Locator, to: Locator) {
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 12, a.y + a.height / 2, { steps: 3 });
  await page.mouse.move(b.x + b.width / 2, b.y + 30, { steps: 12 });
  await page.mouse.up();
}

test('cards move by drag, by keyboard and from the details panel; the moves survive a reload', async ({
  page,
}) => {
  await openBoard(page);
  // Every bet and initiative (3 and 4 in the example) starts in the Funnel.
  await expect(column(page, 'Funnel').getByRole('button')).toHaveCount(7);

  await drag(page, card(page, POP_UP), column(page, 'Reviewing'));
  await expect(column(page, 'Reviewing').getByRole('button', { name: POP_UP })).toBeVisible();

  // Keyboard: Shift+→ moves the focused card one column on, and keeps it focused.
  await card(page, LOCKERS).focus();
  await page.keyboard.press('Shift+ArrowRight');
  await expect(column(page, 'Reviewing').getByRole('button', { name: LOCKERS })).toBeFocused();
  await page.keyboard.press('Shift+ArrowRight');
  await expect(column(page, 'Analyzing').getByRole('button', { name: LOCKERS })).toBeVisible();

  // The details panel's Board column field moves the card too.
  await moveInDetails(page, DIGITAL, 'Implementing');
  await expect(column(page, 'Implementing').getByRole('button', { name: DIGITAL })).toBeVisible();

  await page.reload();
  await expect(column(page, 'Reviewing').getByRole('button', { name: POP_UP })).toBeVisible();
  await expect(column(page, 'Analyzing').getByRole('button', { name: LOCKERS })).toBeVisible();
  await expect(column(page, 'Implementing').getByRole('button', { name: DIGITAL })).toBeVisible();

  // The tree shows the same column on the card (one source of truth).
  await page.getByRole('tab', { name: 'Tree' }).click();
  await expect(
    page.getByRole('group', { name: /^Bet card: Make the digital library/ }),
  ).toContainText('Implementing');
});

test('moving a card past a WIP limit shows the warning, and nothing is blocked', async ({
  page,
}) => {
  await openBoard(page);
  await page.getByRole('button', { name: 'Settings of column Implementing' }).click();
  const dialog = page.getByRole('dialog', { name: 'Column Implementing' });
  await dialog.getByRole('spinbutton', { name: 'WIP limit' }).fill('1');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('1 / 1')).toHaveCount(0);
  await expect(page.getByLabel('0 cards, WIP limit 1')).toBeVisible();

  for (const name of [POP_UP, LOCKERS]) {
    await moveInDetails(page, name, 'Implementing');
  }
  await expect(column(page, 'Implementing').getByRole('button')).toHaveCount(2);
  await expect(page.getByLabel('2 cards, WIP limit 1')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Over WIP limit' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText(
    'Implementing is over its WIP limit (2 of 1)',
  );

  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: 'Over WIP limit' })).toBeVisible();
});

test('columns can be added, renamed and removed; a removed column’s cards move, not vanish', async ({
  page,
}) => {
  await openBoard(page);
  await page.getByRole('button', { name: 'Add column' }).click();
  const add = page.getByRole('dialog', { name: 'New column' });
  await add.getByRole('textbox', { name: 'Name' }).fill('Experimenting');
  await add.getByRole('checkbox', { name: /await a decision/ }).check();
  await add.getByRole('button', { name: 'Add column' }).click();
  await expect(column(page, 'Experimenting')).toBeVisible();

  await moveInDetails(page, POP_UP, 'Experimenting');
  await expect(column(page, 'Experimenting').getByRole('button', { name: POP_UP })).toBeVisible();

  await page.getByRole('button', { name: 'Settings of column Experimenting' }).click();
  const edit = page.getByRole('dialog', { name: 'Column Experimenting' });
  await edit.getByRole('button', { name: 'Remove column' }).click();
  await expect(column(page, 'Experimenting')).toHaveCount(0);
  await expect(column(page, 'Funnel').getByRole('button', { name: POP_UP })).toBeVisible();
});

test('an item left in an active column for over 14 days shows as stalled', async ({ page }) => {
  await page.clock.install({ time: new Date('2026-11-02T09:00:00Z') });
  await openBoard(page);
  await moveInDetails(page, DIGITAL, 'Implementing');
  await expect(card(page, DIGITAL)).not.toHaveAccessibleName(/Stalled/);

  await page.clock.fastForward(15 * 24 * 60 * 60 * 1000);
  await expect(card(page, DIGITAL)).toHaveAccessibleName(/· 15 days\. Stalled$/);
  await expect(card(page, DIGITAL)).toHaveAccessibleDescription('In Implementing for 15 days');
  // Cards in the Funnel are not work in progress: never stalled.
  await expect(card(page, POP_UP)).not.toHaveAccessibleName(/Stalled/);
});

test('with the clock advanced, a stalled item is listed in Signals and leads to its card', async ({
  page,
}) => {
  await page.clock.install({ time: new Date('2026-11-02T09:00:00Z') });
  await openBoard(page);
  await moveInDetails(page, DIGITAL, 'Implementing');
  await page.getByRole('tab', { name: 'Signals' }).click();
  const stalled = page.getByRole('region', { name: /^Stalled items/ });
  await expect(stalled).toHaveCount(0);

  await page.clock.fastForward(15 * 24 * 60 * 60 * 1000);
  await expect(stalled).toContainText(
    '“Make the digital library effortless” has been in Implementing for 15 days without a change.',
  );
  // Gaps in the plan are listed too, as facts.
  await expect(page.getByRole('region', { name: /^Bets without measures/ })).toBeVisible();

  // The threshold is the team's, kept in the document.
  const threshold = page.getByRole('spinbutton', { name: 'Stalled after days' });
  await threshold.fill('20');
  await threshold.press('Enter');
  await expect(stalled).toHaveCount(0);
  await page.reload();
  await expect(threshold).toHaveValue('20');
  await threshold.fill('14');
  await threshold.press('Enter');
  await expect(stalled).toBeVisible();

  await stalled.getByRole('button', { name: /^Show on the board: “Make the digital/ }).click();
  await expect(page).toHaveURL(/\/board$/);
  await expect(card(page, DIGITAL)).toBeFocused();

  // The tree's card carries the signal as a badge.
  await page.getByRole('tab', { name: 'Tree' }).click();
  await expect(
    page.getByRole('group', { name: 'Bet card: Make the digital library effortless' }),
  ).toHaveAccessibleDescription(/^\d+ signals?: .*has been in Implementing for 15 days/);
});

test('the cumulative flow diagram has one band per column; the charts show details on hover', async ({
  page,
}) => {
  await page.clock.install({ time: new Date('2026-11-02T09:00:00Z') });
  await openBoard(page);
  for (const [name, column] of [
    [POP_UP, 'Implementing'],
    [LOCKERS, 'Analyzing'],
  ] as const) {
    await moveInDetails(page, name, column);
  }
  await page.clock.fastForward(3 * 24 * 60 * 60 * 1000);
  await moveInDetails(page, POP_UP, 'Done');
  await page.clock.fastForward(2 * 24 * 60 * 60 * 1000);

  await page.getByRole('tab', { name: 'Flow' }).click();
  const cfd = page.getByRole('figure', { name: /^Cumulative flow/ });
  await expect(cfd.getByRole('listitem')).toHaveCount(8);
  await expect(cfd.locator('path.recharts-area-area')).toHaveCount(8);
  await expect(cfd.getByRole('img')).toHaveAccessibleName(
    /one band per column\. Today: Funnel 5, Analyzing 1, Done 1\.$/,
  );
  await expect(page.getByRole('definition').filter({ hasText: '3 days' })).toBeVisible();

  const cycle = page.getByRole('figure', { name: /^Cycle time/ });
  const point = cycle.locator('.recharts-scatter-symbol').first();
  await point.hover();
  await expect(cycle).toContainText('Saturday market pop-up pilot');
  await expect(cycle).toContainText('3 days to Done');
});

test('aging work in progress shows every card, also three at the same age, and lists them on hover', async ({
  page,
}) => {
  await page.clock.install({ time: new Date('2026-09-01T09:00:00Z') });
  await openBoard(page);
  for (const name of [POP_UP, LOCKERS, DIGITAL]) await moveInDetails(page, name, 'Implementing');
  await page.clock.fastForward(40 * 24 * 60 * 60 * 1000);

  await page.getByRole('tab', { name: 'Flow' }).click();
  const aging = page.getByRole('figure', { name: /^Aging work in progress/ });
  const dots = aging.locator('.recharts-scatter-symbol');
  await expect(dots).toHaveCount(3);
  // Three dots, none drawn over another.
  const centres = await dots.evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2, size: r.width };
    }),
  );
  for (const [i, a] of centres.entries())
    for (const b of centres.slice(i + 1))
      expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThanOrEqual(a.size * 0.75);

  // Hovering one of them names all three, with their age.
  await dots.nth(1).hover();
  const tip = aging.locator('.chart-tip');
  await expect(tip).toContainText('3 items at 40 days in Implementing');
  for (const title of [
    'Saturday market pop-up pilot',
    'Book lockers at two train stations',
    'Make the digital library effortless',
  ])
    await expect(tip).toContainText(title);
});

test('passing cards through an awaiting-decision column is not a decision: latency counts recorded decisions, the rest left without one', async ({
  page,
}) => {
  await page.clock.install({ time: new Date('2026-11-02T09:00:00Z') });
  await openBoard(page);
  // Shift+→ three times: Funnel → Reviewing → Analyzing (awaits a decision) → Ready.
  for (const name of [LOCKERS, POP_UP]) {
    for (const to of ['Reviewing', 'Analyzing', 'Ready']) {
      await card(page, name).focus();
      await page.keyboard.press('Shift+ArrowRight');
      await expect(column(page, to).getByRole('button', { name })).toBeFocused();
    }
  }
  const latency = page.getByLabel('Decision latency');
  await expect(latency).toContainText('Decision latency: none decided yet');
  await expect(latency).toContainText('2 left without a decision');
  await expect(latency).not.toContainText('median');

  // A card that waits in Analyzing and gets a recorded decision: latency from its arrival.
  await moveInDetails(page, DIGITAL, 'Analyzing');
  await expect(latency).toContainText('1 waiting');
  await page.clock.fastForward(2 * 24 * 60 * 60 * 1000);
  const panel = page.getByRole('complementary', { name: 'Details' });
  await panel.getByRole('button', { name: 'Record a decision' }).click();
  const record = panel.getByRole('form', { name: 'Record a decision' });
  await record.getByRole('combobox', { name: 'Decision' }).selectOption('persevere');
  await record.getByRole('button', { name: 'Record decision' }).click();
  await expect(latency).toContainText('Decision latency: 2 days');
  await expect(latency).not.toContainText('waiting');
  await expect(latency).toContainText('2 left without a decision');
  // Leaving the column after the decision does not count as leaving without one.
  await moveInDetails(page, DIGITAL, 'Implementing');
  await expect(latency).toContainText('2 left without a decision');

  // The Flow view says the same, and lists which cards left without a decision.
  await page.getByRole('tab', { name: 'Flow' }).click();
  const figure = page.locator('.flow-figure').filter({ hasText: 'Median decision latency' });
  await expect(figure).toContainText('2 days');
  await expect(figure).toContainText('0 waiting · 2 left without a decision');
  await page.getByText('2 cards left an awaiting-decision column without a decision').click();
  const left = page.getByRole('list', {
    name: 'Left an awaiting-decision column without a decision',
  });
  await expect(left.getByRole('listitem')).toHaveCount(2);
  await expect(left).toContainText('Book lockers at two train stations left Analyzing');
  await expect(left).toContainText('Saturday market pop-up pilot left Analyzing');
});
