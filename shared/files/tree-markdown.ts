/**
 * A tree as a Markdown outline, out and back in, through mdast: the export is written
 * by mdast-util-to-markdown, so every title is escaped as text (`<script>`, links,
 * emphasis, a leading `-` or `1.`, `#`, `|`, entities) and reads back the same in
 * GitHub, Obsidian and Logseq; the import parses with mdast-util-from-markdown, so
 * escapes, entities and emphasis come back as the text they stand for.
 *
 * The shape written: `# Document title`, then one bullet per node, nested, each
 * `Kind: title`, its fields as `key:: value` lines under it (Logseq and Obsidian
 * properties, md-properties.ts) and its description as paragraphs. Titles are single
 * lines: line breaks are written as spaces.
 *
 * Reading maps a document to a tree as a reader expects (README, Files):
 *   - a single top heading names the document (`# Title` over the rest);
 *   - under it, a single top item is the vision and its children the goals; several
 *     top items are the goals of a vision that takes the document's title;
 *   - headings nest by level, lists by indentation; a `Kind:` prefix sets an item's
 *     kind, otherwise it follows the ladder (vision → goal → bet → initiative);
 *   - text under a heading or in a list item after its first line is its description;
 *     `key:: value` lines are its fields (owner, tags, confidence, column…);
 *   - code, tables, quotes and rules are skipped, and the import says how many.
 * A file with no heading and no list (an indented plain-text outline) is read line by
 * line, as a paste is (outline-text.ts).
 */
