import { expect, test, type Page } from '@playwright/test';
import { createExample, EXAMPLE_NODE_COUNT } from './helpers';

async function openHistory(page: Page) {
  await page.getByText('File', { exact: true }).click();
  await page.getByRole('menuitem', { name: /^History…/ }).click();
  return page.getByRole('dialog', { name: 'History' });
}

const outline = (page: Page) =>
  page
    .getByRole('tree', { name: /Outline of/ })
    .getByRole('treeitem')
    .allTextContents();

test('a snapshot shows what changed since on the canvas, and restores as a new tree as it was', async ({
  page,
}) => {
  await createExample(page);
  const before = await outline(page);
  let history = await openHistory(page);
  await history.getByRole('textbox', { name: 'Snapshot name' }).fill('Before the workshop');
  await history.getByRole('button', { name: 'Take a snapshot' }).click();
  await expect(history.getByRole('list', { name: 'Snapshots' })).toContainText(
    'Before the workshop',
  );
  await history.getByRole('button', { name: 'Close' }).click();

  // The workshop: a rename and a new initiative.
  await page.getByRole('treeitem', { name: /^Initiative: Saturday market/ }).click();
  await page.keyboard.press('F2');
  await page.keyboard.press('Control+a');
  await page.keyboard.type('Sunday market pop-up');
  await page.keyboard.press('Enter');
  await page.getByRole('treeitem', { name: /^Bet: Make the digital/ }).click();
  await page.keyboard.press('Tab');
  await page.keyboard.type('Chat with a librarian');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT + 1);

  await page.reload();
  history = await openHistory(page);
  await history.getByRole('button', { name: 'Show changes since' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Changes since' })).toContainText(
    'Changes since “Before the workshop”: 2 items new or changed',
  );
  await expect(
    page.getByRole('group', { name: 'Initiative card: Sunday market pop-up' }),
  ).toContainText('Changed');
  await expect(
    page.getByRole('group', { name: 'Initiative card: Chat with a librarian' }),
  ).toContainText('New');
  // The bet gained a child: its content is the same, so it is not marked.
  await expect(
    page.getByRole('group', { name: 'Bet card: Make the digital library effortless' }),
  ).not.toContainText('Changed');

  history = await openHistory(page);
  await history.getByRole('button', { name: 'Restore as a new tree' }).click();
  await expect(page.getByRole('textbox', { name: 'Tree name' })).toHaveValue(
    'Riverbend Libraries strategy (Before the workshop)',
  );
  await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT);
  expect(await outline(page)).toEqual(before);
});

test('deleting a tree for good deletes its snapshots', async ({ page }) => {
  const id = await createExample(page);
  const history = await openHistory(page);
  await history.getByRole('button', { name: 'Take a snapshot' }).click();
  await expect(history.getByRole('list', { name: 'Snapshots' }).getByRole('listitem')).toHaveCount(
    1,
  );
  await history.getByRole('button', { name: 'Close' }).click();
  const snapshotsOf = (docId: string) =>
    page.evaluate(
      (docId) =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('canopy-snapshots');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const req = open.result.transaction('snapshots').objectStore('snapshots').getAll();
            req.onsuccess = () => {
              resolve(
                (req.result as Array<{ docId: string }>).filter((s) => s.docId === docId).length,
              );
              open.result.close();
            };
          };
        }),
      docId,
    );
  expect(await snapshotsOf(id)).toBe(1);

  await page.getByRole('button', { name: 'Back to all trees' }).click();
  await page.getByRole('button', { name: 'Delete Riverbend Libraries strategy' }).click();
  // Dismissing the undo notice deletes the tree for good.
  await page.getByRole('button', { name: 'Dismiss notification' }).click();
  await expect.poll(() => snapshotsOf(id)).toBe(0);
});

test('a snapshot is viewed read-only, survives a reload, and restores from there', async ({
  page,
}) => {
  const docId = await createExample(page);
  let history = await openHistory(page);
  await history.getByRole('textbox', { name: 'Snapshot name' }).fill('Kick-off');
  await history.getByRole('button', { name: 'Take a snapshot' }).click();
  await history.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('treeitem', { name: /^Initiative: Saturday market/ }).click();
  await page.keyboard.press('Delete');
  await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT - 1);

  history = await openHistory(page);
  await history.getByRole('button', { name: /^View snapshot/ }).click();
  await expect(page).toHaveURL(new RegExp(`#/doc/${docId}/snapshot/`));
  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: 'Snapshot, read-only' })).toBeVisible();
  // As it was: the deleted initiative is there.
  await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT);
  const initiative = page.getByRole('treeitem', { name: /^Initiative: Saturday market/ });
  await initiative.click();
  // Read-only: no renaming, no adding, no deleting.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Delete');
  await page.keyboard.press('F2');
  await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT);
  const details = page.getByRole('complementary', { name: 'Details' });
  await expect(details.getByRole('textbox', { name: 'Title' })).not.toBeEditable();
  await expect(details.getByRole('combobox', { name: 'Board column' })).toBeDisabled();
  await expect(details.getByRole('button', { name: 'Add evidence' })).toHaveCount(0);

  // The current tree is unchanged by viewing; restoring makes a new tree as it was.
  await page.getByRole('button', { name: 'Back to the current tree' }).click();
  await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT - 1);
  await page.goBack();
  await page.getByRole('button', { name: 'Restore as a new tree' }).click();
  await expect(page.getByLabel('Tree name')).toHaveValue('Riverbend Libraries strategy (Kick-off)');
  await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT);
});
