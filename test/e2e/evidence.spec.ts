import { expect, test, type Page } from '@playwright/test';
import { createExample } from './helpers';

const details = (page: Page) => page.getByRole('complementary', { name: 'Details' });

async function select(page: Page, name: RegExp) {
  await page.getByRole('treeitem', { name }).click();
  await expect(details(page)).toBeVisible();
}

test('contradicting evidence on an initiative in Implementing raises the signal and counts in the goal’s roll-up', async ({
  page,
}) => {
  await createExample(page);
  await select(page, /^Initiative: Saturday market pop-up pilot/);
  await details(page)
    .getByRole('combobox', { name: 'Board column' })
    .selectOption({ label: 'Implementing' });

  await details(page).getByRole('button', { name: 'Add evidence' }).click();
  const form = details(page).getByRole('form', { name: 'New evidence' });
  await form
    .getByRole('textbox', { name: 'What was observed' })
    .fill('Only 3 sign-ups in four Saturdays');
  await form.getByRole('radio', { name: 'Contradicts the hypothesis' }).check();
  await form.getByRole('combobox', { name: 'Strength' }).selectOption('strong');
  await form.getByRole('textbox', { name: /^Source/ }).fill('https://example.org/market-notes');
  await form.getByRole('button', { name: 'Save evidence' }).click();
  const list = details(page).getByRole('list', { name: 'Evidence' });
  await expect(list).toContainText('Only 3 sign-ups in four Saturdays');
  await expect(list.getByRole('link', { name: 'https://example.org/market-notes' })).toBeVisible();

  // The ancestor goal's roll-up counts it, in its panel and on its card.
  await select(page, /^Goal: More residents learn with us every month/);
  await expect(
    details(page).getByRole('region', { name: 'What this part of the tree has learned' }),
  ).toContainText('0 for · 1 against');
  await expect(
    page.getByRole('group', { name: 'Goal card: More residents learn with us every month' }),
  ).toContainText('▲0 ▼1');

  await page.getByRole('tab', { name: 'Signals' }).click();
  await expect(
    page.getByRole('region', { name: /^Evidence against a hypothesis while the work goes on/ }),
  ).toContainText(
    'The evidence on “Saturday market pop-up pilot” leans against its hypothesis, and it is still in Implementing.',
  );

  await page.reload();
  await expect(page.getByRole('region', { name: /^Evidence against a hypothesis/ })).toBeVisible();
});

test('a Stop requested, then recorded with a learning: the card goes to Stopped, the bet shows the learning, the board the latency', async ({
  page,
}) => {
  await page.clock.install({ time: new Date('2026-11-02T09:00:00Z') });
  await createExample(page);
  await select(page, /^Initiative: Book lockers at two train stations/);
  const panel = details(page);
  await panel.getByRole('button', { name: 'Request a decision' }).click();
  const request = panel.getByRole('form', { name: 'Request a decision' });
  await request.getByRole('textbox', { name: 'Who decides' }).fill('Library board');
  await request.getByLabel('Decide by').fill('2026-11-09');
  await request.getByRole('button', { name: 'Request' }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'Decision requested' })).toContainText(
    'Decision requested of Library board, due 2026-11-09',
  );

  await page.clock.fastForward(3 * 24 * 60 * 60 * 1000);
  await panel.getByRole('button', { name: 'Record a decision' }).click();
  const record = panel.getByRole('form', { name: 'Record a decision' });
  await record.getByRole('combobox', { name: 'Decision' }).selectOption('stop');
  await record.getByRole('button', { name: 'Record decision' }).click();
  // A stop without a learning is not accepted: the form asks for it.
  await expect(record).toBeVisible();
  await record
    .getByRole('textbox', { name: /What we learned/ })
    .fill('Commuters want holds delivered, not lockers');
  await record.getByRole('button', { name: 'Record decision' }).click();
  await expect(panel.getByRole('list', { name: 'Decisions taken' })).toContainText(
    'Learned: Commuters want holds delivered, not lockers',
  );

  await select(page, /^Bet: Bring the library to where people already are/);
  await expect(
    details(page).getByRole('list', { name: 'Stopped, and what they taught' }),
  ).toContainText(
    'Book lockers at two train stations stopped. Learned: Commuters want holds delivered, not lockers',
  );

  await page.getByRole('tab', { name: 'Board' }).click();
  await expect(
    page
      .getByRole('list', { name: /^Stopped:/ })
      .getByRole('button', { name: /^Initiative: Book lockers/ }),
  ).toBeVisible();
  await expect(page.getByLabel('Decision latency')).toContainText('Decision latency: 3 days');
});

test('Alt+E records evidence without leaving the canvas; the learning timeline lists it and exports Markdown', async ({
  page,
}) => {
  await createExample(page);
  const cardOnCanvas = page.getByRole('group', {
    name: 'Initiative card: Saturday market pop-up pilot',
  });
  await cardOnCanvas.click();
  // In a text field Alt+E types (é on a Mac): it does not open the dialog there.
  await page.getByRole('searchbox').focus();
  await page.keyboard.press('Alt+e');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await cardOnCanvas.click();
  await page.keyboard.press('Alt+e');
  const dialog = page.getByRole('dialog', { name: 'Evidence for Saturday market pop-up pilot' });
  await dialog
    .getByRole('textbox', { name: 'What was observed' })
    .fill('Queue at the stall by 10 am');
  await dialog.getByRole('button', { name: 'Save evidence' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(cardOnCanvas).toContainText('▲1 ▼0');

  await page.keyboard.press('Alt+5');
  const timeline = page.getByRole('region', { name: 'Learning timeline' });
  await expect(timeline).toContainText(
    'Evidence (moderate) supports “Saturday market pop-up pilot”: Queue at the stall by 10 am',
  );
  await timeline.getByRole('combobox', { name: 'Show' }).selectOption('decisions');
  await expect(timeline).toContainText('Nothing recorded here yet.');
  await timeline.getByRole('combobox', { name: 'Show' }).selectOption('all');

  const download = page.waitForEvent('download');
  await timeline.getByRole('button', { name: 'Export as Markdown' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('Riverbend Libraries strategy learning.md');
  const text = await new Promise<string>((resolve, reject) => {
    void file.createReadStream().then((stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      stream.on('error', reject);
    });
  });
  expect(text).toMatch(
    /^# Riverbend Libraries strategy: learning timeline\n\n## \d{4}-\d{2}-\d{2}\n\n- Evidence \(moderate\) supports “Saturday market pop-up pilot”: Queue at the stall by 10 am\n$/,
  );
});
