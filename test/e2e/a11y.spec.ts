/**
 * Accessibility sweep: every screen and dialog, in the light and the dark theme,
 * checked with axe-core (every rule, the experimental ones included). A screen passes
 * with no serious or critical violation and an h1. The counts per screen are printed
 * (`axe light · board: 0 serious, 0 critical, 2 moderate, 0 minor`).
 *
 * To add a screen: add an entry to SCREENS, a name and a function that opens it from
 * a fresh page (a new browser context per test: nothing carries over). Screens that
 * need a room are walked through one room per theme (a11y-vote-screens.ts).
 * CANOPY_AXE_REPORT=<dir> also writes every screen's violations, all impacts, as JSON.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { expect, test, type Page } from '@playwright/test';
import { resultsScreens } from './a11y-results-screens';
import { roomScreens, type Screen } from './a11y-room-screens';
import { voteScreens } from './a11y-vote-screens';
import { createExample, EXAMPLE_NODE_COUNT } from './helpers';

// Evaluated rather than added as a <script>: the app's Content-Security-Policy refuses
// inline scripts, and rightly so.
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const details = (page: Page) => page.getByRole('complementary', { name: 'Details' });

async function selectItem(page: Page, name: RegExp) {
  await page.getByRole('treeitem', { name }).click();
  await expect(details(page)).toBeVisible();
}

async function addEvidence(page: Page) {
  await selectItem(page, /^Initiative: Saturday market pop-up pilot/);
  await details(page).getByRole('button', { name: 'Add evidence' }).click();
  const form = details(page).getByRole('form', { name: 'New evidence' });
  await form.getByRole('textbox', { name: 'What was observed' }).fill('Queue by 10 am');
  await form.getByRole('textbox', { name: /^Source/ }).fill('https://example.org/notes');
  await form.getByRole('button', { name: 'Save evidence' }).click();
  await expect(details(page).getByRole('list', { name: 'Evidence' })).toContainText(
    'Queue by 10 am',
  );
}

async function openTab(page: Page, name: string) {
  await createExample(page);
  await page.getByRole('tab', { name }).click();
}

async function fileMenu(page: Page, item?: RegExp) {
  await page.getByText('File', { exact: true }).click();
  await expect(page.getByRole('menu', { name: 'File' })).toBeVisible();
  if (item) await page.getByRole('menuitem', { name: item }).click();
}

/** The command palette (Ctrl+K), or the context menu of a canvas card or a board card. */
async function openMenu(page: Page, what: 'palette' | 'card' | 'board card') {
  await (what === 'board card' ? openTab(page, 'Board') : createExample(page));
  if (what === 'palette') {
    await page.getByRole('region', { name: 'Tree canvas' }).focus();
    await page.keyboard.press('Control+k');
    await page.keyboard.type('add');
  } else if (what === 'card') {
    const card = page.getByRole('group', { name: /^Initiative card: Saturday market/ });
    await card.click({ button: 'right' });
  } else {
    await page.getByRole('button', { name: /^Initiative: Saturday market/ }).focus();
    await page.keyboard.press('Shift+F10');
  }
  const shown = what === 'palette' ? page.getByRole('option') : page.getByRole('menuitem');
  await expect(shown.first()).toBeVisible();
}

async function historyWithSnapshot(page: Page) {
  await createExample(page);
  await fileMenu(page, /^History…/);
  const history = page.getByRole('dialog', { name: 'History' });
  await history.getByRole('textbox', { name: 'Snapshot name' }).fill('Before the workshop');
  await history.getByRole('button', { name: 'Take a snapshot' }).click();
  await expect(history.getByRole('list', { name: 'Snapshots' })).toContainText(
    'Before the workshop',
  );
  return history;
}

/** A private draft with a goal and a bet under it, opened. */
async function makeDraft(page: Page) {
  await page.goto('/');
  await page
    .getByRole('region', { name: 'Private drafts' })
    .getByRole('button', { name: 'New draft' })
    .click();
  const rows = page.getByRole('tree', { name: /Outline of/ }).getByRole('treeitem');
  await rows.first().click();
  await page.keyboard.press('Tab');
  await page.keyboard.type('Only in my head');
  await page.keyboard.press('Enter');
  await expect(rows).toHaveCount(2);
}

