/**
 * Sealed votes, budgets and anonymous answers, end to end: the headless host, a
 * facilitator (who opened the host's facilitator link) and participants, each in a
 * browser context of their own. Ballots go to the host only; every screen shows its
 * own ballot and how many have voted. See room-helpers.ts.
 */
import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { joinRoom, startRoom, stepBar, type Room } from './room-helpers';

let room: Room | null = null;

test.afterEach(async () => {
  await room?.stop();
  room = null;
});

const BET_A = 'Bring the library to where people already are';
const BET_B = 'Make the digital library effortless';
const BET_C = 'Peer-led skills circles in every branch';
const SHOTS = process.env.CANOPY_SHOTS;

/** The facilitator opens "Start a vote…" from the console. */
async function startVote(page: Page) {
  await stepBar(page).getByRole('button', { name: 'Console…' }).click();
  const console = page.getByRole('dialog', { name: 'Facilitator console' });
  await console.getByRole('button', { name: 'Start a vote…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Start a vote' });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Opens the voting panel from the step bar. */
async function openPanel(page: Page, title: string, verb = 'Vote') {
  await stepBar(page)
    .getByRole('button', { name: `${verb}: ${title}` })
    .click();
  const panel = page.getByRole('dialog', { name: new RegExp(title) });
  await expect(panel).toBeVisible();
  return panel;
}

const addDot = (panel: ReturnType<Page['getByRole']>, item: string) =>
  panel.getByRole('button', { name: `Add a dot to ${item}` }).click();

const voted = (page: Page, n: number, of: number, verb = 'voted') =>
  expect(
    stepBar(page)
      .getByRole('status')
      .filter({ hasText: `${verb}` }),
  ).toHaveText(`${n} of ${of} people have ${verb}`);

async function shoot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

test('a dot vote: late joiner, reload and host restart lose nothing, then the reveal', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  room = await startRoom();
  const fay = await joinRoom(browser, room, 'Fay', { facilitator: true });
  const ada = await joinRoom(browser, room, 'Ada');
  const bea = await joinRoom(browser, room, 'Bea');

  const setup = await startVote(fay);
  await expect(setup.getByRole('radio', { name: /Dot vote/ })).toBeChecked();
  await expect(setup.getByRole('combobox', { name: 'Items' })).toHaveValue('bets');
  await setup.getByLabel('Title').fill('Which bets first?');
  await setup.getByLabel('Dots per person').fill('3');
  await setup.getByLabel('Most dots on one item').fill('2');
  await setup.getByRole('button', { name: 'Open the round' }).click();
  await expect(setup).toBeHidden();
  await voted(fay, 0, 3);

  // Ada places her three dots: at most two on one bet, none once they are all placed.
  const adaPanel = await openPanel(ada, 'Which bets first?');
  await expect(adaPanel.getByRole('listitem')).toHaveText([
    new RegExp(BET_A),
    new RegExp(BET_B),
    new RegExp(BET_C),
  ]);
  await expect(adaPanel.getByText('You have not voted yet.')).toBeVisible();
  await addDot(adaPanel, BET_A);
  await addDot(adaPanel, BET_A);
  await expect(adaPanel.getByRole('button', { name: `Add a dot to ${BET_A}` })).toBeDisabled();
  await addDot(adaPanel, BET_C);
  await expect(adaPanel.getByText('0 dots left')).toBeVisible();
  await expect(adaPanel.getByRole('button', { name: `Add a dot to ${BET_B}` })).toBeDisabled();
  await expect(
    adaPanel.getByText('Your vote is in; you can change it until the reveal.'),
  ).toBeVisible();
  await voted(fay, 1, 3);
  // Participants see how many voted, nothing else.
  await expect(adaPanel.getByText('1 of 3 people have voted')).toBeVisible();
  await shoot(ada, 'participant-voting-light');

  // A reload keeps Ada's dots (the host gives her ballot back).
  await ada.reload();
  await expect(stepBar(ada)).toBeVisible();
  const adaAgain = await openPanel(ada, 'Which bets first?');
  await expect(adaAgain.getByText('0 dots left')).toBeVisible();
  await expect(adaAgain.getByRole('listitem').filter({ hasText: BET_A })).toContainText('2 dots');
  await expect(adaAgain.getByText('Your vote is in')).toBeVisible();
  // She takes one back: one left, and the host holds the new ballot.
  await adaAgain.getByRole('button', { name: `Remove a dot from ${BET_A}` }).click();
  await expect(adaAgain.getByText('1 dot left')).toBeVisible();
  await expect(adaAgain.getByText('Your vote is in')).toBeVisible();

  // A late joiner sees the round and votes.
  const cy = await joinRoom(browser, room, 'Cy');
  await voted(fay, 1, 4);
  const cyPanel = await openPanel(cy, 'Which bets first?');
  await addDot(cyPanel, BET_C);
  await addDot(cyPanel, BET_C);
  await expect(cyPanel.getByText('Your vote is in')).toBeVisible();
  await voted(fay, 2, 4);
  // Bea abstains: she counts as having taken part.
  const beaPanel = await openPanel(bea, 'Which bets first?');
  await beaPanel.getByRole('button', { name: 'Abstain' }).click();
  await expect(
    beaPanel.getByText('You abstained; you can still vote until the reveal.'),
  ).toBeVisible();
  await voted(fay, 3, 4);
  await beaPanel.getByRole('button', { name: 'Close' }).click();

  // The host restarts mid-vote: every ballot comes back from its sealed file.
  await room.restart(async () => {
    // Down: every screen says so, and keeps what it shows.
    await expect(adaAgain.getByText(/connection to the host is down/)).toBeVisible();
    await expect(adaAgain.getByRole('button', { name: `Add a dot to ${BET_B}` })).toBeDisabled();
    await expect(stepBar(fay).getByRole('button', { name: /^Vote:/ })).toHaveCount(0);
  });
  await voted(fay, 3, 4);
  await expect(adaAgain.getByText('1 dot left')).toBeVisible();
  await expect(adaAgain.getByRole('listitem').filter({ hasText: BET_A })).toContainText('1 dot');
  await expect(adaAgain.getByText('Your vote is in')).toBeVisible();
  await adaAgain.getByRole('button', { name: 'Close' }).click();

  // The facilitator reveals: the round closes on every screen, and the result opens.
  await stepBar(fay).getByRole('button', { name: 'Vote: Which bets first?' }).click();
  const fayPanel = fay.getByRole('dialog', { name: /Which bets first\?/ });
  await expect(fayPanel.getByRole('status').first()).toHaveText('3 of 4 people have voted');
  await fayPanel.getByRole('button', { name: 'Reveal' }).click();
  for (const page of [fay, ada, bea, cy]) {
    await expect(stepBar(page).getByRole('button', { name: /^Vote:/ })).toHaveCount(0);
    const results = page.getByRole('dialog', { name: /^Results · Dot vote Which bets first\?/ });
    await expect(
      results.getByRole('list', { name: 'Dot vote result' }).getByRole('listitem'),
    ).toHaveText([
      new RegExp(`${BET_C}.*3 dots`),
      new RegExp(`${BET_A}.*1 dot`),
      new RegExp(`${BET_B}.*0 dots`),
    ]);
    await expect(results.getByText('2 people voted, 1 abstained')).toBeVisible();
  }
  await expect(
    cy.getByRole('dialog', { name: 'Dot vote Which bets first?', exact: true }),
  ).toBeHidden();

  // The facilitator moves the top two to Ready: one recorded move each, seen by all.
  const results = fay.getByRole('dialog', { name: /^Results/ });
  await results.getByLabel('Top').fill('2');
  await results.getByRole('button', { name: 'Move the top 2 to Ready' }).click();
  await expect(results.getByText('Moved 2 to Ready.')).toBeVisible();
  await results.getByRole('button', { name: 'Close' }).click();
  // Reopened from the step bar, after a reload too.
  await bea.reload();
  await stepBar(bea).getByRole('button', { name: 'Results: Which bets first?' }).click();
  await expect(bea.getByRole('dialog', { name: /^Results/ })).toContainText('2 people voted');
});

