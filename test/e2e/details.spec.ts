import { expect, test, type Page } from '@playwright/test';
import { createExample } from './helpers';

const PILOT = 'Initiative: Saturday market pop-up pilot';
const WIFI = 'Instant digital cards work on market Wi-Fi';

async function openDetails(page: Page) {
  await page.getByRole('treeitem', { name: PILOT }).click();
  const details = page.getByRole('complementary', { name: 'Details' });
  await expect(details.getByRole('textbox', { name: 'Title' })).toHaveValue(
    'Saturday market pop-up pilot',
  );
  return details;
}

test('the details panel edits a node, and every edit survives a reload', async ({ page }) => {
  await createExample(page);
  let details = await openDetails(page);
  await expect(details.getByRole('combobox', { name: 'Kind' })).toHaveValue('initiative');
  await expect(details.getByRole('textbox', { name: 'Owner' })).toHaveValue('Amara Osei');

  // Owner: a single-line field commits on Enter.
  const owner = details.getByRole('textbox', { name: 'Owner' });
  await owner.fill('Amara Osei and Tomás Ruiz');
  await owner.press('Enter');
  await expect(owner).toHaveValue('Amara Osei and Tomás Ruiz');

  // Tags: Enter adds one, a comma adds one, a chip's button removes it.
  const addTag = details.getByRole('textbox', { name: 'Add tag' });
  await addTag.fill('weekend');
  await addTag.press('Enter');
  await addTag.pressSequentially('markets,');
  await expect(addTag).toHaveValue('');
  const tags = details.getByRole('list', { name: 'Tags' });
  await expect(tags.getByRole('listitem')).toHaveText([/^markets/, /^pilot/, /^weekend/]);
  await details.getByRole('button', { name: 'Remove tag markets' }).click();
  await expect(tags.getByRole('listitem')).toHaveText([/^pilot/, /^weekend/]);

  // Confidence: set, shown, and clearable.
  const confidence = details.getByRole('slider', { name: 'Confidence' });
  await expect(confidence).toHaveValue('55');
  await confidence.fill('80');
  await expect(details.getByText('80%')).toBeVisible();

  // Hypothesis: multi-line fields commit when they lose focus.
  const believe = details.getByRole('textbox', { name: 'We believe' });
  await believe.fill('a stand at the Saturday market with a children’s story corner');
  await believe.blur();
  const result = details.getByRole('textbox', { name: 'will result in' });
  await result.fill('families signing up together');
  await result.blur();
  const signal = details.getByRole('textbox', { name: 'We will know we have succeeded when' });
  await signal.fill('60 sign-ups a week for four weeks running');
  await signal.blur();

  // A new measure, with an invalid number refused before a valid one is written.
  await details.getByRole('button', { name: 'Add measure' }).click();
  const measure = details.getByRole('group', { name: /^Measure: / }).last();
  const measureName = measure.getByRole('textbox', { name: 'Measure name' });
  await expect(measureName).toBeFocused();
  await measureName.fill('Families signed up');
  await measureName.press('Enter');
  await expect(details.getByRole('group', { name: 'Measure: Families signed up' })).toBeVisible();
  await measure.getByRole('textbox', { name: 'Baseline' }).fill('5');
  await measure.getByRole('textbox', { name: 'Baseline' }).press('Enter');
  const target = measure.getByRole('textbox', { name: 'Target' });
  await target.fill('lots');
  await target.press('Enter');
  await expect(measure.getByRole('alert')).toContainText('Target must be a number');
  await expect(target).toHaveAttribute('aria-invalid', 'true');
  await target.fill('25');
  await target.press('Enter');
  await expect(measure.getByRole('alert')).toHaveCount(0);
  await measure.getByRole('textbox', { name: 'Current' }).fill('10');
  await measure.getByRole('textbox', { name: 'Current' }).press('Enter');
  await measure.getByRole('textbox', { name: 'Unit' }).fill('families');
  await measure.getByRole('textbox', { name: 'Unit' }).press('Enter');
  await measure.getByRole('combobox', { name: 'Direction' }).selectOption('increase');
  await measure.getByLabel('Due date').fill('2027-03-31');
  await measure.getByLabel('Due date').press('Enter');
  await expect(
    measure.getByRole('meter', { name: 'Progress of Families signed up' }),
  ).toHaveAttribute('aria-valuenow', '25');

  // Remove the initiative's only assumption.
  await details.getByRole('button', { name: `Remove assumption ${WIFI}` }).click();
  await expect(details.getByRole('group', { name: /^Assumption: / })).toHaveCount(0);

  // Everything was written to the shared document, hence to storage.
  await page.reload();
  details = await openDetails(page);
  await expect(details.getByRole('textbox', { name: 'Owner' })).toHaveValue(
    'Amara Osei and Tomás Ruiz',
  );
  await expect(details.getByRole('list', { name: 'Tags' }).getByRole('listitem')).toHaveText([
    /^pilot/,
    /^weekend/,
  ]);
  await expect(details.getByRole('slider', { name: 'Confidence' })).toHaveValue('80');
  await expect(details.getByRole('textbox', { name: 'We believe' })).toHaveValue(
    'a stand at the Saturday market with a children’s story corner',
  );
  await expect(details.getByRole('textbox', { name: 'will result in' })).toHaveValue(
    'families signing up together',
  );
  await expect(
    details.getByRole('textbox', { name: 'We will know we have succeeded when' }),
  ).toHaveValue('60 sign-ups a week for four weeks running');
  const saved = details.getByRole('group', { name: 'Measure: Families signed up' });
  await expect(saved.getByRole('textbox', { name: 'Baseline' })).toHaveValue('5');
  await expect(saved.getByRole('textbox', { name: 'Target' })).toHaveValue('25');
  await expect(saved.getByRole('textbox', { name: 'Current' })).toHaveValue('10');
  await expect(saved.getByRole('textbox', { name: 'Unit' })).toHaveValue('families');
  await expect(saved.getByRole('combobox', { name: 'Direction' })).toHaveValue('increase');
  await expect(saved.getByLabel('Due date')).toHaveValue('2027-03-31');
  await expect(
    details.getByRole('group', { name: 'Measure: Weekly sign-ups' }).getByRole('textbox', {
      name: 'Target',
    }),
  ).toHaveValue('40');
  await expect(details.getByRole('button', { name: `Remove assumption ${WIFI}` })).toHaveCount(0);
  await expect(details.getByText('No assumptions yet.')).toBeVisible();

  // Clearing confidence leaves it "not set".
  await details.getByRole('button', { name: 'Clear confidence' }).click();
  await expect(details.getByText('Not set')).toBeVisible();
});

