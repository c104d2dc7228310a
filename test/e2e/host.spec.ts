/**
 * The headless host, as a facilitator runs it: `npm run host` serves the web app and
 * the workshop on one port; browsers open its address and join with the code only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { EXAMPLE_NODE_COUNT } from './helpers';

const CODE = 'K7QM-3XPA-9RT2';

let host: ChildProcess | null = null;
/** Resolves once npm has exited and closed its output, and so has the host it ran. */
let hostClosed: Promise<unknown> = Promise.resolve();
let dir: string;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startHost(): Promise<string> {
  dir = await mkdtemp(path.join(tmpdir(), 'canopy-host-e2e-'));
  const port = await freePort();
  const child = spawn(
    'npm',
    [
      'run',
      'host',
      '--',
      '--port',
      String(port),
      '--data',
      dir,
      '--code',
      CODE,
      '--init',
      'example',
      '--bind',
      '127.0.0.1',
      '--no-discover',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], detached: true },
  );
  host = child;
  // 'close' waits for every process holding the output pipe: npm's child, the host, too.
  hostClosed = new Promise((resolve) => child.once('close', resolve));
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`host exited (${code})`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('{') && line.includes('"listening"')) resolve();
    });
  });
  return `http://127.0.0.1:${port}/`;
}

test.afterEach(async () => {
  // npm runs the host as its child: stop the whole group, and wait until none of it
  // runs any more. The host writes its end-of-workshop snapshot into the data folder
  // as it stops; deleting the folder before then failed with ENOTEMPTY.
  const pid = host?.pid;
  host = null;
  if (pid) {
    process.kill(-pid, 'SIGTERM');
    await hostClosed;
    await expect.poll(() => groupRunning(pid), { timeout: 15_000 }).toBe(false);
  }
  await rm(dir, { recursive: true, force: true });
});

/**
 * Whether a process of the group is still running. Exited ones may linger as zombies
 * (the init here does not reap orphans), so the group is read from /proc, not probed
 * with kill(-pgid, 0).
 */
async function groupRunning(pgid: number): Promise<boolean> {
  const pids = (await readdir('/proc').catch(() => [])).filter((name) => /^\d+$/.test(name));
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    // "pid (name) state ppid pgrp …": the name may hold spaces and parentheses.
    const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (state && state !== 'Z' && Number(group) === pgid) return true;
  }
  return false;
}

async function joinHost(browser: Browser, url: string, name: string, code = CODE): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(url);
  await page.getByRole('button', { name: 'Join the workshop' }).click();
  const dialog = page.getByRole('dialog', { name: 'Join a workshop' });
  // Served by the host: no address to type.
  await expect(dialog.getByLabel('Address')).toHaveCount(0);
  await dialog.getByLabel('Workshop code').fill(code);
  await dialog.getByLabel('Your name').fill(name);
  await dialog.getByRole('button', { name: 'Join' }).click();
  return page;
}

const live = (page: Page) => page.getByRole('status').filter({ hasText: 'Live' });

test('two browsers join `npm run host` with the code, edit at once, see each other, survive going offline', async ({
  browser,
}) => {
  const url = await startHost();
  const ada = await joinHost(browser, url, 'Ada');
  const bea = await joinHost(browser, url, 'Bea');
  for (const page of [ada, bea]) {
    await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT);
    await expect(live(page)).toBeVisible();
  }
  await expect(
    ada.getByRole('list', { name: 'People in this workshop' }).getByLabel('Bea'),
  ).toBeVisible();
  await expect(
    bea.getByRole('list', { name: 'People in this workshop' }).getByLabel('Ada'),
  ).toBeVisible();

  // At the same time: Ada renames the tree, Bea renames the vision.
  await ada.getByLabel('Tree name').fill('Riverbend 2027');
  await bea.getByRole('treeitem').first().click();
  await bea.getByRole('treeitem').first().press('F2');
  await bea.keyboard.type('Everyone can learn, anywhere');
  await Promise.all([ada.getByLabel('Tree name').press('Enter'), bea.keyboard.press('Enter')]);
  for (const page of [ada, bea]) {
    await expect(page.getByLabel('Tree name')).toHaveValue('Riverbend 2027');
    await expect(page.getByRole('treeitem').first()).toHaveAccessibleName(
      /Everyone can learn, anywhere/,
    );
  }

  // Bea loses the network, edits, and comes back.
  await bea.context().setOffline(true);
  await expect(bea.getByRole('status').filter({ hasText: 'Offline' })).toBeVisible();
  await bea.getByLabel('Tree name').fill('Edited offline by Bea');
  await bea.getByLabel('Tree name').press('Enter');
  await bea.context().setOffline(false);
  await expect(live(bea)).toBeVisible({ timeout: 15_000 });
  await expect(ada.getByLabel('Tree name')).toHaveValue('Edited offline by Bea');
});