test('a budget round: the form checks its fields, nobody overspends, then one is revealed', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  room = await startRoom();
  const fay = await joinRoom(browser, room, 'Fay', { facilitator: true });
  const ada = await joinRoom(browser, room, 'Ada');

  const setup = await startVote(fay);
  await setup.getByRole('radio', { name: /Budget/ }).check();
  await expect(setup.getByLabel('Title')).toHaveValue('Fund the bets');
  await setup.getByLabel('Budget per person').fill('');
  await setup.getByLabel('Unit').fill('thousand euros');
  await setup.getByRole('button', { name: 'Open the round' }).click();
  await expect(setup.getByText('Budget per person: a whole number')).toBeVisible();
  await expect(setup.getByText('Keep the unit to 12 characters')).toBeVisible();
  await expect(setup.getByLabel('Budget per person')).toBeFocused();
  await setup.getByLabel('Budget per person').fill('100');
  await setup.getByLabel('Unit').fill('k€');
  await setup.getByRole('button', { name: 'Open the round' }).click();
  await expect(setup).toBeHidden();

  const panel = await openPanel(ada, 'Fund the bets');
  await expect(panel.getByText('100 k€ left')).toBeVisible();
  await panel.getByLabel(`Amount for ${BET_A}`).fill('60');
  await panel.getByLabel(`Amount for ${BET_B}`).fill('50');
  await expect(panel.getByText('That is 10 k€ more than your share: take some off.')).toBeVisible();
  // Over the share, nothing was sent: the host holds the 60 alone.
  await voted(fay, 1, 2);
  await panel.getByLabel(`Amount for ${BET_B}`).fill('4x');
  await expect(panel.getByText(`Amounts are whole numbers: check ${BET_B}.`)).toBeVisible();
  await panel.getByLabel(`Amount for ${BET_B}`).fill('40');
  await expect(panel.getByText('0 k€ left')).toBeVisible();
  await expect(panel.getByText('Your vote is in')).toBeVisible();

  await ada.reload();
  const again = await openPanel(ada, 'Fund the bets');
  await expect(again.getByLabel(`Amount for ${BET_A}`)).toHaveValue('60');
  await expect(again.getByLabel(`Amount for ${BET_B}`)).toHaveValue('40');
  await shoot(ada, 'participant-budget-light');

  // Cancelled: the ballots are discarded after a confirmation.
  await stepBar(fay).getByRole('button', { name: 'Console…' }).click();
  const console = fay.getByRole('dialog', { name: 'Facilitator console' });
  await console.getByRole('button', { name: 'Cancel the vote' }).click();
  await expect(console.getByRole('alertdialog')).toContainText('is discarded, and nobody sees it');
  await console.getByRole('button', { name: 'Keep voting' }).click();
  await expect(console.getByText('1 of 2 people have voted')).toBeVisible();
  await console.getByRole('button', { name: 'Cancel the vote' }).click();
  await console.getByRole('button', { name: 'Discard the ballots' }).click();
  await expect(console.getByRole('button', { name: 'Start a vote…' })).toBeVisible();
  await expect(again).toBeHidden();
  await expect(ada.getByText('The round “Fund the bets” is closed.')).toBeVisible();

  // A second budget round, from start to reveal, with three participants.
  const bea = await joinRoom(browser, room, 'Bea');
  const cy = await joinRoom(browser, room, 'Cy');
  await console.getByRole('button', { name: 'Close' }).click();
  const second = await startVote(fay);
  await second.getByRole('radio', { name: /Budget/ }).check();
  await second.getByLabel('Title').fill('Fund the bets again');
  await second.getByLabel('Budget per person').fill('100');
  await second.getByLabel('Unit').fill('k€');
  await second.getByRole('button', { name: 'Open the round' }).click();
  await expect(second).toBeHidden();
  const spend: [Page, Record<string, string>][] = [
    [ada, { [BET_A]: '70', [BET_B]: '30' }],
    [bea, { [BET_B]: '100' }],
    [cy, { [BET_A]: '20', [BET_C]: '80' }],
  ];
  for (const [page, amounts] of spend) {
    const p = await openPanel(page, 'Fund the bets again');
    for (const [bet, amount] of Object.entries(amounts))
      await p.getByLabel(`Amount for ${bet}`).fill(amount);
    await expect(p.getByText('Your vote is in')).toBeVisible();
    await p.getByRole('button', { name: 'Close' }).click();
  }
  await voted(fay, 3, 4);
  await stepBar(fay).getByRole('button', { name: 'Console…' }).click();
  await fay
    .getByRole('dialog', { name: 'Facilitator console' })
    .getByRole('button', { name: 'Reveal' })
    .click();
  for (const page of [fay, ada, bea, cy]) {
    const results = page.getByRole('dialog', { name: /^Results · Budget Fund the bets again/ });
    await expect(
      results.getByRole('list', { name: 'Budget result' }).getByRole('listitem'),
    ).toHaveText([
      new RegExp(`${BET_B}.*130 k€`),
      new RegExp(`${BET_A}.*90 k€`),
      new RegExp(`${BET_C}.*80 k€`),
    ]);
    await expect(results.getByText('Funded in all: 300 k€, from 3 people voted.')).toBeVisible();
  }
});

