/**
 * Pictures of the tree: SVG as drawn by tree-svg.ts in the current theme's colours,
 * and PNG rasterized from that SVG in this page (no server, no HTML-to-image tricks).
 */
import {
  columnNameOf,
  NODE_KINDS,
  type CanopyDoc,
  type NodeData,
  type NodeKind,
} from '../../../shared/model';
import { treeSvg, type SvgOptions, type SvgTheme, type SvgTree } from './tree-svg';
import type { PlatformFiles } from '../platform/platform';
import { fileName, offer } from './file-actions';

/** Chromium refuses canvases beyond about 16,384 px a side; stay well inside. */
const MAX_SIDE = 16_000;
const MAX_PIXELS = 120_000_000;

export function currentTheme(): SvgTheme {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return {
    background: v('--bg'),
    card: v('--surface'),
    border: v('--border'),
    text: v('--text'),
    muted: v('--muted'),
    edge: v('--muted'),
    kind: Object.fromEntries(NODE_KINDS.map((k) => [k, v(`--kind-${k}`)])) as Record<
      NodeKind,
      string
    >,
    font: getComputedStyle(document.body).fontFamily,
  };
}

function measurer(font: string) {
  const ctx = document.createElement('canvas').getContext('2d')!;
  return (text: string, size: number, weight: number) => {
    ctx.font = `${weight} ${size}px ${font}`;
    return ctx.measureText(text).width;
  };
}

export interface PictureOptions extends SvgOptions {
  /** Draw only this item and what is under it (the handout's pages); the root by default. */
  rootId?: string;
  /** Draw only these links (the handout's first page: the vision and its goals). */
  childrenOf?: ReadonlyMap<string, readonly string[]>;
}

export function svgOf(
  model: CanopyDoc,
  theme = currentTheme(),
  options: PictureOptions = {},
): string {
  const tree = model.tree();
  const nodes = new Map<string, NodeData>(tree.order.map((id) => [id, model.node(id)!]));
  const board = model.board();
  const input: SvgTree = {
    title: model.meta.title,
    rootId: options.rootId ?? tree.rootId,
    childrenOf: options.childrenOf ?? tree.childrenOf,
    nodes,
    columnOf: (id) => columnNameOf(board, nodes.get(id)!),
  };
  return treeSvg(input, theme, measurer(theme.font), options);
}

export function exportSvg(files: PlatformFiles, model: CanopyDoc): Promise<boolean> {
  return offer(files, fileName(model.meta.title, '.svg'), svgOf(model), 'svg');
}

/** The picture at twice its size (sharp on high-density screens), smaller if huge. */
export async function pngOf(svg: string): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const w = image.naturalWidth;
    const h = image.naturalHeight;
    const scale = Math.min(2, MAX_SIDE / w, MAX_SIDE / h, Math.sqrt(MAX_PIXELS / (w * h)));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.floor(w * scale));
    canvas.height = Math.max(1, Math.floor(h * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('This browser could not make a picture that large.');
    ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (b) => (b ? resolve(b) : reject(new Error('The picture could not be encoded.'))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

export async function exportPng(files: PlatformFiles, model: CanopyDoc): Promise<boolean> {
  const png = new Uint8Array(await (await pngOf(svgOf(model))).arrayBuffer());
  return offer(files, fileName(model.meta.title, '.png'), png, 'png');
}
