/**
 * A room for end-to-end tests: the headless host (`npm run host`'s script) serving the
 * built app, a facilitator who opens the link it prints, and participants who join
 * with the code, each in a browser context of their own (a clock of their own too).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { startHostProcess, stopProcess, type HostProcess } from '../integration/host-process';
import { EXAMPLE_NODE_COUNT } from './helpers';

export const CODE = 'K7QM-3XPA-9RT2';

export interface Room {
  host: HostProcess;
  /** The host's data folder (the log, host.json, the sealed round). */
  dir: string;
  port: number;
  /** The facilitator link's token, printed by the host. */
  token: string;
  contexts: BrowserContext[];
  /**
   * Stops the host, waits for its exit, runs `whileDown`, and starts it again on the
   * same folder and port.
   */
  restart(whileDown?: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

export async function startRoom(): Promise<Room> {
  const dir = await mkdtemp(path.join(tmpdir(), 'canopy-room-e2e-'));
  const args = [
    ...['--code', CODE, '--init', 'example'],
    // The real app, not the placeholder page: participants join from it.
    ...['--web-root', path.resolve('dist/renderer')],
  ];
  const host = await startHostProcess(dir, args);
  const link = host.output.find((l) => l.includes('&facilitator='));
  const token = /&facilitator=([0-9a-f]{32})/.exec(link ?? '')?.[1];
  if (!token) throw new Error(`no facilitator link in: ${host.output.join('\n')}`);
  const room: Room = {
    host,
    dir,
    port: host.port,
    token,
    contexts: [],
    restart: async (whileDown) => {
      await stopProcess(room.host.child);
      await whileDown?.();
      // The same port: the browsers reconnect to the address they loaded the app from.
      room.host = await startHostProcess(dir, [...args, '--port', String(room.port)]);
    },
    stop: async () => {
      for (const c of room.contexts) await c.close();
      await stopProcess(room.host.child);
      await rm(dir, { recursive: true, force: true });
    },
  };
  return room;
}

/**
 * Joins the room in a new browser context. `clockSkewMs` sets that context's clock off
 * the real time (Playwright's clock, installed before the page loads).
 */
export async function joinRoom(
  browser: Browser,
  room: Room,
  name: string,
  options: { facilitator?: boolean; clockSkewMs?: number; colorScheme?: 'light' | 'dark' } = {},
): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
  });
  room.contexts.push(context);
  if (options.clockSkewMs !== undefined)
    await context.clock.install({ time: Date.now() + options.clockSkewMs });
  const page = await context.newPage();
  const hash = `#join=${CODE}${options.facilitator ? `&facilitator=${room.token}` : ''}`;
  await page.goto(`http://127.0.0.1:${room.port}/${hash}`);
  const dialog = page.getByRole('dialog', { name: 'Join a workshop' });
  await dialog.getByLabel('Your name').fill(name);
  await dialog.getByRole('button', { name: 'Join' }).click();
  await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT);
  const bar = page.getByRole('region', { name: 'Workshop step' });
  await expect(bar).toBeVisible();
  if (options.facilitator)
    await expect(bar.getByRole('button', { name: 'Console…' })).toBeVisible();
  return page;
}

export const stepBar = (page: Page) => page.getByRole('region', { name: 'Workshop step' });

/** The facilitator sets up the agenda from a template in the console, and closes it. */
export async function useTemplate(page: Page, template = 'Lean Value Tree workshop (2 hours)') {
  await stepBar(page).getByRole('button', { name: 'Console…' }).click();
  const console = page.getByRole('dialog', { name: 'Facilitator console' });
  await console.getByLabel('Template').selectOption({ label: template });
  await console.getByRole('button', { name: /Use this template|Replace the agenda/ }).click();
  await expect(console.getByRole('list', { name: 'Agenda' }).getByRole('listitem')).not.toHaveCount(
    0,
  );
  return console;
}

/** Seconds left on a screen's timer, as it reads now. */
export async function timerSeconds(page: Page): Promise<number> {
  const label = (await stepBar(page).getByRole('timer').getAttribute('aria-label')) ?? '';
  const m = /(\d+):(\d\d)(?::(\d\d))?/.exec(label.split(': ').at(-1) ?? '');
  if (!m) throw new Error(`no time in "${label}"`);
  return m[3] !== undefined
    ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])
    : Number(m[1]) * 60 + Number(m[2]);
}
