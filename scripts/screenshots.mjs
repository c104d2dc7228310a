// Screenshots of the app in light and dark themes, for docs and review.
// Usage: npm run build:renderer && npx vite preview --config vite.renderer.config.ts --port 4399 &
//        node scripts/screenshots.mjs [baseUrl] [--only=drafts,board,…]  → docs/screenshots/*.png
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

const args = process.argv.slice(2);
const base = args.find((a) => !a.startsWith('--')) ?? 'http://127.0.0.1:4399';
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
/** Whether to take one group of screenshots (all of them without --only). */
const want = (group) => !only || only.includes(group);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
/** A fresh browser profile in one colour scheme, and its page. */
async function pageIn(scheme, height = 800) {
  const context = await browser.newContext({
    viewport: { width: 1280, height },
    colorScheme: scheme,
  });
  return { context, page: await context.newPage() };
}

/** The example tree, opened on the page. */
async function openExample(page) {
  await page.goto(base);
  await page.getByRole('button', { name: /New tree from template: Example/ }).click();
  await page.getByRole('treeitem').nth(9).waitFor();
}

if (want('basics'))
  for (const scheme of ['light', 'dark']) {
    const { context, page } = await pageIn(scheme);
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

// The board: the example's cards spread over the columns, a WIP limit exceeded, one
// card stalled (the page's clock moved on 20 days).
if (want('board'))
  for (const scheme of ['light', 'dark']) {
    const { context, page } = await pageIn(scheme);
    await page.clock.install({ time: new Date('2026-11-02T09:00:00Z') });
    await openExample(page);
    await page.getByRole('tab', { name: 'Board' }).click();
    const moves = [
      [/^Bet: Bring the library/, 'Implementing'],
      [/^Initiative: Saturday market/, 'Implementing'],
      [/^Initiative: Book lockers/, 'Analyzing'],
      [/^Bet: Make the digital/, 'Reviewing'],
      [/^Initiative: One-tap/, 'Learning'],
      [/^Bet: Peer-led/, 'Implementing'],
    ];
    for (const [name, column] of moves) {
      await page.getByRole('button', { name }).click();
      await page.getByRole('combobox', { name: 'Board column' }).selectOption({ label: column });
    }
    await page.getByRole('button', { name: 'Close details' }).click();
    await page.clock.fastForward(20 * 24 * 60 * 60 * 1000);
    await page.getByRole('button', { name: /^Initiative: Digital skills circle/ }).click();
    await page.getByRole('combobox', { name: 'Board column' }).selectOption({ label: 'Ready' });
    await page.getByRole('button', { name: /^Initiative: One-tap/ }).click();
    await page.getByRole('combobox', { name: 'Board column' }).selectOption({ label: 'Done' });
    await page.clock.fastForward(3 * 24 * 60 * 60 * 1000);
    await page.getByRole('button', { name: /^Bet: Peer-led/ }).click();
    await page.getByRole('combobox', { name: 'Board column' }).selectOption({ label: 'Done' });
    await page.getByRole('button', { name: 'Close details' }).click();
    await page
      .getByRole('button', { name: /Stalled$/ })
      .first()
      .waitFor();
    await page.screenshot({ path: `docs/screenshots/board-${scheme}.png` });
    await page.getByRole('button', { name: 'Settings of column Implementing' }).click();
    await page.getByRole('dialog', { name: 'Column Implementing' }).waitFor();
    await page.screenshot({ path: `docs/screenshots/board-column-${scheme}.png` });
    await page.keyboard.press('Escape');
    await page.getByRole('tab', { name: 'Signals' }).click();
    await page.getByRole('region', { name: /^Stalled items/ }).waitFor();
    await page.screenshot({ path: `docs/screenshots/signals-${scheme}.png` });
    await page.getByRole('tab', { name: 'Flow' }).click();
    await page.getByRole('figure', { name: /^Cumulative flow/ }).waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: `docs/screenshots/flow-${scheme}.png`, fullPage: true });
    await context.close();
  }

