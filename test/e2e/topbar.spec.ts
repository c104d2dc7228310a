/**
 * The document's top bar at a laptop's 1,024 and 1,280 px, in every connection state
 * (not shared, waiting, connecting or offline, refused, live with many people) and
 * with a long tree name: no control may overlap another or leave the window. The
 * desktop bridge is faked (Electron cannot run here): it reports the connections,
 * and speaks for the people present on the window's port to the workshop.
 */
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import * as Y from 'yjs';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { CHANNEL } from '../../shared/sync/wire';
import { createExample } from './helpers';

test.beforeEach(async ({ page }) => {
  await page.addInitScript({
    path: fileURLToPath(new URL('./fake-desktop-bridge.js', import.meta.url)),
  });
});

const LONG_NAME =
  'Riverbend Libraries: strategy for the next three years, drafted with the board, staff and residents';

const link = (state: 'connecting' | 'retrying' | 'open' | 'refused') => ({
  address: '192.168.1.9:4455',
  peerId: null,
  direction: 'out',
  discovered: true,
  state,
  error: null,
});

/** Awareness messages for people present, as the workshop would send them. */
function peopleMessages(names: string[]): number[][] {
  return names.map((name) => {
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    awareness.setLocalState({ user: { name, color: '#3a6fd8' } });
    const bytes = encodeAwarenessUpdate(awareness, [doc.clientID]);
    awareness.destroy();
    return [CHANNEL.awareness, ...bytes];
  });
}

/**
 * Controls of the top bar (buttons, the File menu, tabs, fields, the connection
 * status, the faces of those present) whose boxes overlap, or that are not wholly in
 * the window.
 */
async function overlaps(page: Page): Promise<string[]> {
  await expect(page.getByRole('banner')).toBeVisible();
  return page.evaluate(() => {
    const bar = document.querySelector('header')!;
    const controls = bar.querySelectorAll<HTMLElement>(
      'button, summary, input, [role="tab"], [role="status"], ul',
    );
    const boxes = [...new Set(controls)]
      .filter((el) => el.getClientRects().length > 0)
      .map((el) => ({
        name: (el.getAttribute('aria-label') ?? el.innerText).slice(0, 40),
        box: el.getBoundingClientRect(),
      }));
    const problems: string[] = [];
    for (const [i, { name, box: a }] of boxes.entries()) {
      if (a.left < 0 || a.right > window.innerWidth) problems.push(`${name} leaves the window`);
      for (const { name: other, box: b } of boxes.slice(i + 1)) {
        const overlap =
          a.left < b.right - 0.5 &&
          b.left < a.right - 0.5 &&
          a.top < b.bottom - 0.5 &&
          b.top < a.bottom - 0.5;
        if (overlap) problems.push(`${name} overlaps ${other}`);
      }
    }
    return problems;
  });
}

for (const width of [1024, 1280])
  test(`nothing overlaps in the top bar at ${width} px, in any connection state`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height: 720 });
    await page.goto('/');
    await createExample(page);
    const problems: Record<string, string[]> = {};
    const check = async (state: string) => {
      problems[state] = await overlaps(page);
    };
    const status = page.getByRole('banner').getByRole('status');

    await check('not shared');
    const name = page.getByRole('textbox', { name: 'Tree name' });
    await name.fill(LONG_NAME);
    await name.press('Enter');
    await check('not shared, long name');

    await page.getByRole('button', { name: 'Share' }).click();
    const panel = page.getByRole('dialog', { name: 'Share this tree' });
    await panel.getByRole('button', { name: 'Start a workshop' }).click();
    await panel.getByRole('button', { name: 'Close' }).click();
    await expect(status).toContainText('waiting for others to join');
    await check('waiting');

    await page.evaluate((l) => window.__canopyFake.setLinks([l]), link('connecting'));
    await expect(status).toContainText('Offline — your edits are safe on this computer');
    await check('connecting (offline)');

    await page.evaluate((l) => window.__canopyFake.setLinks([l]), link('refused'));
    await expect(status).toContainText('the workshop refused this computer');
    await check('refused');

    await page.evaluate((l) => window.__canopyFake.setLinks([l]), link('open'));
    const names = ['Ada Lovelace', 'Bea Koch', 'Chidi Okafor', 'Dana Ruiz', 'Eli Berg'];
    await page.evaluate(
      (messages) => messages.forEach((m) => window.__canopyFake.receive(m)),
      peopleMessages([...names, 'Farah Haddad', 'Gus Moreno', 'Hana Sato']),
    );
    await expect(status).toContainText('Live · 9 people');
    await expect(page.getByRole('listitem', { name: 'and 3 more' })).toBeVisible();
    await check('live with 9 people, long name');

    await name.fill('Riverbend');
    await name.press('Enter');
    await check('live with 9 people, short name');

    expect(problems).toEqual(Object.fromEntries(Object.keys(problems).map((k) => [k, []])));
  });

declare global {
  interface Window {
    __canopyFake: { setLinks(links: unknown[]): void; receive(bytes: number[]): void };
  }
}
