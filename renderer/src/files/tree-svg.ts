/**
 * The tree as a standalone SVG picture: the canvas's layout and card sizes, drawn as
 * vector shapes and text (no HTML inside, so it opens in any SVG viewer and
 * rasterizes the same everywhere). A picture is read away from the app, so every
 * title is drawn whole: a card grows by a line for each line past the canvas's two.
 * Pure: text is measured by a function passed in.
 */
import { layoutTree, type NodeBox, type TreeLayout } from '../../../shared/layout/tree-layout';
import { NODE_KIND_LABEL, type NodeData, type NodeKind } from '../../../shared/model';
import { cardSize } from '../tree/canvas/card-size';

export interface SvgTheme {
  background: string;
  card: string;
  border: string;
  text: string;
  muted: string;
  edge: string;
  kind: Record<NodeKind, string>;
  font: string;
}

/** Width in px of `text` in the theme's font at `size` px and `weight`. */
export type MeasureText = (text: string, size: number, weight: number) => number;

export interface SvgTree {
  title: string;
  rootId: string | null;
  childrenOf: ReadonlyMap<string, readonly string[]>;
  nodes: ReadonlyMap<string, NodeData>;
  /** A card's board column, for bets and initiatives. */
  columnOf?(id: string): string | null;
}

const GAP_X = 32;
const GAP_Y = 56;
/** Running left to right: space between stacked siblings, and between levels. */
const GAP_SIBLINGS_RIGHT = 16;
const GAP_LEVELS_RIGHT = 40;
const MARGIN = 32;
const PAD = 12;
const TITLE_SIZE = 15;
const TITLE_LINE = 19;
const TITLE_LINES = 2;
const SMALL = 12;

/** Text for XML: markup characters escaped, and the control characters XML forbids dropped. */
const escapeXml = (s: string) =>
  [...s]
    .filter((c) => c >= ' ' || c === '\t' || c === '\n' || c === '\r')
    .join('')
    .replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Greedy word wrap to `max` lines; the last line ends with an ellipsis if cut. */
export function wrapText(
  text: string,
  width: number,
  max: number,
  measure: (s: string) => number,
): string[] {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  let i = 0;
  for (; i < words.length && lines.length < max; i++) {
    const next = line ? `${line} ${words[i]}` : words[i]!;
    if (measure(next) <= width || !line) {
      line = next;
    } else {
      lines.push(line);
      line = words[i]!;
    }
  }
  if (line && lines.length < max) lines.push(line);
  else if (line) i--;
  const cut = i < words.length || (lines.length > 0 && measure(lines.at(-1)!) > width);
  if (cut && lines.length) {
    let last = lines.at(-1)!;
    while (last.length > 1 && measure(`${last}…`) > width) last = last.slice(0, -1);
    lines[lines.length - 1] = `${last.trimEnd()}…`;
  }
  return lines;
}

/**
 * The whole text on as many lines as it takes, nothing cut: words wrap greedily, and
 * a word wider than a line (a URL) is broken between characters.
 */
export function wrapWhole(text: string, width: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.trim().split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (measure(next) <= width) {
      line = next;
      continue;
    }
    if (line) lines.push(line);
    line = '';
    if (measure(word) <= width) {
      line = word;
      continue;
    }
    // By code points, so an emoji or an accented letter is never split.
    for (const ch of word) {
      if (line && measure(line + ch) > width) {
        lines.push(line);
        line = '';
      }
      line += ch;
    }
  }
  if (line) lines.push(line);
  return lines;
}

export interface SvgOptions {
  /**
   * 'down': the root at the top, children in a row below (the canvas); 'right': the
   * root at the left, children stacked to its right, which fits a tall page.
   */
  orientation?: 'down' | 'right';
}

