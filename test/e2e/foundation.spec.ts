import { expect, test } from '@playwright/test';
import * as Y from 'yjs';
import { CanopyDoc, SCHEMA_VERSION, templateById } from '../../shared/model';
import { createExample, EXAMPLE_NODE_COUNT, storedUpdateBytes, storedUpdates } from './helpers';
import { seedDocumentScript } from './seed-document';

test('a tree from the example template survives rename and reload', async ({ page }) => {
  await createExample(page);
  const outline = page.getByRole('tree', { name: /Outline of/ });
  await expect(outline.getByRole('treeitem').first()).toHaveAccessibleName(
    /^Vision: Every resident/,
  );

  // Rename from the home screen.
  await page.getByRole('button', { name: 'Back to all trees' }).click();
  await page.getByRole('button', { name: 'Rename Riverbend Libraries strategy' }).click();
  const input = page.getByRole('textbox', { name: 'New name for Riverbend Libraries strategy' });
  await input.fill('Riverbend 2027');
  await input.press('Enter');
  await expect(page.getByRole('button', { name: 'Open Riverbend 2027' })).toBeVisible();

  await page.reload();
  await page.getByRole('button', { name: 'Open Riverbend 2027' }).click();
  await expect(page.getByRole('textbox', { name: 'Tree name' })).toHaveValue('Riverbend 2027');
  const items = page.getByRole('treeitem');
  await expect(items).toHaveCount(EXAMPLE_NODE_COUNT);
  await expect(items.nth(3)).toHaveAccessibleName('Initiative: Saturday market pop-up pilot');
  await expect(items.nth(3)).toHaveAttribute('aria-level', '4');

  // Reloading on the document itself keeps it open, with its whole tree.
  await page.reload();
  await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT);
});

test('edits by keyboard are saved and undoable', async ({ page }) => {
  await createExample(page);
  const vision = page.getByRole('treeitem').first();
  await vision.focus();
  await page.keyboard.press('Tab'); // a new goal under the vision, in edit mode
  await page
    .getByRole('textbox', { name: 'Title of goal' })
    .fill('Residents trust us with their data');
  await page.keyboard.press('Enter');
  await expect(
    page.getByRole('treeitem', { name: 'Goal: Residents trust us with their data' }),
  ).toBeVisible();
  await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT + 1);

  await page.reload();
  await expect(
    page.getByRole('treeitem', { name: 'Goal: Residents trust us with their data' }),
  ).toBeVisible();

  // Delete a subtree, then undo it.
  await page.getByRole('treeitem', { name: 'Bet: Make the digital library effortless' }).click();
  await page.keyboard.press('Delete');
  await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT - 1);
  await page.keyboard.press('Control+z');
  await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT + 1);
  await expect(
    page.getByRole('treeitem', { name: 'Initiative: One-tap borrowing prototype' }),
  ).toBeVisible();
});

test('two tabs on one document see each other’s edits live', async ({ context }) => {
  const first = await context.newPage();
  const id = await createExample(first);
  const second = await context.newPage();
  await second.goto(`/#/doc/${id}`);
  await expect(second.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT);

  // Edit a title in the first tab.
  await first.getByRole('treeitem', { name: /Saturday market/ }).dblclick();
  const title = first.getByRole('textbox', { name: 'Title of initiative' });
  await title.fill('Saturday market pop-up, season two');
  await title.press('Enter');
  await expect(
    second.getByRole('treeitem', { name: 'Initiative: Saturday market pop-up, season two' }),
  ).toBeVisible();

  // And the other way round: rename the tree in the second tab.
  const name = second.getByRole('textbox', { name: 'Tree name' });
  await name.fill('Shared in two tabs');
  await name.press('Enter');
  await expect(first.getByRole('textbox', { name: 'Tree name' })).toHaveValue('Shared in two tabs');
});

