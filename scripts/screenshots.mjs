// Screenshots of the app in light and dark themes, for docs and review.
// Usage: npm run build:renderer && npx vite preview --config vite.renderer.config.ts --port 4399 &
//        node scripts/screenshots.mjs [baseUrl]     → docs/screenshots/*.png
import { chromium } from '@playwright/test';

const base = process.argv[2] ?? 'http://127.0.0.1:4399';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
for (const scheme of ['light', 'dark']) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: scheme });
  const page = await context.newPage();
  await page.goto(base);
  await page.getByRole('heading', { name: 'Your trees' }).waitFor();
  await page.screenshot({ path: `docs/screenshots/home-empty-${scheme}.png` });
  await page.getByRole('button', { name: /New tree from template: Blank/ }).click();
  await page.getByRole('tree').waitFor();
  await page.getByRole('button', { name: 'Back to all trees' }).click();
  await page.getByRole('button', { name: /New tree from template: Example/ }).click();
  await page.getByRole('treeitem').nth(9).waitFor();
  await page.screenshot({ path: `docs/screenshots/outline-${scheme}.png` });
  await page.getByRole('treeitem', { name: /Saturday market/ }).click();
  await page.getByRole('complementary', { name: 'Details' }).waitFor();
  await page.screenshot({ path: `docs/screenshots/details-${scheme}.png` });
  await page.getByRole('button', { name: 'Close details' }).click();
  await page.getByRole('button', { name: 'Back to all trees' }).click();
  await page.getByRole('list', { name: 'Documents' }).getByRole('listitem').nth(1).waitFor();
  await page.screenshot({ path: `docs/screenshots/home-${scheme}.png` });
  await context.close();
}
await browser.close();