test('a browser with a wrong code sees no document content', async ({ browser }) => {
  const url = await startHost();
  const mallory = await joinHost(browser, url, 'Mallory', 'ZZZZ-ZZZZ-ZZZZ');
  const dialog = mallory.getByRole('dialog', { name: 'Join a workshop' });
  await expect(dialog).toContainText('CANOPY-101');
  await expect(mallory).not.toHaveURL(/#\/doc\//);
  await expect(mallory.getByRole('treeitem')).toHaveCount(0);
  const text = await mallory.locator('body').innerText();
  // The example tree's vision: the host's document, never shown here.
  expect(text).not.toContain('Every resident of Riverbend');
});

test('the invitation in a desktop host’s QR code opens the join dialog with the code filled in', async ({
  browser,
}) => {
  const url = await startHost();
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${url}#join=${CODE}`);
  const dialog = page.getByRole('dialog', { name: 'Join a workshop' });
  await expect(dialog.getByLabel('Workshop code')).toHaveValue(CODE);
  // The code does not stay in the address bar (or in a bookmark of it).
  expect(page.url()).not.toContain(CODE);
  await dialog.getByLabel('Your name').fill('Cleo');
  await dialog.getByRole('button', { name: 'Join' }).click();
  await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT);
  await expect(live(page)).toBeVisible();
});

test('a draft proposed to the workshop’s tree reaches the others; the draft never reaches the host', async ({
  browser,
}) => {
  const url = await startHost();
  const ada = await joinHost(browser, url, 'Ada');
  const bea = await joinHost(browser, url, 'Bea');
  for (const page of [ada, bea]) await expect(live(page)).toBeVisible();
  const workshop = ada.url();

  // Ada writes a draft while in the workshop: a goal she keeps to herself, a bet she proposes.
  await ada.goto(url);
  await ada.getByRole('button', { name: 'New draft' }).click();
  await ada.getByLabel('Tree name').fill('SECRET-DRAFT-TITLE');
  await ada.getByLabel('Tree name').press('Enter');
  await ada.getByRole('treeitem').first().click();
  await ada.keyboard.press('Tab');
  await ada.keyboard.type('SECRET-GOAL-ONLY-MINE');
  await ada.keyboard.press('Enter');
  await ada.getByRole('treeitem', { name: /^Goal: SECRET-GOAL-ONLY-MINE/ }).click();
  await ada.keyboard.press('Tab');
  await ada.keyboard.type('Homework club on Thursdays');
  await ada.keyboard.press('Enter');
  await ada.getByRole('treeitem', { name: /^Bet: Homework club/ }).click();
  await ada.getByRole('button', { name: 'Propose to tree…' }).click();
  const dialog = ada.getByRole('dialog', { name: 'Propose to a tree' });
  await expect(dialog.getByRole('combobox', { name: 'Under' })).toBeEnabled();
  await dialog.getByRole('button', { name: 'Propose' }).click();
  await ada.getByRole('button', { name: 'Open the tree' }).click();
  expect(ada.url()).toBe(workshop);

  // Bea sees the proposal, live.
  await expect(bea.getByRole('treeitem', { name: /^Bet: Homework club on Thursdays/ })).toHaveCount(
    1,
  );
  await expect(bea.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT + 1);

  // Everything the host received is in its data folder: the proposal, none of the draft.
  const stored = await storedText(dir);
  expect(stored).toContain('Homework club on Thursdays');
  for (const secret of ['SECRET-DRAFT-TITLE', 'SECRET-GOAL-ONLY-MINE'])
    expect(stored).not.toContain(secret);
  expect(await bea.locator('body').innerText()).not.toContain('SECRET');
});

/** Every file the host keeps, as text (Yjs stores strings as UTF-8). */
async function storedText(folder: string): Promise<string> {
  const names = await readdir(folder, { recursive: true, withFileTypes: true });
  const files = names.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  const contents = await Promise.all(files.map((f) => readFile(f)));
  return contents.map((c) => c.toString('utf8')).join('\n');
}
