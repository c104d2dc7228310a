/**
 * What the board shows: its cards after filters, grouped into swimlanes. Pure, so the
 * grouping rules are tested without a page.
 */
import { isCardKind, type NodeData } from '../../../shared/model';
import type { DocView } from '../document/doc-store';

export type LaneMode = 'none' | 'goal' | 'bet';

export interface BoardFilters {
  kind: 'all' | 'bet' | 'initiative';
  owner: string | null;
  tag: string | null;
}

export const NO_FILTERS: BoardFilters = { kind: 'all', owner: null, tag: null };

export interface Lane {
  /** The goal or bet the lane is for; null for "no goal" / "no bet", or for no lanes. */
  id: string | null;
  title: string;
  cards: NodeData[];
}

/** The nearest ancestor-or-self of `id` of the given kind. */
function nearest(
  doc: Pick<DocView, 'nodes' | 'parentOf'>,
  id: string,
  kind: 'goal' | 'bet',
): string | null {
  let cur: string | undefined = id;
  while (cur !== undefined) {
    if (doc.nodes.get(cur)?.kind === kind) return cur;
    cur = doc.parentOf.get(cur);
  }
  return null;
}

export function boardLanes(
  doc: Pick<DocView, 'order' | 'nodes' | 'parentOf'>,
  filters: BoardFilters,
  mode: LaneMode,
): Lane[] {
  const cards: NodeData[] = [];
  for (const id of doc.order) {
    const node = doc.nodes.get(id);
    if (!node || !isCardKind(node.kind)) continue;
    if (filters.kind !== 'all' && node.kind !== filters.kind) continue;
    if (filters.owner !== null && node.owner !== filters.owner) continue;
    if (filters.tag !== null && !node.tags.includes(filters.tag)) continue;
    cards.push(node);
  }
  if (mode === 'none') return [{ id: null, title: 'All cards', cards }];
  const lanes = new Map<string | null, Lane>();
  for (const card of cards) {
    const laneId = nearest(doc, card.id, mode);
    let lane = lanes.get(laneId);
    if (!lane) {
      const title =
        laneId === null
          ? mode === 'goal'
            ? 'No goal'
            : 'No bet'
          : doc.nodes.get(laneId)!.title || `Untitled ${mode}`;
      lanes.set(laneId, (lane = { id: laneId, title, cards: [] }));
    }
    lane.cards.push(card);
  }
  // Lanes in tree order (the first card of each came in tree order), "none" last.
  return [...lanes.values()].sort((a, b) => (a.id === null ? 1 : b.id === null ? -1 : 0));
}

/** Owners and tags in use on cards, for the filter menus. */
export function filterChoices(doc: Pick<DocView, 'nodes'>): { owners: string[]; tags: string[] } {
  const owners = new Set<string>();
  const tags = new Set<string>();
  for (const node of doc.nodes.values()) {
    if (!isCardKind(node.kind) || node.deleted) continue;
    if (node.owner) owners.add(node.owner);
    for (const t of node.tags) tags.add(t);
  }
  return { owners: [...owners].sort(), tags: [...tags].sort() };
}
