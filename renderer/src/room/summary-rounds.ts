/**
 * The session summary's "Votes and prompts": each revealed round with its best items,
 * and each prompt with how many answered and the groups the room made of the answers.
 * Pure, part of buildSummary (summary.ts).
 */
import {
  ROUND_KIND_LABEL,
  itemValue,
  type NodeData,
  type RoundsState,
} from '../../../shared/model';
import { placeText, valueText } from '../document/round-results';

/** Items listed per round: the top of the ranking. */
export const SUMMARY_TOP = 5;
/** A round revealed a little before the agenda started (clocks differ) still counts. */
const CLOCK_SLACK_MS = 60_000;

export interface SummaryRound {
  title: string;
  /** "Dot vote", "Budget", "Scores (WSJF)", "Anonymous prompt". */
  kind: string;
  at: number;
  voters: number;
  abstained: number;
  /** The best items first: "1st of 5", the title, "12 dots". */
  top: { place: string; title: string; value: string }[];
  /** Items ranked beyond the ones listed. */
  more: number;
  /** A prompt's question ('' for a vote). */
  prompt: string;
  answers: number;
  /** The room's groups of answers, largest first; ungrouped answers last, as "". */
  groups: { name: string; answers: string[] }[];
}

export function summaryRounds(
  state: RoundsState,
  nodes: ReadonlyMap<string, NodeData>,
  since: number | null,
): SummaryRound[] {
  const from = since === null ? -Infinity : since - CLOCK_SLACK_MS;
  return state.rounds
    .filter((r) => r.at >= from)
    .map((round) => {
      const top = round.ranking.slice(0, SUMMARY_TOP).map((id, i) => ({
        place: placeText({ place: i + 1, of: round.ranking.length }),
        title: nodes.get(id)?.title || 'Untitled item',
        value: valueText({ round, value: itemValue(round, id) }),
      }));
      const byGroup = new Map<string, string[]>();
      for (const card of state.cardsByRound.get(round.id) ?? []) {
        const list = byGroup.get(card.group) ?? [];
        list.push(card.text);
        byGroup.set(card.group, list);
      }
      const groups = [...byGroup]
        .map(([name, answers]) => ({ name, answers }))
        .sort(
          (a, b) =>
            Number(a.name === '') - Number(b.name === '') ||
            b.answers.length - a.answers.length ||
            a.name.localeCompare(b.name),
        );
      return {
        title: round.title,
        kind: ROUND_KIND_LABEL[round.kind],
        at: round.at,
        voters: round.voters,
        abstained: round.abstained,
        top,
        more: Math.max(0, round.ranking.length - SUMMARY_TOP),
        prompt: round.prompt,
        answers: round.answers,
        groups,
      };
    });
}

/** "6 took part, 1 abstained" / "4 answers from 3 people". */
export function roundTurnout(r: SummaryRound): string {
  if (r.prompt) return `${r.answers} ${r.answers === 1 ? 'answer' : 'answers'}`;
  return `${r.voters} took part${r.abstained ? `, ${r.abstained} abstained` : ''}`;
}

/** A group's heading: "Funding (3)", or "Not grouped (2)". */
export const groupHeading = (g: { name: string; answers: string[] }) =>
  `${g.name || 'Not grouped'} (${g.answers.length})`;
