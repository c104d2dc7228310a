/**
 * The command registry as a user meets it: the Ctrl+K palette, context menus on
 * canvas cards, outline rows and board cards (right-click, Shift+F10), and view
 * shortcuts that work on a Mac keyboard (Option+digit types "¡", "™"…).
 */
import { expect, test, type Page } from '@playwright/test';
import { createExample, EXAMPLE_NODE_COUNT } from './helpers';

const GOAL = 'More residents learn with us every month';
const POP_UP = /^Initiative: Saturday market pop-up pilot/;

const canvas = (page: Page) => page.getByRole('region', { name: 'Tree canvas' });
const palette = (page: Page) => page.getByRole('dialog', { name: 'Command palette' });

test('the palette runs a command from the keyboard and gives the keyboard back', async ({
  page,
}) => {
  const id = await createExample(page);
  // The keyboard on the canvas, on the goal.
  await page.getByRole('treeitem', { name: `Goal: ${GOAL}` }).click();
  await canvas(page).focus();

  await page.keyboard.press('Control+k');
  await expect(palette(page)).toBeVisible();
  const search = palette(page).getByRole('combobox');
  await expect(search).toBeFocused();
  await expect(palette(page).getByRole('listbox')).toBeVisible();
  // Commands for the selected item are there, with their shortcut.
  await expect(palette(page).getByRole('option', { name: /^Add a child\b.*Tab$/ })).toBeVisible();

  // Escape closes it and the keyboard is back on the canvas.
  await page.keyboard.press('Escape');
  await expect(palette(page)).toBeHidden();
  await expect(canvas(page)).toBeFocused();

  // Fuzzy: "add chld" finds "Add a child"; Enter runs it on the goal.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('add chld');
  await expect(palette(page).getByRole('option').first()).toHaveAccessibleName(/^Add a child/);
  await page.keyboard.press('Enter');
  await expect(palette(page)).toBeHidden();
  const title = page.getByRole('textbox', { name: 'Title of bet' });
  await expect(title).toBeFocused();
  await page.keyboard.type('Evening study hall');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT + 1);
  await expect(page.getByRole('treeitem', { name: 'Bet: Evening study hall' })).toBeVisible();

  // And a view: "board" then Enter switches to the board.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('go to board');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/doc/${id}/board$`));
  await expect(page.getByRole('region', { name: 'Board' })).toBeVisible();
});

test('a canvas card’s context menu adds a child (right-click) and deletes (Shift+F10)', async ({
  page,
}) => {
  await createExample(page);
  const goalCard = canvas(page).getByRole('group', { name: `Goal card: ${GOAL}` });
  await goalCard.click({ button: 'right' });
  const menu = page.getByRole('menu', { name: `Goal: ${GOAL}` });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: 'Add a child' })).toBeFocused();
  await expect(menu.getByRole('menuitem', { name: /^Delete/ })).toBeVisible();
  // The goal was selected by the right-click.
  await expect(page.getByRole('treeitem', { name: `Goal: ${GOAL}` })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await menu.getByRole('menuitem', { name: 'Add a child' }).click();
  await expect(menu).toBeHidden();
  await page.getByRole('textbox', { name: 'Title of bet' }).fill('Homework help');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('treeitem', { name: 'Bet: Homework help' })).toBeVisible();

  // Keyboard only: the new bet is selected on the canvas; Shift+F10 opens its menu,
  // arrows move, Escape closes and the keyboard is back on the canvas.
  await expect(canvas(page)).toBeFocused();
  await page.keyboard.press('Shift+F10');
  const betMenu = page.getByRole('menu', { name: 'Bet: Homework help' });
  await expect(betMenu).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(betMenu).toBeHidden();
  await expect(canvas(page)).toBeFocused();

  await page.keyboard.press('Shift+F10');
  await page.keyboard.press('End');
  await expect(betMenu.getByRole('menuitem', { name: /^Delete/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('treeitem', { name: 'Bet: Homework help' })).toHaveCount(0);
  // The same Undo toast as the Delete key.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('treeitem', { name: 'Bet: Homework help' })).toBeVisible();
});

test('an outline row’s context menu opens from the ContextMenu key and renames', async ({
  page,
}) => {
  await createExample(page);
  const row = page.getByRole('treeitem', { name: `Goal: ${GOAL}` });
  await row.click();
  await expect(row).toBeFocused();
  await page.keyboard.press('ContextMenu');
  const menu = page.getByRole('menu', { name: `Goal: ${GOAL}` });
  await expect(menu).toBeVisible();
  await menu.getByRole('menuitem', { name: 'Rename' }).press('Enter');
  const title = page.getByRole('textbox', { name: 'Title of goal' });
  await expect(title).toBeFocused();
  await title.fill('Everyone learns with us');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('treeitem', { name: 'Goal: Everyone learns with us' })).toBeFocused();
});

test('a board card’s context menu moves it to another column', async ({ page }) => {
  await createExample(page);
  await page.getByRole('tab', { name: 'Board' }).click();
  const card = page.getByRole('button', { name: POP_UP });
  await card.focus();
  await page.keyboard.press('Shift+F10');
  const menu = page.getByRole('menu', { name: /^Initiative: Saturday market pop-up pilot/ });
  await expect(menu.getByRole('menuitem', { name: 'Move to Funnel' })).toHaveCount(0);
  await menu.getByRole('menuitem', { name: 'Move to Analyzing' }).click();
  const analyzing = page.getByRole('list', { name: /^Analyzing:/ });
  await expect(analyzing.getByRole('button', { name: POP_UP })).toBeFocused();

  // And by right-click.
  await analyzing.getByRole('button', { name: POP_UP }).click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Move to Reviewing' }).click();
  await expect(
    page.getByRole('list', { name: /^Reviewing:/ }).getByRole('button', { name: POP_UP }),
  ).toBeVisible();
  await page.reload();
  await expect(
    page.getByRole('list', { name: /^Reviewing:/ }).getByRole('button', { name: POP_UP }),
  ).toBeVisible();
});

test('Option+digit on a Mac keyboard switches views: the key pressed counts, not "¡"', async ({
  page,
}) => {
  const id = await createExample(page);
  await canvas(page).focus();
  // What a Mac sends for Option+2 (™) and Option+1 (¡).
  const option = (key: string, code: string) =>
    page.evaluate(
      ([k, c]) =>
        document.activeElement!.dispatchEvent(
          new KeyboardEvent('keydown', { key: k, code: c, altKey: true, bubbles: true }),
        ),
      [key, code] as const,
    );
  await option('™', 'Digit2');
  await expect(page).toHaveURL(new RegExp(`#/doc/${id}/board$`));
  await option('¡', 'Digit1');
  await expect(page).toHaveURL(new RegExp(`#/doc/${id}$`));

  // In a text field the same keys type, and nothing switches.
  await page.getByRole('searchbox').focus();
  await option('™', 'Digit2');
  await expect(page).toHaveURL(new RegExp(`#/doc/${id}$`));
});