// Evidence and a decision on an initiative, and its goal's roll-up.
if (want('evidence'))
  for (const scheme of ['light', 'dark']) {
    const { context, page } = await pageIn(scheme, 900);
    await page.goto(base);
    await page.getByRole('button', { name: /New tree from template: Example/ }).click();
    await page.getByRole('treeitem', { name: /^Initiative: Book lockers/ }).click();
    const panel = page.getByRole('complementary', { name: 'Details' });
    const addEvidence = async (summary, stance) => {
      await panel.getByRole('button', { name: 'Add evidence' }).click();
      const form = panel.getByRole('form', { name: 'New evidence' });
      await form.getByRole('textbox', { name: 'What was observed' }).fill(summary);
      await form.getByRole('radio', { name: stance }).check();
      await form.getByRole('button', { name: 'Save evidence' }).click();
    };
    await addEvidence(
      'Station staff say lockers would be vandalised',
      'Contradicts the hypothesis',
    );
    await addEvidence('42 commuters asked for evening pick-up', 'Supports the hypothesis');
    await panel.getByRole('button', { name: 'Record a decision' }).click();
    const record = panel.getByRole('form', { name: 'Record a decision' });
    await record.getByRole('combobox', { name: 'Decision' }).selectOption('stop');
    await record
      .getByRole('textbox', { name: /What we learned/ })
      .fill('Commuters want holds delivered, not lockers');
    await record.getByRole('button', { name: 'Record decision' }).click();
    await panel.getByRole('list', { name: 'Decisions taken' }).waitFor();
    await page.getByRole('region', { name: 'Evidence' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `docs/screenshots/evidence-${scheme}.png` });
    await page.getByRole('treeitem', { name: /^Bet: Bring the library/ }).click();
    await panel
      .getByRole('region', { name: 'What this part of the tree has learned' })
      .scrollIntoViewIfNeeded();
    await page.screenshot({ path: `docs/screenshots/rollup-${scheme}.png` });
    await page
      .getByRole('group', { name: 'Initiative card: Saturday market pop-up pilot' })
      .click();
    await page.keyboard.press('Alt+e');
    const quick = page.getByRole('dialog', { name: /^Evidence for Saturday market/ });
    await quick
      .getByRole('textbox', { name: 'What was observed' })
      .fill('Queue at the stall by 10 am');
    await page.screenshot({ path: `docs/screenshots/quick-evidence-${scheme}.png` });
    await quick.getByRole('button', { name: 'Save evidence' }).click();
    await page.keyboard.press('Alt+5');
    await page.getByRole('region', { name: 'Learning timeline' }).waitFor();
    await page.screenshot({ path: `docs/screenshots/timeline-${scheme}.png` });
    await context.close();
  }

// The desktop app hosting a workshop (the preload's bridge faked, as in the e2e test):
// the Share panel with the address for browsers and the invitation QR code.
if (want('desktop-share'))
  for (const scheme of ['light', 'dark']) {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      colorScheme: scheme,
    });
    await context.addInitScript({ path: 'test/e2e/fake-desktop-bridge.js' });
    const page = await context.newPage();
    await openExample(page);
    await page.getByRole('button', { name: 'Share' }).click();
    await page.getByRole('button', { name: 'Start a workshop' }).click();
    await page.getByRole('img', { name: /QR code to join/ }).waitFor();
    await page.screenshot({ path: `docs/screenshots/desktop-host-share-${scheme}.png` });
    await context.close();
  }

// A workshop: two browsers join a Node peer; one shows the other's presence, and
// the Share panel with the code, the people and the connection.

// The handout (print view) of the example tree.
if (want('handout'))
  for (const scheme of ['light', 'dark']) {
    const { context, page } = await pageIn(scheme);
    await openExample(page);
    await page.getByText('File', { exact: true }).click();
    await page.getByRole('menuitem', { name: /^Handout…/ }).click();
    await page.getByRole('figure', { name: 'The tree' }).waitFor();
    await page.screenshot({ path: `docs/screenshots/handout-${scheme}.png` });
    await page.getByRole('heading', { name: /Saturday market/ }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `docs/screenshots/handout-details-${scheme}.png` });
    await context.close();
  }

