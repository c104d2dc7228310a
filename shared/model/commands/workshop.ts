/**
 * The facilitated workshop's commands: the agenda, moving through it, the lock and
 * reflection answers. Each is one transaction tagged with this replica's origin; none
 * is undone with the tree's undo (the room moves on rather than undoing).
 */
import * as v from 'valibot';
import { agendaFromTemplate, type AgendaTemplateId } from '../agenda-templates';
import type { DocCore } from '../core';
import { CanopyError } from '../errors';
import { newId } from '../ids';
import { AgendaStepSchema, WORKSHOP_LIMITS, type AgendaStep, type WorkshopLock } from '../workshop';

/** A step as a person wrote it: trimmed and clamped; a step without a title is refused. */
function cleanStep(step: AgendaStep): AgendaStep {
  const draft = {
    ...step,
    id: step.id || newId(),
    title: step.title.trim().slice(0, WORKSHOP_LIMITS.title),
    instructions: step.instructions.trim().slice(0, WORKSHOP_LIMITS.instructions),
    minutes: Math.round(Math.min(WORKSHOP_LIMITS.minutes, Math.max(0, step.minutes || 0))),
  };
  const parsed = v.safeParse(AgendaStepSchema, draft);
  if (!parsed.success)
    throw new CanopyError('invalidValue', `step “${draft.title}”: ${parsed.issues[0]?.message}`);
  return parsed.output;
}

/** Replaces the agenda. The room stays on the step it was on, found by its id. */
export function setAgenda(core: DocCore, steps: AgendaStep[], templateId?: string | null): void {
  if (steps.length > WORKSHOP_LIMITS.steps)
    throw new CanopyError('invalidValue', `at most ${WORKSHOP_LIMITS.steps} steps`);
  const clean = steps.map(cleanStep);
  const before = core.workshop();
  const currentId = before.agenda[before.current]?.id;
  const found = currentId ? clean.findIndex((s) => s.id === currentId) : -1;
  core.writeWorkshop(() => {
    core.workshopRoot.set('agenda', clean);
    if (templateId !== undefined) core.workshopRoot.set('templateId', templateId);
    if (before.current >= 0 && before.current < before.agenda.length)
      core.workshopRoot.set('current', found >= 0 ? found : Math.min(before.current, clean.length));
  });
}

export function applyAgendaTemplate(core: DocCore, id: AgendaTemplateId): void {
  setAgenda(core, agendaFromTemplate(id), id);
}

/**
 * Takes the room to step `index` (0 starts the agenda) and notes when, for the
 * summary; `index` = the number of steps ends it.
 */
export function goToStep(core: DocCore, index: number): void {
  const { agenda, current } = core.workshop();
  if (!Number.isInteger(index) || index < 0 || index > agenda.length)
    throw new CanopyError('invalidValue', `no step ${index + 1}`);
  if (index === current) return;
  const step = agenda[index];
  core.writeWorkshop(() => {
    core.workshopRoot.set('current', index);
    core.agendaLogRoot.push([
      {
        index: step ? index : -1,
        stepId: step?.id ?? null,
        title: step?.title ?? '',
        at: core.now(),
      },
    ]);
  });
}

export function setLock(core: DocCore, on: boolean, reason = '', by = ''): void {
  const lock: WorkshopLock = {
    on,
    reason: on ? reason.trim().slice(0, WORKSHOP_LIMITS.reason) : '',
    by: by.slice(0, WORKSHOP_LIMITS.name),
    at: core.now(),
  };
  core.writeWorkshop(() => core.workshopRoot.set('lock', lock));
}

/** A named answer to one of the reflection questions; returns its id. */
export function addReflection(
  core: DocCore,
  question: string,
  text: string,
  author: string,
): string {
  const clean = text.trim().slice(0, WORKSHOP_LIMITS.answer);
  if (!clean) throw new CanopyError('invalidValue', 'write an answer first');
  if (core.reflectionsRoot.size >= WORKSHOP_LIMITS.answers)
    throw new CanopyError('invalidValue', `at most ${WORKSHOP_LIMITS.answers} answers`);
  const id = newId();
  core.writeWorkshop(
    () =>
      core.reflectionsRoot.set(id, {
        question: question.slice(0, 300),
        text: clean,
        author: author.trim().slice(0, WORKSHOP_LIMITS.name),
        at: core.now(),
        removed: false,
      }),
    true,
  );
  return id;
}

export function removeReflection(core: DocCore, id: string): void {
  const raw = core.reflectionsRoot.get(id);
  if (!raw || typeof raw !== 'object') throw new CanopyError('unknownRecord', id);
  core.writeWorkshop(() => core.reflectionsRoot.set(id, { ...raw, removed: true }), true);
}
