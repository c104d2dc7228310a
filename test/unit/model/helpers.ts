import { expect } from 'vitest';
import { CanopyError } from '../../../shared/model';

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