// A snapshot, viewed read-only after the tree moved on.
if (want('snapshot'))
  for (const scheme of ['light', 'dark']) {
    const { context, page } = await pageIn(scheme);
    await openExample(page);
    await page.getByText('File', { exact: true }).click();
    await page.getByRole('menuitem', { name: /^History…/ }).click();
    await page.getByRole('textbox', { name: 'Snapshot name' }).fill('Kick-off workshop');
    await page.getByRole('button', { name: 'Take a snapshot' }).click();
    await page.getByRole('button', { name: /^View snapshot/ }).click();
    await page.getByRole('treeitem', { name: /Saturday market/ }).click();
    await page.getByRole('complementary', { name: 'Details' }).waitFor();
    await page.screenshot({ path: `docs/screenshots/snapshot-view-${scheme}.png` });
    await context.close();
  }

// A private draft, and proposing its bet to a tree.
if (want('drafts'))
  for (const scheme of ['light', 'dark']) {
    const { context, page } = await pageIn(scheme);
    await openExample(page);
    await page.getByRole('button', { name: 'Back to all trees' }).click();
    await page.getByRole('button', { name: 'New draft' }).click();
    await page.getByLabel('Tree name').fill('Ideas for the spring review');
    await page.getByLabel('Tree name').press('Enter');
    await page.getByRole('treeitem').first().click();
    await page.keyboard.press('Tab');
    await page.keyboard.type('Teenagers use branches after school');
    await page.keyboard.press('Enter');
    await page.getByRole('treeitem', { name: /^Goal: Teenagers/ }).click();
    await page.keyboard.press('Tab');
    await page.keyboard.type('Homework club on Thursdays');
    await page.keyboard.press('Enter');
    await page.getByRole('treeitem', { name: /^Bet: Homework club/ }).click();
    await page.getByRole('button', { name: 'Close details' }).click();
    await page.screenshot({ path: `docs/screenshots/draft-${scheme}.png` });
    await page.getByRole('button', { name: 'Propose to tree…' }).click();
    await page.getByRole('combobox', { name: 'Under' }).and(page.locator(':enabled')).waitFor();
    await page.screenshot({ path: `docs/screenshots/propose-${scheme}.png` });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Back to all trees' }).click();
    await page.getByRole('list', { name: 'Private drafts' }).waitFor();
    await page.screenshot({ path: `docs/screenshots/home-drafts-${scheme}.png` });
    await context.close();
  }

if (want('workshop')) {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'canopy-shots-'));
  const peer = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'electron/peer/peer-cli.ts',
      '--code',
      'K7QM3XPA9RT2',
      '--state',
      path.join(stateDir, 'peer.log'),
      '--init',
      'example',
      '--doc-id',
      'screenshot-workshop',
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const { port } = await new Promise((resolve) =>
    createInterface({ input: peer.stdout }).once('line', (line) => resolve(JSON.parse(line))),
  );
  async function joinAs(name, scheme) {
    const { page } = await pageIn(scheme);
    await page.goto(base);
    await page.getByRole('button', { name: 'Join a workshop' }).click();
    const dialog = page.getByRole('dialog', { name: 'Join a workshop' });
    await dialog.getByLabel('Workshop code').fill('K7QM-3XPA-9RT2');
    await dialog.getByLabel('Address').fill(`127.0.0.1:${port}`);
    await dialog.getByLabel('Your name').fill(name);
    await dialog.getByRole('button', { name: 'Join' }).click();
    await page.getByRole('treeitem').nth(9).waitFor();
    return page;
  }
  for (const scheme of ['light', 'dark']) {
    const ada = await joinAs('Ada Lovelace', scheme);
    const bea = await joinAs('Bea', scheme);
    await bea.getByRole('treeitem', { name: /Saturday market/ }).click();
    await bea.getByRole('button', { name: 'Close details' }).click();
    const canvas = bea.getByRole('region', { name: 'Tree canvas' });
    const box = await canvas.boundingBox();
    await bea.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.45, { steps: 5 });
    await ada.getByRole('img', { name: 'Bea’s pointer' }).waitFor();
    await ada.screenshot({ path: `docs/screenshots/workshop-presence-${scheme}.png` });
    await ada.getByRole('button', { name: 'Workshop' }).click();
    await ada.getByRole('img', { name: /QR code/ }).waitFor();
    await ada.screenshot({ path: `docs/screenshots/workshop-share-${scheme}.png` });
    await ada.context().close();
    await bea.context().close();
  }
  peer.kill();
  rmSync(stateDir, { recursive: true, force: true });
}
await browser.close();
