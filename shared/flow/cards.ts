import { isCardKind, type BoardState, type NodeData } from '../model';
import type { FlowCard } from './metrics';

/** The board's cards (live bets and initiatives, in tree order) as the metrics read them. */
export function boardCards(
  nodes: ReadonlyMap<string, NodeData>,
  order: readonly string[],
  board: BoardState,
): FlowCard[] {
  const out: FlowCard[] = [];
  for (const id of order) {
    const node = nodes.get(id);
    if (!node || !isCardKind(node.kind)) continue;
    out.push({
      id,
      createdAt: node.createdAt,
      editedAt: node.editedAt,
      moves: board.movesByCard.get(id) ?? [],
    });
  }
  return out;
}
