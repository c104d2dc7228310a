/**
 * The room's screens for the axe sweep (a11y.spec.ts), outside any room: the
 * facilitator console, the step bar, the reflection, the summary and the projector.
 */
import { expect, type Page } from '@playwright/test';
import { createExample } from './helpers';

export interface Screen {
  name: string;
  open(page: Page): Promise<void>;
}

type FileMenu = (page: Page, item?: RegExp) => Promise<void>;

export function roomScreens(fileMenu: FileMenu): Screen[] {
  /** The facilitator console with the 2-hour workshop's agenda, outside any room. */
  async function agendaFromTemplate(page: Page) {
    await createExample(page);
    await fileMenu(page, /^Run the room…/);
    const console = page.getByRole('dialog', { name: 'Facilitator console' });
    await console.getByRole('button', { name: 'Use this template' }).click();
    await expect(console.getByRole('list', { name: 'Agenda' }).getByRole('listitem')).toHaveCount(
      7,
    );
    return console;
  }

  return [
    {
      name: 'facilitator console',
      async open(page) {
        await agendaFromTemplate(page);
      },
    },
    {
      name: 'step bar with instructions',
      async open(page) {
        const console = await agendaFromTemplate(page);
        await console.getByRole('button', { name: 'Close' }).click();
        const bar = page.getByRole('region', { name: 'Workshop step' });
        await bar.getByRole('button', { name: 'Start the agenda' }).click();
        await bar.getByRole('button', { name: 'Instructions' }).click();
        await expect(page.getByText('One sentence each')).toBeVisible();
      },
    },
    {
      name: 'reflection',
      async open(page) {
        const console = await agendaFromTemplate(page);
        await console.getByRole('button', { name: 'Close' }).click();
        const bar = page.getByRole('region', { name: 'Workshop step' });
        await bar.getByRole('button', { name: 'Start the agenda' }).click();
        for (let i = 1; i < 7; i++) await bar.getByRole('button', { name: 'Next step' }).click();
        await bar.getByRole('button', { name: 'Answer the reflection…' }).click();
        const panel = page.getByRole('dialog', { name: 'Reflection' });
        await panel.getByRole('textbox', { name: 'Your answer' }).first().fill('We argue louder');
        await panel.getByRole('button', { name: 'Add answer' }).first().click();
        await expect(panel.getByRole('list').first()).toContainText('We argue louder');
      },
    },
    {
      name: 'session summary',
      async open(page) {
        const console = await agendaFromTemplate(page);
        await console.getByRole('button', { name: 'Start the agenda' }).click();
        await console.getByRole('button', { name: 'End the agenda' }).click();
        await console.getByRole('button', { name: 'Session summary…' }).click();
        await expect(page.getByRole('main', { name: /^Session summary/ })).toBeVisible();
      },
    },
    {
      name: 'projector',
      async open(page) {
        const console = await agendaFromTemplate(page);
        await console.getByRole('button', { name: 'Start the agenda' }).click();
        const id = /#\/doc\/([^/]+)/.exec(page.url())![1]!;
        await page.goto(`/#/doc/${id}/projector`);
        await expect(
          page.getByRole('main', { name: 'Projector' }).getByRole('article'),
        ).toBeVisible();
        await page.keyboard.press('ArrowRight');
        await page.keyboard.press('ArrowRight');
        await expect(page.getByRole('article')).toHaveAccessibleName(/^Bet 3 of 10/);
      },
    },
  ];
}
