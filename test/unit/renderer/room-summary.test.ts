import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { changedSince } from '../../../shared/files/changes';
import { CanopyDoc, REFLECTION_QUESTIONS, writeRevealedRound } from '../../../shared/model';
import {
  groupHeading,
  roundTurnout,
  type SummaryRound,
} from '../../../renderer/src/room/summary-rounds';
import { buildSummary, minutesText, summaryMarkdown } from '../../../renderer/src/room/summary';

const MIN = 60_000;

function treeView(model: CanopyDoc) {
  const tree = model.tree();
  return { ...tree, nodes: new Map(tree.order.map((id) => [id, model.node(id)!])) };
}

describe('the session summary', () => {
  it('lists step times, tree changes since the start, evidence, decisions and answers', () => {
    const clock = { now: Date.UTC(2026, 11, 2, 9) };
    const model = new CanopyDoc(new Y.Doc(), { actor: 'Fay', now: () => clock.now });
    model.initialise({
      title: 'Riverbend',
      vision: { title: 'Vision', children: [{ title: 'Old goal', kind: 'goal' }] },
    });
    const [vision, oldGoal] = model.tree().order as [string, string];
    const bet = model.addNode(oldGoal, { title: 'Early bet', kind: 'bet' });
    model.addEvidence(bet, { summary: 'Before the workshop', stance: 'supports' });
    model.applyAgendaTemplate('portfolio-review');
    const start = treeView(model);
    clock.now += MIN;
    model.goToStep(0);
    clock.now += 4 * MIN;
    model.goToStep(1);
    model.addNode(vision, { title: 'New goal', kind: 'goal' });
    model.updateNode(oldGoal, { title: 'Renamed goal' });
    model.addEvidence(bet, { summary: '12 sign-ups', stance: 'contradicts' });
    model.recordDecision(bet, { outcome: 'pivot', rationale: 'Weekends only' });
    model.addReflection(REFLECTION_QUESTIONS[3], 'In slide | decks', 'Ada');
    clock.now += 16 * MIN + 30_000;
    model.goToStep(model.workshop().agenda.length);
    clock.now += 60 * MIN;

    const summary = buildSummary({
      title: 'Riverbend',
      workshop: model.workshop(),
      nodes: treeView(model).nodes,
      learning: model.learning(),
      rounds: model.rounds(),
      changes: changedSince(start, treeView(model)),
      now: clock.now,
    });
    expect(summary.steps.map((s) => [s.title, minutesText(s.spentMs)])).toEqual([
      ['Check-in', '4 min'],
      ['Goals and their measures', '17 min'],
      ['Flow and signals', '0 min'],
      ['Evidence per bet', '0 min'],
      ['Decide: persevere, pivot or stop', '0 min'],
      ['Reflection', '0 min'],
    ]);
    expect(summary.steps[2]!.startedAt).toBeNull();
    expect(summary.changes!.added).toEqual([{ kind: 'Goal', title: 'New goal' }]);
    expect(summary.changes!.changed.map((c) => c.title)).toContain('Renamed goal');
    expect(summary.evidence.map((e) => e.summary)).toEqual(['12 sign-ups']);
    expect(summary.decisions).toEqual([
      { on: 'Early bet', outcome: 'pivot', rationale: 'Weekends only', by: 'Fay' },
    ]);

    const md = summaryMarkdown(summary, () => 'then');
    expect(md).toContain('| 2. Goals and their measures | 15 min | 17 min |');
    expect(md).toContain('| 3. Flow and signals | 15 min | not reached |');
    expect(md).toContain('- Added goal: New goal');
    expect(md).toContain('- Early bet: Pivot — Weekends only (Fay)');
    expect(md).toContain(`### ${REFLECTION_QUESTIONS[3]}`);
    // A pipe in an answer cannot break the Markdown.
    expect(md).toContain('- In slide \\| decks — Ada');
    expect(md).not.toContain('Before the workshop');
  });

  it('says so when this computer has no snapshot of the start', () => {
    const model = new CanopyDoc(new Y.Doc());
    model.initialise({ title: 'T', vision: { title: 'V' } });
    const summary = buildSummary({
      title: 'T',
      workshop: model.workshop(),
      nodes: new Map(),
      learning: model.learning(),
      rounds: model.rounds(),
      changes: null,
      now: 0,
    });
    expect(summaryMarkdown(summary, String)).toContain('changes not known');
    expect(summaryMarkdown(summary, String)).toContain('## Votes and prompts\n\nNone revealed.');
  });

  it('lists each revealed round with its best items, and prompts with their groups', () => {
    const clock = { now: Date.UTC(2026, 11, 2, 9) };
    const model = new CanopyDoc(new Y.Doc(), { actor: 'Fay', now: () => clock.now });
    model.initialise({
      title: 'Riverbend',
      vision: {
        title: 'Vision',
        children: [
          {
            title: 'Goal',
            kind: 'goal',
            children: ['A', 'B', 'C', 'D', 'E', 'F'].map((t) => ({
              kind: 'bet',
              title: `Bet ${t}`,
            })),
          },
        ],
      },
    });
    const bets = model.tree().order.slice(2);
    const host = { source: 'local' as const, detail: 'reveal' };
    // Before the agenda started: not this session's.
    writeRevealedRound(
      model.ydoc,
      'old',
      {
        kind: 'dots',
        title: 'Last quarter',
        at: clock.now - 3_600_000,
        items: bets,
        voters: 2,
        abstained: 0,
        totals: {},
        unit: '',
        prompt: '',
        answers: 0,
      },
      [],
      host,
    );
    model.applyAgendaTemplate('portfolio-review');
    model.goToStep(0);
    clock.now += 10 * MIN;
    writeRevealedRound(
      model.ydoc,
      'fund',
      {
        kind: 'budget',
        title: 'Fund the bets',
        at: clock.now,
        items: bets,
        voters: 4,
        abstained: 1,
        funding: Object.fromEntries(bets.map((id, i) => [id, (i + 1) * 10_000])),
        unit: '€',
        prompt: '',
        answers: 0,
      },
      [],
      host,
    );
    writeRevealedRound(
      model.ydoc,
      'ask',
      {
        kind: 'prompt',
        title: 'Hard truths',
        at: clock.now + 1,
        items: [],
        voters: 0,
        abstained: 0,
        unit: '',
        prompt: 'What is hard | to say?',
        answers: 0,
      },
      ['Budgets are fixed', 'Nobody stops bets', 'We fear the review'],
      host,
    );
    const cards = model.rounds().cardsByRound.get('ask')!;
    model.groupAnswer(cards[0]!.id, 'Money');
    model.groupAnswer(cards[2]!.id, 'Culture');
    model.groupAnswer(cards[1]!.id, 'Culture');

    const summary = buildSummary({
      title: 'Riverbend',
      workshop: model.workshop(),
      nodes: treeView(model).nodes,
      learning: model.learning(),
      rounds: model.rounds(),
      changes: null,
      now: clock.now,
    });
    expect(summary.rounds.map((r) => r.title)).toEqual(['Fund the bets', 'Hard truths']);
    const [fund, ask] = summary.rounds as [SummaryRound, SummaryRound];
    expect(fund.top).toEqual([
      { place: '1st of 6', title: 'Bet F', value: '€60,000' },
      { place: '2nd of 6', title: 'Bet E', value: '€50,000' },
      { place: '3rd of 6', title: 'Bet D', value: '€40,000' },
      { place: '4th of 6', title: 'Bet C', value: '€30,000' },
      { place: '5th of 6', title: 'Bet B', value: '€20,000' },
    ]);
    expect(fund.more).toBe(1);
    expect(roundTurnout(fund)).toBe('4 took part, 1 abstained');
    expect(ask.answers).toBe(3);
    expect(ask.groups.map(groupHeading)).toEqual(['Culture (2)', 'Money (1)']);

    const md = summaryMarkdown(summary, () => 'then');
    expect(md).toContain(
      [
        '## Votes and prompts',
        '',
        '### Fund the bets',
        '',
        'Budget, revealed then: 4 took part, 1 abstained.',
        '',
        '- 1st of 6: Bet F (€60,000)',
      ].join('\n'),
    );
    expect(md).toContain('- and 1 more\n\n### Hard truths');
    expect(md).toContain('> What is hard \\| to say?');
    expect(md).toContain(
      '- Culture (2)\n  - Nobody stops bets\n  - We fear the review\n- Money (1)',
    );
    expect(md).not.toContain('Last quarter');
  });
});
