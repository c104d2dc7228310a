/**
 * The tree as a standalone SVG picture: the same layout and card sizes as the canvas,
 * drawn as vector shapes and text (no HTML inside, so it opens in any SVG viewer and
 * rasterizes the same everywhere). Pure: text is measured by a function passed in.
 */
import { layoutTree } from '../../../shared/layout/tree-layout';
import { NODE_KIND_LABEL, type NodeData, type NodeKind } from '../../../shared/model';
import { cardSize } from './card-size';

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

export function treeSvg(tree: SvgTree, theme: SvgTheme, measure: MeasureText): string {
  const layout = layoutTree(tree, (id) => cardSize(tree.nodes.get(id)!), {
    gapX: GAP_X,
    gapY: GAP_Y,
  });
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

  // Edges first, under the cards: down from the parent, across, down to the child.
  for (const [id, box] of layout.positions) {
    const kids = tree.childrenOf.get(id) ?? [];
    const x1 = box.x + dx + box.width / 2;
    const y1 = box.y + dy + box.height;
    for (const kid of kids) {
      const k = layout.positions.get(kid);
      if (!k) continue;
      const x2 = k.x + dx + k.width / 2;
      const y2 = k.y + dy;
      const mid = (y1 + y2) / 2;
      out.push(
        `<path d="M${x1.toFixed(1)} ${y1.toFixed(1)}V${mid.toFixed(1)}H${x2.toFixed(1)}V${y2.toFixed(1)}" fill="none" stroke="${theme.edge}" stroke-width="1.5"/>`,
      );
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
    const lines = wrapText(n.title || 'Untitled', box.width - 2 * PAD, TITLE_LINES, (s) =>
      measure(s, TITLE_SIZE, 650),
    );
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
    const metaY = y + 42 + TITLE_LINES * TITLE_LINE + 4;
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

/** One line, cut with an ellipsis to fit `width`. */
function fit(s: string, width: number, measure: (s: string) => number): string {
  return wrapText(s, width, 1, measure)[0] ?? '';
}
