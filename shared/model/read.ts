/**
 * Reading the shared document into validated plain data. A peer can write
 * anything into a Y.Map, so every value is checked: a field of the wrong type falls
 * back to its default and is reported; a node whose kind or position is unreadable
 * is skipped and reported. Reading never throws on document content.
 */
import * as v from 'valibot';
import * as Y from 'yjs';
import { PRIVATE_KEY } from './drafts';
import {
  ASSUMPTION_STATES,
  EMPTY_HYPOTHESIS,
  LIMITS,
  MEASURE_DIRECTIONS,
  NODE_KEYS,
  NODE_KINDS,
  RISK_LEVELS,
  ROOT_KEYS,
  type Assumption,
  type DeletionMark,
  type Hypothesis,
  type Measure,
  type NodeData,
  type NodePosition,
} from './schema';
import { isPlausibleId } from './ids';

export interface ReadIssue {
  nodeId: string;
  field: string;
  problem: string;
}

const finite = v.pipe(v.number(), v.finite());
const nullableNumber = v.nullable(finite);
const boundedString = (max: number) => v.pipe(v.string(), v.maxLength(max));
/** A calendar day, YYYY-MM-DD: due dates, evidence dates. */
export const IsoDate = v.pipe(v.string(), v.isoDate());

export const PositionSchema = v.object({
  parent: v.nullable(v.pipe(v.string(), v.minLength(1), v.maxLength(64))),
  order: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  seq: v.pipe(finite, v.integer(), v.minValue(0)),
  client: v.pipe(finite, v.integer(), v.minValue(0)),
  prev: v.nullable(v.pipe(v.string(), v.maxLength(64))),
});

const DeletionSchema = v.nullable(
  v.object({
    seq: v.pipe(finite, v.integer(), v.minValue(0)),
    at: finite,
    batch: boundedString(64),
  }),
);

const HypothesisSchema = v.object({
  believe: boundedString(LIMITS.text),
  result: boundedString(LIMITS.text),
  signal: boundedString(LIMITS.text),
});

const MeasureSchema = v.object({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  name: boundedString(LIMITS.text),
  baseline: nullableNumber,
  target: nullableNumber,
  current: nullableNumber,
  unit: boundedString(40),
  direction: v.picklist(MEASURE_DIRECTIONS),
  due: v.nullable(IsoDate),
  updatedAt: nullableNumber,
});

const AssumptionSchema = v.object({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  text: boundedString(LIMITS.text),
  risk: v.picklist(RISK_LEVELS),
  state: v.picklist(ASSUMPTION_STATES),
});

/** Where a node without a readable position goes: under the root, first. */
const UNPLACED: NodePosition = { parent: null, order: 'a0', seq: 0, client: 0, prev: null };

const MEASURE_DEFAULTS: Omit<Measure, 'id'> = {
  name: '',
  baseline: null,
  target: null,
  current: null,
  unit: '',
  direction: 'increase',
  due: null,
  updatedAt: null,
};
const ASSUMPTION_DEFAULTS: Omit<Assumption, 'id'> = { text: '', risk: 'medium', state: 'open' };

/** A Y.Text, or a plain string some other client wrote: both read as text. */
function readText(value: unknown): string | undefined {
  if (value instanceof Y.Text) return value.toString();
  if (typeof value === 'string') return value;
  return undefined;
}

function plain(value: unknown): unknown {
  return value instanceof Y.AbstractType ? value.toJSON() : value;
}

class FieldReader {
  constructor(
    private readonly map: Y.Map<unknown>,
    private readonly nodeId: string,
    private readonly issues: ReadIssue[],
  ) {}

  report(field: string, problem: string) {
    this.issues.push({ nodeId: this.nodeId, field, problem });
  }

  text(key: string, max: number): string {
    const raw = this.map.get(key);
    if (raw === undefined) return '';
    const text = readText(raw);
    if (text === undefined) {
      this.report(key, 'not text');
      return '';
    }
    if (text.length > max) {
      this.report(key, `longer than ${max} characters; shown truncated`);
      return text.slice(0, max);
    }
    return text;
  }

  value<S extends v.GenericSchema>(
    key: string,
    schema: S,
    fallback: v.InferOutput<S>,
  ): v.InferOutput<S> {
    const raw = this.map.get(key);
    if (raw === undefined) return fallback;
    const parsed = v.safeParse(schema, plain(raw));
    if (parsed.success) return parsed.output;
    this.report(key, parsed.issues[0]?.message ?? 'invalid');
    return fallback;
  }

  /** Entries of a Y.Array of Y.Maps; invalid entries are skipped one by one. */
  entries<T extends { id: string }>(
    key: string,
    schema: v.GenericSchema<unknown, T>,
    defaults: Omit<T, 'id'>,
    max: number,
  ): T[] {
    const raw = this.map.get(key);
    if (raw === undefined) return [];
    if (!(raw instanceof Y.Array)) {
      this.report(key, 'not a list');
      return [];
    }
    const out: T[] = [];
    const seen = new Set<string>();
    raw.forEach((item, index) => {
      if (out.length >= max) return;
      const parsed = v.safeParse(schema, { ...defaults, ...(plain(item) as object) });
      if (!parsed.success) {
        this.report(`${key}[${index}]`, parsed.issues[0]?.message ?? 'invalid');
        return;
      }
      // Two replicas undoing the same removal each restore the entry: keep the first
      // copy. This is a legitimate merge, not bad data, so it is not reported.
      if (seen.has(parsed.output.id)) return;
      seen.add(parsed.output.id);
      out.push(parsed.output);
    });
    return out;
  }

