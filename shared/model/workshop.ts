/**
 * What a facilitated workshop keeps in the document, so it survives a reload, a host
 * restart and the end of the session: the agenda, where the room is in it, when each
 * step started (for the summary), the lock and the reflection answers. What is live
 * (the timer, who follows whom, where the facilitator is) travels on the room channel
 * instead (shared/sync/room).
 *
 *   workshop     Y.Map    agenda (AgendaStep[]), templateId, current (index),
 *                         lock ({ on, reason, by, at })
 *   agendaLog    Y.Array  { index, stepId, title, at }: the room reached a step;
 *                         index -1 ends the agenda. Append-only.
 *   reflections  Y.Map    id → { question, text, author, at, removed }
 *
 * Top-level types, each value written whole (one writer wins), read through schemas
 * like every peer-written record: a bad value is skipped with an issue, never thrown.
 * Documents written before the workshop existed simply have none (nothing to migrate).
 */
import * as v from 'valibot';
import type * as Y from 'yjs';
import type { ReadIssue } from './read';
import { ROOT_KEYS } from './schema';

/** The views a step is about; the same names as the room's view (room/messages.ts). */
export const STEP_VIEWS = ['tree', 'board', 'signals', 'flow', 'learning'] as const;
export type StepView = (typeof STEP_VIEWS)[number];

export const STEP_KINDS = ['activity', 'reflection'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const WORKSHOP_LIMITS = {
  steps: 40,
  title: 120,
  instructions: 2000,
  minutes: 480,
  reason: 200,
  answer: 2000,
  name: 40,
  answers: 2000,
} as const;

/** The essays' questions for the closing reflection. */
export const REFLECTION_QUESTIONS = [
  'What happens when evidence contradicts the plan?',
  'Who is allowed to change direction — and when?',
  'What truths are hardest to say in review forums?',
  'Where does learning get trapped?',
] as const;

const id64 = v.pipe(v.string(), v.regex(/^[\w-]{1,64}$/));
const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const time = v.pipe(v.number(), v.finite(), v.minValue(0));

export const AgendaStepSchema = v.object({
  id: id64,
  title: v.pipe(v.string(), v.minLength(1), v.maxLength(WORKSHOP_LIMITS.title)),
  minutes: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(WORKSHOP_LIMITS.minutes)),
  view: v.optional(v.picklist(STEP_VIEWS), 'tree'),
  nodeId: v.optional(v.nullable(id64), null),
  instructions: v.optional(text(WORKSHOP_LIMITS.instructions), ''),
  kind: v.optional(v.picklist(STEP_KINDS), 'activity'),
});
export type AgendaStep = v.InferOutput<typeof AgendaStepSchema>;

const LockSchema = v.object({
  on: v.boolean(),
  reason: v.optional(text(WORKSHOP_LIMITS.reason), ''),
  by: v.optional(text(WORKSHOP_LIMITS.name), ''),
  at: v.optional(time, 0),
});
export type WorkshopLock = v.InferOutput<typeof LockSchema>;

const LogEntrySchema = v.object({
  index: v.pipe(v.number(), v.integer(), v.minValue(-1), v.maxValue(WORKSHOP_LIMITS.steps)),
  stepId: v.nullable(id64),
  title: v.optional(text(WORKSHOP_LIMITS.title), ''),
  at: time,
});
export type AgendaLogEntry = v.InferOutput<typeof LogEntrySchema>;

const ReflectionSchema = v.object({
  question: v.pipe(v.string(), v.minLength(1), v.maxLength(300)),
  text: v.pipe(v.string(), v.minLength(1), v.maxLength(WORKSHOP_LIMITS.answer)),
  author: v.optional(text(WORKSHOP_LIMITS.name), ''),
  at: time,
  removed: v.optional(v.boolean(), false),
});
export interface Reflection {
  id: string;
  question: string;
  text: string;
  author: string;
  at: number;
}

export const NO_LOCK: WorkshopLock = Object.freeze({ on: false, reason: '', by: '', at: 0 });

