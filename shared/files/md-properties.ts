/**
 * An item's fields as Logseq / Obsidian block properties, `key:: value` lines right
 * under the item's first line (https://docs.logseq.com/#/page/properties; Obsidian's
 * Dataview reads the same inline fields), and read back. Values are one line each:
 * measures and assumptions are `;`-separated (field-text.ts). Properties other tools
 * add (`id::`, `collapsed::`) are left out of the title and otherwise ignored.
 * Pure: no DOM, no Node.
 */
import { LIMITS, type NodeData, type OutlineItem } from '../model';
import {
  assumptionsText,
  measureLine,
  parseAssumptions,
  parseConfidence,
  parseMeasures,
  parseTags,
  tagsText,
} from './field-text';
import { upTo, type Placement } from './import-items';

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The property lines of a node, in a fixed order; empty fields are left out. */
export function propertyLines(n: NodeData, column: string | null): string[] {
  const props: Array<[string, string]> = [
    ['owner', n.owner],
    ['tags', tagsText(n.tags)],
    ['confidence', n.confidence === null ? '' : String(n.confidence)],
    ['column', column ?? ''],
    ['investment', n.investment],
    ['believe', n.hypothesis.believe],
    ['result', n.hypothesis.result],
    ['signal', n.hypothesis.signal],
    [
      'measures',
      n.measures.map((m) => measureLine({ ...m, name: m.name.replace(/;/g, ',') })).join('; '),
    ],
    ['assumptions', assumptionsText(n.assumptions).split('\n').join('; ')],
  ];
  return props.filter(([, v]) => oneLine(v)).map(([k, v]) => `${k}:: ${oneLine(v)}`);
}

const PROPERTY = /^([A-Za-z][\w-]*)::(?:[ \t]+(.*))?$/;

/** A block's text split into its lines that are not properties, and its properties. */
export function splitProperties(text: string): { rest: string; props: Map<string, string> } {
  const props = new Map<string, string>();
  const rest: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = PROPERTY.exec(line.trim());
    if (m) props.set(m[1]!.toLowerCase(), (m[2] ?? '').trim());
    else rest.push(line);
  }
  return { rest: rest.join('\n'), props };
}

/** Properties onto an item; a card's column is collected for placeCards. */
export function applyProperties(
  item: OutlineItem,
  props: ReadonlyMap<string, string>,
  placements: Placement[],
): void {
  const get = (k: string) => props.get(k) ?? '';
  if (get('owner')) item.owner = upTo(get('owner'), LIMITS.owner);
  if (get('tags')) item.tags = parseTags(get('tags'));
  const confidence = parseConfidence(get('confidence'));
  if (confidence !== null) item.confidence = confidence;
  if (get('investment')) item.investment = upTo(get('investment'), LIMITS.text);
  if (get('believe') || get('result') || get('signal'))
    item.hypothesis = {
      believe: upTo(get('believe'), LIMITS.text),
      result: upTo(get('result'), LIMITS.text),
      signal: upTo(get('signal'), LIMITS.text),
    };
  if (get('measures')) item.measures = parseMeasures(get('measures'));
  if (get('assumptions'))
    item.assumptions = parseAssumptions(get('assumptions').split('; ').join('\n'));
  if (get('column')) placements.push({ item, column: get('column') });
}
