import { rm, writeFile } from 'node:fs/promises';
import { expect, test, type Download, type Page } from '@playwright/test';
import * as Y from 'yjs';
import { writeCanopyFile } from '../../shared/files/container';
import { SCHEMA_VERSION } from '../../shared/model';
import { createExample, EXAMPLE_NODE_COUNT } from './helpers';

async function bytesOf(download: Download): Promise<Buffer> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function fileMenu(page: Page, item: RegExp): Promise<Download> {
  await page.getByText('File', { exact: true }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: item }).click();
  return download;
}

const outline = (page: Page) =>
  page
    .getByRole('tree', { name: /Outline of/ })
    .getByRole('treeitem')
    .allTextContents();

async function openOnHome(page: Page, name: string, buffer: Buffer) {
  await page.goto('/');
  await page.getByRole('heading', { name: 'Your trees' }).waitFor();
  await page
    .getByLabel('Open a Canopy, Markdown, JSON, OPML or CSV file')
    .setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
}

test('a .canopy file opens on another machine as the same tree, and merges into the copy already here', async ({
  page,
  browser,
}) => {
  await createExample(page);
  const saved = await fileMenu(page, /^Save as a file/);
  expect(saved.suggestedFilename()).toBe('Riverbend Libraries strategy.canopy');
  const file = await bytesOf(saved);
  const original = await outline(page);

  // Another machine: a fresh browser profile.
  const other = await (await browser.newContext()).newPage();
  await openOnHome(other, 'Riverbend Libraries strategy.canopy', file);
  await expect(other.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT);
  expect(await outline(other)).toEqual(original);
  await expect(other.getByRole('status').filter({ hasText: 'Opened “Riverbend' })).toBeVisible();

  // Here, the tree has moved on since the file was saved: opening it merges, loses nothing.
  const firstGoal = page.getByRole('treeitem', { name: /^Goal: More residents/ });
  await firstGoal.click();
  await page.keyboard.press('Tab');
  await page.keyboard.type('Added after saving');
  await page.keyboard.press('Enter');
  await openOnHome(page, 'Riverbend Libraries strategy.canopy', file);
  await expect(page.getByRole('status').filter({ hasText: /^Merged the file into/ })).toBeVisible();
  await expect(page.getByRole('treeitem', { name: /Added after saving/ })).toBeVisible();
  await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT + 1);
  await page.getByRole('button', { name: 'Back to all trees' }).click();
  await expect(page.getByRole('button', { name: /^Open Riverbend/ })).toHaveCount(1);
});

test('a damaged, truncated or foreign file says what is wrong and adds nothing', async ({
  page,
}) => {
  await createExample(page);
  const file = await bytesOf(await fileMenu(page, /^Save as a file/));
  const damaged = Buffer.from(file);
  const middle = damaged.length >> 1;
  damaged[middle] = damaged[middle]! ^ 0xff;
  const cases: Array<[string, Buffer, RegExp]> = [
    ['damaged.canopy', damaged, /damaged: its contents do not match its checksum/],
    ['cut.canopy', file.subarray(0, 40), /incomplete: it was cut short/],
    ['photo.canopy', Buffer.from('GIF89a not a canopy file'), /not a Canopy file/],
    ['notes.json', Buffer.from('{"hello": 1}'), /not a Canopy tree/],
  ];
  for (const [name, buffer, message] of cases) {
    await openOnHome(page, name, buffer);
    await expect(page.getByRole('alert')).toContainText(message);
    await expect(page.getByRole('alert')).toContainText(/nothing was (changed|opened|imported)/i);
    await expect(page.getByRole('list', { name: 'Documents' }).getByRole('listitem')).toHaveCount(
      1,
    );
  }
});

test('export as Markdown or JSON, then import: the same tree', async ({ page, browser }) => {
  await createExample(page);
  const original = await outline(page);
  const markdown = await bytesOf(await fileMenu(page, /^Export outline/));
  const json = await bytesOf(await fileMenu(page, /^Export everything/));

  const other = await (await browser.newContext()).newPage();
  await openOnHome(other, 'tree.md', markdown);
  await expect(other.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT);
  expect(await outline(other)).toEqual(original);

  await openOnHome(other, 'tree.json', json);
  await expect(other.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT);
  expect(await outline(other)).toEqual(original);
  // JSON keeps every field: the owner of a bet, for one.
  await other.getByRole('treeitem', { name: /^Bet: Bring the library/ }).click();
  await expect(
    other.getByRole('complementary', { name: 'Details' }).getByRole('textbox', { name: 'Owner' }),
  ).toHaveValue('Outreach Lead');
});

test('the board exports as CSV, one row per card with its column', async ({ page }) => {
  await createExample(page);
  await page.getByRole('tab', { name: 'Board' }).click();
  await page.getByRole('button', { name: /^Initiative: Saturday market/ }).click();
  await page
    .getByRole('combobox', { name: 'Board column' })
    .selectOption({ label: 'Implementing' });
  const csv = await bytesOf(await fileMenu(page, /^Export the board/));
  const rows = csv.toString('utf8').trim().split('\r\n');
  expect(rows[0]).toBe('Kind,Title,Owner,Tags,Column,In column since,Days in column,Moves');
  expect(rows).toHaveLength(1 + 7);
  expect(rows).toContainEqual(
    expect.stringMatching(
      /^initiative,Saturday market pop-up pilot,Amara Osei,.*,Implementing,\d{4}-\d{2}-\d{2},0,1$/,
    ),
  );
});

