/**
 * Pure field builders: what a command stores for a patch, clamped and checked, before
 * anything is written. Validating first matters: Yjs keeps what a throwing transaction
 * wrote, so a bad value must be refused before the transaction starts.
 */
import * as v from 'valibot';
import { BOARD_LIMITS } from './board';
import { CanopyError } from './errors';
import { LEARNING_LIMITS, STANCES, STRENGTHS, type Evidence } from './learning';
// IsoDate is the check read.ts applies: a date the reader would drop is refused here.
import { IsoDate } from './read';
import type { RenameTarget } from './renames';
import { LIMITS, type Assumption, type Measure } from './schema';

export type Fields = Record<string, unknown>;

export const clampText = (s: string, max: number) => (s.length > max ? s.slice(0, max) : s);

export const columnName = (name: string) =>
  clampText(name.trim(), BOARD_LIMITS.columnName) || 'Untitled';

/** A name as it is stored: a title clamped, the tree's trimmed, a column's never empty. */
export function normalName(target: RenameTarget, name: string): string {
  if (target.kind === 'node') return clampText(name, LIMITS.title);
  if (target.kind === 'tree') return clampText(name.trim(), LIMITS.docTitle);
  return columnName(name);
}

export function isIsoDay(value: unknown): value is string {
  return v.is(IsoDate, value);
}

export type EvidencePatch = Partial<
  Pick<Evidence, 'summary' | 'stance' | 'strength' | 'source' | 'date'>
>;

export function evidenceFields(e: EvidencePatch): Fields {
  const out: Fields = {};
  if (e.summary !== undefined) out.summary = clampText(e.summary.trim(), LEARNING_LIMITS.summary);
  if (e.source !== undefined) out.source = clampText(e.source.trim(), LEARNING_LIMITS.source);
  if (e.stance !== undefined) {
    if (!STANCES.includes(e.stance)) throw new CanopyError('invalidValue', 'stance');
    out.stance = e.stance;
  }
  if (e.strength !== undefined) {
    if (!STRENGTHS.includes(e.strength)) throw new CanopyError('invalidValue', 'strength');
    out.strength = e.strength;
  }
  if (e.date !== undefined) {
    if (!isIsoDay(e.date)) throw new CanopyError('invalidValue', 'date is YYYY-MM-DD');
    out.date = e.date;
  }
  return out;
}

export function measureFields(m: Partial<Omit<Measure, 'id'>>): Fields {
  const out: Fields = {};
  const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : null);
  if (m.name !== undefined) out.name = clampText(m.name, LIMITS.text);
  if (m.baseline !== undefined) out.baseline = num(m.baseline);
  if (m.target !== undefined) out.target = num(m.target);
  if (m.current !== undefined) out.current = num(m.current);
  if (m.unit !== undefined) out.unit = clampText(m.unit, 40);
  if (m.direction !== undefined) out.direction = m.direction;
  if (m.due !== undefined) {
    if (m.due !== null && !isIsoDay(m.due))
      throw new CanopyError('invalidValue', 'due is YYYY-MM-DD');
    out.due = m.due;
  }
  if (m.updatedAt !== undefined) out.updatedAt = m.updatedAt;
  return out;
}

/** A new measure made with a current value was updated when it was made. */
export function newMeasureFields(m: Partial<Omit<Measure, 'id'>>, now: () => number): Fields {
  const fields = measureFields(m);
  if (typeof fields.current === 'number' && fields.updatedAt === undefined)
    fields.updatedAt = now();
  return fields;
}

export function assumptionFields(a: Partial<Omit<Assumption, 'id'>>): Fields {
  const out: Fields = {};
  if (a.text !== undefined) out.text = clampText(a.text, LIMITS.text);
  if (a.risk !== undefined) out.risk = a.risk;
  if (a.state !== undefined) out.state = a.state;
  return out;
}

/** A decision request as stored: asked by `actor` at `at`, nothing decided yet. */
export function requestFields(
  actor: string,
  decider: string | undefined,
  due: string | null,
  at: number,
): Fields {
  return {
    requestedBy: actor,
    requestedAt: at,
    decider: clampText((decider ?? '').trim(), LEARNING_LIMITS.name),
    due,
    outcome: null,
    rationale: '',
    learning: '',
    evidence: [],
    decidedAt: null,
    decidedBy: '',
  };
}