const SCREENS: Screen[] = [
  {
    name: 'home',
    async open(page) {
      await page.goto('/');
      await expect(page.getByRole('heading', { name: 'Your trees' })).toBeVisible();
    },
  },
  {
    name: 'home with trees and drafts',
    async open(page) {
      await makeDraft(page);
      await createExample(page);
      await page.getByRole('button', { name: 'Back to all trees' }).click();
      await expect(page.getByRole('list', { name: 'Private drafts' })).toBeVisible();
    },
  },
  {
    name: 'join dialog',
    async open(page) {
      await page.goto('/');
      await page.getByRole('button', { name: 'Join a workshop' }).click();
      await expect(page.getByRole('dialog', { name: 'Join a workshop' })).toBeVisible();
    },
  },
  {
    name: 'team invitation dialog',
    async open(page) {
      await page.goto('/');
      await page.getByRole('button', { name: 'Join a team tree' }).click();
      await expect(page.getByRole('dialog', { name: 'Join a team tree' })).toBeVisible();
    },
  },
  {
    name: 'shortcut sheet',
    async open(page) {
      await createExample(page);
      await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
      await expect(page.getByRole('dialog', { name: /shortcuts/i })).toBeVisible();
    },
  },
  {
    name: 'missing tree',
    async open(page) {
      await page.goto('/#/doc/no-such-tree');
      await expect(page.getByRole('button', { name: 'Back to all trees' })).toBeVisible();
    },
  },
  {
    name: 'tree: canvas and outline',
    async open(page) {
      await createExample(page);
      await expect(page.getByRole('group', { name: /^Vision card: / })).toBeVisible();
    },
  },
  {
    name: 'outline: renaming an item',
    async open(page) {
      await createExample(page);
      await page.getByRole('treeitem', { name: /^Goal: More residents/ }).dblclick();
      await expect(
        page.getByRole('tree').getByRole('textbox', { name: 'Title of goal' }),
      ).toBeVisible();
    },
  },
  {
    name: 'details panel with evidence',
    async open(page) {
      await createExample(page);
      await addEvidence(page);
    },
  },
  {
    name: 'details: recording a stop',
    async open(page) {
      await createExample(page);
      await selectItem(page, /^Bet: Bring the library/);
      await details(page).getByRole('button', { name: 'Record a decision' }).click();
      const record = details(page).getByRole('form', { name: 'Record a decision' });
      await record.getByRole('combobox', { name: 'Decision' }).selectOption('stop');
      await expect(record.getByRole('checkbox', { name: /^Also stop/ })).toBeVisible();
    },
  },
  {
    name: 'stopped bet (canvas, outline, details)',
    async open(page) {
      await createExample(page);
      await selectItem(page, /^Bet: Peer-led skills circles/);
      await details(page).getByRole('button', { name: 'Record a decision' }).click();
      const record = details(page).getByRole('form', { name: 'Record a decision' });
      await record.getByRole('combobox', { name: 'Decision' }).selectOption('stop');
      await record.getByRole('textbox', { name: /What we learned/ }).fill('No volunteers');
      await record.getByRole('checkbox', { name: /^Also stop/ }).uncheck();
      await record.getByRole('button', { name: 'Record decision' }).click();
      await expect(
        details(page).getByRole('button', { name: /^Stop the 1 item still running/ }),
      ).toBeVisible();
    },
  },
  {
    name: 'rename notice',
    async open(page) {
      const id = await createExample(page);
      const other = await page.context().newPage();
      await other.goto(`/#/doc/${id}`);
      await expect(other.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT);
      await page.getByRole('treeitem', { name: /^Vision: / }).dblclick();
      await page.getByRole('tree').getByRole('textbox').fill('Vision from this window');
      await other.getByRole('treeitem', { name: /^Vision: / }).dblclick();
      const theirs = other.getByRole('tree').getByRole('textbox');
      await theirs.fill('Vision from the other window');
      await theirs.press('Enter');
      await expect(
        page.getByRole('group', { name: 'Vision card: Vision from the other window' }),
      ).toBeVisible();
      await page.getByRole('tree').getByRole('textbox').press('Enter');
      await expect(
        page.getByRole('status').filter({ hasText: 'while you were editing' }),
      ).toBeVisible();
      await other.close();
    },
  },
  {
    name: 'quick evidence',
    async open(page) {
      await createExample(page);
      await page
        .getByRole('group', { name: 'Initiative card: Saturday market pop-up pilot' })
        .click();
      await page.keyboard.press('Alt+e');
      await expect(page.getByRole('dialog', { name: /^Evidence for / })).toBeVisible();
    },
  },
  { name: 'command palette', open: (page) => openMenu(page, 'palette') },
  { name: 'context menu of a card', open: (page) => openMenu(page, 'card') },
  { name: 'context menu of a board card', open: (page) => openMenu(page, 'board card') },
  {
    name: 'board',
    async open(page) {
      await openTab(page, 'Board');
      await expect(page.getByRole('list', { name: /^Funnel:/ })).toBeVisible();
    },
  },
  {
    name: 'board: column dialog',
    async open(page) {
      await openTab(page, 'Board');
      await page.getByRole('button', { name: 'Settings of column Implementing' }).click();
      await expect(page.getByRole('dialog', { name: 'Column Implementing' })).toBeVisible();
    },
  },
  {
    name: 'board: card details',
    async open(page) {
      await openTab(page, 'Board');
      await page.getByRole('button', { name: /^Initiative: Saturday market/ }).click();
      await expect(details(page)).toBeVisible();
    },
  },
  {
    name: 'signals',
    async open(page) {
      await openTab(page, 'Signals');
      await expect(page.getByRole('region', { name: /^Bets without measures/ })).toBeVisible();
    },
  },
  {
    name: 'flow',
    async open(page) {
      await openTab(page, 'Flow');
      await expect(page.getByRole('figure', { name: /^Cumulative flow/ })).toBeVisible();
    },
  },
  {
    name: 'learning timeline',
    async open(page) {
      await createExample(page);
      await addEvidence(page);
      await page.getByRole('tab', { name: 'Learning' }).click();
      await expect(page.getByRole('region', { name: 'Learning timeline' })).toContainText(
        'Queue by 10 am',
      );
    },
  },
  {
    name: 'file menu',
    async open(page) {
      await createExample(page);
      await fileMenu(page);
    },
  },
  {
    name: 'history',
    async open(page) {
      await historyWithSnapshot(page);
    },
  },
  {
    name: 'snapshot view',
    async open(page) {
      const history = await historyWithSnapshot(page);
      await history.getByRole('button', { name: 'View snapshot Before the workshop' }).click();
      await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT);
    },
  },
  {
    name: 'handout',
    async open(page) {
      await createExample(page);
      await fileMenu(page, /^Handout…/);
      await expect(
        page.getByRole('article', { name: 'Riverbend Libraries strategy' }),
      ).toBeVisible();
    },
  },
  {
    name: 'share panel',
    async open(page) {
      await createExample(page);
      await page.getByRole('button', { name: 'Share' }).click();
      await expect(page.getByRole('dialog', { name: 'Share this tree' })).toBeVisible();
    },
  },
  ...roomScreens(fileMenu),
  ...resultsScreens,
  {
    name: 'draft with propose dialog',
    async open(page) {
      await createExample(page);
      await makeDraft(page);
      await page.getByRole('treeitem', { name: /^Goal: Only in my head/ }).click();
      await page.getByRole('button', { name: 'Propose to tree…' }).click();
      await expect(page.getByRole('dialog', { name: 'Propose to a tree' })).toBeVisible();
    },
  },
];

interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

/** Runs axe-core in the page: every rule, the experimental ones too. */
async function runAxe(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: any }).axe; // eslint-disable-line @typescript-eslint/no-explicit-any
    const rules = Object.fromEntries(
      (axe.getRules() as Array<{ ruleId: string; tags: string[] }>)
        .filter((r) => r.tags.includes('experimental'))
        .map((r) => [r.ruleId, { enabled: true }]),
    );
    const result = await axe.run(document, { rules, resultTypes: ['violations'] });
    return (result.violations as AxeViolation[]).map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
}

const counts: string[] = [];

/** Runs axe on what `page` shows now; fails on a serious or critical violation, or no h1. */
async function sweep(page: Page, theme: 'light' | 'dark', name: string) {
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
  const violations = await runAxe(page);
  const by = (impact: string) =>
    violations.filter((v) => v.impact === impact).reduce((n, v) => n + v.nodes.length, 0);
  const line = `axe ${theme} · ${name}: ${by('serious')} serious, ${by('critical')} critical, ${by('moderate')} moderate, ${by('minor')} minor`;
  counts.push(line);
  console.log(line);
  const report = process.env.CANOPY_AXE_REPORT;
  if (report) {
    mkdirSync(report, { recursive: true });
    const file = `${theme}-${name.replace(/[^a-z0-9]+/gi, '-')}.json`;
    writeFileSync(path.join(report, file), JSON.stringify(violations, null, 2));
  }
  const blocking = violations
    .filter(
      (v) => v.impact === 'serious' || v.impact === 'critical' || v.id === 'page-has-heading-one',
    )
    .map(
      (v) =>
        `${v.id} (${v.impact}, ${v.nodes.length}×): ${v.help}\n    ${v.nodes
          .slice(0, 5)
          .map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`)
          .join('\n    ')}`,
    );
  expect(blocking, blocking.join('\n')).toEqual([]);
  expect(await page.locator('h1').count()).toBeGreaterThan(0);
}

for (const theme of ['light', 'dark'] as const) {
  test.describe(`axe, ${theme} theme`, () => {
    test.use({ colorScheme: theme, viewport: { width: 1280, height: 800 } });

    for (const screen of SCREENS) {
      test(`${screen.name}`, async ({ page }) => {
        await screen.open(page);
        await sweep(page, theme, screen.name);
      });
    }

    test('votes in a room (host, facilitator, participant)', async ({ browser }) => {
      test.setTimeout(180_000);
      await voteScreens(browser, theme, (page, name) => sweep(page, theme, name));
    });
  });
}

test.afterAll(() => {
  if (counts.length) console.log(`axe sweep, ${counts.length} screens:\n${counts.join('\n')}`);
});
