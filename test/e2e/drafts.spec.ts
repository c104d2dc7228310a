/**
 * Private drafts in the browser: a draft lives apart from the trees, cannot be shared,
 * and "Propose to tree" copies its selected item into a tree under a chosen parent.
 */
import { expect, test, type Page } from '@playwright/test';
import { createExample, EXAMPLE_NODE_COUNT } from './helpers';

const outline = (page: Page) =>
  page.getByRole('tree', { name: /Outline of/ }).getByRole('treeitem');

/** A draft holding a goal with a bet under it; returns the draft's id. */
async function makeDraft(page: Page): Promise<string> {
  await page.goto('/');
  const drafts = page.getByRole('region', { name: 'Private drafts' });
  await expect(drafts).toContainText('No drafts.');
  await drafts.getByRole('button', { name: 'New draft' }).click();
  await expect(page.getByText('Private draft', { exact: true })).toBeVisible();
  await outline(page).first().click();
  await page.keyboard.press('Tab');
  await page.keyboard.type('Only in my head');
  await page.keyboard.press('Enter');
  await page.getByRole('treeitem', { name: /^Goal: Only in my head/ }).click();
  await page.keyboard.press('Tab');
  await page.keyboard.type('Evening study rooms');
  await page.keyboard.press('Enter');
  await expect(outline(page)).toHaveCount(3);
  return /#\/doc\/([^/]+)/.exec(page.url())![1]!;
}

test('a draft is kept apart, cannot be shared, and proposes an item to a tree', async ({
  page,
}) => {
  await createExample(page);
  const draftId = await makeDraft(page);

  // Never shared: no Share or workshop control on a draft.
  await expect(page.getByRole('button', { name: 'Share' })).toHaveCount(0);

  await page.getByRole('treeitem', { name: /^Bet: Evening study rooms/ }).click();
  await page.getByRole('button', { name: 'Propose to tree…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Propose to a tree' });
  // Only trees are offered, not drafts; the likely parent of a bet is a goal.
  await expect(dialog.getByRole('combobox', { name: 'Tree' }).getByRole('option')).toHaveText([
    'Riverbend Libraries strategy',
  ]);
  const under = dialog.getByRole('combobox', { name: 'Under' });
  await expect(under).toBeEnabled();
  await expect(under.locator('option:checked')).toContainText('Goal: ');
  const adults = under.getByRole('option', { name: /Goal: Adults gain skills/ });
  await under.selectOption((await adults.getAttribute('value'))!);
  await dialog.getByRole('button', { name: 'Propose' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Proposed' })).toContainText(
    'Proposed “Evening study rooms” to “Riverbend Libraries strategy”',
  );
  await page.getByRole('button', { name: 'Open the tree' }).click();

  // In the tree, under the chosen goal, as a card of the board's first column.
  await expect(outline(page)).toHaveCount(EXAMPLE_NODE_COUNT + 1);
  await page.reload();
  const proposed = page.getByRole('treeitem', { name: /^Bet: Evening study rooms/ });
  await expect(proposed).toHaveCount(1);
  await expect(page.getByRole('treeitem', { name: /Only in my head/ })).toHaveCount(0);
  await proposed.click();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('treeitem', { selected: true })).toHaveAccessibleName(
    /^Goal: Adults gain skills/,
  );

  // The draft is unchanged, and still listed apart from the trees.
  await page.goto('/');
  await expect(page.getByRole('list', { name: 'Private drafts' })).toContainText('Untitled draft');
  await expect(page.getByRole('list', { name: 'Documents' })).not.toContainText('Untitled draft');
  await page.goto(`/#/doc/${draftId}`);
  await expect(outline(page)).toHaveCount(3);
});

test('Alt+P on the draft root proposes all of it; a draft copy stays private', async ({ page }) => {
  await createExample(page);
  await makeDraft(page);
  await outline(page).first().click();
  await page.keyboard.press('Alt+p');
  const dialog = page.getByRole('dialog', { name: 'Propose to a tree' });
  await expect(dialog).toContainText('A copy of everything in “Untitled draft”');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await page.goto('/');
  await page.getByRole('button', { name: 'Duplicate Untitled draft' }).click();
  const drafts = page.getByRole('list', { name: 'Private drafts' });
  await expect(drafts.getByRole('listitem')).toHaveCount(2);
  await expect(drafts).toContainText('Copy of Untitled draft');
  await expect(page.getByRole('list', { name: 'Documents' }).getByRole('listitem')).toHaveCount(1);
});
