/**
 * Running the room, end to end: the headless host and three browsers (a facilitator
 * who opened the host's facilitator link, and two participants), each in a context of
 * its own. See room-helpers.ts.
 */
import { expect, test, type Page } from '@playwright/test';
import { joinRoom, startRoom, stepBar, timerSeconds, useTemplate, type Room } from './room-helpers';

let room: Room | null = null;

test.afterEach(async () => {
  await room?.stop();
  room = null;
});

/** The canvas's zoom, as drawn. */
const zoomOf = (page: Page) =>
  page
    .locator('.react-flow__viewport')
    .evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).a);

const tabOf = (page: Page) => /#\/doc\/[^/]+(?:\/(\w+))?$/.exec(page.url())?.[1] ?? 'tree';

test('steps advance for everyone; followers move with the facilitator, but not while typing', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  room = await startRoom();
  const fay = await joinRoom(browser, room, 'Fay', { facilitator: true });
  const ada = await joinRoom(browser, room, 'Ada');
  const bea = await joinRoom(browser, room, 'Bea');

  const console = await useTemplate(fay);
  await console.getByLabel('Everyone follows my view').check();
  await console.getByRole('button', { name: 'Close' }).click();
  await stepBar(fay).getByRole('button', { name: 'Start the agenda' }).click();
  for (const page of [fay, ada, bea]) {
    await expect(stepBar(page)).toContainText('Step 1 of 7');
    await expect(stepBar(page)).toContainText('Check-in and opening prompt');
  }
  // Instructions on demand.
  await stepBar(ada).getByRole('button', { name: 'Instructions' }).click();
  await expect(ada.getByText('One sentence each')).toBeVisible();
  for (const page of [ada, bea])
    await expect(
      stepBar(page).getByRole('status').filter({ hasText: 'Following Fay' }),
    ).toBeVisible();

  // Fay zooms the canvas in: her followers' canvases take her zoom.
  await fay.getByRole('button', { name: 'Zoom In' }).click();
  await fay.getByRole('button', { name: 'Zoom In' }).click();
  await expect
    .poll(async () => Math.abs((await zoomOf(ada)) - (await zoomOf(fay))))
    .toBeLessThan(0.011);
  expect(await zoomOf(bea)).toBeCloseTo(await zoomOf(fay), 1);

  // Bea is typing (renaming the vision) when Fay goes to the board.
  const beaVision = bea
    .getByRole('region', { name: 'Tree canvas' })
    .getByRole('group', { name: /^Vision card: / });
  await beaVision.click();
  await bea.keyboard.press('F2');
  const input = bea.getByRole('textbox', { name: 'Title of vision' });
  await input.fill('Every resident learns');
  await fay.getByRole('tab', { name: 'Board' }).click();
  await expect.poll(() => tabOf(ada)).toBe('board');
  await expect(stepBar(bea)).toContainText('you follow when you finish typing');
  // A round trip later, Bea is still where she types.
  await expect(ada.getByRole('region', { name: 'Workshop step' })).toContainText('Step 1 of 7');
  expect(tabOf(bea)).toBe('tree');
  await expect(input).toBeFocused();
  await input.press('Enter');
  await expect.poll(() => tabOf(bea)).toBe('board');

  // Stop following: Fay's next move leaves Ada where she is; Follow again brings her.
  await stepBar(ada).getByRole('button', { name: 'Stop following' }).click();
  await fay.getByRole('tab', { name: 'Signals' }).click();
  await expect.poll(() => tabOf(bea)).toBe('signals');
  expect(tabOf(ada)).toBe('board');
  await stepBar(ada).getByRole('button', { name: 'Follow again' }).click();
  await expect.poll(() => tabOf(ada)).toBe('signals');

  // Next step for everyone; Bring everyone here moves even those who stopped following.
  await stepBar(ada).getByRole('button', { name: 'Stop following' }).click();
  await stepBar(fay).getByRole('button', { name: 'Next step' }).click();
  for (const page of [fay, ada, bea]) await expect(stepBar(page)).toContainText('Step 2 of 7');
  await fay.getByRole('tab', { name: 'Learning' }).click();
  await stepBar(fay).getByRole('button', { name: 'Console…' }).click();
  await fay.getByRole('button', { name: 'Bring everyone here' }).click();
  await expect.poll(() => tabOf(ada)).toBe('learning');
});

