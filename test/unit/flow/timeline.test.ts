import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../shared/flow/metrics';
import { timeline, timelineMarkdown } from '../../../shared/flow/timeline';
import { clockedModel } from '../model/helpers';

function setup() {
  const { clock, model } = clockedModel('ana');
  model.initialise({
    title: 'Timeline',
    vision: {
      title: 'Vision',
      children: [
        {
          title: 'Goal',
          children: [{ title: 'Bet', kind: 'bet', children: [{ title: 'Stall' }] }],
        },
        { title: 'Other', children: [{ title: 'Far bet', kind: 'bet' }] },
      ],
    },
  });
  const id = (t: string) => model.tree().order.find((n) => model.node(n)!.title === t)!;
  const view = () => {
    const tree = model.tree();
    return {
      order: tree.order,
      childrenOf: tree.childrenOf,
      learning: model.learning(),
      nodes: new Map(tree.order.map((n) => [n, model.node(n)!])),
    };
  };
  return { model, clock, id, view };
}

describe('learning timeline', () => {
  it('puts evidence and decisions in time order; filters by part of the tree, kind and stance', () => {
    const { model, clock, id, view } = setup();
    model.addEvidence(id('Stall'), {
      summary: 'Quiet day',
      stance: 'contradicts',
      date: '2026-11-01',
    });
    model.requestDecision(id('Bet'), { decider: 'Board' });
    clock.now += 2 * DAY_MS;
    model.addEvidence(id('Far bet'), { summary: 'Elsewhere', stance: 'supports' });
    model.recordDecision(id('Bet'), { outcome: 'pivot', rationale: 'Indoors' });
    const all = timeline(view());
    expect(all.map((e) => [e.kind, e.at])).toEqual([
      ['evidence', '2026-11-01'],
      ['request', '2026-11-02'],
      ['decision', '2026-11-04'],
      ['evidence', '2026-11-04'],
    ]);
    expect(timeline(view(), { nodeId: id('Goal') })).toHaveLength(3);
    expect(timeline(view(), { kinds: ['decision'] }).map((e) => e.nodeId)).toEqual([id('Bet')]);
    expect(timeline(view(), { stance: 'supports' }).map((e) => e.nodeId)).toEqual([id('Far bet')]);
  });

  it('exports Markdown grouped by day, with people’s text escaped', () => {
    const { model, id, view } = setup();
    model.addEvidence(id('Stall'), {
      summary: '# not a heading *or* [a link](x)',
      stance: 'supports',
      strength: 'strong',
      date: '2026-11-01',
      source: 'https://example.org/a_b',
    });
    model.recordDecision(id('Stall'), { outcome: 'stop', learning: 'Weekends\nare busy' });
    const v = view();
    expect(timelineMarkdown('Riverbend', timeline(v), v.nodes)).toBe(
      [
        '# Riverbend: learning timeline',
        '',
        '## 2026-11-01',
        '',
        '- Evidence (strong) supports “Stall”: \\# not a heading \\*or\\* \\[a link\\](x) (source: https://example.org/a\\_b)',
        '',
        '## 2026-11-02',
        '',
        '- Decision requested on “Stall”',
        '- Decision on “Stall”: stop. Learned: Weekends are busy',
        '',
      ].join('\n'),
    );
    expect(timelineMarkdown('Empty', [], v.nodes)).toBe(
      '# Empty: learning timeline\n\nNothing recorded yet.\n',
    );
  });
});
