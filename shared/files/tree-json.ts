/**
 * "Export everything": the tree as JSON, lossless, in a versioned schema.
 *
 *   { format: "canopy-tree", version: 2,
 *     title, createdAt, private, schemaVersion,
 *     vision: { id, kind, title, description, owner, tags, confidence, investment,
 *               hypothesis, measures [{ id, …, updatedAt }], assumptions [{ id, … }],
 *               createdAt, createdBy, editedAt, children: [ … ] },
 *     evidence:  [{ id, nodeId, summary, stance, strength, source, date, recordedBy, recordedAt }],
 *     decisions: [{ id, nodeId, requestedBy, requestedAt, decider, due, outcome, rationale,
 *                   learning, evidence, decidedAt, decidedBy }],
 *     board: { columns: [{ id, name, order, stage, wipLimit, awaitingDecision }] | null
 *              (null: the default columns), settings: { stalledDays, decisionDays },
 *              moves: [{ id, card, from, to, at, by, seq, client }] } }
 *
 * Every live item with every field, and the records that belong to them (a deleted
 * item's stay behind). Import makes a new document that keeps every id, so exporting
 * it again gives the same JSON. Version 1 files (the tree's fields only, no ids) still
 * import. Pure: no DOM, no Node.
 */
import * as v from 'valibot';
import {
  ASSUMPTION_STATES,
  BOARD_LIMITS,
  COLUMN_FIELDS,
  DecisionSchema,
  EvidenceSchema,
  IsoDate,
  LIMITS,
  MEASURE_DIRECTIONS,
  MoveSchema,
  NODE_KINDS,
  RISK_LEVELS,
  SCHEMA_VERSION,
  SettingDays,
  type CanopyDoc,
  type NodeData,
  type OutlineItem,
} from '../model';
import { readRecords, type TreeRecords } from '../model/snapshot';
import { TreeImportError, type ImportedTree } from './import-errors';

const FORMAT = 'canopy-tree';
const VERSION = 2;
/** Deeper outlines are refused: no strategy tree is 200 levels deep, crafted files are. */
const MAX_DEPTH = 200;
const MAX_ITEMS = 20_000;
const MAX_RECORDS = 200_000;

export function exportTreeJson(model: CanopyDoc): string {
  const tree = model.tree();
  const root = tree.rootId;
  if (!root) throw new TreeImportError('This document has no tree to export.');
  const itemOf = (n: NodeData): Record<string, unknown> => ({
    id: n.id,
    kind: n.kind,
    title: n.title,
    description: n.description,
    owner: n.owner,
    tags: [...n.tags],
    confidence: n.confidence,
    investment: n.investment,
    hypothesis: { ...n.hypothesis },
    measures: n.measures.map((m) => ({ ...m })),
    assumptions: n.assumptions.map((a) => ({ ...a })),
    createdAt: n.createdAt,
    createdBy: n.createdBy,
    editedAt: n.editedAt,
    children: (tree.childrenOf.get(n.id) ?? []).map((c) => itemOf(model.node(c)!)),
  });
  const records = readRecords(model, new Set(tree.order));
  return `${JSON.stringify(
    {
      format: FORMAT,
      version: VERSION,
      title: model.meta.title,
      createdAt: model.meta.createdAt,
      private: model.isPrivate,
      schemaVersion: model.meta.schemaVersion || SCHEMA_VERSION,
      vision: itemOf(model.node(root)!),
      ...records,
    },
    null,
    2,
  )}\n`;
}

const text = (max: number) => v.optional(v.pipe(v.string(), v.maxLength(max)));
const num = v.optional(v.nullable(v.pipe(v.number(), v.finite())));
const id64 = v.pipe(v.string(), v.minLength(1), v.maxLength(64));
/** Times as the readers accept them (read.ts): any finite number of ms. */
const time = v.pipe(v.number(), v.finite());

const ItemFields = {
  title: v.pipe(v.string(), v.maxLength(LIMITS.title)),
  kind: v.optional(v.picklist(NODE_KINDS)),
  description: text(LIMITS.description),
  owner: text(LIMITS.owner),
  confidence: v.optional(v.nullable(v.pipe(v.number(), v.minValue(0), v.maxValue(100)))),
  investment: text(LIMITS.text),
  hypothesis: v.optional(
    v.object({ believe: text(LIMITS.text), result: text(LIMITS.text), signal: text(LIMITS.text) }),
  ),
  tags: v.optional(
    v.pipe(
      v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.tag))),
      v.maxLength(LIMITS.tags),
    ),
  ),
  measures: v.optional(
    v.pipe(
      v.array(
        v.object({
          id: v.optional(id64),
          name: text(LIMITS.text),
          baseline: num,
          target: num,
          current: num,
          unit: text(40),
          direction: v.optional(v.picklist(MEASURE_DIRECTIONS)),
          due: v.optional(v.nullable(IsoDate)),
          updatedAt: v.optional(v.nullable(time)),
        }),
      ),
      v.maxLength(LIMITS.measures),
    ),
  ),
  assumptions: v.optional(
    v.pipe(
      v.array(
        v.object({
          id: v.optional(id64),
          text: text(LIMITS.text),
          risk: v.optional(v.picklist(RISK_LEVELS)),
          state: v.optional(v.picklist(ASSUMPTION_STATES)),
        }),
      ),
      v.maxLength(LIMITS.assumptions),
    ),
  ),
  id: v.optional(id64),
  createdAt: v.optional(time),
  createdBy: text(LIMITS.owner),
  editedAt: v.optional(time),
};
const ItemSchema = v.object(ItemFields);