  /** Each part of the hypothesis stands alone: one bad part does not discard the others. */
  hypothesis(): Hypothesis {
    const raw = plain(this.map.get(NODE_KEYS.hypothesis));
    if (raw === undefined) return { ...EMPTY_HYPOTHESIS };
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      this.report(NODE_KEYS.hypothesis, 'not a hypothesis');
      return { ...EMPTY_HYPOTHESIS };
    }
    const out = { ...EMPTY_HYPOTHESIS };
    for (const part of ['believe', 'result', 'signal'] as const) {
      const value = (raw as Record<string, unknown>)[part];
      if (value === undefined) continue;
      const parsed = v.safeParse(HypothesisSchema.entries[part], value);
      if (parsed.success) out[part] = parsed.output;
      else this.report(`${NODE_KEYS.hypothesis}.${part}`, parsed.issues[0]?.message ?? 'invalid');
    }
    return out;
  }

  tags(): string[] {
    const raw = this.map.get(NODE_KEYS.tags);
    if (raw === undefined) return [];
    if (!(raw instanceof Y.Map)) {
      this.report(NODE_KEYS.tags, 'not a tag set');
      return [];
    }
    const tags: string[] = [];
    for (const [tag, present] of raw.entries()) {
      if (present !== true) continue;
      if (tag.length === 0 || tag.length > LIMITS.tag) {
        this.report(NODE_KEYS.tags, 'tag of invalid length');
        continue;
      }
      tags.push(tag);
    }
    return tags.sort().slice(0, LIMITS.tags);
  }
}

/** Reads one node; returns undefined when the node cannot be placed in a tree. */
export function readNode(id: string, raw: unknown, issues: ReadIssue[]): NodeData | undefined {
  if (!isPlausibleId(id)) {
    issues.push({
      nodeId: String(id).slice(0, 64),
      field: 'id',
      problem: 'invalid id; node skipped',
    });
    return undefined;
  }
  if (!(raw instanceof Y.Map)) {
    issues.push({ nodeId: id, field: '*', problem: 'not a node map; node skipped' });
    return undefined;
  }
  const map = raw as Y.Map<unknown>;
  const r = new FieldReader(map, id, issues);
  // Kind and position are never dropped: a node must stay in the tree. An undo that
  // races a peer's write can leave the key empty (Yjs restores no value it sees as
  // overwritten); a hostile peer can write garbage. Both fall back, so the node hangs
  // under the root rather than vanishing, and only garbage is reported.
  const kind = r.value(NODE_KEYS.kind, v.picklist(NODE_KINDS), 'initiative');
  const pos = r.value(NODE_KEYS.pos, PositionSchema, UNPLACED);
  return {
    id,
    kind,
    title: r.text(NODE_KEYS.title, LIMITS.title),
    description: r.text(NODE_KEYS.description, LIMITS.description),
    owner: r.value(NODE_KEYS.owner, boundedString(LIMITS.owner), ''),
    tags: r.tags(),
    confidence: r.value(
      NODE_KEYS.confidence,
      v.nullable(v.pipe(finite, v.minValue(0), v.maxValue(100))),
      null,
    ),
    investment: r.value(NODE_KEYS.investment, boundedString(LIMITS.text), ''),
    hypothesis: r.hypothesis(),
    measures: r.entries<Measure>(
      NODE_KEYS.measures,
      MeasureSchema,
      MEASURE_DEFAULTS,
      LIMITS.measures,
    ),
    assumptions: r.entries<Assumption>(
      NODE_KEYS.assumptions,
      AssumptionSchema,
      ASSUMPTION_DEFAULTS,
      LIMITS.assumptions,
    ),
    pos: pos as NodePosition,
    deleted: r.value(NODE_KEYS.deleted, DeletionSchema, null) as DeletionMark | null,
    createdAt: r.value(NODE_KEYS.createdAt, finite, 0),
    createdBy: r.value(NODE_KEYS.createdBy, boundedString(LIMITS.owner), ''),
    editedAt: r.value(NODE_KEYS.editedAt, finite, 0),
  };
}

export interface DocMeta {
  schemaVersion: number;
  id: string;
  title: string;
  rootId: string | null;
  createdAt: number;
  /** A private draft (see drafts.ts). */
  private: boolean;
}

export function readMeta(doc: Y.Doc, issues: ReadIssue[] = []): DocMeta {
  const meta = doc.getMap<unknown>(ROOT_KEYS.meta);
  const pick = <T>(key: string, schema: v.GenericSchema<unknown, T>, fallback: T): T => {
    const raw = meta.get(key);
    if (raw === undefined) return fallback;
    const parsed = v.safeParse(schema, raw);
    if (parsed.success) return parsed.output;
    issues.push({
      nodeId: '',
      field: `meta.${key}`,
      problem: parsed.issues[0]?.message ?? 'invalid',
    });
    return fallback;
  };
  return {
    schemaVersion: pick('schemaVersion', v.pipe(v.number(), v.integer(), v.minValue(0)), 0),
    id: pick('id', boundedString(64), ''),
    title: pick('title', boundedString(LIMITS.docTitle), ''),
    rootId: pick('rootId', v.nullable(boundedString(64)), null),
    createdAt: pick('createdAt', finite, 0),
    private: meta.get(PRIVATE_KEY) === true,
  };
}
