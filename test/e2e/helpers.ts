import { expect, type Page } from '@playwright/test';
import { formatWorkshopCode } from '../../shared/sync';

export const EXAMPLE_NODE_COUNT = 10;

/** Creates a tree from the example template and waits for its outline. */
export async function createExample(page: Page): Promise<string> {
  await page.goto('/');
  await page
    .getByRole('button', { name: 'New tree from template: Example: Riverbend Libraries' })
    .click();
  await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT);
  const id = /#\/doc\/(.+)$/.exec(page.url())?.[1];
  if (!id) throw new Error(`not on a document page: ${page.url()}`);
  return id;
}

/** The stored updates of a document, read from IndexedDB as the app left them. */
export async function storedUpdateBytes(page: Page, docId: string): Promise<Uint8Array[]> {
  // A document opened in this page tidies its stored updates once the page is idle:
  // read after that, not during it.
  await page.waitForFunction(
    () =>
      performance.getEntriesByName('canopy:read').length === 0 ||
      performance.getEntriesByName('canopy:tidy').length > 0,
  );
  const values = await page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const all = await new Promise<Uint8Array[]>((resolve, reject) => {
      const req = db.transaction('updates').objectStore('updates').getAll();
      req.onsuccess = () => resolve(req.result as Uint8Array[]);
      req.onerror = () => reject(req.error);
    });
    db.close();
    return all.map((v) => Array.from(v));
  }, `canopy-doc-${docId}`);
  return values.map((v) => Uint8Array.from(v));
}

/** Entries and bytes stored by y-indexeddb for one document. */
export async function storedUpdates(
  page: Page,
  docId: string,
): Promise<{ entries: number; bytes: number }> {
  const values = await storedUpdateBytes(page, docId);
  return { entries: values.length, bytes: values.reduce((n, v) => n + v.byteLength, 0) };
}

/**
 * Joins the way a participant with only an address does: from any Canopy page, the
 * join dialog sends the browser to the host's own page (the only page a host accepts),
 * with the code and name filled in, and they press Join there.
 */
export async function joinByAddress(
  page: Page,
  options: { code: string; port: number; name: string },
) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Join a workshop' }).click();
  const here = page.getByRole('dialog', { name: 'Join a workshop' });
  await here.getByLabel('Workshop code').fill(options.code);
  await here.getByLabel('Address').fill(`127.0.0.1:${options.port}`);
  await here.getByLabel('Your name').fill(options.name);
  await here.getByRole('button', { name: 'Join' }).click();
  await expect(page).toHaveURL(`http://127.0.0.1:${options.port}/#/`);
  const there = page.getByRole('dialog', { name: 'Join a workshop' });
  await expect(there.getByLabel('Workshop code')).toHaveValue(formatWorkshopCode(options.code));
  await expect(there.getByLabel('Address')).toHaveCount(0);
  await expect(there.getByLabel('Your name')).toHaveValue(options.name);
  await there.getByRole('button', { name: 'Join' }).click();
  return there;
}
