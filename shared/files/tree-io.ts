/**
 * A tree as JSON (everything a node holds) and as a Markdown outline (titles and
 * kinds), out and back in. Import returns an outline for CanopyDoc.initialise, so a
 * file becomes a new document through the same typed command as a template.
 */
import * as v from 'valibot';
import {
  ASSUMPTION_STATES,
  IsoDate,
  LIMITS,
  MEASURE_DIRECTIONS,
  NODE_KIND_LABEL,
  NODE_KINDS,
  parseOutlineText,
  RISK_LEVELS,
  type CanopyDoc,
  type OutlineItem,
} from '../model';

const TREE_JSON_FORMAT = 'canopy-tree';
const TREE_JSON_VERSION = 1;
/** Deeper outlines are refused: no strategy tree is 200 levels deep, crafted files are. */
const MAX_DEPTH = 200;
const MAX_ITEMS = 20_000;

export class TreeImportError extends Error {
  constructor(message: string) {
    super(`${message} Nothing was imported.`);
    this.name = 'TreeImportError';
  }
}

export interface ImportedTree {
  title: string;
  vision: OutlineItem;
}

export function exportTreeJson(model: CanopyDoc): string {
  const root = model.tree().rootId;
  if (!root) throw new TreeImportError('This document has no tree to export.');
  return `${JSON.stringify(
    {
      format: TREE_JSON_FORMAT,
      version: TREE_JSON_VERSION,
      title: model.meta.title,
      vision: model.outline(root),
    },
    null,
    2,
  )}\n`;
}

const text = (max: number) => v.optional(v.pipe(v.string(), v.maxLength(max)));
const num = v.optional(v.nullable(v.pipe(v.number(), v.finite())));

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
          name: text(LIMITS.text),
          baseline: num,
          target: num,
          current: num,
          unit: text(40),
          direction: v.optional(v.picklist(MEASURE_DIRECTIONS)),
          due: v.optional(v.nullable(IsoDate)),
        }),
      ),
      v.maxLength(LIMITS.measures),
    ),
  ),
  assumptions: v.optional(
    v.pipe(
      v.array(
        v.object({
          text: text(LIMITS.text),
          risk: v.optional(v.picklist(RISK_LEVELS)),
          state: v.optional(v.picklist(ASSUMPTION_STATES)),
        }),
      ),
      v.maxLength(LIMITS.assumptions),
    ),
  ),
};
const ItemSchema = v.object(ItemFields);

/** Validates an outline without recursion (a crafted file can nest very deep). */
function checkOutline(raw: unknown): OutlineItem {
  let count = 0;
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
    const kids = (value as { children?: unknown }).children;
    if (kids !== undefined) {
      if (!Array.isArray(kids))
        throw new TreeImportError(`The children of item ${path} are not a list.`);
      // Iterative over siblings; depth is bounded above, so recursion stays shallow.
      item.children = kids.map((k, i) => convert(k, depth + 1, `${path}.${i + 1}`));
    }
    return item;
  };
  return convert(raw, 1, '1');
}

export function importTreeJson(json: string): ImportedTree {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new TreeImportError('This is not JSON.');
  }
  const d = data as { format?: unknown; version?: unknown; title?: unknown; vision?: unknown };
  if (!d || typeof d !== 'object' || d.format !== TREE_JSON_FORMAT)
    throw new TreeImportError(
      'This JSON is not a Canopy tree (its "format" is not "canopy-tree").',
    );
  if (typeof d.version !== 'number' || d.version > TREE_JSON_VERSION)
    throw new TreeImportError(
      'This tree was exported by a newer version of Canopy; update Canopy to import it.',
    );
  const vision = checkOutline(d.vision);
  return {
    title:
      typeof d.title === 'string' && d.title.trim()
        ? d.title.slice(0, LIMITS.docTitle)
        : vision.title || 'Imported tree',
    vision: { ...vision, kind: 'vision' },
  };
}

/** One Markdown line per node: indented bullets with the kind first, under the title. */
export function exportTreeMarkdown(model: CanopyDoc): string {
  const tree = model.tree();
  const lines = [`# ${model.meta.title || 'Untitled tree'}`, ''];
  for (const id of tree.order) {
    const n = model.node(id)!;
    const title = n.title.replace(/\s+/g, ' ').trim();
    lines.push(`${'  '.repeat(tree.depthOf.get(id) ?? 0)}- ${NODE_KIND_LABEL[n.kind]}: ${title}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A Markdown outline (as exported, or written by hand) → a tree. A `# Title` heading
 * over the vision names the document; an outline without a vision gets one.
 */
export function importTreeMarkdown(markdown: string): ImportedTree & { warnings: string[] } {
  const { items, warnings } = parseOutlineText(markdown);
  if (items.length === 0) throw new TreeImportError('This Markdown has no outline items.');
  let title = '';
  let top = items;
  const first = items[0]!;
  if (items.length === 1 && first.kind === undefined && first.children?.length) {
    title = first.title;
    top = first.children;
  }
  const [head, ...rest] = top;
  const vision: OutlineItem =
    head?.kind === 'vision'
      ? { ...head, children: [...(head.children ?? []), ...rest] }
      : { title: title || 'Imported vision', kind: 'vision', children: top };
  return { title: title || vision.title || 'Imported tree', vision, warnings };
}
