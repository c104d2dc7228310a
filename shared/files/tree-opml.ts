/**
 * A tree as OPML 2.0 (http://opml.org/spec2.opml), the outline format XMind,
 * FreeMind, MindManager, Workflowy and Logseq exchange; read and written with
 * fast-xml-parser, which needs no DOM.
 *
 * Written: `<head><title>` the tree's title; one `<outline text="…">` per item,
 * nested, its description in `_note` (as Workflowy and OmniOutliner write notes), and
 * Canopy's own fields in attributes other tools keep or ignore: canopyKind,
 * canopyOwner, canopyTags, canopyConfidence, canopyInvestment, canopyBelieve,
 * canopyResult, canopySignal, canopyMeasures and canopyAssumptions (JSON), and
 * canopyColumn for a card. Line breaks in attributes are written as `&#10;`, so a
 * conforming reader keeps them.
 *
 * Read: any OPML. The kind comes from canopyKind, else from the depth (the ladder:
 * vision → goal → bet → initiative). One top outline is the vision; several are the
 * goals of a vision named by the head's title. A file from another tool may hold
 * inline HTML in its text (Workflowy's bold and links): the tags are dropped.
 *
 * Hostile files are refused before anything is built: a DOCTYPE or entity
 * declaration (OPML needs none; "billion laughs" needs one: CANOPY-307), text that is
 * not XML (CANOPY-305), XML that is not OPML (CANOPY-306), nesting deeper than 200
 * (CANOPY-308). Items past 2,000 and long titles are cut, with a notice.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  ASSUMPTION_STATES,
  CHILD_KIND,
  columnNameOf,
  LIMITS,
  MEASURE_DIRECTIONS,
  RISK_LEVELS,
  type Assumption,
  type CanopyDoc,
  type Measure,
  type NodeKind,
  type OutlineItem,
} from '../model';
import { parseConfidence, parseTags, tagsText } from './field-text';
import { ItemBudget, kindOf, placeCards, upTo, type Placement } from './import-items';
import { TreeImportError, type ImportedTree } from './import-errors';

/** Deeper outlines are refused (as tree-json.ts does). */
export const MAX_OPML_DEPTH = 200;

