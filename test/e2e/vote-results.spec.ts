/**
 * Results feed the system: a tree whose room revealed a dot vote, a budget round, a
 * scoring round and a prompt shows them in the details panel, as badges on cards, as
 * an order on the board, moves the top of a vote to Ready in one action, lets a
 * decision cite a vote, and lists them in the session summary; each survives a reload.
 */
import { expect, test, type Page } from '@playwright/test';
import { openResultsTree } from './results-seed';

const details = (page: Page) => page.getByRole('complementary', { name: 'Details' });
const column = (page: Page, name: string) =>
  page.getByRole('list', { name: new RegExp(`^${name}: \\d+ cards$`) });
const titles = (page: Page, name: string) =>
  column(page, name).locator('.board-card-title').allTextContents();

test('the details panel and the cards show what each item got', async ({ page }) => {
  await openResultsTree(page);
  await page.getByRole('treeitem', { name: /^Bet: Bet B/ }).click();
  const votes = details(page).getByRole('list', { name: 'Votes and scores' });
  await expect(votes.getByRole('listitem')).toHaveCount(2);
  // Newest first: the budget, then the dot vote, with who put dots on it (an open vote).
  await expect(votes.getByRole('listitem').nth(0)).toContainText('Fund the bets');
  await expect(votes.getByRole('listitem').nth(0)).toContainText(
    '3rd of 3 · €10,000 (13% of €75,000)',
  );
  await expect(votes.getByRole('listitem').nth(1)).toContainText('1st of 5 · 12 dots');
  await expect(votes.getByRole('listitem').nth(1)).toContainText('Dots from Ada (3), Ben (4)');
  await page.getByRole('treeitem', { name: /^Bet: Bet D/ }).click();
  await expect(details(page).getByRole('list', { name: 'Votes and scores' })).toContainText(
    'Value 8 · Time 5 · Risk 3 · Size 5 (averages of 4 scorers)',
  );
  // Nothing ranks a goal here: the panel says how to start a round.
  await page.getByRole('treeitem', { name: /^Goal: More young readers/ }).click();
  await expect(details(page)).toContainText('Nothing was voted on, funded or scored');
  await expect(details(page)).toContainText('File → Run the room…');

  // Each card's latest result, as a badge that says itself in full.
  const card = page.getByRole('group', { name: /^Bet card: Bet C/ });
  await expect(card.locator('.result-badge [aria-hidden]')).toHaveText('€25k');
  await expect(card.locator('.result-badge')).toContainText('€25k in Fund the bets, 2nd of 3');
  await expect(page.getByRole('group', { name: /^Bet card: Bet D/ })).toContainText('WSJF 3.2 #1');
  await page.getByRole('tab', { name: 'Board' }).click();
  await expect(page.getByRole('button', { name: /^Bet: Bet E\b/ })).toHaveAccessibleName(
    /\. WSJF 1\.3 #2 of 2 in Prioritise the rest$/,
  );
});

