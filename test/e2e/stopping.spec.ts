/**
 * Stopping a bet: the work under it is offered a stop with the same learning (one
 * action, one undo step); live work under a stopped bet is a signal; stopped items
 * look stopped everywhere and are not nagged.
 */
import { expect, test, type Page } from '@playwright/test';
import { createExample } from './helpers';

const CIRCLES = 'Peer-led skills circles in every branch';
const NORTHSIDE = 'Digital skills circle at Northside';
const OUTREACH = 'Bring the library to where people already are';
const POP_UP = 'Saturday market pop-up pilot';
const LOCKERS = 'Book lockers at two train stations';

const details = (page: Page) => page.getByRole('complementary', { name: 'Details' });

async function select(page: Page, name: RegExp) {
  await page.getByRole('treeitem', { name }).click();
  await expect(details(page)).toBeVisible();
}

async function moveTo(page: Page, item: RegExp, column: string) {
  await select(page, item);
  await details(page).getByRole('combobox', { name: 'Board column' }).selectOption({
    label: column,
  });
}

/** Opens the Record a decision form with Stop chosen and a learning filled in. */
async function startStop(page: Page, learning: string) {
  const panel = details(page);
  await panel.getByRole('button', { name: 'Record a decision' }).click();
  const record = panel.getByRole('form', { name: 'Record a decision' });
  await record.getByRole('combobox', { name: 'Decision' }).selectOption('stop');
  await record.getByRole('textbox', { name: /What we learned/ }).fill(learning);
  return record;
}

test('a stopped bet looks stopped everywhere, is not nagged, and the work left under it is a signal until it is stopped too', async ({
  page,
}) => {
  await createExample(page);
  await moveTo(page, new RegExp(`^Initiative: ${NORTHSIDE}`), 'Analyzing');

  await page.getByRole('tab', { name: 'Signals' }).click();
  await expect(page.getByRole('region', { name: /^Bets without measures/ })).toContainText(CIRCLES);
  await page.getByRole('tab', { name: 'Tree' }).click();

  // Stop the bet, declining the offer to stop the initiative under it.
  await select(page, new RegExp(`^Bet: ${CIRCLES}`));
  const record = await startStop(page, 'Volunteers cannot commit for a whole term');
  const also = record.getByRole('checkbox', {
    name: 'Also stop the 1 item still running under it, with the same learning',
  });
  await expect(also).toBeChecked();
  await also.uncheck();
  await record.getByRole('button', { name: 'Record decision' }).click();

  // Stopped, in the details, the outline and on the canvas.
  const panel = details(page);
  await expect(panel.getByRole('status').filter({ hasText: /^Stopped on / })).toContainText(
    'Learned: Volunteers cannot commit for a whole term',
  );
  await expect(page.getByRole('treeitem', { name: `Bet: ${CIRCLES}, stopped` })).toBeVisible();
  const betCard = page.getByRole('group', { name: `Bet card: ${CIRCLES}, stopped` });
  await expect(betCard).toContainText('Stopped');
  await expect(page.getByRole('treeitem', { name: `Initiative: ${NORTHSIDE}` })).toBeVisible();

  // Signals: the stopped bet is not nagged; the initiative still running under it is.
  await page.getByRole('tab', { name: 'Signals' }).click();
  const live = page.getByRole('region', { name: /^Work still running under a stopped item/ });
  await expect(live).toContainText(
    `“${NORTHSIDE}” is still in Analyzing, under “${CIRCLES}”, which was stopped.`,
  );
  await expect(page.getByText(`Bet “${CIRCLES}” has no measures of success.`)).toHaveCount(0);
  await page.reload();
  await expect(live).toBeVisible();

  // The details of the stopped bet keep the offer: one action stops the rest.
  await page.getByRole('tab', { name: 'Tree' }).click();
  await select(page, new RegExp(`^Bet: ${CIRCLES}`));
  await panel.getByRole('button', { name: 'Stop the 1 item still running under it' }).click();
  await expect(
    page.getByRole('treeitem', { name: `Initiative: ${NORTHSIDE}, stopped` }),
  ).toBeVisible();
  await page.getByRole('tab', { name: 'Board' }).click();
  const stopped = page.getByRole('list', { name: /^Stopped:/ });
  await expect(stopped.getByRole('button', { name: new RegExp(`^Bet: ${CIRCLES}`) })).toBeVisible();
  await expect(
    stopped.getByRole('button', { name: new RegExp(`^Initiative: ${NORTHSIDE}`) }),
  ).toBeVisible();
  await page.getByRole('tab', { name: 'Signals' }).click();
  await expect(live).toHaveCount(0);
});

test('stopping a bet stops its live initiatives with the same learning, as one undo step', async ({
  page,
}) => {
  await createExample(page);
  await moveTo(page, new RegExp(`^Initiative: ${POP_UP}`), 'Analyzing');
  await select(page, new RegExp(`^Bet: ${OUTREACH}`));
  const record = await startStop(page, 'Residents come to branches for events, not pop-ups');
  await expect(
    record.getByRole('checkbox', {
      name: 'Also stop the 2 items still running under it, with the same learning',
    }),
  ).toBeChecked();
  await record.getByRole('button', { name: 'Record decision' }).click();

  for (const name of [`Bet: ${OUTREACH}`, `Initiative: ${POP_UP}`, `Initiative: ${LOCKERS}`])
    await expect(page.getByRole('treeitem', { name: `${name}, stopped` })).toBeVisible();
  await select(page, new RegExp(`^Initiative: ${LOCKERS}`));
  await expect(details(page).getByRole('list', { name: 'Decisions taken' })).toContainText(
    'Learned: Residents come to branches for events, not pop-ups',
  );

  // One Ctrl+Z takes back all three decisions.
  await page.getByRole('treeitem', { name: new RegExp(`^Initiative: ${LOCKERS}`) }).focus();
  await page.keyboard.press('Control+z');
  for (const name of [OUTREACH, POP_UP, LOCKERS]) {
    await select(page, new RegExp(`^(Bet|Initiative): ${name}`));
    await expect(details(page).getByRole('list', { name: 'Decisions taken' })).toHaveCount(0);
  }
});
