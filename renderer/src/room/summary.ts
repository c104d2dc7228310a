/**
 * The session summary: what the agenda covered and how long each step took, what
 * changed in the tree since the agenda started (the history's comparison against the
 * snapshot taken then), evidence added, decisions taken, the votes and prompts revealed
 * (summary-rounds.ts) and the reflection answers.
 * Built once as data; shown on screen, printed, and written as Markdown from it.
 */
import { groupHeading, roundTurnout, summaryRounds, type SummaryRound } from './summary-rounds';
import {
  NODE_KIND_LABEL,
  REFLECTION_QUESTIONS,
  stepTimes,
  type LearningState,
  type NodeData,
  type Outcome,
  type RoundsState,
  type Stance,
  type StepTime,
  type WorkshopState,
} from '../../../shared/model';

export interface SummaryItem {
  kind: string;
  title: string;
}

export interface Summary {
  title: string;
  startedAt: number | null;
  endedAt: number | null;
  steps: StepTime[];
  /** null: no snapshot of the start on this machine, so changes cannot be told. */
  changes: { added: SummaryItem[]; changed: SummaryItem[] } | null;
  evidence: { on: string; summary: string; stance: Stance; by: string }[];
  decisions: { on: string; outcome: Outcome; rationale: string; by: string }[];
  /** Revealed votes, budgets, scores and prompts, oldest first. */
  rounds: SummaryRound[];
  reflections: { question: string; answers: { text: string; author: string }[] }[];
}

export interface SummaryInput {
  title: string;
  workshop: WorkshopState;
  nodes: ReadonlyMap<string, NodeData>;
  learning: LearningState;
  rounds: RoundsState;
  changes: ReadonlyMap<string, 'added' | 'changed'> | null;
  now: number;
}

const OUTCOME_WORD: Record<Outcome, string> = {
  persevere: 'Persevere',
  pivot: 'Pivot',
  stop: 'Stop',
  scale: 'Scale',
};

export function buildSummary(input: SummaryInput): Summary {
  const { workshop, nodes, learning } = input;
  const startedAt = workshop.log.find((e) => e.stepId !== null)?.at ?? null;
  const ended = workshop.current >= workshop.agenda.length && workshop.agenda.length > 0;
  const endedAt = ended ? (workshop.log.at(-1)?.at ?? null) : null;
  const since = startedAt ?? Infinity;
  const titleOf = (id: string) => nodes.get(id)?.title || 'Untitled item';
  const item = (id: string): SummaryItem => {
    const node = nodes.get(id);
    return { kind: node ? NODE_KIND_LABEL[node.kind] : 'Item', title: titleOf(id) };
  };

  const changes = input.changes && {
    added: [...input.changes].filter(([, c]) => c === 'added').map(([id]) => item(id)),
    changed: [...input.changes].filter(([, c]) => c === 'changed').map(([id]) => item(id)),
  };
  const evidence = [...learning.evidenceByNode.values()]
    .flat()
    .filter((e) => e.recordedAt >= since)
    .sort((a, b) => a.recordedAt - b.recordedAt)
    .map((e) => ({
      on: titleOf(e.nodeId),
      summary: e.summary,
      stance: e.stance,
      by: e.recordedBy,
    }));
  const decisions = [...learning.decisionsByNode.values()]
    .flat()
    .filter((d) => d.outcome !== null && (d.decidedAt ?? 0) >= since)
    .sort((a, b) => (a.decidedAt ?? 0) - (b.decidedAt ?? 0))
    .map((d) => ({
      on: titleOf(d.nodeId),
      outcome: d.outcome!,
      rationale: d.rationale,
      by: d.decidedBy,
    }));
  const questions = [
    ...REFLECTION_QUESTIONS,
    ...new Set(
      workshop.reflections
        .map((r) => r.question)
        .filter((q) => !(REFLECTION_QUESTIONS as readonly string[]).includes(q)),
    ),
  ];
  const reflections = questions
    .map((question) => ({
      question,
      answers: workshop.reflections
        .filter((r) => r.question === question)
        .map((r) => ({ text: r.text, author: r.author })),
    }))
    .filter((q) => q.answers.length > 0);

  return {
    title: input.title,
    startedAt,
    endedAt,
    steps: stepTimes(workshop, endedAt ?? input.now),
    changes,
    evidence,
    decisions,
    rounds: summaryRounds(input.rounds, nodes, startedAt),
    reflections,
  };
}