export function treeSvg(
  tree: SvgTree,
  theme: SvgTheme,
  measure: MeasureText,
  options: SvgOptions = {},
): string {
  const right = options.orientation === 'right';
  // Titles are drawn whole: a card grows by a line for every line past the canvas's two.
  const titleLines = new Map<string, string[]>();
  const sizeOf = (id: string) => {
    const n = tree.nodes.get(id)!;
    const base = cardSize(n);
    const lines = wrapWhole(n.title || 'Untitled', base.width - 2 * PAD, (s) =>
      measure(s, TITLE_SIZE, 650),
    );
    titleLines.set(id, lines);
    return { width: base.width, height: base.height + extraLines(lines) * TITLE_LINE };
  };
  const layout = right
    ? transpose(
        layoutTree(
          tree,
          (id) => {
            const size = sizeOf(id);
            return { width: size.height, height: size.width };
          },
          { gapX: GAP_SIBLINGS_RIGHT, gapY: GAP_LEVELS_RIGHT },
        ),
      )
    : layoutTree(tree, sizeOf, { gapX: GAP_X, gapY: GAP_Y });
  const { minX, minY, maxX, maxY } = layout.bounds;
  const width = Math.ceil(maxX - minX + 2 * MARGIN);
  const height = Math.ceil(maxY - minY + 2 * MARGIN);
  const dx = MARGIN - minX;
  const dy = MARGIN - minY;
  const out: string[] = [];
  const text = (
    x: number,
    y: number,
    content: string,
    size: number,
    weight: number,
    fill: string,
    extra = '',
  ) =>
    out.push(
      `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-size="${size}" font-weight="${weight}" fill="${fill}"${extra}>${escapeXml(content)}</text>`,
    );

  // Edges first, under the cards: out of the parent, across, into the child.
  for (const [id, box] of layout.positions) {
    const kids = tree.childrenOf.get(id) ?? [];
    for (const kid of kids) {
      const k = layout.positions.get(kid);
      if (!k) continue;
      let d: string;
      if (right) {
        const x1 = box.x + dx + box.width;
        const y1 = box.y + dy + Math.min(box.height / 2, 40);
        const x2 = k.x + dx;
        const y2 = k.y + dy + Math.min(k.height / 2, 40);
        const mid = (x1 + x2) / 2;
        d = `M${x1.toFixed(1)} ${y1.toFixed(1)}H${mid.toFixed(1)}V${y2.toFixed(1)}H${x2.toFixed(1)}`;
      } else {
        const x1 = box.x + dx + box.width / 2;
        const y1 = box.y + dy + box.height;
        const x2 = k.x + dx + k.width / 2;
        const y2 = k.y + dy;
        const mid = (y1 + y2) / 2;
        d = `M${x1.toFixed(1)} ${y1.toFixed(1)}V${mid.toFixed(1)}H${x2.toFixed(1)}V${y2.toFixed(1)}`;
      }
      out.push(`<path d="${d}" fill="none" stroke="${theme.edge}" stroke-width="1.5"/>`);
    }
  }

  for (const [id, box] of layout.positions) {
    const n = tree.nodes.get(id)!;
    const x = box.x + dx;
    const y = box.y + dy;
    const colour = theme.kind[n.kind];
    out.push(`<g><title>${escapeXml(`${NODE_KIND_LABEL[n.kind]}: ${n.title}`)}</title>`);
    out.push(
      `<rect x="${x}" y="${y}" width="${box.width}" height="${box.height}" rx="8" fill="${theme.card}" stroke="${theme.border}"/>`,
      `<rect x="${x}" y="${y}" width="${box.width}" height="4" rx="2" fill="${colour}"/>`,
    );
    text(
      x + PAD,
      y + 22,
      NODE_KIND_LABEL[n.kind].toUpperCase(),
      11,
      700,
      colour,
      ' letter-spacing="0.6"',
    );
    const lines = titleLines.get(id) ?? [];
    lines.forEach((line, i) =>
      text(
        x + PAD,
        y + 42 + i * TITLE_LINE,
        line,
        TITLE_SIZE,
        650,
        n.title ? theme.text : theme.muted,
      ),
    );
    const column = tree.columnOf?.(id);
    const meta = [n.owner || 'No owner', column].filter(Boolean).join(' · ');
    const metaY = y + 42 + (TITLE_LINES + extraLines(lines)) * TITLE_LINE + 4;
    text(
      x + PAD,
      metaY,
      fit(meta, box.width - 2 * PAD, (s) => measure(s, SMALL, 400)),
      SMALL,
      400,
      theme.muted,
    );
    n.measures.slice(0, 2).forEach((m, i) => {
      const unit = m.unit ? ` ${m.unit}` : '';
      const value = `${m.name || 'Measure'}: ${m.current ?? '–'} → ${m.target ?? '–'}${unit}`;
      text(
        x + PAD,
        metaY + 20 * (i + 1),
        fit(value, box.width - 2 * PAD, (s) => measure(s, SMALL, 400)),
        SMALL,
        400,
        theme.text,
      );
    });
    out.push('</g>');
  }

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(theme.font)}" role="img" aria-label="${escapeXml(tree.title || 'Canopy tree')}">`,
    `<title>${escapeXml(tree.title || 'Canopy tree')}</title>`,
    `<rect width="100%" height="100%" fill="${theme.background}"/>`,
    ...out,
    '</svg>',
  ].join('\n');
}

/** Title lines past the two a card has room for. */
const extraLines = (lines: readonly string[]) => Math.max(0, lines.length - TITLE_LINES);

/** A layout made with widths and heights swapped, turned to run left to right. */
function transpose(layout: TreeLayout): TreeLayout {
  const positions = new Map<string, NodeBox>();
  for (const [id, b] of layout.positions)
    positions.set(id, { x: b.y, y: b.x, width: b.height, height: b.width });
  const { minX, minY, maxX, maxY } = layout.bounds;
  return { positions, bounds: { minX: minY, minY: minX, maxX: maxY, maxY: maxX } };
}

/** One line, cut with an ellipsis to fit `width`. */
function fit(s: string, width: number, measure: (s: string) => number): string {
  return wrapText(s, width, 1, measure)[0] ?? '';
}
