/**
 * A hierarchical CSV read back as a tree (the shapes are in tree-csv.ts): columns by
 * header, any case, with common synonyms (Summary, Issue Type, Labels, Assignee…);
 * parents by ID; what was left out said in words. A file whose headers are levels
 * (Vision, Goal, Bet, Initiative, or Level 1, Level 2…) is read as Miro's paths.
 */
import Papa from 'papaparse';
import { CHILD_KIND, LIMITS, plural, type NodeKind, type OutlineItem } from '../model';
import {
  parseAssumptions,
  parseConfidence,
  parseHypothesis,
  parseMeasures,
  parseTags,
} from './field-text';
import { ItemBudget, kindOf, placeCards, upTo, type Placement } from './import-items';
import { TreeImportError, type ImportedTree } from './import-errors';
import { MAX_OPML_DEPTH } from './tree-opml';

type Field =
  | 'id'
  | 'parent'
  | 'kind'
  | 'title'
  | 'description'
  | 'owner'
  | 'tags'
  | 'confidence'
  | 'column'
  | 'measures'
  | 'hypothesis'
  | 'investment'
  | 'assumptions';

/** Header names, in lower case without spaces, dashes or underscores. */
const SYNONYMS: Record<Field, string[]> = {
  id: ['id', 'issueid', 'itemid', 'nodeid', 'key', 'issuekey', 'uid'],
  parent: ['parentid', 'parent', 'parentkey', 'parentissueid', 'parentitem'],
  kind: ['kind', 'type', 'issuetype', 'itemtype'],
  title: ['title', 'summary', 'name', 'content', 'text', 'topic', 'item', 'heading'],
  description: ['description', 'notes', 'note', 'details', 'body'],
  owner: ['owner', 'assignee', 'responsible', 'lead'],
  tags: ['tags', 'labels', 'label', 'tag'],
  confidence: ['confidence'],
  column: ['column', 'status', 'stage', 'boardcolumn'],
  measures: ['measures', 'measure', 'metrics', 'kpis', 'kpi'],
  hypothesis: ['hypothesis'],
  investment: ['investment', 'budget'],
  assumptions: ['assumptions', 'assumption', 'risks'],
};

const headerKey = (h: string) => h.toLowerCase().replace(/[\s_-]+/g, '');
const LEVEL_HEADER = /^(?:level\d+|depth\d+|vision|goal|bet|initiative\d*)$/;

/** Jira's and other tools' item types, to our kinds. */
const TYPE_KIND: Record<string, NodeKind> = {
  epic: 'goal',
  story: 'bet',
  task: 'bet',
  bug: 'bet',
  feature: 'bet',
  subtask: 'initiative',
};

/** A cell as written: the apostrophe the formula guard added is taken off. */
const cellText = (s: string | undefined) =>
  (s ?? '').replace(
    /^'(?=[\s\u00a0\u200b-\u200d\u2060\ufeff]*[=+\-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b|\t\r])/,
    '',
  );

