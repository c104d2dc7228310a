import { expect } from 'vitest';
import * as Y from 'yjs';
import { CanopyDoc, CanopyError } from '../../../shared/model';

/** The origin of updates that came from another replica. */
export const REMOTE = { source: 'remote' as const };

/** A second replica that starts from the first one's state. */
export function replicaOf(ydoc: Y.Doc, actor = 'bob') {
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(ydoc), REMOTE);
  return { ydoc: other, model: new CanopyDoc(other, { actor }) };
}

/** Exchanges what each replica lacks, both ways. */
export function sync(a: Y.Doc, b: Y.Doc) {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), REMOTE);
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), REMOTE);
}

/** Runs `fn` and expects a CanopyError with the given numbered code. */
export function expectCanopyError(fn: () => unknown, code: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(CanopyError);
  expect((caught as CanopyError).code).toBe(code);
}

/** A model on a clock the test moves by hand, from 2 November 2026, 09:00 UTC. */
export function clockedModel(actor = '') {
  const clock = { now: Date.UTC(2026, 10, 2, 9) };
  return { clock, model: new CanopyDoc(new Y.Doc(), { actor, now: () => clock.now }) };
}
