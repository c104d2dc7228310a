/**
 * An item's structured fields as text a person reads in a spreadsheet cell, an OPML
 * attribute or a Markdown property, and read back from it: measures one a line,
 * `Weekly orders: 120 → 200 orders (now 150, increase, due 2027-03-31)`, and the
 * hypothesis as three labelled lines. What a reader cannot parse is kept as it can be
 * (a measure line that is not in this shape becomes a measure of that name), never
 * refused. Pure: no DOM, no Node.
 */
import {
  LIMITS,
  MEASURE_DIRECTIONS,
  type Assumption,
  type AssumptionState,
  type RiskLevel,
  type Hypothesis,
  type Measure,
  type MeasureDirection,
} from '../model';

type MeasureText = Pick<
  Measure,
  'name' | 'baseline' | 'target' | 'current' | 'unit' | 'direction' | 'due'
>;

const figure = (n: number | null) => (n === null ? '?' : String(n));

/** One measure as one line; line breaks in its name become spaces. */
export function measureLine(m: MeasureText): string {
  const name = m.name.replace(/\s+/g, ' ').trim() || 'Measure';
  const extra = [
    ...(m.current !== null ? [`now ${m.current}`] : []),
    m.direction,
    ...(m.due ? [`due ${m.due}`] : []),
  ];
  const unit = m.unit.replace(/\s+/g, ' ').trim();
  return `${name}: ${figure(m.baseline)} → ${figure(m.target)}${unit ? ` ${unit}` : ''} (${extra.join(', ')})`;
}

export const measuresText = (measures: readonly MeasureText[]) =>
  measures.map(measureLine).join('\n');

const NUMBER = String.raw`-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|\?`;
const MEASURE = new RegExp(
  String.raw`^(?<name>.*\S):\s*(?<baseline>${NUMBER})\s*(?:→|->)\s*(?<target>${NUMBER})(?<unit>[^(]*?)\s*(?:\((?<extra>[^)]*)\))?$`,
  'i',
);

const toFigure = (s: string | undefined): number | null => {
  if (s === undefined || s === '?') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
};

/** A line back to a measure: in the shape measureLine writes, or a bare name. */
export function parseMeasureLine(line: string): MeasureText {
  const text = line.trim();
  const m = MEASURE.exec(text);
  const measure: MeasureText = {
    name: text.slice(0, LIMITS.text),
    baseline: null,
    target: null,
    current: null,
    unit: '',
    direction: 'increase',
    due: null,
  };
  if (!m?.groups) return measure;
  const { name, baseline, target, unit, extra } = m.groups;
  measure.name = name!.trim().slice(0, LIMITS.text);
  measure.baseline = toFigure(baseline);
  measure.target = toFigure(target);
  measure.unit = (unit ?? '').trim().slice(0, 40);
  for (const part of (extra ?? '').split(',').map((p) => p.trim().toLowerCase())) {
    if (part.startsWith('now ')) measure.current = toFigure(part.slice(4).trim());
    else if (/^due \d{4}-\d{2}-\d{2}$/.test(part)) measure.due = part.slice(4);
    else if ((MEASURE_DIRECTIONS as readonly string[]).includes(part))
      measure.direction = part as MeasureDirection;
  }
  return measure;
}

/** Measures from a cell: one a line (or `;`-separated on one line), blanks skipped. */
export function parseMeasures(text: string): MeasureText[] {
  const lines = text.includes('\n') ? text.split(/\r?\n/) : text.split(/;\s*/);
  return lines
    .filter((l) => l.trim() !== '')
    .slice(0, LIMITS.measures)
    .map(parseMeasureLine);
}

const HYPOTHESIS_LABELS: Array<[keyof Hypothesis, string]> = [
  ['believe', 'We believe'],
  ['result', 'will result in'],
  ['signal', 'we will know when'],
];

/** The hypothesis as up to three labelled lines, empty when it has no part. */
export function hypothesisText(h: Hypothesis): string {
  return HYPOTHESIS_LABELS.filter(([key]) => h[key].trim())
    .map(([key, label]) => `${label}: ${h[key].replace(/\s+/g, ' ').trim()}`)
    .join('\n');
}

/** Labelled lines back to a hypothesis; unlabelled text is what "we believe". */
export function parseHypothesis(text: string): Hypothesis {
  const h: Hypothesis = { believe: '', result: '', signal: '' };
  const loose: string[] = [];
  for (const line of text.split(/\r?\n|;\s*(?=we believe|will result in|we will know when)/i)) {
    const found = HYPOTHESIS_LABELS.find(([, label]) =>
      line.trim().toLowerCase().startsWith(`${label.toLowerCase()}:`),
    );
    if (found)
      h[found[0]] = line
        .trim()
        .slice(found[1].length + 1)
        .trim()
        .slice(0, LIMITS.text);
    else if (line.trim()) loose.push(line.trim());
  }
  if (loose.length)
    h.believe = [h.believe, ...loose].filter(Boolean).join(' ').slice(0, LIMITS.text);
  return h;
}

/** Tags as one comma-separated text (a tag may hold spaces), back as a list. */
export const tagsText = (tags: readonly string[]) => tags.join(', ');
export const parseTags = (text: string) =>
  text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => t.replace(/^#/, '').slice(0, LIMITS.tag))
    .filter(Boolean)
    .slice(0, LIMITS.tags);

/** A confidence cell: 0–100, with or without %, or nothing. */
export function parseConfidence(text: string): number | null {
  const n = Number(text.trim().replace(/%$/, ''));
  return text.trim() !== '' && Number.isFinite(n) && n >= 0 && n <= 100 ? Math.round(n) : null;
}

type AssumptionText = Pick<Assumption, 'text' | 'risk' | 'state'>;

/** Assumptions one a line: `People come (high risk, open)`. */
export const assumptionsText = (list: readonly AssumptionText[]) =>
  list.map((a) => `${a.text.replace(/\s+/g, ' ').trim()} (${a.risk} risk, ${a.state})`).join('\n');

const ASSUMPTION =
  /^(?<text>.*?)\s*\((?<risk>low|medium|high) risk, (?<state>open|validated|invalidated)\)$/i;

export function parseAssumptions(text: string): AssumptionText[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, LIMITS.assumptions)
    .map((line) => {
      const g = ASSUMPTION.exec(line)?.groups;
      return {
        text: (g ? g.text! : line).slice(0, LIMITS.text),
        risk: (g?.risk?.toLowerCase() as RiskLevel | undefined) ?? 'medium',
        state: (g?.state?.toLowerCase() as AssumptionState | undefined) ?? 'open',
      };
    });
}