test('the timer reads the same on screens whose clocks are minutes apart', async ({ browser }) => {
  test.setTimeout(120_000);
  room = await startRoom();
  const fay = await joinRoom(browser, room, 'Fay', { facilitator: true, clockSkewMs: -7 * 60_000 });
  const ada = await joinRoom(browser, room, 'Ada', { clockSkewMs: 11 * 60_000 });
  const bea = await joinRoom(browser, room, 'Bea', { clockSkewMs: 3 * 60_000 + 17_000 });
  const pages = [fay, ada, bea];

  const console = await useTemplate(fay);
  await console.getByRole('button', { name: 'Close' }).click();
  await stepBar(fay).getByRole('button', { name: 'Start the agenda' }).click();
  for (const page of pages) await expect(stepBar(page).getByRole('timer')).toBeVisible();

  for (let round = 0; round < 3; round++) {
    const seconds = await Promise.all(pages.map(timerSeconds));
    expect(Math.max(...seconds) - Math.min(...seconds)).toBeLessThanOrEqual(1);
    // The step's time box is 10 minutes, counted from the host's clock.
    for (const s of seconds) expect(s).toBeGreaterThan(9 * 60);
    for (const s of seconds) expect(s).toBeLessThanOrEqual(10 * 60);
  }

  // Paused: every screen says so, at the same time left.
  await stepBar(fay).getByRole('button', { name: 'Pause timer' }).click();
  for (const page of pages)
    await expect(stepBar(page).getByRole('timer')).toHaveAccessibleName(/paused/);
  const paused = await Promise.all(pages.map(timerSeconds));
  expect(new Set(paused).size).toBe(1);
  await stepBar(fay).getByRole('button', { name: 'Add 5 minutes' }).click();
  for (const page of pages) await expect.poll(() => timerSeconds(page)).toBe(paused[0]! + 300);
});

test('the lock makes the tree read-only for participants, with the reason shown', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  room = await startRoom();
  const fay = await joinRoom(browser, room, 'Fay', { facilitator: true });
  const ada = await joinRoom(browser, room, 'Ada');

  await stepBar(fay).getByRole('button', { name: 'Console…' }).click();
  const console = fay.getByRole('dialog', { name: 'Facilitator console' });
  await console.getByLabel('Reason shown to everyone').fill('Silent writing: think first');
  await console.getByRole('button', { name: 'Lock the tree for participants' }).click();
  await console.getByRole('button', { name: 'Close' }).click();

  await expect(stepBar(ada).getByRole('status').filter({ hasText: 'Read-only' })).toHaveText(
    'Read-only for this step: Silent writing: think first',
  );
  await expect(stepBar(fay)).toContainText('Locked for participants: Silent writing');
  // Ada cannot rename: F2 opens no editor; the details are read-only.
  const adaVision = ada
    .getByRole('region', { name: 'Tree canvas' })
    .getByRole('group', { name: /^Vision card: / });
  await adaVision.click();
  await ada.keyboard.press('F2');
  await expect(ada.getByRole('textbox', { name: 'Title of vision' })).toHaveCount(0);
  // Fay still edits; her edit reaches Ada.
  const fayVision = fay
    .getByRole('region', { name: 'Tree canvas' })
    .getByRole('group', { name: /^Vision card: / });
  await fayVision.click();
  await fay.keyboard.press('F2');
  await fay.getByRole('textbox', { name: 'Title of vision' }).fill('Learning for everyone');
  await fay.keyboard.press('Enter');
  await expect(ada.getByRole('treeitem', { name: 'Vision: Learning for everyone' })).toBeVisible();

  // Unlocked: Ada edits again.
  await stepBar(fay).getByRole('button', { name: 'Console…' }).click();
  await console.getByRole('button', { name: 'Unlock the tree' }).click();
  await expect(stepBar(ada).getByText('Read-only')).toHaveCount(0);
  await adaVision.click();
  await ada.keyboard.press('F2');
  await expect(ada.getByRole('textbox', { name: 'Title of vision' })).toBeVisible();
  await ada.keyboard.press('Escape');

  // Fay hands the room to Ada: the console is Ada's now, and a lock applies to Fay.
  await console.getByLabel('New facilitator').selectOption({ label: 'Ada' });
  await console.getByRole('button', { name: 'Hand over the room' }).click();
  await expect(stepBar(ada).getByRole('button', { name: 'Console…' })).toBeVisible();
  await expect(stepBar(fay).getByRole('button', { name: 'Console…' })).toHaveCount(0);
  await stepBar(ada).getByRole('button', { name: 'Console…' }).click();
  const adaConsole = ada.getByRole('dialog', { name: 'Facilitator console' });
  await adaConsole.getByLabel('Reason shown to everyone').fill('Ada is presenting');
  await adaConsole.getByRole('button', { name: 'Lock the tree for participants' }).click();
  await expect(stepBar(fay).getByRole('status').filter({ hasText: 'Read-only' })).toHaveText(
    'Read-only for this step: Ada is presenting',
  );
});