export interface WorkshopState {
  agenda: AgendaStep[];
  templateId: string | null;
  /** The step the room is at: -1 before the start, agenda.length once it ended. */
  current: number;
  lock: WorkshopLock;
  log: AgendaLogEntry[];
  reflections: Reflection[];
  issues: ReadIssue[];
}

export const workshopMap = (doc: Y.Doc) => doc.getMap<unknown>(ROOT_KEYS.workshop);
export const agendaLog = (doc: Y.Doc) => doc.getArray<unknown>(ROOT_KEYS.agendaLog);
export const reflectionsMap = (doc: Y.Doc) => doc.getMap<unknown>(ROOT_KEYS.reflections);

/** Whether the tree is locked for participants: read straight off the Y.Doc (the host has no model). */
export function lockOf(doc: Y.Doc): WorkshopLock {
  const parsed = v.safeParse(LockSchema, workshopMap(doc).get('lock'));
  return parsed.success ? parsed.output : NO_LOCK;
}

/** Reads the workshop; never throws on peer-written content. */
export function readWorkshop(doc: Y.Doc): WorkshopState {
  const issues: ReadIssue[] = [];
  const map = workshopMap(doc);
  const issue = (field: string, problem: string) => issues.push({ nodeId: '', field, problem });

  const agenda: AgendaStep[] = [];
  const rawAgenda = map.get('agenda');
  if (Array.isArray(rawAgenda)) {
    for (const raw of rawAgenda.slice(0, WORKSHOP_LIMITS.steps)) {
      const parsed = v.safeParse(AgendaStepSchema, raw);
      if (parsed.success) agenda.push(parsed.output);
      else issue('workshop.agenda', parsed.issues[0]?.message ?? 'invalid step; skipped');
    }
  } else if (rawAgenda !== undefined) issue('workshop.agenda', 'not a list; ignored');

  const rawCurrent = map.get('current');
  const current =
    typeof rawCurrent === 'number' && Number.isInteger(rawCurrent)
      ? Math.max(-1, Math.min(agenda.length, rawCurrent))
      : -1;
  const templateId = map.get('templateId');

  const log: AgendaLogEntry[] = [];
  for (const raw of agendaLog(doc).toArray()) {
    const parsed = v.safeParse(LogEntrySchema, raw);
    if (parsed.success) log.push(parsed.output);
    else issue('agendaLog', 'invalid entry; skipped');
  }
  log.sort((a, b) => a.at - b.at);

  const reflections: Reflection[] = [];
  for (const [id, raw] of reflectionsMap(doc).entries()) {
    const parsed = v.is(id64, id) ? v.safeParse(ReflectionSchema, raw) : null;
    if (!parsed?.success) {
      issue(`reflections.${id.slice(0, 64)}`, 'invalid answer; skipped');
      continue;
    }
    const { removed, ...answer } = parsed.output;
    if (!removed) reflections.push({ id, ...answer });
  }
  reflections.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));

  return {
    agenda,
    templateId: typeof templateId === 'string' ? templateId.slice(0, 64) : null,
    current,
    lock: lockOf(doc),
    log,
    reflections,
    issues,
  };
}

export interface StepTime {
  index: number;
  title: string;
  plannedMinutes: number;
  /** Time the room spent on it, over every visit (ms); 0 if it never started. */
  spentMs: number;
  /** When it first started, or null. */
  startedAt: number | null;
}

/**
 * How long the room spent on each step, from the log: a step runs from when the room
 * reached it to the next entry (or `now`, while it is the current one).
 */
export function stepTimes(state: WorkshopState, now: number): StepTime[] {
  const times: StepTime[] = state.agenda.map((step, index) => ({
    index,
    title: step.title,
    plannedMinutes: step.minutes,
    spentMs: 0,
    startedAt: null,
  }));
  const byId = new Map(state.agenda.map((s, i) => [s.id, i]));
  state.log.forEach((entry, i) => {
    if (entry.stepId === null) return;
    const index = byId.get(entry.stepId);
    if (index === undefined) return;
    const end = state.log[i + 1]?.at ?? (state.current === index ? now : entry.at);
    const t = times[index]!;
    t.spentMs += Math.max(0, end - entry.at);
    t.startedAt ??= entry.at;
  });
  return times;
}