/** "12 min", "1 h 05 min", "under a minute". */
export function minutesText(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (ms > 0 && minutes === 0) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

const clean = (text: string) => text.replace(/\s+/g, ' ').replace(/([|*_`[\]\\])/g, '\\$1');

export function summaryMarkdown(s: Summary, when: (t: number) => string): string {
  const lines: string[] = [`# Session summary: ${clean(s.title)}`, ''];
  if (s.startedAt !== null)
    lines.push(
      `Started ${when(s.startedAt)}${s.endedAt !== null ? `, ended ${when(s.endedAt)}` : ''}.`,
      '',
    );
  lines.push('## Agenda', '', '| Step | Planned | Took |', '| --- | --- | --- |');
  for (const t of s.steps)
    lines.push(
      `| ${t.index + 1}. ${clean(t.title)} | ${t.plannedMinutes} min | ${
        t.startedAt === null ? 'not reached' : minutesText(t.spentMs)
      } |`,
    );
  lines.push('', '## Changes to the tree', '');
  if (!s.changes) lines.push('No snapshot of the start on this computer: changes not known.');
  else if (!s.changes.added.length && !s.changes.changed.length) lines.push('No changes.');
  else {
    for (const a of s.changes.added)
      lines.push(`- Added ${a.kind.toLowerCase()}: ${clean(a.title)}`);
    for (const c of s.changes.changed)
      lines.push(`- Changed ${c.kind.toLowerCase()}: ${clean(c.title)}`);
  }
  lines.push('', '## Evidence added', '');
  if (!s.evidence.length) lines.push('None.');
  for (const e of s.evidence)
    lines.push(
      `- ${clean(e.on)}: ${clean(e.summary)} (${e.stance}${e.by ? `, by ${clean(e.by)}` : ''})`,
    );
  lines.push('', '## Decisions', '');
  if (!s.decisions.length) lines.push('None.');
  for (const d of s.decisions)
    lines.push(
      `- ${clean(d.on)}: ${OUTCOME_WORD[d.outcome]}${d.rationale ? ` — ${clean(d.rationale)}` : ''}${
        d.by ? ` (${clean(d.by)})` : ''
      }`,
    );
  lines.push('', '## Votes and prompts', '');
  if (!s.rounds.length) lines.push('None revealed.');
  s.rounds.forEach((r, i) => {
    if (i) lines.push('');
    lines.push(
      `### ${clean(r.title)}`,
      '',
      `${r.kind}, revealed ${when(r.at)}: ${roundTurnout(r)}.`,
    );
    if (r.prompt) lines.push('', `> ${clean(r.prompt)}`);
    if (r.top.length || r.groups.length) lines.push('');
    for (const t of r.top) lines.push(`- ${t.place}: ${clean(t.title)} (${clean(t.value)})`);
    if (r.more) lines.push(`- and ${r.more} more`);
    for (const g of r.groups) {
      lines.push(`- ${clean(groupHeading(g))}`);
      for (const a of g.answers) lines.push(`  - ${clean(a)}`);
    }
  });
  lines.push('', '## Reflection', '');
  if (!s.reflections.length) lines.push('No answers.');
  for (const q of s.reflections) {
    lines.push(`### ${clean(q.question)}`, '');
    for (const a of q.answers)
      lines.push(`- ${clean(a.text)}${a.author ? ` — ${clean(a.author)}` : ''}`);
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
