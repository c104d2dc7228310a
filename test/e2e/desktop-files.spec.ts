/**
 * Files in the desktop app, with the preload's bridge faked (Electron cannot run
 * here; main's side, reading the file and Open Recent, is tested in
 * test/unit/electron): saving goes through main's dialog, a file main hands over
 * (double-click, Open Recent, a second launch) opens on any screen, File → Open… asks
 * main, and a dropped file goes on the Open Recent list.
 */
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { createExample, EXAMPLE_NODE_COUNT } from './helpers';

test.beforeEach(async ({ context }) => {
  await context.addInitScript({
    path: fileURLToPath(new URL('./fake-desktop-bridge.js', import.meta.url)),
  });
});

/** The example tree saved through the (faked) save dialog: the file's bytes. */
async function savedExample(page: Page): Promise<number[]> {
  await createExample(page);
  await page.getByText('File', { exact: true }).click();
  await page.getByRole('menuitem', { name: /^Save as a file/ }).click();
  const saved = await page.waitForFunction(() => {
    const fake = (
      window as unknown as {
        __canopyFake: {
          saved: Array<{ suggestedName: string; data: Uint8Array; filters: unknown }>;
        };
      }
    ).__canopyFake;
    const last = fake.saved.at(-1);
    return last && { name: last.suggestedName, data: Array.from(last.data), filters: last.filters };
  });
  const value = (await saved.jsonValue())!;
  expect(value.name).toBe('Riverbend Libraries strategy.canopy');
  expect(value.filters).toEqual([{ name: 'Canopy tree', extensions: ['canopy'] }]);
  return value.data;
}

test('a file the system hands the app opens as a tree, even over another tree', async ({
  browser,
}) => {
  const first = await (await browser.newContext()).newPage();
  await first.addInitScript({
    path: fileURLToPath(new URL('./fake-desktop-bridge.js', import.meta.url)),
  });
  const bytes = await savedExample(first);

  // Another machine, with a blank tree open: main sends the double-clicked file.
  const page = await (await browser.newContext()).newPage();
  await page.addInitScript({
    path: fileURLToPath(new URL('./fake-desktop-bridge.js', import.meta.url)),
  });
  await page.goto('/');
  await page.getByRole('button', { name: 'New tree from template: Blank tree' }).click();
  await expect(page.getByRole('treeitem')).toHaveCount(1);
  await page.evaluate(
    (data) =>
      (
        window as unknown as { __canopyFake: { open(n: string, b: number[]): void } }
      ).__canopyFake.open('Riverbend Libraries strategy.canopy', data),
    bytes,
  );
  await expect(page.getByRole('status').filter({ hasText: 'Opened “Riverbend' })).toBeVisible();
  await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT);
  await expect(page.getByLabel('Tree name')).toHaveValue('Riverbend Libraries strategy');
});

test('File → Open… asks main for a file; a damaged one is refused with the reason', async ({
  page,
}) => {
  const bytes = await savedExample(page);
  bytes[bytes.length - 40]! ^= 0xff;
  await page.goto('/');
  await page.evaluate((data) => {
    const fake = (
      window as unknown as {
        __canopyFake: { nextPick: unknown[]; command(c: string): void };
      }
    ).__canopyFake;
    fake.nextPick.push({ name: 'damaged.canopy', data: new Uint8Array(data) });
    fake.command('file.open');
  }, bytes);
  await expect(page.getByRole('alert')).toContainText('Opening damaged.canopy failed');
  await expect(page.getByRole('alert')).toContainText('damaged');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Documents' }).getByRole('listitem')).toHaveCount(1);
});

/** Drops a file made of `text` on the canvas (or the page), as a person would. */
async function drop(page: Page, name: string, text: string) {
  await page.evaluate(
    ([fileName, content]) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([content!], fileName!));
      const target = document.querySelector('.react-flow') ?? document.body;
      for (const type of ['dragenter', 'dragover', 'drop'])
        target.dispatchEvent(
          new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }),
        );
    },
    [name, text],
  );
}

test('a file dropped on a document screen opens, and goes on the Open Recent list', async ({
  page,
}) => {
  await createExample(page);
  await drop(
    page,
    'garden.md',
    '# Community garden\n\n- Goal: Grow food together\n  - Bet: Shared tool shed\n',
  );
  await expect(page.getByLabel('Tree name')).toHaveValue('Community garden');
  await expect(page.getByRole('treeitem', { name: /^Bet: Shared tool shed/ })).toHaveCount(1);
  expect(
    await page.evaluate(
      () =>
        (window as unknown as { __canopyFake: { remembered: string[] } }).__canopyFake.remembered,
    ),
  ).toEqual(['garden.md']);
});

test('a dropped file that does not open stays off the Open Recent list', async ({ page }) => {
  await createExample(page);
  await drop(page, 'broken.canopy', 'CANOPY but not really');
  await expect(page.getByRole('alert')).toContainText('Opening broken.canopy failed');
  expect(
    await page.evaluate(
      () =>
        (window as unknown as { __canopyFake: { remembered: string[] } }).__canopyFake.remembered,
    ),
  ).toEqual([]);
});