test('a document written by a newer version opens read-only, with the reason', async ({ page }) => {
  await page.goto('/');
  // A "newer Canopy" wrote this: same shape, higher schema version.
  const doc = new Y.Doc();
  const model = new CanopyDoc(doc);
  const template = templateById('example');
  model.initialise({ id: 'future-doc-0001', title: 'From the future', vision: template.vision });
  doc.getMap('meta').set('schemaVersion', SCHEMA_VERSION + 1);
  await page.evaluate(
    seedDocumentScript('future-doc-0001', 'From the future', Y.encodeStateAsUpdate(doc)),
  );
  await page.reload();
  await page.getByRole('button', { name: 'Open From the future' }).click();
  await expect(page.getByRole('alert')).toContainText('written by a newer version of Canopy');
  await expect(page.getByRole('alert')).toContainText('read-only');
  await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT);
  await expect(page.getByRole('textbox', { name: 'Tree name' })).toHaveAttribute('readonly', '');

  // Keyboard edits are refused; nothing is written.
  const before = await storedUpdates(page, 'future-doc-0001');
  await page.getByRole('treeitem').first().focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Delete');
  await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT);
  expect(await storedUpdates(page, 'future-doc-0001')).toEqual(before);
});

test('opening a document without editing does not grow its storage', async ({ page }) => {
  const id = await createExample(page);
  await page.reload();
  await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT);
  const baseline = await storedUpdates(page, id);
  for (let i = 0; i < 5; i++) {
    await page.reload();
    await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT);
  }
  expect(await storedUpdates(page, id)).toEqual(baseline);
});

test('a long stream of edits is merged in storage as it goes, and nothing is lost', async ({
  page,
}) => {
  const id = await createExample(page);
  // 3,000 updates from "another tab", faster than y-indexeddb's own one-second pause
  // before merging: as a busy workshop streams remote edits.
  const writer = new Y.Doc();
  const updates: number[][] = [];
  writer.on('update', (u: Uint8Array) => updates.push(Array.from(u)));
  for (let i = 0; i < 3000; i++) writer.getMap('stream').set(`k${i}`, i);
  await page.evaluate(
    async ({ channelName, updates }) => {
      const channel = new BroadcastChannel(channelName);
      for (let i = 0; i < updates.length; i += 100) {
        for (const u of updates.slice(i, i + 100))
          channel.postMessage({ type: 'update', update: Uint8Array.from(u), from: 'stream' });
        await new Promise((r) => setTimeout(r, 20));
      }
      channel.close();
    },
    { channelName: `canopy-doc-${id}`, updates },
  );
  // The tab applies and stores the stream after the last message is posted: read the
  // store until it holds all of it.
  let stored: Uint8Array[] = [];
  let copy = new Y.Doc();
  await expect
    .poll(
      async () => {
        stored = await storedUpdateBytes(page, id);
        copy = new Y.Doc();
        for (const u of stored) Y.applyUpdate(copy, u);
        return copy.getMap('stream').size;
      },
      // Applying and storing 3,000 updates takes a while on a loaded machine.
      { timeout: 30_000 },
    )
    .toBe(3000);
  // Without merging during the stream there would be over 3,000 entries here.
  expect(stored.length).toBeLessThan(2100);
  expect(new CanopyDoc(copy).tree().order).toHaveLength(EXAMPLE_NODE_COUNT);
});

test('duplicate, then delete with undo, then delete for good', async ({ page }) => {
  await createExample(page);
  await page.getByRole('button', { name: 'Back to all trees' }).click();
  await page.getByRole('button', { name: 'Duplicate Riverbend Libraries strategy' }).click();
  const copy = page.getByRole('button', { name: 'Open Copy of Riverbend Libraries strategy' });
  await expect(copy).toBeVisible();
  await copy.click();
  await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT);
  await page.getByRole('button', { name: 'Back to all trees' }).click();

  await page.getByRole('button', { name: 'Delete Copy of Riverbend Libraries strategy' }).click();
  await expect(copy).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(copy).toBeVisible();
  await page.reload();
  await expect(copy).toBeVisible();

  await page.getByRole('button', { name: 'Delete Copy of Riverbend Libraries strategy' }).click();
  await page.getByRole('button', { name: 'Dismiss notification' }).click();
  await page.reload();
  await expect(copy).toHaveCount(0);
  await expect(
    page.getByRole('button', { name: 'Open Riverbend Libraries strategy' }),
  ).toBeVisible();
});