test('the board orders by a vote and moves its top 3 to Ready, kept after a reload', async ({
  page,
}) => {
  await openResultsTree(page);
  await page.getByRole('tab', { name: 'Board' }).click();
  expect(await titles(page, 'Funnel')).toEqual(['Bet A', 'Bet B', 'Bet C', 'Bet D', 'Bet E']);
  const order = page.getByRole('combobox', { name: 'Order' });
  await order.selectOption({ label: 'Most votes' });
  await expect(page.getByText('by “Which bets first?”')).toBeVisible();
  await expect
    .poll(() => titles(page, 'Funnel'))
    .toEqual(['Bet B', 'Bet E', 'Bet C', 'Bet A', 'Bet D']);
  await order.selectOption({ label: 'Most funding' });
  await expect
    .poll(() => titles(page, 'Funnel'))
    .toEqual(['Bet A', 'Bet C', 'Bet B', 'Bet D', 'Bet E']);
  await order.selectOption({ label: 'Most votes' });

  await page.getByRole('button', { name: 'Move the top…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Move the top of a vote' });
  await dialog
    .getByRole('combobox', { name: 'Round' })
    .selectOption({ label: 'Which bets first? (dot vote)' });
  await expect(dialog.getByRole('spinbutton', { name: 'How many' })).toHaveValue('3');
  await expect(dialog.getByRole('combobox', { name: 'To column' })).toHaveValue('ready');
  await dialog.getByRole('button', { name: 'Move' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Moved 3 cards to Ready' }),
  ).toContainText('“Bet B”, “Bet E”, “Bet C”');
  expect(await titles(page, 'Ready')).toEqual(['Bet B', 'Bet E', 'Bet C']);
  expect(await titles(page, 'Funnel')).toEqual(['Bet A', 'Bet D']);

  await page.reload();
  await expect(column(page, 'Ready')).toBeVisible();
  expect(await titles(page, 'Ready')).toEqual(['Bet B', 'Bet E', 'Bet C']);
  await expect(page.getByRole('combobox', { name: 'Order' })).toHaveValue('dots');
  // The same from the palette: the next three not yet in Ready (only two are left).
  await page.getByRole('region', { name: 'Board' }).focus();
  await page.keyboard.press('Control+k');
  await page.keyboard.type('move the top of a vote');
  await page.getByRole('option', { name: /^Move the top of a vote to Ready…/ }).click();
  const again = page.getByRole('dialog', { name: 'Move the top of a vote' });
  await again
    .getByRole('combobox', { name: 'Round' })
    .selectOption({ label: 'Which bets first? (dot vote)' });
  await again.getByRole('button', { name: 'Move' }).click();
  const toast = page.getByRole('status').filter({ hasText: 'Moved 2 cards to Ready' });
  await expect(toast).toContainText('“Bet A”, “Bet D”');
  expect(await titles(page, 'Ready')).toEqual(['Bet B', 'Bet E', 'Bet C', 'Bet A', 'Bet D']);
  // Move back: the two go back where they were, as moves of their own.
  await toast.getByRole('button', { name: 'Move back' }).click();
  await expect.poll(() => titles(page, 'Funnel')).toEqual(['Bet A', 'Bet D']);
  expect(await titles(page, 'Ready')).toEqual(['Bet B', 'Bet E', 'Bet C']);
});

test('a decision cites a vote, and says so after a reload', async ({ page }) => {
  await openResultsTree(page);
  await page.getByRole('treeitem', { name: /^Bet: Bet B/ }).click();
  await details(page).getByRole('button', { name: 'Record a decision' }).click();
  const form = details(page).getByRole('form', { name: 'Record a decision' });
  await form.getByRole('textbox', { name: 'Rationale' }).fill('The room wants it first');
  await form.getByRole('checkbox', { name: 'Cite: Which bets first? (1st of 5, 12 dots)' }).check();
  await expect(form.getByRole('checkbox', { name: /^Cite: Fund the bets/ })).not.toBeChecked();
  await form.getByRole('button', { name: 'Record decision' }).click();
  const taken = details(page).getByRole('list', { name: 'Decisions taken' });
  await expect(taken).toContainText('Cites the vote: Which bets first? (1st of 5, 12 dots)');
  await page.reload();
  await page.getByRole('treeitem', { name: /^Bet: Bet B/ }).click();
  await expect(details(page).getByRole('list', { name: 'Decisions taken' })).toContainText(
    'Cites the vote: Which bets first? (1st of 5, 12 dots)',
  );
});

test('the session summary lists the votes and the prompt, and its Markdown too', async ({
  page,
}) => {
  await openResultsTree(page);
  await page.getByText('File', { exact: true }).click();
  await page.getByRole('menuitem', { name: /^Run the room…/ }).click();
  await page.getByRole('button', { name: 'Session summary…' }).click();
  await expect(page.getByRole('heading', { name: 'Votes and prompts' })).toBeVisible();
  const dots = page.getByRole('region', { name: 'Which bets first?' });
  await expect(dots).toContainText('Dot vote');
  await expect(dots).toContainText('6 took part, 1 abstained');
  await expect(dots.getByRole('listitem').first()).toHaveText('1st of 5 Bet B 12 dots');
  const prompt = page.getByRole('region', { name: 'Hard truths' });
  await expect(prompt).toContainText('3 answers');
  await expect(prompt.getByRole('heading', { name: 'Failure (1)' })).toBeVisible();
  await expect(prompt.getByRole('heading', { name: 'Not grouped (1)' })).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download as Markdown' }).click();
  const md = await (await (await download).createReadStream()).toArray();
  const text = Buffer.concat(md).toString('utf8');
  expect(text).toContain('## Votes and prompts');
  expect(text).toContain('- 1st of 5: Bet B (12 dots)');
  expect(text).toContain('- 1st of 3: Bet A (€40,000)');
  expect(text).toContain('- Money (1)\n  - Budgets never move');
});
