/**
 * Imports and pastes a facilitator can trust: every limit is said with the number
 * kept and why, garbage is refused whatever its name, a Markdown document maps to a
 * tree as a reader expects, and a pasted vision never nests inside the vision.
 */
import { mkdir } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { createExample, EXAMPLE_NODE_COUNT } from './helpers';

const SHOTS = process.env.CANOPY_SHOTS ?? '/tmp/canopy-shots';

async function openOnHome(page: Page, name: string, buffer: Buffer) {
  await page.goto('/');
  await page.getByRole('heading', { name: 'Your trees' }).waitFor();
  await page
    .getByLabel('Open a Canopy, Markdown, JSON, OPML or CSV file')
    .setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
}

async function paste(page: Page, text: string) {
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data }));
  }, text);
}

const notifications = (page: Page) =>
  page.getByRole('region', { name: 'Notifications' }).getByRole('status');

const outline = (page: Page) =>
  page
    .getByRole('tree', { name: /Outline of/ })
    .getByRole('treeitem')
    .evaluateAll((items) =>
      items.map((i) => `${i.getAttribute('aria-level')} ${i.getAttribute('aria-label')}`),
    );

/** 10,001 items: one 600-character title, then 10,000 short ones. */
const OVERSIZED = [`- ${'Long title '.repeat(55).trim()}`]
  .concat(Array.from({ length: 10_000 }, (_, i) => `- Pasted item ${i + 1}`))
  .join('\n');

test('a paste or a file beyond the limits says how much was kept and why', async ({ page }) => {
  test.slow();
  await createExample(page);
  await page.getByRole('treeitem', { name: /^Vision:/ }).click();
  await paste(page, OVERSIZED);
  const notice = notifications(page).filter({ hasText: 'Kept the first' });
  await expect(notice.locator('span').first()).toHaveText(
    'Pasted 2,000 items. Kept the first 2,000 of 10,001 items: a tree takes at most 2,000 from ' +
      'one paste. 1 title was longer than 500 characters and was shortened.',
  );
  await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT + 2_000);
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/truncation-notice-paste.png` });

  // The same text as a Markdown file: a new tree, and the same words in the toast.
  await openOnHome(page, 'big outline.md', Buffer.from(`# Big outline\n\n${OVERSIZED}\n`));
  const imported = notifications(page).filter({ hasText: /^Imported “Big outline”/ });
  // Parsing 2,000 items of Markdown takes a while on a busy machine: wait for the toast.
  await expect(imported).toBeVisible({ timeout: 30_000 });
  await expect(imported).toContainText(
    'Kept the first 2,000 of 10,001 items: a tree takes at most 2,000 from one file. ' +
      '1 title was longer than 500 characters and was shortened.',
  );
  await expect(page.getByRole('treeitem')).toHaveCount(1 + 2_000);
  await page.screenshot({ path: `${SHOTS}/truncation-notice-file.png` });
});

test('garbage is refused whatever its name: random bytes named .md add nothing', async ({
  page,
}) => {
  await createExample(page);
  // 5 KB of deterministic noise, like a photo renamed to .md.
  const noise = Buffer.alloc(5 * 1024);
  let x = 0x2545f491;
  for (let i = 0; i < noise.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    noise[i] = x & 0xff;
  }
  for (const name of ['notes.md', 'notes.txt', 'tree.json']) {
    await openOnHome(page, name, noise);
    const alert = page.getByRole('alert').filter({ hasText: `Opening ${name} failed` });
    await expect(alert).toContainText(/CANOPY-30[123]: This file is (not text|not UTF-8)/);
    await expect(alert).toContainText('Nothing was imported.');
    await expect(page.getByRole('list', { name: 'Documents' }).getByRole('listitem')).toHaveCount(
      1,
    );
  }
});

test('a Markdown document maps as a reader expects: # Title over bullets', async ({ page }) => {
  const markdown = [
    '# Riverside plan',
    '',
    '- Every resident can learn anything',
    '  - Reach more people',
    '    - Pop-up libraries',
    '  - Deepen skills',
  ].join('\n');
  await openOnHome(page, 'riverside.md', Buffer.from(markdown));
  await expect(page.getByRole('textbox', { name: 'Tree name' })).toHaveValue('Riverside plan');
  await expect
    .poll(() => outline(page))
    .toEqual([
      '1 Vision: Every resident can learn anything',
      '2 Goal: Reach more people',
      '3 Bet: Pop-up libraries',
      '2 Goal: Deepen skills',
    ]);
});

test('pasting “Vision: …” fills the tree’s vision instead of nesting a second one', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'New tree from template: Blank tree' }).click();
  await page.getByRole('treeitem').first().click();
  await paste(page, 'Vision: A town that reads\n  Goal: Reach\n  Goal: Skills');
  await expect
    .poll(() => outline(page))
    .toEqual(['1 Vision: A town that reads', '2 Goal: Reach', '2 Goal: Skills']);
  await expect(notifications(page).filter({ hasText: 'names the tree’s vision' })).toBeVisible();

  // Again, with a goal selected and another vision's words: still one vision, and said.
  await page.getByRole('treeitem', { name: 'Goal: Reach' }).click();
  await paste(page, 'Vision: Other words\n  Goal: Third');
  await expect
    .poll(() => outline(page))
    .toEqual(['1 Vision: A town that reads', '2 Goal: Reach', '2 Goal: Skills', '2 Goal: Third']);
  await expect(
    notifications(page).filter({ hasText: 'already has a vision, “A town that reads”' }),
  ).toBeVisible();
  // One undo step takes the paste back.
  await page.keyboard.press('ControlOrMeta+z');
  await expect.poll(() => outline(page)).toHaveLength(3);
});
