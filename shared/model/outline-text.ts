/**
 * Pasted indented text → an outline for `CanopyDoc.insertOutline`, so a facilitator
 * can paste notes from a document, a wiki or a chat.
 *
 * Structure comes from, in this order of precedence:
 *   - Markdown headings: `#` … `######` are levels above every bullet, so bullets
 *     after `## Goals` sit under it whatever their indentation;
 *   - indentation: a tab is one level; the space unit is the smallest positive
 *     run of leading spaces in the text (2 when every nested line uses 2, 4 when 4).
 *
 * A line's parent is the nearest line above it that sits at a shallower level
 * (headings by their level, other lines by their indentation), so a dedent to a
 * width between two earlier levels still lands somewhere sensible. A line indented
 * two or more levels deeper than the line above becomes that line's child and is
 * reported in `warnings`, never dropped.
 *
 * Bullets (`-`, `*`, `+`, `•`, `1.`, `1)`, `1.2.`), checkboxes (`[ ]`, `[x]`) and a
 * kind prefix (`Goal:`, `Bet:`, `Initiative:`, `Vision:`, any case, optionally in
 * bold) are removed from the title. Without a prefix `kind` is left out, and
 * `insertOutline` derives it from the parent (CHILD_KIND).
 *
 * Pure and total: no DOM, no Node, never throws. At most MAX_OUTLINE_ITEMS items, and
 * titles of at most LIMITS.title characters: both limits are counted in `limits`, and
 * said in words (how many were kept, and why) first in `warnings`.
 */
import type { OutlineItem } from './document';
import { LIMITS, type NodeKind } from './schema';

export interface ParsedOutline {
  items: OutlineItem[];
  /** The limits first (what was cut and why), then indentation problems. */
  warnings: string[];
  limits: OutlineLimits;
  /** Lines indented two or more levels below the line above (placed under it). */
  reindented: number;
}

/** What the limits did: items found and kept, titles shortened. */
export interface OutlineLimits {
  /** Items the text holds. */
  total: number;
  /** Items kept (at most MAX_OUTLINE_ITEMS). */
  kept: number;
  /** Titles cut to LIMITS.title characters. */
  shortened: number;
}

/** Where the text came from, to say why a limit applies. */
export type OutlineSource = 'paste' | 'file';

export const NO_LIMITS: OutlineLimits = { total: 0, kept: 0, shortened: 0 };

/** Largest number of items one paste produces; further lines are dropped with a warning. */
export const MAX_OUTLINE_ITEMS = 2_000;

/** Indentation warnings listed one by one; more are summarised in a single line. */
const MAX_LINE_WARNINGS = 50;

/** Heading levels are 1–6; every non-heading line ranks below all of them. */
const BODY_RANK = 7;

const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/;
/** Leading indentation: tabs and spaces, including the non-breaking ones chat apps paste. */
const LEADING_SPACE = /^[ \t\u00A0\u2000-\u200A\u202F\u205F\u3000]+/;
const HEADING = /^(#{1,6})(?:[ \t\u00A0]+|$)/;
/** `---`, `***`, `___`, `===`: Markdown rules and setext underlines carry no item. */
const RULE = /^([-*_=])(?:[ \t]*\1){2,}$/;
const BULLET = /^(?:[-*+]|\d{1,9}(?:\.\d{1,9})*[.)])(?:[ \t\u00A0]+|$)/;
/** Bullet characters that can't start a real title, so no space is needed after them. */
const SYMBOL_BULLET = /^[•◦▪▫‣⁃∙·●○■□–—][ \t\u00A0]*/;
const CHECKBOX = /^\[[ xX✓✔]?\](?:[ \t\u00A0]+|$)/;
const KIND_PREFIX =
  /^(?:\*\*|__)?(goal|bet|initiative|vision)(?:\*\*|__)?[ \t]*:(?:\*\*|__)?[ \t]*/i;

interface Line {
  /** 1-based line number in the pasted text, for warnings. */
  number: number;
  /** Heading level 1–6, or 0 for a bullet or plain line. */
  heading: number;
  tabs: number;
  spaces: number;
  title: string;
  kind: NodeKind | undefined;
  /** The title was longer than LIMITS.title and was cut. */
  shortened: boolean;
}

interface Open {
  rank: number;
  /** Indentation in spaces (tabs counted as one unit); 0 for headings. */
  width: number;
  heading: boolean;
  item: OutlineItem;
}

export function parseOutlineText(text: string, from: OutlineSource = 'paste'): ParsedOutline {
  const warnings: string[] = [];
  try {
    return build(typeof text === 'string' ? text : '', warnings, from);
  } catch {
    // Defensive: the parser is written not to throw, but a paste must never crash the app.
    return {
      items: [],
      warnings: ['The pasted text could not be read as an outline.'],
      limits: NO_LIMITS,
      reindented: 0,
    };
  }
}

/**
 * The limits in words, with the numbers kept and why: "Kept the first 2,000 of
 * 10,001 items: a tree takes at most 2,000 from one paste." Empty when nothing was cut.
 */
export function limitNotices(limits: OutlineLimits, from: OutlineSource): string[] {
  const out: string[] = [];
  if (limits.kept < limits.total)
    out.push(
      `Kept the first ${count(limits.kept)} of ${count(limits.total)} items: a tree takes at ` +
        `most ${count(MAX_OUTLINE_ITEMS)} from one ${from === 'paste' ? 'paste' : 'file'}.`,
    );
  if (limits.shortened > 0)
    out.push(
      `${count(limits.shortened)} ${plural(limits.shortened, 'title was', 'titles were')} ` +
        `longer than ${count(LIMITS.title)} characters and ${plural(limits.shortened, 'was', 'were')} shortened.`,
    );
  return out;
}

