/**
 * Where a pasted outline goes. A tree has one vision, at its root: a pasted
 * `Vision: …` line is that vision, not a new item. Its children join the root (as
 * goals, wherever the selection is), and its title names the root when the root has
 * none yet; when the root already has another title, it is kept and the paste says
 * so, so pasting a whole exported outline into a tree never nests a second vision.
 * Every other pasted item goes under the selection.
 */
import type { OutlineItem } from './document';
import { limitNotices, plural, type ParsedOutline } from './outline-text';

export interface PastePlan {
  /** Items for the selected parent. */
  items: OutlineItem[];
  /** Children of pasted `Vision:` lines: they join the root. */
  underRoot: OutlineItem[];
  /** A new title for the root (it had none), or null. */
  rootTitle: string | null;
  /** A pasted vision title that was not used because the root has another one. */
  unusedVision: string | null;
}

export function planPaste(items: readonly OutlineItem[], rootTitle: string): PastePlan {
  const plan: PastePlan = { items: [], underRoot: [], rootTitle: null, unusedVision: null };
  const current = rootTitle.trim();
  for (const item of items) {
    if (item.kind !== 'vision') {
      plan.items.push(item);
      continue;
    }
    plan.underRoot.push(...(item.children ?? []));
    const title = item.title.trim();
    if (!title || same(title, plan.rootTitle ?? current)) continue;
    if (!current && plan.rootTitle === null) plan.rootTitle = title;
    else plan.unusedVision ??= title;
  }
  return plan;
}

const same = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'base' }) === 0;

/** Items in an outline, its descendants included. */
export function countItems(items: readonly OutlineItem[]): number {
  let n = 0;
  const stack = [...items];
  while (stack.length) {
    const item = stack.pop()!;
    n++;
    if (item.children) stack.push(...item.children);
  }
  return n;
}

/**
 * What a paste did, when there is something to say: limits applied, the vision it
 * merged into, indentation it repaired. Null for an ordinary paste.
 */
export function pasteMessage(
  plan: PastePlan,
  parsed: Pick<ParsedOutline, 'limits' | 'reindented'>,
  rootTitle: string,
): string | null {
  const warnings = limitNotices(parsed.limits, 'paste');
  const n = parsed.reindented;
  if (n > 0)
    warnings.push(
      `${n.toLocaleString('en')} ${plural(n, 'line was', 'lines were')} indented more than one ` +
        `level below the line above and ${plural(n, 'was', 'were')} placed under it.`,
    );
  const parts: string[] = [];
  if (plan.rootTitle !== null)
    parts.push(`The pasted vision “${plan.rootTitle}” names the tree’s vision.`);
  if (plan.unusedVision !== null)
    parts.push(
      `The tree already has a vision, “${rootTitle}”, so the pasted vision “${plan.unusedVision}” ` +
        'was not added as a second one; its items were added under the tree’s vision. Rename the vision to use the pasted title.',
    );
  else if (plan.underRoot.length && plan.rootTitle === null)
    parts.push(`The pasted vision’s items were added under the tree’s vision.`);
  if (!warnings.length && !parts.length) return null;
  const added = countItems(plan.items) + countItems(plan.underRoot);
  return [`Pasted ${added.toLocaleString('en')} ${plural(added, 'item')}.`, ...parts, ...warnings]
    .join(' ')
    .trim();
}