import type { Heading, List, ListItem, Paragraph, Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { toMarkdown, type Unsafe } from 'mdast-util-to-markdown';
import { toString } from 'mdast-util-to-string';
import {
  cardColumn,
  columnNameOf,
  itemText,
  limitNotices,
  LIMITS,
  MAX_OUTLINE_ITEMS,
  NODE_KIND_LABEL,
  parseOutlineText,
  plural,
  type CanopyDoc,
  type OutlineItem,
  type OutlineLimits,
} from '../model';
import { TreeImportError, type ImportedTree } from './import-errors';
import { placeCards, type Placement } from './import-items';
import { applyProperties, propertyLines, splitProperties } from './md-properties';

/** One line: line breaks and runs of white space become one space. */
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * `|` starts a table cell in GitHub and an alias in Obsidian links: escaped wherever
 * it is, on top of what mdast-util-to-markdown escapes by default.
 */
const UNSAFE: Unsafe[] = [{ character: '|' }];

export function exportTreeMarkdown(model: CanopyDoc): string {
  const tree = model.tree();
  const board = model.board();
  const itemOf = (id: string): ListItem => {
    const n = model.node(id)!;
    const kids = tree.childrenOf.get(id) ?? [];
    // Fields as Logseq/Obsidian properties, `key:: value` lines under the title.
    const lines = [
      `${NODE_KIND_LABEL[n.kind]}: ${oneLine(n.title)}`,
      // A card in the first column needs no word: that is where it would start.
      ...propertyLines(
        n,
        cardColumn(board, n.id).id !== board.columns[0]?.id ? columnNameOf(board, n) : null,
      ),
    ];
    const paragraph: Paragraph = {
      type: 'paragraph',
      children: [{ type: 'text', value: lines.join('\n') }],
    };
    const description: Paragraph[] = n.description.trim()
      ? n.description
          .split(/\n\s*\n/)
          .filter((p) => p.trim())
          .map((p) => ({ type: 'paragraph', children: [{ type: 'text', value: p.trim() }] }))
      : [];
    return {
      type: 'listItem',
      spread: false,
      children: [paragraph, ...description, ...(kids.length ? [listOf(kids)] : [])],
    };
  };
  const listOf = (ids: readonly string[]): List => ({
    type: 'list',
    ordered: false,
    spread: false,
    children: ids.map(itemOf),
  });
  const root: Root = {
    type: 'root',
    children: [
      {
        type: 'heading',
        depth: 1,
        children: [{ type: 'text', value: oneLine(model.meta.title) || 'Untitled tree' }],
      },
      ...(tree.rootId ? [listOf([tree.rootId])] : []),
    ],
  };
  return toMarkdown(root, { bullet: '-', listItemIndent: 'one', unsafe: UNSAFE });
}

interface Section {
  /** Heading depth 1–6; 0 for the document itself. */
  depth: number;
  /** Null for an empty heading, or one past the item limit. */
  item: OutlineItem | null;
}

interface Reading {
  limits: OutlineLimits;
  /** Cards' columns from their `column::` property. */
  placements: Placement[];
  skipped: number;
  /** Text outside any item. */
  loose: number;
}

/**
 * A Markdown outline (as exported, or written by hand) → a tree; `fallbackTitle` names
 * the document when the file has no single top heading (the file's name).
 */
export function importTreeMarkdown(
  markdown: string,
  fallbackTitle = 'Imported tree',
): ImportedTree & { warnings: string[] } {
  const { head, restItems, itemLines, bySize } = cutForParsing(markdown);
  // No heading or bullet line: a plain-text outline, read line by line without mdast.
  const doc = itemLines > 0 ? fromMarkdown(head) : null;
  const structured = doc?.children.some((c) => c.type === 'heading' || c.type === 'list');
  const warnings: string[] = [];
  let read: Read;
  if (structured) {
    read = readDocument(doc!);
    const { limits, skipped, loose } = read.reading!;
    limits.total += restItems;
    // Cut for its size, the file says so with its own reason, not the item limit.
    if (bySize)
      warnings.push(
        `Only the first ${MAX_PARSED_CHARS / 1024 / 1024} MB of the file were read, with ` +
          `${limits.kept.toLocaleString('en')} of its ${limits.total.toLocaleString('en')} items: ` +
          'an outline is rarely longer, and the rest would take minutes to read.',
      );
    warnings.push(...limitNotices(bySize ? { ...limits, total: limits.kept } : limits, 'file'));
    if (skipped > 0)
      warnings.push(
        `${skipped} ${plural(skipped, 'block')} that ${plural(skipped, 'is', 'are')} not a ` +
          'heading, a list or text (code, a table, a quote) were left out.',
      );
    if (loose > 0)
      warnings.push(
        `${loose} ${plural(loose, 'paragraph')} of text before the first heading or list ` +
          'were left out: they belong to no item.',
      );
  } else {
    const parsed = parseOutlineText(markdown, 'file');
    read = { items: parsed.items, title: null, intro: '', reading: null };
    warnings.push(...parsed.warnings);
  }
  if (read.items.length === 0) throw new TreeImportError('This Markdown has no outline items.');
  const { records, warnings: placed } = placeCards(read.reading?.placements ?? [], Date.now());
  return { ...toTree(read, fallbackTitle), records, warnings: [...warnings, ...placed] };
}

/** A heading or a list item's first line: what the Markdown parser makes an item of. */
const ITEM_LINE = /^(?: {0,3}#{1,6}|[ \t]*(?:[-*+]|\d{1,9}[.)]))[ \t]+\S/;
/** The parser reads at most this much text (its time grows faster than the text). */
const MAX_PARSED_CHARS = 2 * 1024 * 1024;

/**
 * The part of a file worth parsing: up to just past the last item a tree takes (or
 * 2 MB). Items after it are only counted, line by line, so the notice can say how
 * many there were: parsing a 1 MB nested list takes minutes, counting it milliseconds.
 */
function cutForParsing(markdown: string): {
  head: string;
  restItems: number;
  itemLines: number;
  /** Cut for its size, not its items: text after the cut was not read. */
  bySize: boolean;
} {
  let itemLines = 0;
  let bySize = false;
  let cut = -1;
  let restItems = 0;
  let start = 0;
  while (start <= markdown.length) {
    let end = markdown.indexOf('\n', start);
    if (end < 0) end = markdown.length;
    if (cut < 0 && start > MAX_PARSED_CHARS) {
      cut = start;
      bySize = true;
    }
    if (ITEM_LINE.test(markdown.slice(start, Math.min(end, start + 64)))) {
      itemLines++;
      // One spare: the heading that names the document is not an item.
      if (cut < 0 && itemLines > MAX_OUTLINE_ITEMS + 2) cut = start;
      if (cut >= 0) restItems++;
    }
    start = end + 1;
  }
  return { head: cut < 0 ? markdown : markdown.slice(0, cut), restItems, itemLines, bySize };
}

/** The mapping in the header comment, from the items at the top of the file. */
function toTree({ items: top, title, intro }: Read, fallbackTitle: string): ImportedTree {
  let vision: OutlineItem;
  const [head, ...rest] = top;
  if (head!.kind === 'vision') {
    vision = { ...head!, children: [...(head!.children ?? []), ...rest] };
  } else if (top.length === 1 && head!.kind === undefined) {
    vision = { ...head!, kind: 'vision' };
  } else {
    vision = { title: title ?? '', kind: 'vision', children: top };
  }
  // Text under the title heading, before the outline, is about the whole tree.
  if (intro)
    vision.description = [intro, vision.description]
      .filter(Boolean)
      .join('\n\n')
      .slice(0, LIMITS.description);
  const docTitle = title || vision.title || fallbackTitle;
  return { title: docTitle.slice(0, LIMITS.docTitle), vision };
}

interface Read {
  items: OutlineItem[];
  /** The text of the heading that names the document, if there is one. */
  title: string | null;
  /** Paragraphs between that heading and the outline. */
  intro: string;
  reading: Reading | null;
}

/**
 * The heading that names the document: the first heading, when no other heading is
 * as high, no list comes before it and it names no kind (`# Vision: …` is an item).
 */
function titleHeading(doc: Root): Heading | null {
  const first = doc.children.findIndex((c) => c.type === 'heading' || c.type === 'list');
  const heading = doc.children[first];
  if (heading?.type !== 'heading') return null;
  const higher = doc.children.some(
    (c, i) => i > first && c.type === 'heading' && c.depth <= heading.depth,
  );
  if (higher || itemText(oneLine(toString(heading))).kind) return null;
  return heading;
}

function readDocument(doc: Root): Read {
  const reading: Reading = {
    limits: { total: 0, kept: 0, shortened: 0 },
    placements: [],
    skipped: 0,
    loose: 0,
  };
  const items: OutlineItem[] = [];
  const named = titleHeading(doc);
  const title = named ? itemText(oneLine(toString(named))).title : null;
  let intro = '';
  const stack: Section[] = [{ depth: named?.depth ?? 0, item: null }];
  /** The innermost heading that became an item (an empty heading makes none). */
  const owner = () => {
    for (let i = stack.length - 1; i >= 0; i--) if (stack[i]!.item) return stack[i]!.item;
    return null;
  };
  const attach = (item: OutlineItem | null) => {
    if (!item) return;
    const parent = owner();
    if (parent) (parent.children ??= []).push(item);
    else items.push(item);
  };
  let seenTitle = false;
  for (const block of doc.children) {
    if (block === named) {
      seenTitle = true;
    } else if (block.type === 'heading') {
      while (stack.length > 1 && stack[stack.length - 1]!.depth >= block.depth) stack.pop();
      const item = newItem(toString(block), reading);
      attach(item);
      stack.push({ depth: block.depth, item });
    } else if (block.type === 'list') {
      for (const entry of readList(block, reading)) attach(entry);
    } else if (block.type === 'paragraph') {
      const under = owner();
      if (under) addDescription(under, toString(block), reading);
      else if (seenTitle && items.length === 0)
        intro = intro ? `${intro}\n\n${toString(block)}` : toString(block);
      else reading.loose++;
    } else if (!ignorable(block)) {
      reading.skipped++;
    }
  }
  return { items, title, intro, reading };
}

/** Blocks that carry nothing to import and need no word: rules, HTML comments, definitions. */
const ignorable = (block: RootContent) =>
  block.type === 'thematicBreak' ||
  block.type === 'definition' ||
  (block.type === 'html' && /^<!--[\s\S]*-->$/.test(block.value.trim()));

/**
 * The items of a list in document order, without recursion (a crafted file can nest
 * deep). Items past the limit are still counted, with their children, for the notice.
 */
function readList(list: List, reading: Reading): OutlineItem[] {
  const out: OutlineItem[] = [];
  const work: Array<{ entries: ListItem[]; at: number; into: OutlineItem[] | null }> = [
    { entries: list.children, at: 0, into: out },
  ];
  while (work.length) {
    const top = work[work.length - 1]!;
    const entry = top.entries[top.at++];
    if (!entry) {
      work.pop();
      continue;
    }
    const [first, ...more] = entry.children;
    const titled = first && first.type !== 'list';
    const item = newItem(titled ? toString(first) : '', reading, true);
    if (item && top.into) top.into.push(item);
    const kept = item && top.into ? item : null;
    const nested: ListItem[] = [];
    for (const child of titled ? more : entry.children) {
      if (child.type === 'list') nested.push(...child.children);
      else if (child.type === 'paragraph') {
        if (kept) addDescription(kept, toString(child), reading);
      } else reading.skipped++;
    }
    if (nested.length)
      work.push({ entries: nested, at: 0, into: kept ? (kept.children ??= []) : null });
  }
  return out;
}

/** An item from its text, or null when empty (a heading) or over the limit (counted). */
function newItem(text: string, reading: Reading, keepEmpty = false): OutlineItem | null {
  const { rest, props } = splitProperties(text);
  const { title, kind, shortened } = itemText(oneLine(rest));
  if (title === '' && !kind && !keepEmpty) return null;
  if (++reading.limits.total > MAX_OUTLINE_ITEMS) return null;
  reading.limits.kept++;
  if (shortened) reading.limits.shortened++;
  const item: OutlineItem = { title };
  if (kind) item.kind = kind;
  applyProperties(item, props, reading.placements);
  return item;
}

/** A paragraph under an item: its description, or its properties (`key:: value`). */
function addDescription(item: OutlineItem, paragraph: string, reading: Reading): void {
  const { rest, props } = splitProperties(paragraph);
  applyProperties(item, props, reading.placements);
  const text = rest.trim();
  if (!text) return;
  const joined = item.description ? `${item.description}\n\n${text}` : text;
  item.description = joined.slice(0, LIMITS.description);
}
