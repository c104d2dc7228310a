/**
 * Private drafts: documents that stay on the machine where they were written. The
 * mark lives in the document itself (meta.private), so it travels with a copy, a
 * snapshot or a saved file, and every sync channel can refuse the document without
 * asking the app (see DocChannel). It is set when the draft is made and never unset.
 */
import type * as Y from 'yjs';
import { ROOT_KEYS } from './schema';

export const PRIVATE_KEY = 'private';

export function isPrivateDraft(doc: Y.Doc): boolean {
  return doc.getMap(ROOT_KEYS.meta).get(PRIVATE_KEY) === true;
}