test('a focused draft survives a remote edit; Escape reverts to the shared value', async ({
  context,
}) => {
  const first = await context.newPage();
  const id = await createExample(first);
  const second = await context.newPage();
  await second.goto(`/#/doc/${id}`);
  const here = await openDetails(first);
  const there = await openDetails(second);

  // A draft in the first tab, while the second tab commits another owner.
  const owner = here.getByRole('textbox', { name: 'Owner' });
  await owner.fill('Draft in progress');
  const remoteOwner = there.getByRole('textbox', { name: 'Owner' });
  await remoteOwner.fill('Jonas Berg');
  await remoteOwner.press('Enter');
  await expect(owner).toBeFocused();
  await expect(owner).toHaveValue('Draft in progress');
  await owner.press('Escape');
  await expect(owner).toHaveValue('Jonas Berg');

  // Unfocused fields follow the shared value live.
  const remoteTitle = there.getByRole('textbox', { name: 'Title' });
  await remoteTitle.fill('Saturday market pop-up, season two');
  await remoteTitle.press('Enter');
  await expect(here.getByRole('textbox', { name: 'Title' })).toHaveValue(
    'Saturday market pop-up, season two',
  );
  await expect(
    first.getByRole('treeitem', { name: 'Initiative: Saturday market pop-up, season two' }),
  ).toBeVisible();
});

test('confidence not set shows no value until one is set', async ({ page }) => {
  await createExample(page);
  await page.getByRole('treeitem', { name: /^Goal: More residents/ }).click();
  const details = page.getByRole('complementary', { name: 'Details' });

  // Not set: no slider sitting at a value it does not have, but a way to set one.
  await expect(details.getByText('Not set')).toBeVisible();
  await expect(details.getByRole('slider', { name: 'Confidence' })).toHaveCount(0);
  await details.getByRole('button', { name: 'Set confidence' }).click();
  const slider = details.getByRole('slider', { name: 'Confidence' });
  await expect(slider).toBeFocused();
  await expect(slider).toHaveValue('50');
  await expect(details.getByText('50%')).toBeVisible();
  for (let i = 0; i < 5; i++) await slider.press('ArrowRight');
  await expect(details.getByText('55%')).toBeVisible();

  await page.reload();
  await page.getByRole('treeitem', { name: /^Goal: More residents/ }).click();
  await expect(details.getByRole('slider', { name: 'Confidence' })).toHaveValue('55');
  await details.getByRole('button', { name: 'Clear confidence' }).click();
  await expect(details.getByText('Not set')).toBeVisible();
  await expect(details.getByRole('slider', { name: 'Confidence' })).toHaveCount(0);
  await expect(details.getByRole('button', { name: 'Set confidence' })).toBeFocused();
});