test('the projector shows the step and timer, how to join, and walks the tree with the arrow keys', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  room = await startRoom();
  const fay = await joinRoom(browser, room, 'Fay', { facilitator: true });
  const console = await useTemplate(fay);
  await console.getByRole('button', { name: 'Close' }).click();
  await stepBar(fay).getByRole('button', { name: 'Start the agenda' }).click();

  await stepBar(fay).getByRole('button', { name: 'Console…' }).click();
  const [projector] = await Promise.all([
    fay.context().waitForEvent('page'),
    console.getByRole('button', { name: 'Open the projector view' }).click(),
  ]);
  await expect(projector).toHaveURL(/#\/doc\/[\w-]+\/projector$/);
  await expect(projector.getByRole('heading', { level: 1 })).toHaveText(
    'Check-in and opening prompt',
  );
  await expect(projector.getByRole('timer')).toHaveAccessibleName(/Time left: (10:00|9:\d\d)/);
  await expect(projector.getByRole('img', { name: /QR code to join/ })).toBeVisible();
  await expect(projector.getByText(`http://127.0.0.1:${room.port}/`)).toBeVisible();
  // No chrome: no top bar, no tabs, no buttons.
  await expect(projector.getByRole('button')).toHaveCount(0);
  await expect(projector.getByRole('tab')).toHaveCount(0);

  const item = projector.getByRole('main', { name: 'Projector' }).getByRole('article');
  await expect(item).toHaveAccessibleName(/^Vision 1 of 10: Every resident of Riverbend/);
  await projector.keyboard.press('ArrowRight');
  await expect(item).toHaveAccessibleName(/^Goal 2 of 10: More residents learn with us/);
  await expect(item.getByRole('table', { name: 'Measures' })).toContainText(
    'Monthly active members',
  );
  await projector.keyboard.press('ArrowRight');
  await expect(item).toHaveAccessibleName(/^Bet 3 of 10: Bring the library to where people/);
  await expect(item.getByText('We believe')).toBeVisible();
  await projector.keyboard.press('End');
  await expect(item).toHaveAccessibleName(/ 10 of 10: /);
  await projector.keyboard.press('ArrowLeft');
  await expect(item).toHaveAccessibleName(/ 9 of 10: /);
  await projector.keyboard.press('Home');
  await expect(item).toHaveAccessibleName(/^Vision 1 of 10/);

  // B shows the board; the facilitator's Next changes the projector's step.
  await projector.keyboard.press('b');
  await expect(projector.getByRole('region', { name: 'Board' })).toBeVisible();
  await console.getByRole('button', { name: 'Close' }).click();
  await stepBar(fay).getByRole('button', { name: 'Next step' }).click();
  await expect(projector.getByRole('heading', { level: 1 })).toHaveText(
    'Vision: silent writing, then reveal',
  );
});

test('the summary lists each step’s time and what changed in the tree', async ({ browser }) => {
  test.setTimeout(120_000);
  room = await startRoom();
  const fay = await joinRoom(browser, room, 'Fay', { facilitator: true });
  const ada = await joinRoom(browser, room, 'Ada');
  const console = await useTemplate(fay, 'Quarterly portfolio review (90 minutes)');
  await console.getByRole('button', { name: 'Close' }).click();
  await stepBar(fay).getByRole('button', { name: 'Start the agenda' }).click();
  await expect(stepBar(ada)).toContainText('Step 1 of 6');

  // Ada adds a goal during the step; Fay goes on, then ends the agenda.
  await ada
    .getByRole('region', { name: 'Tree canvas' })
    .getByRole('group', { name: /^Vision card: / })
    .click();
  await ada.keyboard.press('Tab');
  await ada.keyboard.type('Readers in every village');
  await ada.keyboard.press('Enter');
  await expect(fay.getByRole('treeitem', { name: 'Goal: Readers in every village' })).toBeVisible();
  await stepBar(fay).getByRole('button', { name: 'Next step' }).click();
  await stepBar(fay).getByRole('button', { name: 'Console…' }).click();
  await console.getByRole('button', { name: 'End the agenda' }).click();
  await console.getByRole('button', { name: 'Session summary…' }).click();

  const summary = fay.getByRole('main', { name: /^Session summary/ });
  const rows = summary.getByRole('table').getByRole('row');
  await expect(rows.nth(1)).toHaveText(/1\. Check-in\s*5 min\s*(under a minute|1 min)/);
  await expect(rows.nth(2)).toHaveText(
    /2\. Goals and their measures\s*15 min\s*(under a minute|1 min)/,
  );
  await expect(rows.nth(3)).toHaveText(/3\. Flow and signals\s*15 min\s*not reached/);
  await expect(summary.getByRole('list', { name: 'Changes to the tree' })).toContainText(
    'Added goal: Readers in every village',
  );

  // The same as Markdown (a browser download).
  const [download] = await Promise.all([
    fay.waitForEvent('download'),
    fay.getByRole('button', { name: 'Download as Markdown' }).click(),
  ]);
  const text = await (await download.createReadStream()).toArray();
  const markdown = Buffer.concat(text).toString('utf8');
  expect(markdown).toMatch(/\| 1\. Check-in \| 5 min \| (under a minute|1 min) \|/);
  expect(markdown).toContain('- Added goal: Readers in every village');
  // And to print.
  await expect(fay.getByRole('button', { name: 'Print or save as PDF' })).toBeVisible();
});