test('an anonymous prompt: answers without names, kept until sent, counted per person', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  room = await startRoom();
  const fay = await joinRoom(browser, room, 'Fay', { facilitator: true });
  const ada = await joinRoom(browser, room, 'Ada');
  const bea = await joinRoom(browser, room, 'Bea');

  const setup = await startVote(fay);
  await setup.getByRole('radio', { name: /Anonymous prompt/ }).check();
  await setup
    .getByLabel('Question from the reflection')
    .selectOption('Where does learning get trapped?');
  await expect(setup.getByLabel('Question', { exact: true })).toHaveValue(
    'Where does learning get trapped?',
  );
  await setup.getByLabel('Title').fill('Where learning gets trapped');
  await setup.getByRole('button', { name: 'Open the round' }).click();

  const panel = await openPanel(ada, 'Where learning gets trapped', 'Answer');
  await expect(panel.getByText('Where does learning get trapped?')).toBeVisible();
  await expect(panel.getByText(/without your name/)).toBeVisible();
  const field = panel.getByRole('textbox', { name: 'Your answer' });
  await field.fill('In the quarterly deck nobody reads');
  await panel.getByRole('button', { name: 'Send anonymously' }).click();
  await expect(panel.getByText('You sent 1 answer (up to 20).', { exact: false })).toBeVisible();
  await expect(field).toHaveValue('');
  await field.fill('In the heads of the people who left');
  await panel.getByRole('button', { name: 'Send anonymously' }).click();
  await expect(panel.getByText('You sent 2 answers', { exact: false })).toBeVisible();
  await voted(fay, 1, 3, 'answered');

  const beaPanel = await openPanel(bea, 'Where learning gets trapped', 'Answer');
  await beaPanel.getByRole('textbox', { name: 'Your answer' }).fill('Between teams');
  await beaPanel.getByRole('button', { name: 'Send anonymously' }).click();
  await voted(fay, 2, 3, 'answered');
  await shoot(fay, 'facilitator-mid-prompt-light');

  await stepBar(fay).getByRole('button', { name: 'Console…' }).click();
  await fay
    .getByRole('dialog', { name: 'Facilitator console' })
    .getByRole('button', { name: 'Reveal' })
    .click();
  for (const page of [ada, bea])
    await expect(stepBar(page).getByRole('button', { name: /^Answer:/ })).toHaveCount(0);

  // Revealed as cards, no names; the room groups them and turns one into evidence.
  const results = bea.getByRole('dialog', { name: /^Results · Anonymous prompt/ });
  await expect(results.getByRole('listitem')).toHaveCount(3);
  for (const text of ['In the quarterly deck nobody reads', 'Between teams'])
    await expect(results.getByText(text)).toBeVisible();
  await expect(results).not.toContainText('Ada');
  await results.getByLabel('Use answers on').selectOption({ label: `Bet: ${BET_B}` });
  await results.getByRole('combobox', { name: 'Group of “Between teams”' }).fill('Silos');
  await results.getByRole('combobox', { name: 'Group of “Between teams”' }).press('Enter');
  await expect(results.getByRole('region', { name: 'Group: Silos' })).toContainText(
    'Between teams',
  );
  await results
    .getByRole('button', {
      name: `Turn “In the quarterly deck nobody reads” into evidence on ${BET_B}`,
    })
    .click();
  await expect(results.getByText(`Became evidence on ${BET_B}`)).toBeVisible();
  // Everyone sees what the room did with it.
  await expect(
    ada.getByRole('dialog', { name: /^Results/ }).getByText(`Became evidence on ${BET_B}`),
  ).toBeVisible();
  await shoot(bea, 'answers-revealed-light');
});

