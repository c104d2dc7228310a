/**
 * Revealed rounds: the host writes each result once, at the reveal; the room then uses
 * it: answer cards are grouped and turned into evidence, assumptions or items (one
 * action each, one undo step), the top items of a vote move to Ready in one action.
 */
import * as v from 'valibot';
import type * as Y from 'yjs';
import { cardColumn, isCardKind } from '../board';
import type { DocCore } from '../core';
import { CanopyError } from '../errors';
import {
  answerCardsMap,
  AnswerCardSchema,
  ROUND_LIMITS,
  RoundRecordSchema,
  roundsMap,
  type AnswerCard,
  type AnswerUse,
  type RoundRecordData,
} from '../rounds';
import { LIMITS } from '../schema';
import { addEvidence } from './learning';
import { addAssumption } from './entries';
import { addNode } from './tree';
import { appendMove } from './board';

/**
 * Writes a revealed round into a document: its result and, for a prompt, its answers
 * as cards in the order given (already shuffled). For hosts, which hold a bare Y.Doc.
 * Written once: a round already there is left alone (a reveal told twice, a restart).
 * Returns whether it wrote.
 */
export function writeRevealedRound(
  doc: Y.Doc,
  id: string,
  record: RoundRecordData,
  answers: readonly string[],
  origin: unknown,
): boolean {
  const kept = answers
    .slice(0, ROUND_LIMITS.answers)
    .map((t) => t.trim().slice(0, ROUND_LIMITS.answer))
    .filter(Boolean);
  const parsed = v.safeParse(RoundRecordSchema, { ...record, answers: kept.length });
  if (!parsed.success)
    throw new CanopyError('invalidValue', `round result: ${parsed.issues[0]?.message}`);
  const rounds = roundsMap(doc);
  if (rounds.has(id)) return false;
  doc.transact(() => {
    rounds.set(id, parsed.output);
    const cards = answerCardsMap(doc);
    kept.forEach((text, order) =>
      cards.set(`${id}-${order}`, { round: id, text, order, group: '', used: null }),
    );
  }, origin);
  return true;
}

function requireCard(core: DocCore, cardId: string): AnswerCard {
  const parsed = v.safeParse(AnswerCardSchema, core.answerCardsRoot.get(cardId));
  if (!parsed.success) throw new CanopyError('unknownRecord', cardId);
  return { id: cardId, ...parsed.output };
}

/** Puts an answer card in a group ('' takes it out of any). */
export function groupAnswer(core: DocCore, cardId: string, group: string): void {
  const card = requireCard(core, cardId);
  const name = group.trim().slice(0, ROUND_LIMITS.group);
  if (card.group === name) return;
  core.write(() => core.answerCardsRoot.set(cardId, { ...strip(card), group: name }));
}

/**
 * Turns an answer into evidence or an assumption on an item, or into a new item under
 * `nodeId`; the card remembers what it became. One transaction, one undo step.
 */
export function useAnswer(
  core: DocCore,
  cardId: string,
  as: AnswerUse,
  nodeId: string,
  stance: 'supports' | 'contradicts' | 'inconclusive' = 'inconclusive',
): string {
  const card = requireCard(core, cardId);
  if (card.used) throw new CanopyError('invalidValue', 'this answer was used already');
  let id = '';
  core.write(() => {
    if (as === 'evidence')
      id = addEvidence(core, nodeId, {
        summary: card.text,
        stance,
        source: 'Anonymous answer in the workshop',
      });
    else if (as === 'assumption') id = addAssumption(core, nodeId, { text: card.text });
    else id = addNode(core, nodeId, { title: card.text.slice(0, LIMITS.title) });
    core.answerCardsRoot.set(cardId, {
      ...strip(card),
      used: { as, id, nodeId: as === 'item' ? id : nodeId },
    });
  });
  return id;
}

/**
 * Moves the round's top `count` cards that are not yet at `columnId` or past it (nor
 * done, nor stopped) to it, in ranking order: one recorded move each, one transaction.
 * Returns the ids moved.
 */
export function moveTopTo(
  core: DocCore,
  roundId: string,
  count: number,
  columnId: string,
): string[] {
  core.assertWritable();
  const round = core.rounds().rounds.find((r) => r.id === roundId);
  if (!round) throw new CanopyError('unknownRecord', roundId);
  const board = core.board();
  const target = board.columns.findIndex((c) => c.id === columnId);
  if (target < 0) throw new CanopyError('unknownColumn', columnId);
  const picked: { id: string; from: string }[] = [];
  for (const id of round.ranking) {
    if (picked.length >= count) break;
    const node = core.cache.get(id);
    if (!node || node.deleted || !isCardKind(node.kind) || !core.tree().parentOf.has(id)) continue;
    const from = cardColumn(board, id);
    const at = board.columns.findIndex((c) => c.id === from.id);
    if (at >= target || from.stage === 'done' || from.stage === 'stopped') continue;
    picked.push({ id, from: from.id });
  }
  if (picked.length)
    core.writeBoard(() => {
      for (const p of picked) appendMove(core, p.id, p.from, columnId);
    });
  return picked.map((p) => p.id);
}

const strip = ({ id: _id, ...card }: AnswerCard) => card;