export function importTreeCsv(text: string, fallbackTitle = 'Imported tree'): ImportedTree {
  const parsed = Papa.parse<string[]>(text.replace(/^\ufeff/, ''), { skipEmptyLines: 'greedy' });
  const [header, ...rows] = parsed.data;
  if (!header || rows.length === 0)
    throw new TreeImportError('This CSV has no rows under its header row.');
  const keys = header.map(headerKey);
  if (keys.every((k) => k === '' || LEVEL_HEADER.test(k)) && keys.some(Boolean))
    return readPaths(rows, fallbackTitle);
  const columnOf = new Map<Field, number>();
  const unused: string[] = [];
  keys.forEach((k, i) => {
    const field = (Object.keys(SYNONYMS) as Field[]).find((f) => SYNONYMS[f].includes(k));
    if (field && !columnOf.has(field)) columnOf.set(field, i);
    else if (header[i]!.trim()) unused.push(header[i]!.trim());
  });
  if (!columnOf.has('title'))
    throw TreeImportError.of('notTable', `its headers: ${header.slice(0, 8).join(', ')}`);
  const get = (row: string[], f: Field) => {
    const i = columnOf.get(f);
    return i === undefined ? '' : cellText(row[i]).trim();
  };

  const budget = new ItemBudget();
  const placements: Placement[] = [];
  interface Row {
    item: OutlineItem;
    id: string;
    parent: string;
    kind: NodeKind | undefined;
  }
  const read: Row[] = [];
  let blank = 0;
  for (const row of rows) {
    const title = get(row, 'title');
    if (!title) {
      blank++;
      continue;
    }
    const item = budget.take(title);
    if (!item) continue;
    const typeText = headerKey(get(row, 'kind'));
    const kind = kindOf(typeText) ?? TYPE_KIND[typeText];
    fields(item, (f) => get(row, f));
    if (get(row, 'column')) placements.push({ item, column: get(row, 'column') });
    read.push({ item, id: get(row, 'id'), parent: get(row, 'parent'), kind });
  }
  if (read.length === 0) throw new TreeImportError('This CSV has no row with a title.');

  // Parents by ID; a row whose parent is missing, or that is in a loop, goes to the top.
  const byId = new Map<string, Row>();
  let repeated = 0;
  for (const r of read) {
    if (!r.id) continue;
    if (byId.has(r.id)) repeated++;
    else byId.set(r.id, r);
  }
  const childrenOf = new Map<Row, Row[]>();
  const top: Row[] = [];
  let orphans = 0;
  for (const r of read) {
    const parent = r.parent ? byId.get(r.parent) : undefined;
    if (r.parent && !parent) orphans++;
    if (parent && parent !== r) childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), r]);
    else top.push(r);
  }
  const placed = new Set<Row>();
  const attach = (roots: Row[], into: OutlineItem[], kind: NodeKind) => {
    const work = [{ rows: [...roots].reverse(), into, kind, depth: 1 }];
    while (work.length) {
      const level = work[work.length - 1]!;
      const r = level.rows.pop();
      if (!r) {
        work.pop();
        continue;
      }
      if (placed.has(r)) continue;
      if (level.depth > MAX_OPML_DEPTH) throw TreeImportError.of('tooDeep');
      placed.add(r);
      r.item.kind = r.kind && r.kind !== 'vision' ? r.kind : level.kind;
      level.into.push(r.item);
      const kids = childrenOf.get(r);
      if (kids)
        work.push({
          rows: [...kids].reverse(),
          into: (r.item.children = []),
          kind: CHILD_KIND[r.item.kind],
          depth: level.depth + 1,
        });
    }
  };
  const roots: OutlineItem[] = [];
  const visionRow = top.length === 1 ? top[0] : top.find((r) => r.kind === 'vision');
  attach(top, roots, top.length === 1 ? 'vision' : 'goal');
  // Rows in a parent loop were never reached from the top: they join it.
  const looped = read.filter((r) => !placed.has(r));
  attach(looped, roots, 'goal');

  const warnings = [...budget.notices()];
  /** `text` with {was} and {they} in the number of `n`. */
  const say = (n: number, text: string) =>
    n > 0 &&
    warnings.push(
      `${n} ${plural(n, 'row')} ${text
        .replace(/\{was\}/g, plural(n, 'was', 'were'))
        .replace(/\{they\}/g, plural(n, 'it', 'they'))}`,
    );
  say(blank, 'without a title {was} skipped.');
  say(orphans, 'named a parent ID no row has: {they} {was} put at the top.');
  say(repeated, 'repeated an ID another row has: children go under the first.');
  say(looped.length, 'in a loop of parent IDs (each its own ancestor) {was} put at the top.');
  if (unused.length)
    warnings.push(
      `${plural(unused.length, 'Column')} not imported: ${unused.slice(0, 8).join(', ')}${unused.length > 8 ? '…' : ''}.`,
    );
  const { records, warnings: placedWarnings } = placeCards(placements, Date.now());
  warnings.push(...placedWarnings);
  return { ...wrap(roots, visionRow?.item ?? null, fallbackTitle), records, warnings };
}

/** The tree's vision: the one top row, a top row of kind vision, or one named for the file. */
function wrap(roots: OutlineItem[], vision: OutlineItem | null, fallbackTitle: string) {
  if (vision && roots.includes(vision)) {
    const rest = roots.filter((r) => r !== vision);
    for (const r of rest) if (r.kind === 'vision') r.kind = 'goal';
    const v = {
      ...vision,
      kind: 'vision' as const,
      children: [...(vision.children ?? []), ...rest],
    };
    return { title: upTo(v.title || fallbackTitle, LIMITS.docTitle), vision: v };
  }
  return {
    title: upTo(fallbackTitle, LIMITS.docTitle),
    vision: { title: upTo(fallbackTitle, LIMITS.title), kind: 'vision' as const, children: roots },
  };
}

function fields(item: OutlineItem, get: (f: Field) => string): void {
  if (get('description')) item.description = upTo(get('description'), LIMITS.description);
  if (get('owner')) item.owner = upTo(get('owner'), LIMITS.owner);
  if (get('tags')) item.tags = parseTags(get('tags'));
  const confidence = parseConfidence(get('confidence'));
  if (confidence !== null) item.confidence = confidence;
  if (get('measures')) item.measures = parseMeasures(get('measures'));
  if (get('hypothesis')) item.hypothesis = parseHypothesis(get('hypothesis'));
  if (get('investment')) item.investment = upTo(get('investment'), LIMITS.text);
  if (get('assumptions')) item.assumptions = parseAssumptions(get('assumptions'));
}

/** Miro's shape: each row a path, one column per level; the same title at a level is one item. */
function readPaths(rows: string[][], fallbackTitle: string): ImportedTree {
  const budget = new ItemBudget();
  const roots: OutlineItem[] = [];
  const made = new Map<string, OutlineItem>();
  for (const row of rows) {
    let into = roots;
    let key = '';
    for (const [level, raw] of row.entries()) {
      const title = cellText(raw).trim();
      if (!title) break;
      if (level >= MAX_OPML_DEPTH) throw TreeImportError.of('tooDeep');
      key += `\u0000${title}`;
      let item = made.get(key);
      if (!item) {
        const taken = budget.take(title);
        if (!taken) break;
        item = taken;
        made.set(key, item);
        into.push(item);
      }
      into = item.children ??= [];
    }
  }
  if (roots.length === 0) throw new TreeImportError('This CSV has no row with a title.');
  return {
    ...wrap(roots, roots.length === 1 ? roots[0]! : null, fallbackTitle),
    warnings: budget.notices(),
  };
}