/** Characters XML 1.0 cannot hold at all (controls other than tab and line breaks). */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** An attribute value or text, escaped for XML; line breaks and tabs as references. */
export function xmlEscape(value: string): string {
  return value
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r\n|\r|\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML's five entities and character references, decoded in one pass (never twice). */
function xmlUnescape(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref.toLowerCase()] ?? whole;
    const code =
      ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

/** RFC 822 dates, as OPML's head wants them. */
const rfc822 = (ms: number) => new Date(ms).toUTCString();

export function exportTreeOpml(model: CanopyDoc, now = Date.now()): string {
  const tree = model.tree();
  if (!tree.rootId) throw new TreeImportError('This document has no tree to export.');
  const board = model.board();
  const outlineOf = (id: string): Record<string, unknown> => {
    const n = model.node(id)!;
    const attrs: Record<string, string> = { text: n.title.replace(/\s+/g, ' ').trim() };
    if (n.description.trim()) attrs._note = n.description;
    attrs.canopyKind = n.kind;
    if (n.owner) attrs.canopyOwner = n.owner;
    if (n.tags.length) attrs.canopyTags = tagsText(n.tags);
    if (n.confidence !== null) attrs.canopyConfidence = String(n.confidence);
    if (n.investment) attrs.canopyInvestment = n.investment;
    if (n.hypothesis.believe) attrs.canopyBelieve = n.hypothesis.believe;
    if (n.hypothesis.result) attrs.canopyResult = n.hypothesis.result;
    if (n.hypothesis.signal) attrs.canopySignal = n.hypothesis.signal;
    if (n.measures.length)
      attrs.canopyMeasures = JSON.stringify(n.measures.map(({ id: _id, ...m }) => m));
    if (n.assumptions.length)
      attrs.canopyAssumptions = JSON.stringify(n.assumptions.map(({ id: _id, ...a }) => a));
    const column = columnNameOf(board, n);
    if (column) attrs.canopyColumn = column;
    const kids = tree.childrenOf.get(id) ?? [];
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(attrs)) out[`@_${key}`] = xmlEscape(value);
    if (kids.length) out.outline = kids.map(outlineOf);
    return out;
  };
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    // Values are escaped above (xmlEscape), line breaks included.
    processEntities: false,
    format: true,
    indentBy: '  ',
    suppressEmptyNode: true,
  });
  const body = builder.build({
    opml: {
      '@_version': '2.0',
      head: {
        title: xmlEscape(model.meta.title || 'Untitled tree'),
        dateCreated: rfc822(model.meta.createdAt || now),
        dateModified: rfc822(now),
        docs: 'http://opml.org/spec2.opml',
      },
      body: { outline: [outlineOf(tree.rootId)] },
    },
  }) as string;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body.trimEnd()}\n`;
}

type Raw = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseAttributeValue: false,
  parseTagValue: false,
  // Entities are decoded by xmlUnescape, once; declared entities are refused before.
  processEntities: false,
  // One past the deepest tree: opml, body, then the outlines.
  maxNestedTags: MAX_OPML_DEPTH + 3,
  isArray: (name) => name === 'outline',
});

/** Inline HTML some tools put in an outline's text (Workflowy: <b>, <i>, <a href>). */
const INLINE_HTML = /<\/?(?:a|b|i|u|s|em|strong|span|mark|code|br)\b[^>]*>/gi;

export function importTreeOpml(text: string, fallbackTitle = 'Imported tree'): ImportedTree {
  const xml = text.replace(/^\ufeff/, '');
  if (/<!(?:DOCTYPE|ENTITY)/i.test(xml)) throw TreeImportError.of('declaresEntities');
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    throw TreeImportError.of('notXml', `line ${valid.err.line}: ${valid.err.msg}`);
  let data: Raw;
  try {
    data = parser.parse(xml) as Raw;
  } catch (e) {
    if (e instanceof Error && /nested tags/i.test(e.message)) throw TreeImportError.of('tooDeep');
    throw TreeImportError.of('notXml', e instanceof Error ? e.message : String(e));
  }
  const opml = data.opml as Raw | undefined;
  if (!opml || typeof opml !== 'object' || opml.body === undefined)
    throw TreeImportError.of('notOpml');
  // An empty <body/> parses as text.
  const body = (typeof opml.body === 'object' && opml.body ? opml.body : {}) as Raw;
  const head = (typeof opml.head === 'object' && opml.head ? opml.head : {}) as Raw;
  const headTitle = typeof head.title === 'string' ? xmlUnescape(head.title).trim() : '';
  const top = (body.outline as Raw[] | undefined) ?? [];
  // A file Canopy wrote keeps its titles exactly; another tool's text may hold HTML.
  const ours = /\bcanopyKind="/.test(xml);
  const budget = new ItemBudget();
  const placements: Placement[] = [];
  const read = (raw: Raw, kind: NodeKind): OutlineItem | null => {
    const attr = (name: string) =>
      typeof raw[`@_${name}`] === 'string' ? xmlUnescape(raw[`@_${name}`] as string) : '';
    const title = ours ? attr('text') : attr('text').replace(INLINE_HTML, '');
    const item = budget.take(title || attr('title'));
    if (!item) return null;
    item.kind = kindOf(attr('canopyKind')) ?? kind;
    if (item.kind === 'vision' && kind !== 'vision') item.kind = kind;
    fields(item, attr);
    if (attr('canopyColumn')) placements.push({ item, column: attr('canopyColumn') });
    return item;
  };
  // Depth first without recursion: a crafted file can nest up to the parser's limit.
  const roots: OutlineItem[] = [];
  const startKind: NodeKind = top.length === 1 ? 'vision' : 'goal';
  const work: Array<{ raws: Raw[]; into: OutlineItem[]; kind: NodeKind }> = [
    { raws: [...top].reverse(), into: roots, kind: startKind },
  ];
  while (work.length) {
    const level = work[work.length - 1]!;
    const raw = level.raws.pop();
    if (!raw) {
      work.pop();
      continue;
    }
    if (typeof raw !== 'object') continue;
    const item = read(raw, level.kind);
    if (item) level.into.push(item);
    const kids = (raw.outline as Raw[] | undefined) ?? [];
    if (item && kids.length)
      work.push({
        raws: [...kids].reverse(),
        into: (item.children = []),
        kind: CHILD_KIND[item.kind!],
      });
    else if (kids.length) work.push({ raws: [...kids].reverse(), into: [], kind: level.kind });
  }
  if (roots.length === 0) throw new TreeImportError('This OPML file has no outline items.');
  const vision: OutlineItem =
    roots.length === 1
      ? { ...roots[0]!, kind: 'vision' }
      : { title: upTo(headTitle || fallbackTitle, LIMITS.title), kind: 'vision', children: roots };
  const { records, warnings: placed } = placeCards(placements, Date.now());
  return {
    title: upTo(headTitle || vision.title || fallbackTitle, LIMITS.docTitle),
    vision,
    records,
    warnings: [...budget.notices(), ...placed],
  };
}

/** Canopy's own attributes onto an item; anything malformed is left out, not refused. */
function fields(item: OutlineItem, attr: (name: string) => string): void {
  const note = attr('_note');
  if (note.trim()) item.description = upTo(note, LIMITS.description);
  if (attr('canopyOwner')) item.owner = upTo(attr('canopyOwner').trim(), LIMITS.owner);
  if (attr('canopyTags')) item.tags = parseTags(attr('canopyTags'));
  const confidence = parseConfidence(attr('canopyConfidence'));
  if (confidence !== null) item.confidence = confidence;
  if (attr('canopyInvestment')) item.investment = upTo(attr('canopyInvestment'), LIMITS.text);
  const hypothesis = {
    believe: upTo(attr('canopyBelieve'), LIMITS.text),
    result: upTo(attr('canopyResult'), LIMITS.text),
    signal: upTo(attr('canopySignal'), LIMITS.text),
  };
  if (hypothesis.believe || hypothesis.result || hypothesis.signal) item.hypothesis = hypothesis;
  const measures = jsonList(attr('canopyMeasures'), LIMITS.measures).map(measureOf);
  if (measures.length) item.measures = measures;
  const assumptions = jsonList(attr('canopyAssumptions'), LIMITS.assumptions).map(assumptionOf);
  if (assumptions.length) item.assumptions = assumptions;
}

function jsonList(text: string, max: number): Raw[] {
  if (!text) return [];
  try {
    const list: unknown = JSON.parse(text);
    return Array.isArray(list)
      ? list.filter((e): e is Raw => !!e && typeof e === 'object').slice(0, max)
      : [];
  } catch {
    return [];
  }
}

const str = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const oneOf = <T extends string>(v: unknown, list: readonly T[], fallback: T): T =>
  list.includes(v as T) ? (v as T) : fallback;

function measureOf(m: Raw): Partial<Measure> {
  return {
    name: str(m.name, LIMITS.text),
    baseline: num(m.baseline),
    target: num(m.target),
    current: num(m.current),
    unit: str(m.unit, 40),
    direction: oneOf(m.direction, MEASURE_DIRECTIONS, 'increase'),
    due: typeof m.due === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(m.due) ? m.due : null,
    updatedAt: num(m.updatedAt),
  };
}

function assumptionOf(a: Raw): Partial<Assumption> {
  return {
    text: str(a.text, LIMITS.text),
    risk: oneOf(a.risk, RISK_LEVELS, 'medium'),
    state: oneOf(a.state, ASSUMPTION_STATES, 'open'),
  };
}
