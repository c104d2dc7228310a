/**
 * A tree whose room has revealed a dot vote, a budget round, a scoring round and an
 * anonymous prompt, stored in the page's IndexedDB as if a workshop had left it there
 * (the reveal itself is tested with a real host in room.spec.ts and rounds-wire).
 */
import { expect, type Page } from '@playwright/test';
import * as Y from 'yjs';
import { CanopyDoc, writeRevealedRound, type RoundRecordData } from '../../shared/model';
import { seedDocumentScript } from './seed-document';

export const BETS = ['Bet A', 'Bet B', 'Bet C', 'Bet D', 'Bet E'] as const;
const HOST = { source: 'local' as const, detail: 'reveal' };

export function resultsTree(): Y.Doc {
  const doc = new Y.Doc();
  const model = new CanopyDoc(doc, { actor: 'Fiona' });
  model.initialise({
    title: 'Riverbend bets',
    vision: {
      title: 'Every resident reads',
      children: [
        {
          kind: 'goal',
          title: 'More young readers',
          children: BETS.map((title) => ({ kind: 'bet' as const, title })),
        },
      ],
    },
  });
  const ids = model.tree().order.slice(2);
  const [a, b, c, d, e] = ids as [string, string, string, string, string];
  const at = Date.now() - 10 * 60_000;
  const common = { abstained: 0, unit: '', prompt: '', answers: 0 };
  const rounds: [string, RoundRecordData, string[]][] = [
    [
      'dots1',
      {
        ...common,
        kind: 'dots',
        title: 'Which bets first?',
        at,
        items: ids,
        voters: 6,
        abstained: 1,
        totals: { [a]: 2, [b]: 12, [c]: 5, [d]: 0, [e]: 7 },
        byVoter: [
          { name: 'Ada', dots: { [b]: 3, [e]: 2 } },
          { name: 'Ben', dots: { [b]: 4, [c]: 1 } },
        ],
      },
      [],
    ],
    [
      'fund1',
      {
        ...common,
        kind: 'budget',
        title: 'Fund the bets',
        at: at + 60_000,
        items: [a, b, c],
        voters: 4,
        funding: { [a]: 40_000, [b]: 10_000, [c]: 25_000 },
        unit: '€',
      },
      [],
    ],
    [
      'wsjf1',
      {
        ...common,
        kind: 'score',
        title: 'Prioritise the rest',
        at: at + 120_000,
        items: [d, e],
        voters: 4,
        scores: {
          [d]: { value: 8, time: 5, risk: 3, size: 5, wsjf: 3.2, rank: 1, scorers: 4 },
          [e]: { value: 5, time: 3, risk: 2, size: 8, wsjf: 1.25, rank: 2, scorers: 4 },
        },
      },
      [],
    ],
    [
      'ask1',
      {
        ...common,
        kind: 'prompt',
        title: 'Hard truths',
        at: at + 180_000,
        items: [],
        voters: 0,
        prompt: 'Which truths are hardest to say in review forums?',
      },
      ['That a bet failed', 'Budgets never move', 'Nobody asks the readers'],
    ],
  ];
  for (const [id, record, answers] of rounds) writeRevealedRound(doc, id, record, answers, HOST);
  const cards = model.rounds().cardsByRound.get('ask1')!;
  model.groupAnswer(cards[0]!.id, 'Failure');
  model.groupAnswer(cards[1]!.id, 'Money');
  model.destroy();
  return doc;
}

/** Stores the tree in the page and opens it; returns its id. */
export async function openResultsTree(page: Page, docId = 'results-doc-1'): Promise<string> {
  await page.goto('/');
  await page.evaluate(
    seedDocumentScript(docId, 'Riverbend bets', Y.encodeStateAsUpdate(resultsTree())),
  );
  await page.goto(`/#/doc/${docId}`);
  await expect(page.getByRole('treeitem')).toHaveCount(2 + BETS.length);
  return docId;
}
