/**
 * Exports that lose nothing: "Export everything" carries every record and re-imports
 * to the same tree, pictures draw whole titles, and the handout of a 50-item tree
 * prints readably, one goal a page.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { expect, test, type Download, type Page } from '@playwright/test';
import * as Y from 'yjs';
import { CanopyDoc, type OutlineItem } from '../../shared/model';
import { seedDocumentScript } from './seed-document';

const SHOTS = process.env.CANOPY_SHOTS ?? '/tmp/canopy-shots';

async function textOf(download: Download): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function fileMenu(page: Page, item: RegExp): Promise<Download> {
  await page.getByText('File', { exact: true }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: item }).click();
  return download;
}

const LONG_TITLE =
  'Two-week free trial with five traders at the Saturday market, then a paid pilot with the ' +
  'council’s business desk if at least three of them renew, measured by repeat visits and ' +
  'sign-ups at https://example.org/riverbend/market-pilot-notes-2026';

/** A tree with evidence, decisions, an edited board and card moves, built as peers would. */
function recordedTree(id: string) {
  let now = Date.UTC(2026, 10, 2, 9);
  const doc = new Y.Doc();
  const model = new CanopyDoc(doc, { actor: 'Ada', now: () => (now += 3_600_000) });
  const root = model.initialise({
    id,
    title: 'Market pilot',
    vision: {
      title: 'Every trader in Riverbend sells online',
      children: [
        {
          title: 'Traders earn more from the market',
          children: [{ title: 'Pop-up help desk', children: [{ title: LONG_TITLE }] }],
        },
      ],
    },
  });
  const [goal] = model.tree().childrenOf.get(root)!;
  const [bet] = model.tree().childrenOf.get(goal!)!;
  const [initiative] = model.tree().childrenOf.get(bet!)!;
  model.updateNode(bet!, { description: 'Why a desk', confidence: 70, owner: 'Kim' });
  const evidence = model.addEvidence(initiative!, {
    summary: 'Four of five traders came back',
    stance: 'supports',
    strength: 'strong',
  });
  model.requestDecision(initiative!, { decider: 'Board' });
  model.recordDecision(initiative!, {
    outcome: 'persevere',
    rationale: 'Traders renew',
    evidence: [evidence],
  });
  const review = model.board().columns.find((c) => c.name === 'Reviewing')!;
  model.updateColumn(review.id, { name: 'Review', wipLimit: 2 });
  model.moveCard(initiative!, review.id);
  model.moveCard(initiative!, 'implementing');
  return { doc, model };
}

test('“Export everything” re-imports to the same tree: evidence, decisions, board and moves', async ({
  page,
  browser,
}) => {
  const { doc } = recordedTree('lossless-doc-1');
  await page.goto('/');
  await page.evaluate(
    seedDocumentScript('lossless-doc-1', 'Market pilot', Y.encodeStateAsUpdate(doc)),
  );
  await page.goto('/#/doc/lossless-doc-1');
  await expect(page.getByRole('treeitem')).toHaveCount(4);
  const json = await textOf(await fileMenu(page, /^Export everything/));

  const other = await (await browser.newContext()).newPage();
  await other.goto('/');
  await other.getByLabel('Open a Canopy, Markdown, JSON, OPML or CSV file').setInputFiles({
    name: 'market.json',
    mimeType: 'application/json',
    buffer: Buffer.from(json),
  });
  await expect(other.getByRole('treeitem')).toHaveCount(4);
  // What the old export lost is there: evidence, the decision, the board.
  await other.getByRole('treeitem', { name: /^Initiative: Two-week free trial/ }).click();
  const details = other.getByRole('complementary', { name: 'Details' });
  await expect(details.getByRole('list', { name: 'Evidence' })).toContainText(
    'Four of five traders came back',
  );
  await expect(details).toContainText('Traders renew');
  await expect(details.getByRole('combobox', { name: 'Board column' })).toHaveValue('implementing');
  await other.getByRole('tab', { name: 'Board' }).click();
  await expect(other.getByRole('heading', { name: /^Review\b/ })).toBeVisible();
  // And exporting the copy gives the same file.
  await other.getByRole('tab', { name: 'Tree' }).click();
  expect(await textOf(await fileMenu(other, /^Export everything/))).toBe(json);
});

