/**
 * The voting screens for the axe sweep (a11y.spec.ts). They need a room (the headless
 * host, a facilitator and a participant), so they run as one walk per theme rather
 * than one fresh page per screen: each step opens a screen and has it checked.
 */
import { expect, type Browser, type Page } from '@playwright/test';
import { joinRoom, startRoom, stepBar } from './room-helpers';

type Check = (page: Page, name: string) => Promise<void>;

const BET_A = 'Bring the library to where people already are';

/** A reveal opens the results on every screen: close them there. */
async function closeResults(...pages: Page[]) {
  for (const page of pages) {
    const results = page.getByRole('dialog', { name: /^Results/ });
    await results.getByRole('button', { name: 'Close' }).click();
    await expect(results).toBeHidden();
  }
}

export async function voteScreens(browser: Browser, theme: 'light' | 'dark', check: Check) {
  const room = await startRoom();
  try {
    const fay = await joinRoom(browser, room, 'Fay', { facilitator: true, colorScheme: theme });
    const ada = await joinRoom(browser, room, 'Ada', { colorScheme: theme });

    // Setting up, with the form's messages shown.
    await stepBar(fay).getByRole('button', { name: 'Console…' }).click();
    const console = fay.getByRole('dialog', { name: 'Facilitator console' });
    await console.getByRole('button', { name: 'Start a vote…' }).click();
    const setup = fay.getByRole('dialog', { name: 'Start a vote' });
    await setup.getByRole('radio', { name: 'Budget' }).check();
    await setup.getByLabel('Budget per person').fill('');
    await setup.getByRole('button', { name: 'Open the round' }).click();
    await expect(setup.getByText('Budget per person: a whole number')).toBeVisible();
    await check(fay, 'start a vote, with a mistake');
    await setup.getByRole('radio', { name: 'Dot vote' }).check();
    await setup.getByRole('combobox', { name: 'Items' }).selectOption('pick');
    await setup.getByRole('checkbox', { name: new RegExp(BET_A) }).check();
    await check(fay, 'start a vote, items by hand');
    await setup.getByRole('combobox', { name: 'Items' }).selectOption('bets');
    await setup.getByRole('button', { name: 'Open the round' }).click();

    // Voting, and the facilitator mid-vote.
    await stepBar(ada)
      .getByRole('button', { name: /^Vote:/ })
      .click();
    const panel = ada.getByRole('dialog', { name: /^Dot vote/ });
    await panel.getByRole('button', { name: `Add a dot to ${BET_A}` }).click();
    await expect(panel.getByText('Your vote is in')).toBeVisible();
    await check(ada, 'voting panel, dots');
    await stepBar(fay).getByRole('button', { name: 'Console…' }).click();
    await expect(console.getByText('1 of 2 people have voted')).toBeVisible();
    await check(fay, 'facilitator console mid-vote');
    await console.getByRole('button', { name: 'Reveal' }).click();
    const results = ada.getByRole('dialog', { name: /^Results/ });
    await expect(results.getByText('1 person voted')).toBeVisible();
    await check(ada, 'results of a dot vote');
    await closeResults(ada, fay);

    // Scores, then a prompt and its answer cards.
    await console.getByRole('button', { name: 'Start a vote…' }).click();
    await setup.getByRole('radio', { name: 'Score (WSJF)' }).check();
    await setup.getByRole('button', { name: 'Open the round' }).click();
    await stepBar(ada)
      .getByRole('button', { name: /^Vote:/ })
      .click();
    const scores = ada.getByRole('dialog', { name: /^Score/ });
    await scores.getByLabel(`Value of ${BET_A}`).selectOption('5');
    await check(ada, 'voting panel, scores');
    await stepBar(fay)
      .getByRole('button', { name: /^Vote:/ })
      .click();
    await fay.getByRole('button', { name: 'Reveal' }).click();
    await closeResults(ada, fay);
    await stepBar(fay).getByRole('button', { name: 'Console…' }).click();
    await console.getByRole('button', { name: 'Start a vote…' }).click();
    await setup.getByRole('radio', { name: 'Anonymous prompt' }).check();
    await check(fay, 'start a vote, a prompt');
    await setup.getByRole('button', { name: 'Open the round' }).click();
    await stepBar(ada)
      .getByRole('button', { name: /^Answer:/ })
      .click();
    const prompt = ada.getByRole('dialog', { name: /^Anonymous prompt/ });
    await prompt.getByRole('textbox', { name: 'Your answer' }).fill('Review decks');
    await prompt.getByRole('button', { name: 'Send anonymously' }).click();
    await expect(prompt.getByText('You sent 1 answer', { exact: false })).toBeVisible();
    await check(ada, 'voting panel, anonymous prompt');
    await stepBar(fay)
      .getByRole('button', { name: /^Answer:/ })
      .click();
    await fay.getByRole('button', { name: 'Reveal' }).click();
    await expect(
      ada.getByRole('dialog', { name: /^Results/ }).getByText('Review decks'),
    ).toBeVisible();
    await check(ada, 'results, answer cards');

    // The projector with the latest results.
    const id = /#\/doc\/([^/]+)/.exec(ada.url())![1]!;
    await ada.goto(`http://127.0.0.1:${room.port}/#/doc/${id}/projector`);
    await expect(ada.getByRole('main', { name: 'Projector' })).toBeVisible();
    await expect(ada.getByText('R results')).toBeVisible();
    await ada.keyboard.press('r');
    await expect(ada.getByRole('article', { name: /^Results of/ })).toBeVisible();
    await check(ada, 'projector with results');
  } finally {
    await room.stop();
  }
}
