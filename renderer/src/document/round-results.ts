/**
 * Revealed results as the app shows them: the badge on a card ("● 12", "€40k",
 * "WSJF 3.5 #1") and what it says aloud, the details panel's lines, the board's
 * orders by the latest vote, budget or scoring round. Pure, so the wording and the
 * orders are tested without a page.
 */
import {
  itemValue,
  type ItemResult,
  type RoundKind,
  type RoundRecord,
  type RoundsState,
} from '../../../shared/model';

/** "1st", "2nd", "3rd", "11th", "22nd". */
export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** 1,234 as "1,234"; 40,000 as "40k"; 2,500,000 as "2.5M": what fits on a badge. */
export function compactNumber(n: number): string {
  const short = (x: number, unit: string) =>
    `${(Math.round(x * 10) / 10).toLocaleString('en')}${unit}`;
  if (n >= 1e6) return short(n / 1e6, 'M');
  if (n >= 1e4) return short(n / 1e3, 'k');
  return n.toLocaleString('en');
}

/** A WSJF value as read: one decimal at most. */
export const wsjfText = (n: number) => (Math.round(n * 10) / 10).toLocaleString('en');

/** A currency sign goes before the amount ("€40k"); any other unit after ("40k hours"). */
const isSign = (unit: string) => /^\p{Sc}$/u.test(unit);

/** An amount with its round's unit, whole ("€40,000") or compact for a badge ("€40k"). */
export function amountText(unit: string, n: number, compact = false): string {
  const number = compact ? compactNumber(n) : n.toLocaleString('en');
  if (!unit) return number;
  return isSign(unit) ? `${unit}${number}` : `${number} ${unit}`;
}

/** What a result says in a sentence: "12 dots", "€40,000", "WSJF 3.5". */
export function valueText(result: Pick<ItemResult, 'round' | 'value'>): string {
  const { round, value } = result;
  if (round.kind === 'dots') return `${value} ${value === 1 ? 'dot' : 'dots'}`;
  if (round.kind === 'budget') return amountText(round.unit, value);
  if (round.kind === 'score') return `WSJF ${wsjfText(value)}`;
  return '';
}

/** "2nd of 5". */
export const placeText = (r: Pick<ItemResult, 'place' | 'of'>) => `${ordinal(r.place)} of ${r.of}`;

/** The badge's text, short enough for a card. */
export function badgeText(result: ItemResult): string {
  const { round, value } = result;
  if (round.kind === 'dots') return `● ${value}`;
  if (round.kind === 'budget') return amountText(round.unit, value, true);
  if (round.kind === 'score') return `WSJF ${wsjfText(value)} #${result.place}`;
  return '';
}

/**
 * What the badge says aloud, starting with what it shows (a board card's name must
 * contain its visible text): "12 dots in Which bets first?, 1st of 5", "€40k in Fund
 * the bets, 1st of 3", "WSJF 3.5 #1 of 5 in Prioritise".
 */
export function badgeLabel(result: ItemResult): string {
  const { round } = result;
  if (round.kind === 'score') return `${badgeText(result)} of ${result.of} in ${round.title}`;
  const shown = round.kind === 'budget' ? badgeText(result) : valueText(result);
  return `${shown} in ${round.title}, ${placeText(result)}`;
}

/** The line a decision form offers to cite: "Which bets first? (2nd of 5, 12 dots)". */
export function citeText(result: ItemResult): string {
  return `${result.round.title} (${placeText(result)}, ${valueText(result)})`;
}

/** Each item's latest result of a vote, a budget or a scoring round (prompts rank nothing). */
export function latestResults(state: RoundsState): ReadonlyMap<string, ItemResult> {
  const out = new Map<string, ItemResult>();
  // Oldest first: a later round replaces an earlier one.
  for (const round of state.rounds) {
    if (round.kind === 'prompt') continue;
    round.ranking.forEach((id, i) =>
      out.set(id, { round, place: i + 1, of: round.ranking.length, value: itemValue(round, id) }),
    );
  }
  return out;
}

/** How the board orders the cards within each column. */
export const BOARD_ORDERS = ['board', 'dots', 'budget', 'score'] as const;
export type BoardOrder = (typeof BOARD_ORDERS)[number];

export const BOARD_ORDER_LABEL: Record<BoardOrder, string> = {
  board: 'Board order',
  dots: 'Most votes',
  budget: 'Most funding',
  score: 'WSJF rank',
};

/** The latest revealed round of a kind, if any. */
export function latestRound(state: RoundsState, kind: RoundKind): RoundRecord | null {
  return [...state.rounds].reverse().find((r) => r.kind === kind) ?? null;
}

/** The round that orders the board, or null for the board's own order. */
export function orderingRound(state: RoundsState, order: BoardOrder): RoundRecord | null {
  return order === 'board' ? null : latestRound(state, order);
}

/**
 * Cards in the round's ranking first (best first), then the others in the order they
 * came; stable, so the board's own order breaks ties and orders the rest.
 */
export function sortByRound<T extends { id: string }>(
  cards: readonly T[],
  round: RoundRecord | null,
): T[] {
  if (!round) return [...cards];
  const place = new Map(round.ranking.map((id, i) => [id, i]));
  const at = (id: string) => place.get(id) ?? Infinity;
  return [...cards].sort((a, b) => {
    const pa = at(a.id);
    const pb = at(b.id);
    return pa === pb ? 0 : pa < pb ? -1 : 1;
  });
}

/** Parses a stored board order; anything else is the board's own order. */
export const parseBoardOrder = (raw: string | null): BoardOrder =>
  (BOARD_ORDERS as readonly string[]).includes(raw ?? '') ? (raw as BoardOrder) : 'board';
