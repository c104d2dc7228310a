/**
 * A title is one value, not merged text: two people renaming one item end with the
 * same one of the two titles on every screen, and whoever lost is told and can take
 * theirs back in one click. Two browsers, each in its own context, joined to a real
 * workshop peer (electron/peer/peer-cli.ts) over WebSocket.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { spawnPeer, type PeerProcess } from '../integration/peer-process';
import { EXAMPLE_NODE_COUNT } from './helpers';

const CODE = 'K7QM3XPA9RT2';
const DOC_ID = 'rename-e2e-doc';

let dir: string;
let peer: PeerProcess | null = null;

test.beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'canopy-e2e-rename-'));
});

test.afterEach(async () => {
  await peer?.kill();
  peer = null;
  await rm(dir, { recursive: true, force: true });
});

function startPeer(port = 0): Promise<PeerProcess> {
  return spawnPeer([
    ...['--code', CODE, '--state', path.join(dir, 'peer.log'), '--init', 'example'],
    ...['--doc-id', DOC_ID, '--host', '127.0.0.1', '--port', String(port)],
    // A browser joins a workshop only from its host's page: the peer serves the app.
    ...['--web-root', path.resolve('dist/renderer')],
  ]);
}

async function join(browser: Browser, name: string, port: number): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto('/');
  await page.getByRole('button', { name: 'Join a workshop' }).click();
  const dialog = page.getByRole('dialog', { name: 'Join a workshop' });
  await dialog.getByLabel('Workshop code').fill(CODE);
  await dialog.getByLabel('Address').fill(`127.0.0.1:${port}`);
  await dialog.getByLabel('Your name').fill(name);
  await dialog.getByRole('button', { name: 'Join' }).click();
  // The join dialog sends the browser to the host's own page, code and name filled in.
  await expect(page).toHaveURL(`http://127.0.0.1:${port}/#/`);
  await page
    .getByRole('dialog', { name: 'Join a workshop' })
    .getByRole('button', { name: 'Join' })
    .click();
  await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT);
  return page;
}

const visionCard = (page: Page) =>
  page.getByRole('region', { name: 'Tree canvas' }).getByRole('group', { name: /^Vision card: / });

/** F2 on the vision's card opens its title editor, filled with the new title. */
async function startRename(page: Page, title: string) {
  await visionCard(page).click();
  await page.keyboard.press('F2');
  const input = page.getByRole('textbox', { name: 'Title of vision' });
  await input.fill(title);
  return input;
}

/** The vision's title as the outline shows it. */
async function visionTitle(page: Page): Promise<string> {
  const name = await page.getByRole('treeitem', { name: /^Vision: / }).getAttribute('aria-label');
  return (name ?? '').replace(/^Vision: /, '');
}

const live = (page: Page) => page.getByRole('status').filter({ hasText: 'Live' });

test('renamed at once while offline: both screens end with one of the two titles, never both glued; the other person takes theirs back in one click', async ({
  browser,
}) => {
  peer = await startPeer();
  const port = peer.port;
  const ada = await join(browser, 'Ada', port);
  const bea = await join(browser, 'Bea', port);

  await peer.kill('SIGKILL');
  for (const page of [ada, bea])
    await expect(page.getByRole('status').filter({ hasText: 'Offline' })).toBeVisible();
  await (await startRename(ada, 'Vision by Ada')).press('Enter');
  await (await startRename(bea, 'Vision by Bea')).press('Enter');

  peer = await startPeer(port);
  for (const page of [ada, bea]) await expect(live(page)).toBeVisible({ timeout: 20_000 });

  await expect
    .poll(async () => {
      const titles = new Set([await visionTitle(ada), await visionTitle(bea)]);
      return titles.size === 1 ? [...titles][0] : 'different';
    })
    .toMatch(/^Vision by (Ada|Bea)$/);
  const final = await visionTitle(ada);
  const [winner, loser, winnerName, mine] =
    final === 'Vision by Ada'
      ? [ada, bea, 'Ada', 'Vision by Bea']
      : [bea, ada, 'Bea', 'Vision by Ada'];

  const notice = loser.getByRole('status').filter({ hasText: 'while you were editing' });
  await expect(notice).toContainText(
    `${winnerName} renamed this to “${final}” while you were editing`,
  );
  await expect(winner.getByText('while you were editing')).toHaveCount(0);

  await notice.getByRole('button', { name: `Use my title “${mine}”` }).click();
  for (const page of [ada, bea]) await expect.poll(() => visionTitle(page)).toBe(mine);
  await expect(loser.getByText('while you were editing')).toHaveCount(0);
});

test('a rename that arrives while someone is still typing: their Enter does not overwrite it unseen; they are told and can use theirs', async ({
  browser,
}) => {
  peer = await startPeer();
  const ada = await join(browser, 'Ada', peer.port);
  const bea = await join(browser, 'Bea', peer.port);

  const adaInput = await startRename(ada, 'Vision by Ada');
  await (await startRename(bea, 'Vision by Bea')).press('Enter');
  await expect.poll(() => visionTitle(ada)).toBe('Vision by Bea');
  await adaInput.press('Enter');

  for (const page of [ada, bea]) await expect.poll(() => visionTitle(page)).toBe('Vision by Bea');
  const notice = ada.getByRole('status').filter({ hasText: 'while you were editing' });
  await expect(notice).toContainText('Bea renamed this to “Vision by Bea” while you were editing');
  await expect(visionCard(ada)).toContainText('Renamed by Bea');
  await expect(bea.getByText('while you were editing')).toHaveCount(0);

  await notice.getByRole('button', { name: 'Use my title “Vision by Ada”' }).click();
  for (const page of [ada, bea]) await expect.poll(() => visionTitle(page)).toBe('Vision by Ada');
  await expect(ada.getByText('while you were editing')).toHaveCount(0);

  // The tree's name is one value too: the same notice for it.
  const adaName = ada.getByLabel('Tree name');
  await adaName.fill('Ada’s workshop');
  const beaName = bea.getByLabel('Tree name');
  await beaName.fill('Bea’s workshop');
  await beaName.press('Enter');
  await expect(ada.getByRole('tree')).toHaveAccessibleName('Outline of Bea’s workshop');
  await adaName.press('Enter');
  const nameNotice = ada.getByRole('status').filter({ hasText: 'renamed the tree' });
  await expect(nameNotice).toContainText(
    'Bea renamed the tree to “Bea’s workshop” while you were editing',
  );
  await expect(adaName).toHaveValue('Bea’s workshop');
  await nameNotice.getByRole('button', { name: 'Use my title “Ada’s workshop”' }).click();
  await expect(beaName).toHaveValue('Ada’s workshop');
});
