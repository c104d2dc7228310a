/**
 * Flow, measured from the board's history: headline figures, a cumulative flow
 * diagram (one band per column), aging work in progress and a cycle-time scatter.
 * Charts are Recharts (SVG), coloured from the theme's chart palette.
 */
import { useMemo, useState } from 'react';
import {
  Area,
  AreaChart,
  CartesianGrid,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from 'recharts';
import {
  activeWip,
  ageInColumn,
  completions,
  cumulativeFlow,
  currentStay,
  DAY_MS,
  decisionWaits,
  isPending,
  median,
  stalledItems,
  throughputPerWeek,
  WEEK_MS,
  weekStart,
  wipByColumn,
} from '../../../shared/flow/metrics';
import { useDoc } from '../document/document-context';
import { selectBoardCards, selectDecisionRequests } from '../document/selectors';
import { groupHeading, spreadOverlapping, type ScatterPoint } from './spread-points';
import { formatDuration } from '../widgets/durations';
import { useChartPalette, type ChartPalette } from './useChartPalette';
import { useNow } from '../widgets/useNow';
import './flow.css';

const RANGES = [
  { weeks: 4, label: 'Last 4 weeks' },
  { weeks: 12, label: 'Last 12 weeks' },
  { weeks: 52, label: 'Last year' },
] as const;

const dayLabel = (t: number) =>
  new Date(t).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
const daysOf = (ms: number) => Math.round((ms / DAY_MS) * 10) / 10;

export function FlowView() {
  const now = useNow();
  const palette = useChartPalette();
  const [weeks, setWeeks] = useState<number>(4);
  const board = useDoc((s) => s.board);
  const nodes = useDoc((s) => s.nodes);
  const requests = useDoc(selectDecisionRequests);
  const columns = board.columns;
  const cards = useDoc(selectBoardCards);
  const from = now - weeks * WEEK_MS;

  const figures = useMemo(() => {
    const wip = wipByColumn(cards, columns, now);
    const done = completions(cards, columns, now);
    const waits = decisionWaits(cards, columns, now, requests);
    const recentDone = done.filter((c) => c.doneAt >= from);
    return {
      wip: activeWip(wip),
      throughput: throughputPerWeek(done, now, weeks),
      recentDone,
      cycle: median(recentDone.map((c) => c.cycleMs)),
      decided: median(waits.filter((w) => w.decidedAt !== null).map((w) => w.ms)),
      pending: waits.filter(isPending).length,
      left: waits.filter((w) => w.leftAt !== null),
      stalled: stalledItems(cards, columns, now, board.settings.stalledDays * DAY_MS).length,
    };
  }, [cards, columns, now, from, weeks, board.settings, requests]);

  const flow = useMemo(
    () => cumulativeFlow(cards, columns, from, now, DAY_MS),
    [cards, columns, from, now],
  );
  const flowData = flow.times.map((t, i) => {
    const row: Record<string, number> = { t };
    for (const band of flow.bands) row[band.column.id] = band.counts[i]!;
    return row;
  });
  const colour = (i: number) => palette.series[i % palette.series.length]!;
  const titleOf = (id: string) => nodes.get(id)?.title || 'Untitled';

  const agingPoints = cards
    .map((c) => ({ card: c, stay: currentStay(c, columns, now) }))
    .filter(({ stay }) => stay.column.stage === 'active')
    .map(({ card, stay }) => ({
      x: columns.findIndex((c) => c.id === stay.column.id),
      y: daysOf(ageInColumn(card, columns, now)),
      title: titleOf(card.id),
      column: stay.column.name,
    }));
  // Cards of one column at (nearly) the same age would be one dot: set side by side.
  const aging = spreadOverlapping(agingPoints, {
    near: Math.max(1, Math.max(0, ...agingPoints.map((p) => p.y)) / 24),
    width: 0.6,
    maxStep: 0.15,
  });
  const activeIndexes = columns.flatMap((c, i) => (c.stage === 'active' ? [i] : []));
  const cycles = figures.recentDone.map((c) => ({
    x: c.doneAt,
    y: daysOf(c.cycleMs),
    title: titleOf(c.card),
  }));
  const fmtDays = (ms: number | null) => (ms === null ? '–' : `${daysOf(ms)} days`);

  return (
    <section className="flow" aria-label="Flow">
      <header className="flow-header">
        <h2>Flow</h2>
        <label>
          Period{' '}
          <select value={weeks} onChange={(e) => setWeeks(Number(e.target.value))}>
            {RANGES.map((r) => (
              <option key={r.weeks} value={r.weeks}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
      </header>
      <dl className="flow-figures">
        <Figure label="Work in progress" value={String(figures.wip)} />
        <Figure
          label="Done in the period"
          value={String(figures.recentDone.length)}
          note={`${figures.throughput.at(-1)?.count ?? 0} this week`}
        />
        <Figure label="Median cycle time" value={fmtDays(figures.cycle)} />
        <Figure
          label="Median decision latency"
          value={fmtDays(figures.decided)}
          note={`${figures.pending} waiting · ${figures.left.length} left without a decision`}
        />
        <Figure label="Stalled" value={String(figures.stalled)} />
      </dl>
      {figures.left.length > 0 && (
        <details className="flow-left">
          <summary>
            {figures.left.length === 1
              ? '1 card left an awaiting-decision column without a decision'
              : `${figures.left.length} cards left an awaiting-decision column without a decision`}
          </summary>
          <ul aria-label="Left an awaiting-decision column without a decision">
            {figures.left.map((w) => (
              <li key={`${w.card}-${w.requestedAt}`}>
                {titleOf(w.card)} left {w.column?.name ?? 'its column'} on {dayLabel(w.leftAt!)},
                after {formatDuration(w.ms)}
              </li>
            ))}
          </ul>
        </details>
      )}

      <figure className="chart" aria-labelledby="cfd-title">
        <figcaption id="cfd-title">
          Cumulative flow <span className="muted">— items in each column, day by day</span>
        </figcaption>
        <div className="chart-box" role="img" aria-label={cfdSummary(flow)}>
          <ResponsiveContainer width="100%" height={260}>
            <AreaChart data={flowData} margin={{ top: 8, right: 16, bottom: 0, left: -16 }}>
              <CartesianGrid stroke={palette.grid} strokeDasharray="3 3" />
              <XAxis
                dataKey="t"
                type="number"
                scale="time"
                domain={[flow.times[0] ?? from, now]}
                ticks={weekTicks(flow.times[0] ?? from, now)}
                tickFormatter={dayLabel}
                stroke={palette.axis}
                fontSize={12}
              />
              <YAxis allowDecimals={false} stroke={palette.axis} fontSize={12} />
              <Tooltip labelFormatter={(t) => dayLabel(Number(t))} contentStyle={tooltipStyle} />
              {/* Done at the bottom, the funnel on top: the usual reading of a CFD. */}
              {[...flow.bands].reverse().map((band) => {
                const i = columns.findIndex((c) => c.id === band.column.id);
                return (
                  <Area
                    key={band.column.id}
                    type="stepAfter"
                    dataKey={band.column.id}
                    name={band.column.name}
                    stackId="flow"
                    stroke={colour(i)}
                    fill={colour(i)}
                    fillOpacity={0.55}
                    isAnimationActive={false}
                  />
                );
              })}
            </AreaChart>
          </ResponsiveContainer>
        </div>
        <ul className="chart-legend" aria-label="Columns">
          {columns.map((c, i) => (
            <li key={c.id}>
              <span className="swatch" style={{ background: colour(i) }} aria-hidden="true" />
              {c.name}
            </li>
          ))}
        </ul>
      </figure>

      <div className="chart-pair">
        <PointFigure
          id="aging"
          title="Aging work in progress"
          subtitle="days in the current column"
          empty="No work in progress."
          summary={`${aging.length} items in progress; the oldest has been ${Math.max(0, ...aging.map((a) => a.y))} days in its column.`}
          points={aging}
          unit="days in"
          colour={colour(4)}
          palette={palette}
          xAxis={{
            domain: [Math.min(...activeIndexes) - 0.5, Math.max(...activeIndexes) + 0.5],
            ticks: activeIndexes,
            format: (i) => columns[i]?.name ?? '',
          }}
        />
        <PointFigure
          id="cycle"
          title="Cycle time"
          subtitle="from start to Done, per item"
          empty="Nothing reached Done in this period."
          summary={`${cycles.length} items done; median cycle time ${fmtDays(figures.cycle)}.`}
          points={cycles}
          unit="days to Done"
          colour={colour(6)}
          palette={palette}
          xAxis={{ domain: [from, now], ticks: weekTicks(from, now), format: dayLabel }}
        />
      </div>
    </section>
  );
}

const tooltipStyle = {
  background: 'var(--surface)',
  border: '1px solid var(--border)',
  borderRadius: 8,
  color: 'var(--text)',
  fontSize: 13,
};

function Figure({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div className="flow-figure">
      <dt>{label}</dt>
      <dd>
        {value}
        {note && <span className="muted"> · {note}</span>}
      </dd>
    </div>
  );
}

interface Point extends ScatterPoint {
  /** Items drawn together with this one (see spread-points.ts). */
  group?: readonly ScatterPoint[];
}

/** A scatter of items (days on the y axis) in a captioned figure, with hover details. */
function PointFigure(props: {
  id: string;
  title: string;
  subtitle: string;
  empty: string;
  summary: string;
  points: Point[];
  unit: string;
  colour: string;
  palette: ChartPalette;
  xAxis: { domain: [number, number]; ticks: number[]; format(x: number): string };
}) {
  const { palette, xAxis } = props;
  return (
    <figure className="chart" aria-labelledby={`${props.id}-title`}>
      <figcaption id={`${props.id}-title`}>
        {props.title} <span className="muted">— {props.subtitle}</span>
      </figcaption>
      {props.points.length === 0 ? (
        <p className="muted chart-empty">{props.empty}</p>
      ) : (
        <div className="chart-box" role="img" aria-label={props.summary}>
          <ResponsiveContainer width="100%" height={240}>
            <ScatterChart margin={{ top: 8, right: 16, bottom: 0, left: -16 }}>
              <CartesianGrid stroke={palette.grid} strokeDasharray="3 3" />
              <XAxis
                type="number"
                dataKey="x"
                domain={xAxis.domain}
                ticks={xAxis.ticks}
                tickFormatter={xAxis.format}
                stroke={palette.axis}
                fontSize={12}
              />
              <YAxis type="number" dataKey="y" name="Days" stroke={palette.axis} fontSize={12} />
              <ZAxis range={[70, 70]} />
              <Tooltip content={<PointTip unit={props.unit} />} />
              <Scatter data={props.points} fill={props.colour} isAnimationActive={false} />
            </ScatterChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}

/** The hover detail of a scatter point: which item, and its figure. */
function PointTip({
  active,
  payload,
  unit,
}: {
  active?: boolean;
  payload?: Array<{ payload: Point }>;
  unit: string;
}) {
  const point = active ? payload?.[0]?.payload : undefined;
  if (!point) return null;
  const group = point.group ?? [];
  if (group.length > 1)
    return (
      <div className="chart-tip" style={tooltipStyle}>
        <strong>{groupHeading(group, unit)}</strong>
        <ul className="chart-tip-list">
          {group.map((p) => (
            <li key={p.title + p.y}>
              {p.title} <span className="muted">· {p.y} days</span>
            </li>
          ))}
        </ul>
      </div>
    );
  return (
    <div className="chart-tip" style={tooltipStyle}>
      <strong>{point.title}</strong>
      <div>
        {point.y} {unit}
        {point.column ? ` ${point.column}` : ''}
      </div>
    </div>
  );
}

/** Mondays between two times: one tick a week, whatever the period. */
function weekTicks(from: number, to: number): number[] {
  const ticks: number[] = [];
  const step = to - from > 20 * WEEK_MS ? 4 * WEEK_MS : WEEK_MS;
  for (let t = weekStart(from) + WEEK_MS; t <= to; t += step) ticks.push(t);
  return ticks;
}

function cfdSummary(flow: ReturnType<typeof cumulativeFlow>): string {
  const last = flow.times.length - 1;
  const parts = flow.bands
    .filter((b) => (b.counts[last] ?? 0) > 0)
    .map((b) => `${b.column.name} ${b.counts[last]}`);
  return `Cumulative flow over ${flow.times.length} days, one band per column. Today: ${parts.join(', ') || 'no items'}.`;
}
