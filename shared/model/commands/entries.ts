/** A node's measures and assumptions: lists of small maps inside the node. */
import * as Y from 'yjs';
import type { DocCore } from '../core';
import { CanopyError } from '../errors';
import { assumptionFields, measureFields, newMeasureFields } from '../fields';
import { newId } from '../ids';
import { LIMITS, NODE_KEYS, type Assumption, type Measure } from '../schema';
import { childArray, entryMap } from './write-node';

type EntryKey = typeof NODE_KEYS.measures | typeof NODE_KEYS.assumptions;

function findEntry(
  core: DocCore,
  nodeId: string,
  key: EntryKey,
  entryId: string,
): { list: Y.Array<Y.Map<unknown>>; index: number } {
  const existing = core.requireMap(nodeId).get(key);
  if (!(existing instanceof Y.Array)) throw new CanopyError('unknownEntry', entryId);
  const list = existing as Y.Array<Y.Map<unknown>>;
  const index = list.toArray().findIndex((m) => m instanceof Y.Map && m.get('id') === entryId);
  if (index < 0) throw new CanopyError('unknownEntry', entryId);
  return { list, index };
}

function requireEntry(
  core: DocCore,
  nodeId: string,
  key: EntryKey,
  entryId: string,
): Y.Map<unknown> {
  const { list, index } = findEntry(core, nodeId, key, entryId);
  return list.get(index);
}

function removeEntry(core: DocCore, nodeId: string, key: EntryKey, entryId: string): void {
  const { list, index } = findEntry(core, nodeId, key, entryId);
  list.delete(index, 1);
}

export function addMeasure(
  core: DocCore,
  nodeId: string,
  init: Partial<Omit<Measure, 'id'>> = {},
): string {
  const id = newId();
  const fields = newMeasureFields(init, core.now);
  core.write(() => {
    const list = childArray(core.requireMap(nodeId), NODE_KEYS.measures);
    if (list.length >= LIMITS.measures)
      throw new CanopyError('invalidValue', `at most ${LIMITS.measures} measures`);
    list.push([entryMap(id, fields)]);
  });
  return id;
}

export function updateMeasure(
  core: DocCore,
  nodeId: string,
  measureId: string,
  patch: Partial<Omit<Measure, 'id' | 'updatedAt'>>,
): void {
  core.write(() => {
    const entry = requireEntry(core, nodeId, NODE_KEYS.measures, measureId);
    const fields = measureFields(patch);
    for (const [key, value] of Object.entries(fields)) {
      if (key !== 'updatedAt' && entry.get(key) !== value) entry.set(key, value);
    }
    if ('current' in patch) entry.set('updatedAt', core.now());
  });
}

export function removeMeasure(core: DocCore, nodeId: string, measureId: string): void {
  core.write(() => removeEntry(core, nodeId, NODE_KEYS.measures, measureId));
}

export function addAssumption(
  core: DocCore,
  nodeId: string,
  init: Partial<Omit<Assumption, 'id'>> = {},
): string {
  const id = newId();
  core.write(() => {
    const list = childArray(core.requireMap(nodeId), NODE_KEYS.assumptions);
    if (list.length >= LIMITS.assumptions)
      throw new CanopyError('invalidValue', `at most ${LIMITS.assumptions} assumptions`);
    list.push([entryMap(id, assumptionFields(init))]);
  });
  return id;
}

export function updateAssumption(
  core: DocCore,
  nodeId: string,
  assumptionId: string,
  patch: Partial<Omit<Assumption, 'id'>>,
): void {
  core.write(() => {
    const entry = requireEntry(core, nodeId, NODE_KEYS.assumptions, assumptionId);
    for (const [key, value] of Object.entries(assumptionFields(patch))) entry.set(key, value);
  });
}

export function removeAssumption(core: DocCore, nodeId: string, assumptionId: string): void {
  core.write(() => removeEntry(core, nodeId, NODE_KEYS.assumptions, assumptionId));
}
