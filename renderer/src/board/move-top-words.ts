/** The words and defaults of "Move the top of a vote" (move-top.ts); pure, for tests. */
import type { BoardColumn } from '../../../shared/model';

/** Where the top of a vote goes by default: the column called Ready, else the second one. */
export function defaultTarget(columns: readonly BoardColumn[]): string | null {
  return (
    columns.find((c) => /^ready$/i.test(c.name.trim()))?.id ??
    columns.find((c) => c.id === 'ready')?.id ??
    columns[1]?.id ??
    columns[0]?.id ??
    null
  );
}

const quoted = (titles: string[]) => titles.map((t) => `“${t || 'Untitled'}”`).join(', ');

/** The toast's words: "Moved 3 cards to Ready: “A”, “B”, “C”". */
export function movedMessage(titles: string[], column: string): string {
  return titles.length === 1
    ? `Moved ${quoted(titles)} to ${column}`
    : `Moved ${titles.length} cards to ${column}: ${quoted(titles)}`;
}