test('a WSJF scoring round on the projector: who has voted while open, the ranking after', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  room = await startRoom();
  const fay = await joinRoom(browser, room, 'Fay', { facilitator: true });
  const ada = await joinRoom(browser, room, 'Ada');

  const setup = await startVote(fay);
  await setup.getByRole('radio', { name: 'Score (WSJF)' }).check();
  await setup.getByRole('button', { name: 'Open the round' }).click();
  await stepBar(fay).getByRole('button', { name: 'Console…' }).click();
  const [projector] = await Promise.all([
    fay.context().waitForEvent('page'),
    fay.getByRole('button', { name: 'Open the projector view' }).click(),
  ]);
  const band = projector.getByRole('region', { name: 'Voting now' });
  await expect(band).toContainText('WSJF scoring');
  await expect(band.getByRole('status')).toHaveText('0 of 2 people have voted');

  const panel = await openPanel(ada, 'WSJF scoring');
  const score = async (item: string, value: string, time: string, risk: string, size: string) => {
    await panel.getByLabel(`Value of ${item}`).selectOption(value);
    await panel.getByLabel(`Time criticality of ${item}`).selectOption(time);
    await panel.getByLabel(`Risk reduction of ${item}`).selectOption(risk);
    await panel.getByLabel(`Job size of ${item}`).selectOption(size);
  };
  await score(BET_A, '8', '5', '3', '8');
  await expect(panel.getByText('1 of 3 scored')).toBeVisible();
  await score(BET_B, '13', '8', '5', '2');
  await expect(panel.getByText('Your vote is in')).toBeVisible();
  await expect(band.getByRole('status')).toHaveText('1 of 2 people have voted');

  await fay
    .getByRole('dialog', { name: 'Facilitator console' })
    .getByRole('button', { name: 'Reveal' })
    .click();
  await expect(band).toBeHidden();
  const results = projector.getByRole('article', {
    name: 'Results of scores (wsjf): WSJF scoring',
  });
  const rows = results.getByRole('row');
  // (13 + 8 + 5) / 2 = 13 first; (8 + 5 + 3) / 8 = 2 second; the unscored last.
  await expect(rows.nth(1)).toContainText(BET_B);
  await expect(rows.nth(1).getByRole('cell').last()).toHaveText('13');
  await expect(rows.nth(2)).toContainText(BET_A);
  await expect(rows.nth(2).getByRole('cell').last()).toHaveText('2');
  // T and R switch between the tree and the results.
  await projector.keyboard.press('t');
  await expect(results).toBeHidden();
  await projector.keyboard.press('r');
  await expect(results).toBeVisible();
});

