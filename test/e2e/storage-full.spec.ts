/**
 * A full disk loses nothing: the app says at once that it cannot save, the edits stay
 * in the window, and "Save again" stores them once there is room (they survive a
 * reload). IndexedDB is real; only its refusal is provoked (test/e2e/disk-full.js).
 */
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { createExample, EXAMPLE_NODE_COUNT, storedUpdateBytes } from './helpers';

test.beforeEach(async ({ page }) => {
  await page.addInitScript({ path: fileURLToPath(new URL('./disk-full.js', import.meta.url)) });
});

const setDiskFull = (page: Page, full: boolean) =>
  page.evaluate(
    (value) => ((window as unknown as { __diskFull: boolean }).__diskFull = value),
    full,
  );

const stored = async (page: Page, docId: string, text: string) =>
  (await storedUpdateBytes(page, docId)).some((u) => Buffer.from(u).includes(text));

test('a full disk is reported at once; Save again stores the edits made meanwhile', async ({
  page,
}) => {
  const docId = await createExample(page);
  await setDiskFull(page, true);
  await page.getByRole('treeitem', { name: /^Initiative: Saturday market/ }).click();
  await page.keyboard.press('Tab');
  await page.keyboard.type('Written while the disk was full');
  await page.keyboard.press('Enter');
  const banner = page.getByRole('alert').filter({ hasText: 'its storage is full' });
  await expect(banner).toBeVisible();
  await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT + 1);

  // Still full: trying again says so, and keeps the banner.
  await banner.getByRole('button', { name: 'Save again' }).click();
  await expect(banner).toContainText('Still no room');
  await setDiskFull(page, false);
  expect(await stored(page, docId, 'Written while the disk was full')).toBe(false);

  await banner.getByRole('button', { name: 'Save again' }).click();
  await expect(banner).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Saved: everything' })).toBeVisible();
  expect(await stored(page, docId, 'Written while the disk was full')).toBe(true);
  await page.reload();
  await expect(page.getByRole('treeitem', { name: /Written while the disk was full/ })).toHaveCount(
    1,
  );
});
