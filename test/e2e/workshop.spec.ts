/**
 * LAN workshops from the browser: the web app joins a workshop peer running as its
 * own Node process (electron/peer/peer-cli.ts) over a real WebSocket on 127.0.0.1,
 * with the real handshake and encryption, and the edits go both ways.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { spawnPeer, type PeerProcess } from '../integration/peer-process';
import { countYDocs } from './heap';
import { EXAMPLE_NODE_COUNT, joinByAddress as join } from './helpers';

const CODE = 'K7QM3XPA9RT2';
const DOC_ID = 'workshop-e2e-doc';

let dir: string;
let peer: PeerProcess | null = null;

test.beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'canopy-e2e-peer-'));
});

test.afterEach(async () => {
  await peer?.kill();
  peer = null;
  await rm(dir, { recursive: true, force: true });
});

function startPeer(port = 0): Promise<PeerProcess> {
  return spawnPeer([
    '--code',
    CODE,
    '--state',
    path.join(dir, 'peer.log'),
    '--init',
    'example',
    '--doc-id',
    DOC_ID,
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    // A browser joins a workshop only from its host's page: the peer serves the app.
    '--web-root',
    path.resolve('dist/renderer'),
  ]);
}

async function title(): Promise<string> {
  const snapshot = (await peer!.request({ op: 'snapshot' })).snapshot as {
    meta?: { title?: string };
  };
  return snapshot.meta?.title ?? '';
}

test('a browser joins a Node peer by code and address; edits go both ways and survive a reload', async ({
  page,
}) => {
  peer = await startPeer();
  // Typed the way people type: lower case, with a space.
  await join(page, { code: 'k7qm 3xpa 9rt2', port: peer.port, name: 'Bea' });

  await expect(page).toHaveURL(new RegExp(`#/doc/${DOC_ID}$`));
  await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT);
  await expect(page.getByLabel('Tree name')).toHaveValue('Workshop');
  await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();

  // The peer's edit appears in the browser.
  await peer.request({ op: 'add', title: 'Added by the Node peer' });
  await expect(page.getByRole('treeitem', { name: /Added by the Node peer/ })).toBeVisible();

  // The browser's edit reaches the peer.
  await page.getByLabel('Tree name').fill('Renamed in the browser');
  await page.getByLabel('Tree name').press('Enter');
  await expect.poll(title).toBe('Renamed in the browser');

  // A reload rejoins the same workshop (this tab remembers it) and keeps everything.
  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
  await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT + 1);
  await peer.request({ op: 'add', title: 'After the reload' });
  await expect(page.getByRole('treeitem', { name: /After the reload/ })).toBeVisible();

  // The Share panel shows the code and who is connected, in words.
  await page.getByRole('button', { name: 'Workshop' }).click();
  const share = page.getByRole('dialog', { name: 'Share this tree' });
  await expect(share.getByRole('status', { name: 'Workshop code' })).toHaveText('K7QM-3XPA-9RT2');
  await expect(
    share.getByRole('img', { name: /QR code of the workshop code K7QM-3XPA-9RT2/ }),
  ).toBeVisible();
  await expect(share.getByRole('list', { name: 'Connections' })).toContainText(
    `To 127.0.0.1:${peer.port}Connected`,
  );
});

test('a browser in a workshop holds one copy of the tree: the one it shows and stores', async ({
  page,
}) => {
  peer = await startPeer();
  await join(page, { code: CODE, port: peer.port, name: 'Bea' });
  await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT);
  await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
  await peer.request({ op: 'add', title: 'Added by the Node peer' });
  await expect(page.getByRole('treeitem', { name: /Added by the Node peer/ })).toBeVisible();
  // The workshop syncs the page's own document: no second copy to keep in step.
  expect(await countYDocs(page)).toBe(1);

  // Edits still go both ways after the count, through that one document.
  await page.getByLabel('Tree name').fill('Renamed in the browser');
  await page.getByLabel('Tree name').press('Enter');
  await expect.poll(title).toBe('Renamed in the browser');
});

test('the tree closed and opened again in a workshop catches up; a second tab follows; leaving keeps it', async ({
  page,
}) => {
  peer = await startPeer();
  await join(page, { code: CODE, port: peer.port, name: 'Bea' });
  await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT);
  await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();

  // Closed while the workshop goes on: the peer's edit arrives when it opens again.
  await page.getByRole('button', { name: 'Back to all trees' }).click();
  await peer.request({ op: 'add', title: 'While the tree was closed' });
  await page.getByRole('button', { name: /^Open Workshop/ }).click();
  await expect(page.getByRole('treeitem', { name: /While the tree was closed/ })).toBeVisible();
  await page.getByLabel('Tree name').fill('Renamed after reopening');
  await page.getByLabel('Tree name').press('Enter');
  await expect.poll(title).toBe('Renamed after reopening');

  // A second tab of the same tree, not in the workshop itself, follows this one.
  const second = await page.context().newPage();
  await second.goto(page.url());
  await expect(second.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT + 1);
  await peer.request({ op: 'add', title: 'Seen in both tabs' });
  await expect(second.getByRole('treeitem', { name: /Seen in both tabs/ })).toBeVisible();
  await second.getByLabel('Tree name').fill('Renamed in the second tab');
  await second.getByLabel('Tree name').press('Enter');
  await expect.poll(title).toBe('Renamed in the second tab');
  await second.close();

  // Leaving the workshop leaves the tree in this tab, and after a reload.
  await page.getByRole('button', { name: 'Workshop' }).click();
  await page.getByRole('button', { name: 'Leave the workshop' }).click();
  await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT + 2);
  await page.reload();
  await expect(page.getByRole('treeitem', { name: /Seen in both tabs/ })).toBeVisible();
  await expect(page.getByLabel('Tree name')).toHaveValue('Renamed in the second tab');
});

test('a wrong code is refused in words, and the browser learns nothing', async ({ page }) => {
  peer = await startPeer();
  const dialog = await join(page, { code: 'ZZZZ-ZZZZ-ZZZZ', port: peer.port, name: 'Mallory' });
  await expect(dialog.getByRole('status')).toContainText('Could not join.');
  await expect(dialog).toContainText('CANOPY-101');
  await expect(dialog).toContainText('the workshop code does not match');
  await expect(page).not.toHaveURL(/#\/doc\//);
  // Nothing arrived: no tree was added to this browser's list.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('button', { name: /^Open (?!a file)/ })).toHaveCount(0);
});

test('two browsers in one workshop see each other: names, selections and pointers', async ({
  browser,
}) => {
  peer = await startPeer();
  const ada = await (await browser.newContext()).newPage();
  const bea = await (await browser.newContext()).newPage();
  await join(ada, { code: CODE, port: peer.port, name: 'Ada' });
  await join(bea, { code: CODE, port: peer.port, name: 'Bea' });
  await expect(ada.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT);
  await expect(bea.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT);

  // Each sees the other in the top bar.
  await expect(
    ada.getByRole('list', { name: 'People in this workshop' }).getByLabel('Bea'),
  ).toBeVisible();
  await expect(
    bea.getByRole('list', { name: 'People in this workshop' }).getByLabel('Ada'),
  ).toBeVisible();
  await expect(ada.getByRole('status').filter({ hasText: 'Live · 2 people' })).toBeVisible();

  // Bea selects a card; Ada sees a ring in Bea's colour around it.
  const card = bea
    .getByRole('region', { name: 'Tree canvas' })
    .getByRole('group', { name: /^Goal card: / })
    .first();
  const goalTitle = (await card.getAttribute('aria-label'))!.replace(/^Goal card: /, '');
  await card.click();
  await expect(ada.getByRole('img', { name: `Bea has selected “${goalTitle}”` })).toBeVisible();

  // Bea's pointer moves over the canvas; Ada sees it.
  const canvas = bea.getByRole('region', { name: 'Tree canvas' });
  const box = (await canvas.boundingBox())!;
  await bea.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await bea.mouse.move(box.x + box.width / 2 + 40, box.y + box.height / 2 + 20);
  await expect(ada.getByRole('img', { name: 'Bea’s pointer' })).toBeVisible();

  // Bea leaves: she disappears from Ada's screen.
  await bea.getByRole('button', { name: 'Workshop' }).click();
  await bea.getByRole('button', { name: 'Leave the workshop' }).click();
  await expect(ada.getByRole('list', { name: 'People in this workshop' })).toHaveCount(0);
  await expect(ada.getByRole('img', { name: /Bea/ })).toHaveCount(0);
});

test('offline: the indicator says so, edits stay local, and they merge when the peer returns', async ({
  page,
}) => {
  peer = await startPeer();
  const port = peer.port;
  await join(page, { code: CODE, port, name: 'Bea' });
  await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT);

  await peer.kill('SIGKILL');
  await expect(page.getByRole('status').filter({ hasText: 'Offline' })).toHaveText(
    /Offline — your edits are safe on this computer/,
  );

  // Edit while offline.
  await page.getByLabel('Tree name').fill('Edited while offline');
  await page.getByLabel('Tree name').press('Enter');

  // The peer comes back on the same port, with its own log: the edit merges.
  peer = await startPeer(port);
  await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible({
    timeout: 20_000,
  });
  await expect.poll(title, { timeout: 10_000 }).toBe('Edited while offline');
});
