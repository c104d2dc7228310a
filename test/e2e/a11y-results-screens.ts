/**
 * Revealed results' screens for the axe sweep (a11y.spec.ts): the details panel's
 * votes and scores with a decision citing one, the board ordered by a vote with its
 * badges, the Move the top dialog, and the session summary's votes and prompts.
 */
import { expect } from '@playwright/test';
import type { Screen } from './a11y-room-screens';
import { openResultsTree } from './results-seed';

export const resultsScreens: Screen[] = [
  {
    name: 'details: votes and scores, citing a vote',
    async open(page) {
      await openResultsTree(page);
      await page.getByRole('treeitem', { name: /^Bet: Bet B/ }).click();
      const details = page.getByRole('complementary', { name: 'Details' });
      await expect(details.getByRole('list', { name: 'Votes and scores' })).toBeVisible();
      await details.getByRole('button', { name: 'Record a decision' }).click();
      await expect(
        details.getByRole('checkbox', { name: /^Cite: Which bets first/ }),
      ).toBeVisible();
    },
  },
  {
    name: 'board ordered by a vote, with result badges',
    async open(page) {
      await openResultsTree(page);
      await page.getByRole('tab', { name: 'Board' }).click();
      await page.getByRole('combobox', { name: 'Order' }).selectOption('dots');
      await expect(page.locator('.board-card .result-badge').first()).toBeVisible();
    },
  },
  {
    name: 'move the top of a vote',
    async open(page) {
      await openResultsTree(page);
      await page.getByRole('tab', { name: 'Board' }).click();
      await page.getByRole('button', { name: 'Move the top…' }).click();
      await expect(page.getByRole('dialog', { name: 'Move the top of a vote' })).toBeVisible();
    },
  },
  {
    name: 'summary with votes and prompts',
    async open(page) {
      await openResultsTree(page);
      await page.getByText('File', { exact: true }).click();
      await page.getByRole('menuitem', { name: /^Run the room…/ }).click();
      await page.getByRole('button', { name: 'Session summary…' }).click();
      await expect(page.getByRole('region', { name: 'Hard truths' })).toBeVisible();
    },
  },
];
