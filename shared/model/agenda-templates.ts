/**
 * Agendas a facilitator starts from: the two-hour Lean Value Tree workshop, a
 * quarterly portfolio review, or nothing. Steps get fresh ids when a template is used.
 */
import { newId } from './ids';
import type { AgendaStep } from './workshop';

export const AGENDA_TEMPLATES = ['lvt-workshop', 'portfolio-review', 'blank'] as const;
export type AgendaTemplateId = (typeof AGENDA_TEMPLATES)[number];

type StepDraft = Omit<AgendaStep, 'id' | 'nodeId' | 'kind'> & Partial<Pick<AgendaStep, 'kind'>>;

export interface AgendaTemplate {
  id: AgendaTemplateId;
  name: string;
  description: string;
  steps: readonly StepDraft[];
}

const lvtWorkshop: AgendaTemplate = {
  id: 'lvt-workshop',
  name: 'Lean Value Tree workshop (2 hours)',
  description: 'From vision to funded bets on the board, with a closing reflection.',
  steps: [
    {
      title: 'Check-in and opening prompt',
      minutes: 10,
      view: 'tree',
      instructions:
        'One sentence each: what would make this the most useful two hours of your quarter?',
    },
    {
      title: 'Vision: silent writing, then reveal',
      minutes: 15,
      view: 'tree',
      instructions:
        'Write on your own for five minutes: where do we want to be, for whom? Then read them out and agree the vision as one sentence.',
    },
    {
      title: 'Goals as outcomes',
      minutes: 20,
      view: 'tree',
      instructions:
        'Silent writing first. Each goal is an outcome for the people we serve, not an output: add a measure with a baseline and a target.',
    },
    {
      title: 'Bets per goal, in small groups',
      minutes: 30,
      view: 'tree',
      instructions:
        'One group per goal. Each bet gets a hypothesis (we believe… will result in… we will know when…), its measures and the assumptions it rests on.',
    },
    {
      title: 'Shortlist and fund',
      minutes: 15,
      view: 'tree',
      instructions:
        'Vote for the bets that matter most, then fund the shortlist: who, how much, for how long.',
    },
    {
      title: 'Funded bets to the board',
      minutes: 15,
      view: 'board',
      instructions:
        'Move the funded bets to Ready, respect the WIP limits, name a decision owner and a review date for each.',
    },
    {
      title: 'Debrief and reflection',
      minutes: 15,
      view: 'tree',
      kind: 'reflection',
      instructions: 'Answer the reflection questions. Name what you would take to the next review.',
    },
  ],
};

const portfolioReview: AgendaTemplate = {
  id: 'portfolio-review',
  name: 'Quarterly portfolio review (90 minutes)',
  description: 'Measures, flow and evidence first; then persevere, pivot or stop.',
  steps: [
    {
      title: 'Check-in',
      minutes: 5,
      view: 'tree',
      instructions: 'What changed for you since the last review?',
    },
    {
      title: 'Goals and their measures',
      minutes: 15,
      view: 'tree',
      instructions: 'Walk the goals: update the current value of each measure.',
    },
    {
      title: 'Flow and signals',
      minutes: 15,
      view: 'signals',
      instructions: 'Which work is stalled, over its WIP limit or past its review date?',
    },
    {
      title: 'Evidence per bet',
      minutes: 20,
      view: 'learning',
      instructions: 'What did we learn since last quarter? Record evidence for and against.',
    },
    {
      title: 'Decide: persevere, pivot or stop',
      minutes: 25,
      view: 'board',
      instructions:
        'For each bet under review, decide on the evidence. A stop records what was learned.',
    },
    {
      title: 'Reflection',
      minutes: 10,
      view: 'tree',
      kind: 'reflection',
      instructions: 'Answer the reflection questions.',
    },
  ],
};

const blank: AgendaTemplate = {
  id: 'blank',
  name: 'Blank agenda',
  description: 'No steps yet: add your own.',
  steps: [],
};

const BY_ID: Record<AgendaTemplateId, AgendaTemplate> = {
  'lvt-workshop': lvtWorkshop,
  'portfolio-review': portfolioReview,
  blank,
};

export const agendaTemplateById = (id: AgendaTemplateId): AgendaTemplate => BY_ID[id];

/** The template's steps, each with a fresh id, ready to write. */
export function agendaFromTemplate(id: AgendaTemplateId): AgendaStep[] {
  return BY_ID[id].steps.map((s) => ({ kind: 'activity', nodeId: null, ...s, id: newId() }));
}