const RecordsSchema = v.object({
  evidence: v.pipe(
    v.array(v.object({ id: id64, ...EvidenceSchema.entries })),
    v.maxLength(MAX_RECORDS),
  ),
  decisions: v.pipe(
    v.array(v.object({ id: id64, ...DecisionSchema.entries })),
    v.maxLength(MAX_RECORDS),
  ),
  board: v.object({
    columns: v.nullable(
      v.pipe(
        v.array(
          v.object({
            id: id64,
            name: COLUMN_FIELDS.name,
            order: COLUMN_FIELDS.order,
            stage: COLUMN_FIELDS.stage,
            wipLimit: COLUMN_FIELDS.wipLimit,
            awaitingDecision: COLUMN_FIELDS.awaitingDecision,
          }),
        ),
        v.minLength(1),
        v.maxLength(BOARD_LIMITS.columns),
      ),
    ),
    settings: v.object({ stalledDays: SettingDays, decisionDays: SettingDays }),
    moves: v.pipe(v.array(MoveSchema), v.maxLength(MAX_RECORDS)),
  }),
});

/** Validates an outline without deep recursion (a crafted file can nest very deep). */
function checkOutline(raw: unknown, withIds: boolean): { vision: OutlineItem; ids: Set<string> } {
  let count = 0;
  const ids = new Set<string>();
  const convert = (value: unknown, depth: number, path: string): OutlineItem => {
    if (depth > MAX_DEPTH)
      throw new TreeImportError(`The tree is nested deeper than ${MAX_DEPTH} levels.`);
    if (++count > MAX_ITEMS)
      throw new TreeImportError(`The tree has more than ${MAX_ITEMS} items.`);
    const parsed = v.safeParse(ItemSchema, value);
    if (!parsed.success)
      throw new TreeImportError(
        `Item ${path} is not valid: ${parsed.issues[0]?.path?.map((p) => p.key).join('.') ?? ''} ${parsed.issues[0]?.message ?? ''}.`,
      );
    const item: OutlineItem = { ...(parsed.output as OutlineItem) };
    if (withIds) {
      if (!item.id) throw new TreeImportError(`Item ${path} has no id.`);
      if (ids.has(item.id)) throw new TreeImportError(`Item ${path} repeats the id ${item.id}.`);
      ids.add(item.id);
      for (const list of [item.measures ?? [], item.assumptions ?? []]) {
        const seen = new Set(list.map((e) => e.id));
        if (seen.has(undefined) || seen.size < list.length)
          throw new TreeImportError(
            `A measure or assumption of item ${path} has no id or repeats one.`,
          );
      }
    }
    const kids = (value as { children?: unknown }).children;
    if (kids !== undefined) {
      if (!Array.isArray(kids))
        throw new TreeImportError(`The children of item ${path} are not a list.`);
      // Iterative over siblings; depth is bounded above, so recursion stays shallow.
      item.children = kids.map((k, i) => convert(k, depth + 1, `${path}.${i + 1}`));
    }
    return item;
  };
  return { vision: convert(raw, 1, '1'), ids };
}

function checkRecords(raw: unknown, ids: ReadonlySet<string>): TreeRecords {
  const parsed = v.safeParse(RecordsSchema, raw);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw new TreeImportError(
      `The file's ${issue?.path?.map((p) => p.key).join('.') ?? 'records'} are not valid: ${issue?.message ?? ''}.`,
    );
  }
  const { evidence, decisions, board } = parsed.output;
  const orphan = (list: Array<{ nodeId?: string; card?: string }>, what: string) => {
    const i = list.findIndex((r) => !ids.has((r.nodeId ?? r.card)!));
    if (i >= 0) throw new TreeImportError(`${what} ${i + 1} belongs to no item of the tree.`);
  };
  orphan(evidence, 'Evidence');
  orphan(decisions, 'Decision');
  orphan(board.moves, 'Card move');
  const strip = <T extends { removed?: boolean }>({ removed: _r, ...rest }: T) => rest;
  return {
    evidence: evidence.map(strip),
    decisions: decisions.map(strip),
    board,
  };
}

export function importTreeJson(json: string): ImportedTree {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new TreeImportError('This is not JSON.');
  }
  const d = data as {
    format?: unknown;
    version?: unknown;
    title?: unknown;
    vision?: unknown;
    createdAt?: unknown;
    private?: unknown;
  };
  if (!d || typeof d !== 'object' || d.format !== FORMAT)
    throw new TreeImportError(
      'This JSON is not a Canopy tree (its "format" is not "canopy-tree").',
    );
  if (typeof d.version !== 'number' || d.version > VERSION)
    throw new TreeImportError(
      'This tree was exported by a newer version of Canopy; update Canopy to import it.',
    );
  const lossless = d.version >= 2;
  const { vision, ids } = checkOutline(d.vision, lossless);
  const warnings: string[] = [];
  let title =
    typeof d.title === 'string' && d.title.trim() ? d.title : vision.title || 'Imported tree';
  if (title.length > LIMITS.docTitle) {
    warnings.push(
      `The tree's title was longer than ${LIMITS.docTitle} characters and was shortened.`,
    );
    title = title.slice(0, LIMITS.docTitle);
  }
  const imported: ImportedTree = { title, vision: { ...vision, kind: 'vision' }, warnings };
  if (!lossless) {
    // Version 1 had no ids: the items get new ones.
    return imported;
  }
  imported.records = checkRecords(data, ids);
  if (typeof d.createdAt === 'number' && Number.isFinite(d.createdAt) && d.createdAt > 0)
    imported.createdAt = d.createdAt;
  imported.private = d.private === true;
  return imported;
}