const count = (n: number) => n.toLocaleString('en');

function build(text: string, warnings: string[], from: OutlineSource): ParsedOutline {
  const rawLines = text.split(LINE_BREAK);
  const lines: Line[] = [];
  const limits: OutlineLimits = { total: 0, kept: 0, shortened: 0 };
  for (let i = 0; i < rawLines.length; i++) {
    const line = parseLine(rawLines[i]!, i + 1);
    if (!line) continue;
    // Every item is counted, so the notice can say how many there were.
    if (++limits.total > MAX_OUTLINE_ITEMS) continue;
    if (line.shortened) limits.shortened++;
    lines.push(line);
  }
  limits.kept = lines.length;

  // The space unit: the smallest positive run of leading spaces (tabs are a unit each).
  let unit = 0;
  for (const l of lines)
    if (l.heading === 0 && l.spaces > 0 && (unit === 0 || l.spaces < unit)) unit = l.spaces;
  if (unit === 0) unit = 1;

  const items: OutlineItem[] = [];
  const stack: Open[] = [];
  let previous: Open | null = null;
  let skipped = 0;
  for (const l of lines) {
    const item: OutlineItem = { title: l.title };
    if (l.kind) item.kind = l.kind;
    const open: Open = {
      rank: l.heading || BODY_RANK,
      width: l.heading ? 0 : l.tabs * unit + l.spaces,
      heading: l.heading > 0,
      item,
    };
    // Close every open line at the same level or deeper: what is left on top is the parent.
    while (stack.length > 0 && !shallower(stack[stack.length - 1]!, open)) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) (parent.item.children ??= []).push(item);
    else items.push(item);
    stack.push(open);

    if (previous && !previous.heading && !open.heading && open.width - previous.width >= 2 * unit) {
      if (warnings.length < MAX_LINE_WARNINGS)
        warnings.push(
          `Line ${l.number} is indented more than one level below the line above it; ` +
            'it was placed under that line.',
        );
      else skipped++;
    }
    previous = open;
  }
  if (skipped > 0)
    warnings.push(`…and ${skipped} more ${plural(skipped, 'line')} with inconsistent indentation.`);
  const reindented = warnings.length + skipped - (skipped > 0 ? 1 : 0);
  return { items, warnings: [...limitNotices(limits, from), ...warnings], limits, reindented };
}

/** Whether `a`, an open line above, is at a shallower level than `b`, i.e. can parent it. */
function shallower(a: Open, b: Open): boolean {
  if (a.rank !== b.rank) return a.rank < b.rank;
  return !a.heading && a.width < b.width;
}

/** One line → its level and title, or null when it carries no item (blank, a rule, a bare bullet). */
function parseLine(raw: string, number: number): Line | null {
  let rest = raw.trimEnd();
  if (number === 1 && rest.charCodeAt(0) === 0xfeff) rest = rest.slice(1);
  const indent = LEADING_SPACE.exec(rest)?.[0] ?? '';
  rest = rest.slice(indent.length);
  if (rest === '' || RULE.test(rest)) return null;

  let tabs = 0;
  for (const ch of indent) if (ch === '\t') tabs++;
  const spaces = indent.length - tabs;

  let heading = 0;
  const h = HEADING.exec(rest);
  if (h) {
    heading = h[1]!.length;
    rest = stripClosingHashes(rest.slice(h[0].length));
  } else {
    rest = rest.replace(BULLET, '').replace(SYMBOL_BULLET, '');
  }
  const item = itemText(rest);
  // A bare bullet or heading marker is an empty line; `Goal:` alone still names a kind.
  if (item.title === '' && !item.kind) return null;
  return { number, heading, tabs, spaces, ...item };
}

export interface ItemText {
  title: string;
  kind: NodeKind | undefined;
  shortened: boolean;
}

/**
 * An item's text after its bullet or heading marker → its title and kind: a checkbox
 * and a kind prefix (`Goal:`) are removed, control characters and line breaks become
 * spaces, and the title is cut to LIMITS.title (`shortened` says so). Shared with the
 * Markdown file import, which reads the text from a parsed document.
 */
export function itemText(text: string): ItemText {
  let rest = text.replace(CHECKBOX, '');
  let kind: NodeKind | undefined;
  const k = KIND_PREFIX.exec(rest);
  if (k) {
    kind = k[1]!.toLowerCase() as NodeKind;
    rest = rest.slice(k[0].length);
  }
  const clean = cleanTitle(rest);
  const title = clampTitle(clean);
  return { title, kind, shortened: title.length < clean.length };
}

/** `## Title ##` → `Title` (a Markdown closing sequence needs a space before it). */
function stripClosingHashes(s: string): string {
  let end = s.length;
  while (end > 0 && s[end - 1] === '#') end--;
  if (end === s.length) return s;
  if (end === 0) return '';
  const before = s[end - 1]!;
  return before === ' ' || before === '\t' ? s.slice(0, end).trimEnd() : s;
}

/** Control characters (stray tabs from a spreadsheet, NULs) become spaces; the ends are trimmed. */
function cleanTitle(s: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) {
      out += s.slice(start, i) + ' ';
      start = i + 1;
    }
  }
  return (out + s.slice(start)).trim();
}

/** Clamps to LIMITS.title without splitting a surrogate pair. */
function clampTitle(s: string): string {
  if (s.length <= LIMITS.title) return s;
  let end = LIMITS.title;
  const last = s.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return s.slice(0, end).trimEnd();
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}
