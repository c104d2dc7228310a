/** A tree with every field a file format carries, and a way to compare two trees. */
import * as Y from 'yjs';
import { initialiseImported, type ImportedTree } from '../../../shared/files/tree-io';
import { CanopyDoc, templateById, type OutlineItem } from '../../../shared/model';

/** The example tree with fields, awkward titles and cards in several columns. */
export function richExample() {
  let now = Date.UTC(2026, 10, 2, 9);
  const model = new CanopyDoc(new Y.Doc(), { actor: 'Ada', now: () => (now += 60_000) });
  const template = templateById('example');
  model.initialise({ title: 'Libraries & “reading” — 2027', vision: template.vision });
  const byTitle = (start: string) =>
    model.tree().order.find((id) => model.node(id)!.title.startsWith(start))!;
  const bet = byTitle('Bring the library');
  const initiative = byTitle('Saturday market');
  model.updateNode(bet, {
    title: '=HYPERLINK("x") <b>bold</b> & "quotes", é 😀',
    description: 'Why: reach\nSecond line, with a comma; and "quotes"',
    owner: 'Zoë',
    confidence: 62,
    investment: '2 people',
    hypothesis: { believe: 'pop-ups', result: 'more members', signal: '40 sign-ups' },
  });
  model.addTag(bet, 'outreach');
  model.addTag(bet, 'q1 pilot');
  const measure = model.addMeasure(bet, {
    name: 'Visits: weekly',
    baseline: 10,
    target: 40.5,
    unit: 'people',
    due: '2027-03-31',
  });
  model.updateMeasure(bet, measure, { current: 22 });
  model.addMeasure(bet, { name: 'Cost', direction: 'decrease' });
  model.addAssumption(bet, { text: 'People come', risk: 'high' });
  model.moveCard(bet, 'reviewing');
  model.moveCard(initiative, 'implementing');
  return model;
}

/** An imported file as a new document. */
export function asDocument(imported: ImportedTree, actor = 'Bea') {
  const model = new CanopyDoc(new Y.Doc(), { actor });
  initialiseImported(model, imported);
  return model;
}

/** The tree as a comparable value: every item's fields, with measures' figures. */
export function shape(model: CanopyDoc, keep: Array<keyof OutlineItem> | null = null) {
  const rootId = model.tree().rootId!;
  const pick = (item: OutlineItem): unknown => {
    const { children, ...fields } = item;
    const kept = keep
      ? Object.fromEntries(Object.entries(fields).filter(([k]) => keep.includes(k as never)))
      : { ...fields, tags: [...(fields.tags ?? [])].sort() };
    return { ...kept, children: (children ?? []).map(pick) };
  };
  return pick(model.outline(rootId));
}

/** Each card's column, by title. */
export const columns = (model: CanopyDoc) =>
  Object.fromEntries(
    model
      .tree()
      .order.map((id) => model.node(id)!)
      .filter((n) => n.kind === 'bet' || n.kind === 'initiative')
      .map((n) => [n.title, model.cardColumn(n.id).name]),
  );