for (const theme of ['light', 'dark'] as const)
  test(`screens for the record, ${theme} (CANOPY_SHOTS=dir)`, async ({ browser }) => {
    test.skip(!SHOTS, 'set CANOPY_SHOTS to a folder to take the screenshots');
    test.setTimeout(120_000);
    room = await startRoom();
    const fay = await joinRoom(browser, room, 'Fay', { facilitator: true, colorScheme: theme });
    const ada = await joinRoom(browser, room, 'Ada', { colorScheme: theme });
    await joinRoom(browser, room, 'Bea', { colorScheme: theme });
    for (const page of [fay, ada]) await page.setViewportSize({ width: 1024, height: 768 });

    const setup = await startVote(fay);
    await setup.getByLabel('Dots per person').fill('5');
    await setup.getByRole('checkbox', { name: /must use all/ }).check();
    await shoot(fay, `facilitator-setup-${theme}`);
    await setup.getByRole('button', { name: 'Open the round' }).click();

    const panel = await openPanel(ada, 'Which of these matter most?');
    await addDot(panel, BET_A);
    await addDot(panel, BET_A);
    await addDot(panel, BET_C);
    await shoot(ada, `participant-voting-${theme}`);
    for (const item of [BET_B, BET_B]) await addDot(panel, item);
    await expect(panel.getByText('Your vote is in')).toBeVisible();
    await panel.getByRole('button', { name: 'Close' }).click();
    await voted(fay, 1, 3);
    await stepBar(fay).getByRole('button', { name: 'Console…' }).click();
    await shoot(fay, `facilitator-mid-vote-${theme}`);
    const console = fay.getByRole('dialog', { name: 'Facilitator console' });
    const [projector] = await Promise.all([
      fay.context().waitForEvent('page'),
      console.getByRole('button', { name: 'Open the projector view' }).click(),
    ]);
    await projector.setViewportSize({ width: 1280, height: 720 });
    await expect(projector.getByRole('region', { name: 'Voting now' })).toBeVisible();
    await shoot(projector, `projector-mid-vote-${theme}`);
    await console.getByRole('button', { name: 'Close' }).click();
    await shoot(fay, `facilitator-bar-${theme}`);
    await stepBar(fay)
      .getByRole('button', { name: /^Vote:/ })
      .click();
    await fay.getByRole('button', { name: 'Reveal' }).click();
    await expect(projector.getByRole('article', { name: /^Results of/ })).toBeVisible();
    await shoot(projector, `projector-reveal-${theme}`);
    await shoot(ada, `participant-results-${theme}`);
  });
