/**
 * The Share panel as the desktop app shows it while hosting, with the preload's bridge
 * faked (Electron cannot run here; main's side is tested in
 * test/integration/workshop-service.test.ts): the address for browsers, and a QR code
 * that is an invitation.
 */
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { createExample } from './helpers';

test.beforeEach(async ({ page }) => {
  await page.addInitScript({
    path: fileURLToPath(new URL('./fake-desktop-bridge.js', import.meta.url)),
  });
});

/** The example tree, hosted from the (faked) desktop app; returns the Share panel. */
async function hostExample(page: Page) {
  await page.goto('/');
  await createExample(page);
  await page.getByRole('button', { name: 'Share' }).click();
  const panel = page.getByRole('dialog', { name: 'Share this tree' });
  await panel.getByRole('button', { name: 'Start a workshop' }).click();
  await expect(panel.getByRole('status', { name: 'Workshop code' })).toHaveText('K7QM-3XPA-9RT2');
  return panel;
}

test('a hosting desktop app shows the address for browsers and an invitation QR code', async ({
  page,
}) => {
  const panel = await hostExample(page);
  await expect(panel).toContainText(
    'No app needed: others on this network open http://192.168.1.5:4455/',
  );
  await expect(
    panel.getByRole('img', {
      name: 'QR code to join from a phone or laptop: http://192.168.1.5:4455/#join=K7QM-3XPA-9RT2',
    }),
  ).toBeVisible();
});

test('when a hosted workshop ends, the tree as it was is kept in its history', async ({ page }) => {
  const panel = await hostExample(page);
  await panel.getByRole('button', { name: /^Stop the workshop/ }).click();
  await panel.getByRole('button', { name: 'Close' }).click();

  await page.getByText('File', { exact: true }).click();
  await page.getByRole('menuitem', { name: /^History…/ }).click();
  const history = page.getByRole('dialog', { name: 'History' });
  await expect(history.getByRole('list', { name: 'Snapshots' })).toContainText(
    /End of the workshop.*taken when the workshop ended/,
  );
});