test('the SVG picture draws a long title whole, on a taller card', async ({ page }) => {
  const { doc } = recordedTree('svg-doc-1');
  await page.goto('/');
  await page.evaluate(seedDocumentScript('svg-doc-1', 'Market pilot', Y.encodeStateAsUpdate(doc)));
  await page.goto('/#/doc/svg-doc-1');
  await expect(page.getByRole('treeitem')).toHaveCount(4);
  const svg = await textOf(await fileMenu(page, /^Export a picture\s*SVG/));
  expect(svg).not.toContain('…');
  const drawn = [...svg.matchAll(/font-size="15" font-weight="650"[^>]*>([^<]*)</g)]
    .map((m) => m[1])
    .join(' ')
    .replace(/&#39;/g, "'");
  expect(drawn.replace(/\s+/g, '')).toContain(LONG_TITLE.replace(/\s+/g, ''));
  await mkdir(SHOTS, { recursive: true });
  await writeFile(`${SHOTS}/long-title.svg`, svg);
  // In the dark theme the picture takes the dark colours, and still every word.
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await textOf(await fileMenu(page, /^Export a picture\s*SVG/));
  expect(dark).not.toBe(svg);
  expect(dark).not.toContain('…');
  for (const [name, picture] of [
    ['light', svg],
    ['dark', dark],
  ] as const) {
    await page.setContent(picture);
    await page.locator('svg').screenshot({ path: `${SHOTS}/svg-long-title-${name}.png` });
  }
});

/** 50 items: the vision, 5 goals, 3 bets under each, 29 initiatives under the bets. */
function fiftyItems(): OutlineItem {
  const words = ['reach', 'skills', 'trust', 'growth', 'reading', 'access', 'learning'];
  let n = 0;
  const title = (kind: string) =>
    `${kind} ${++n}: ${words[n % words.length]} for ${n % 3 === 0 ? 'every resident of the town, from the youngest to the oldest' : 'Riverbend'}`;
  const goals: OutlineItem[] = [];
  let initiatives = 0;
  for (let g = 0; g < 5; g++) {
    const bets: OutlineItem[] = [];
    for (let b = 0; b < 3; b++) {
      const kids: OutlineItem[] = [];
      for (let i = 0; i < 2 && initiatives < 29; i++, initiatives++)
        kids.push({ title: title('Initiative'), owner: 'Amara Osei' });
      bets.push({ title: title('Bet'), owner: 'Outreach Lead', children: kids });
    }
    goals.push({ title: title('Goal'), children: bets });
  }
  return { title: 'Every resident of Riverbend can learn anything, anytime', children: goals };
}

test('the handout of a 50-item tree prints one goal a page, every title 10 px or more', async ({
  page,
}) => {
  const doc = new Y.Doc();
  new CanopyDoc(doc).initialise({
    id: 'handout-50',
    title: 'Handout of fifty',
    vision: fiftyItems(),
  });
  await page.goto('/');
  await page.evaluate(
    seedDocumentScript('handout-50', 'Handout of fifty', Y.encodeStateAsUpdate(doc)),
  );
  await page.goto('/#/doc/handout-50');
  await expect(page.getByRole('treeitem')).toHaveCount(50);
  await page.getByText('File', { exact: true }).click();
  await page.getByRole('menuitem', { name: /^Handout…/ }).click();
  const handout = page.getByRole('article', { name: 'Handout of fifty' });
  await expect(handout.getByRole('figure', { name: 'The vision and its goals' })).toBeVisible();
  // A page per goal, each with its picture and its items' details.
  const pages = handout.getByRole('region', { name: /^Goal: / });
  await expect(pages).toHaveCount(5);
  for (let i = 0; i < 5; i++)
    await expect(
      pages.nth(i).getByRole('figure', { name: /^Goal: .* and what is under it$/ }),
    ).toHaveCount(1);
  await expect(handout.getByRole('heading', { level: 3 })).toHaveCount(49);

  await mkdir(SHOTS, { recursive: true });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme, media: 'screen' });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SHOTS}/handout-50-${scheme}.png` });
    await pages.first().evaluate((el) => window.scrollTo(0, (el as HTMLElement).offsetTop - 40));
    await page.screenshot({ path: `${SHOTS}/handout-50-goal-${scheme}.png` });
  }

  // On A4 paper (703 CSS px between 12 mm margins) every picture's titles are 10 px or more.
  await page.emulateMedia({ media: 'print', colorScheme: 'light' });
  await page.setViewportSize({ width: 703, height: 1000 });
  const scales = await handout.locator('figure svg').evaluateAll((svgs) =>
    svgs.map((svg) => {
      const box = svg.getBoundingClientRect();
      const view = (svg as SVGSVGElement).viewBox.baseVal;
      return Math.min(box.width / view.width, box.height / view.height);
    }),
  );
  expect(scales).toHaveLength(6);
  for (const scale of scales) expect(15 * scale).toBeGreaterThanOrEqual(10);
  const pdf = await page.pdf({ format: 'A4' });
  await writeFile(`${SHOTS}/handout-50.pdf`, pdf);
  const pageCount = pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)?.length ?? 0;
  expect(pageCount).toBeGreaterThanOrEqual(6);
});