test('the tree exports as an SVG and a PNG picture that the browser can show', async ({ page }) => {
  await createExample(page);
  const svgDownload = await fileMenu(page, /^Export a picture\s*SVG/);
  expect(svgDownload.suggestedFilename()).toBe('Riverbend Libraries strategy.svg');
  const svg = (await bytesOf(svgDownload)).toString('utf8');
  expect(svg).toContain('Saturday market pop-up pilot');
  expect(svg.match(/<g>/g)).toHaveLength(EXAMPLE_NODE_COUNT);

  const pngDownload = await fileMenu(page, /^Export a picture\s*PNG/);
  expect(pngDownload.suggestedFilename()).toBe('Riverbend Libraries strategy.png');
  const png = await bytesOf(pngDownload);
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  const [pngWidth, pngHeight] = [png.readUInt32BE(16), png.readUInt32BE(20)];

  // Both decode in the browser; the PNG is the SVG at twice its size.
  const sizes = await page.evaluate(
    async ([svgText, pngBase64]) => {
      const load = async (src: string) => {
        const image = new Image();
        image.src = src;
        await image.decode();
        return [image.naturalWidth, image.naturalHeight];
      };
      return {
        svg: await load(URL.createObjectURL(new Blob([svgText!], { type: 'image/svg+xml' }))),
        png: await load(`data:image/png;base64,${pngBase64}`),
      };
    },
    [svg, png.toString('base64')],
  );
  expect(sizes.png).toEqual([pngWidth, pngHeight]);
  expect(sizes.png[0]).toBe(Math.floor(sizes.svg[0]! * 2));
  expect(sizes.png[1]).toBe(Math.floor(sizes.svg[1]! * 2));
});

test('the handout shows the tree and every item’s details, and prints without the app around it', async ({
  page,
}) => {
  await createExample(page);
  await page.getByText('File', { exact: true }).click();
  await page.getByRole('menuitem', { name: /^Handout…/ }).click();
  const handout = page.getByRole('article', { name: 'Riverbend Libraries strategy' });
  await expect(
    handout.getByRole('figure', { name: 'The vision and its goals' }).locator('svg'),
  ).toBeVisible();
  await expect(handout.getByRole('heading', { level: 3 })).toHaveCount(EXAMPLE_NODE_COUNT - 1);
  await expect(
    handout.getByRole('heading', { name: /Saturday market pop-up pilot/ }),
  ).toBeVisible();
  await expect(handout.getByRole('table', { name: 'Measures' }).first()).toBeVisible();
  await expect(handout).toContainText('We believe');

  // On paper: the handout alone, no toolbar; Chromium makes a PDF of it.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('toolbar', { name: 'Handout' })).toBeHidden();
  await expect(handout).toBeVisible();
  const pdf = await page.pdf({ format: 'A4' });
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(pdf.length).toBeGreaterThan(10_000);
  await page.emulateMedia({ media: 'screen' });

  await page.getByRole('button', { name: '← Back to the tree' }).click();
  await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT);
});

test('a huge file shows its progress and can be cancelled, changing nothing', async ({
  page,
}, testInfo) => {
  // 120 MB: a valid file (the checksum is right), big enough to take seconds to read.
  const big = testInfo.outputPath('huge.canopy');
  await writeHugeCanopyFile(big, 120 * 1024 * 1024);
  await page.goto('/');
  await page.getByRole('heading', { name: 'Your trees' }).waitFor();
  await page.getByLabel('Open a Canopy, Markdown, JSON, OPML or CSV file').setInputFiles(big);
  const progress = page.getByRole('progressbar', { name: 'Opening huge.canopy' });
  await expect(progress).toBeVisible();
  await expect(
    page.getByRole('status').filter({ hasText: /Opening huge\.canopy: reading \d+%/ }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: 'Stopped opening huge.canopy. Nothing was changed.' }),
  ).toBeVisible();
  await expect(progress).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Documents' })).toHaveCount(0);
  await expect(page.getByText('No trees yet.')).toBeVisible();
  await rm(big);
});

/** A .canopy file of about `bytes`, written in pieces (a document with one long text). */
async function writeHugeCanopyFile(path: string, bytes: number): Promise<void> {
  const doc = new Y.Doc();
  doc.getText('pad').insert(0, 'x'.repeat(bytes));
  const update = Y.encodeStateAsUpdate(doc);
  const file = writeCanopyFile(
    {
      docId: 'huge-doc',
      title: 'Huge',
      schemaVersion: SCHEMA_VERSION,
      createdAt: 1,
      savedAt: 2,
      app: 'Canopy test',
    },
    update,
  );
  await writeFile(path, file);
}
