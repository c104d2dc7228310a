/**
 * Setting a round up, as the facilitator's form sees it: the sets of items a vote is
 * usually about (the bets, the initiatives, the cards of a board column, or a set
 * picked by hand), the form's defaults, what is wrong with it in words, and the round
 * it makes (rounds.ts RoundConfig, which the host checks again).
 */
import {
  cardColumn,
  isCardKind,
  REFLECTION_QUESTIONS,
  type BoardState,
  type NodeData,
} from '../../../../shared/model';
import { MAX_ITEMS, type RoundConfig } from '../../../../shared/sync/room/rounds';

export type RoundKind = RoundConfig['kind'];

export const KIND_LABEL: Record<RoundKind, string> = {
  dots: 'Dot vote',
  budget: 'Budget',
  score: 'Score (WSJF)',
  prompt: 'Anonymous prompt',
};

export const KIND_HINT: Record<RoundKind, string> = {
  dots: 'Each person places dots on the items that matter most.',
  budget: 'Each person gets an equal share of a budget to spread over the items.',
  score:
    'Each person scores value, time criticality, risk reduction and job size on a Fibonacci scale; WSJF ranks the items.',
  prompt: 'Each person answers on their own device; answers are revealed shuffled, without names.',
};

export interface ItemSet {
  /** 'bets', 'initiatives', 'column:<id>' or 'pick'. */
  id: string;
  label: string;
  items: string[];
}

interface DocItems {
  order: readonly string[];
  nodes: ReadonlyMap<string, NodeData>;
  board: BoardState;
}

/** The sets a facilitator expects to vote on, the non-empty ones, bets first. */
export function itemSets(doc: DocItems): ItemSet[] {
  const live = doc.order.map((id) => doc.nodes.get(id)).filter((n): n is NodeData => !!n);
  const ofKind = (kind: NodeData['kind']) => live.filter((n) => n.kind === kind).map((n) => n.id);
  const sets: ItemSet[] = [
    { id: 'bets', label: 'The bets', items: ofKind('bet') },
    { id: 'initiatives', label: 'The initiatives', items: ofKind('initiative') },
  ];
  const cards = live.filter((n) => isCardKind(n.kind));
  for (const column of doc.board.columns) {
    const items = cards
      .filter((n) => cardColumn(doc.board, n.id).id === column.id)
      .map((n) => n.id);
    sets.push({ id: `column:${column.id}`, label: `Cards in ${column.name}`, items });
  }
  return sets.filter((s) => s.items.length > 0);
}

/** What can be picked by hand: every goal, bet and initiative, in the tree's order. */
export function pickable(doc: DocItems): NodeData[] {
  return doc.order
    .map((id) => doc.nodes.get(id))
    .filter((n): n is NodeData => !!n && n.kind !== 'vision');
}

export interface SetupForm {
  kind: RoundKind;
  title: string;
  /** An ItemSet id. */
  itemSet: string;
  /** The hand-picked items (itemSet 'pick'). */
  picked: string[];
  dots: string;
  cap: string;
  mustUseAll: boolean;
  open: boolean;
  budget: string;
  unit: string;
  prompt: string;
}

export const DEFAULT_TITLE: Record<RoundKind, string> = {
  dots: 'Which of these matter most?',
  budget: 'Fund the bets',
  score: 'WSJF scoring',
  prompt: 'Anonymous answers',
};

export function defaultForm(sets: readonly ItemSet[]): SetupForm {
  return {
    kind: 'dots',
    title: DEFAULT_TITLE.dots,
    itemSet: sets[0]?.id ?? 'pick',
    picked: [],
    dots: '3',
    cap: '2',
    mustUseAll: false,
    open: false,
    budget: '100',
    unit: 'points',
    prompt: REFLECTION_QUESTIONS[2],
  };
}

/** The items the form is about. */
export function formItems(form: SetupForm, sets: readonly ItemSet[]): string[] {
  if (form.itemSet === 'pick') return form.picked;
  return sets.find((s) => s.id === form.itemSet)?.items ?? [];
}

export type SetupField = 'title' | 'items' | 'dots' | 'cap' | 'budget' | 'unit' | 'prompt';
export type SetupProblems = Partial<Record<SetupField, string>>;

const whole = (text: string) => (/^\s*\d+\s*$/.test(text) ? Number(text) : NaN);

/** What is wrong with the form, per field, in words; empty when it can start. */
export function setupProblems(form: SetupForm, items: readonly string[]): SetupProblems {
  const p: SetupProblems = {};
  const title = form.title.trim();
  if (!title) p.title = 'Give the round a title: everyone sees it on their screen.';
  else if (title.length > 120)
    p.title = `Keep the title to 120 characters (it has ${title.length}).`;
  if (form.kind === 'prompt') {
    const prompt = form.prompt.trim();
    if (!prompt) p.prompt = 'Write the question people answer.';
    else if (prompt.length > 500)
      p.prompt = `Keep the question to 500 characters (it has ${prompt.length}).`;
    return p;
  }
  if (items.length === 0) p.items = 'Choose at least one item to vote on.';
  else if (items.length > MAX_ITEMS)
    p.items = `A round takes at most ${MAX_ITEMS} items (this has ${items.length}).`;
  if (form.kind === 'dots') {
    const dots = whole(form.dots);
    const cap = whole(form.cap);
    if (!(dots >= 1 && dots <= 100)) p.dots = 'Dots per person: a whole number from 1 to 100.';
    if (!(cap >= 1 && cap <= 100)) p.cap = 'Most dots on one item: a whole number from 1 to 100.';
    else if (dots >= 1 && cap > dots) p.cap = `No more than the dots each person has (${dots}).`;
    if (!p.dots && !p.cap && !p.items && form.mustUseAll && cap * items.length < dots)
      p.dots = `With ${items.length} item${items.length === 1 ? '' : 's'} and at most ${cap} dot${cap === 1 ? '' : 's'} on each, nobody can place ${dots}: lower the dots, raise the cap or leave “must use all dots” off.`;
  }
  if (form.kind === 'budget') {
    const budget = whole(form.budget);
    if (!(budget >= 1 && budget <= 1e9))
      p.budget = 'Budget per person: a whole number from 1 to 1,000,000,000.';
    if (form.unit.trim().length > 12)
      p.unit = 'Keep the unit to 12 characters (e.g. €, k€, points).';
  }
  return p;
}

/** The round the form makes (only when setupProblems is empty). */
export function roundFromForm(form: SetupForm, items: readonly string[]): RoundConfig {
  const title = form.title.trim();
  switch (form.kind) {
    case 'dots':
      return {
        kind: 'dots',
        title,
        items: [...items],
        dots: whole(form.dots),
        cap: whole(form.cap),
        mustUseAll: form.mustUseAll,
        open: form.open,
      };
    case 'budget':
      return {
        kind: 'budget',
        title,
        items: [...items],
        budget: whole(form.budget),
        unit: form.unit.trim(),
      };
    case 'score':
      return { kind: 'score', title, items: [...items] };
    case 'prompt':
      return { kind: 'prompt', title, prompt: form.prompt.trim() };
  }
}
