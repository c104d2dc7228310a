import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { changedSince } from '../../../shared/files/changes';
import { CanopyDoc, REFLECTION_QUESTIONS } from '../../../shared/model';
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
      changes: null,
      now: 0,
    });
    expect(summaryMarkdown(summary, String)).toContain('changes not known');
  });
});
