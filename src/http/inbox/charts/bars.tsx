// Bar charts: horizontal bars for one figure per row (reply rate per template, …) with an optional reference line
// (Gmail's complaint line), and grouped columns for two figures per week (opened and closed). d3-scale places them.
import { scaleBand, scaleLinear } from 'd3-scale';
import type { Child } from 'hono/jsx';
import { ChartFrame } from './frame.tsx';
import { GRID, INK, MUTED, SERIES, shortLabel, thinLabels, WARNING } from './palette.ts';

const WIDTH = 640;

export interface Bar {
  label: string;
  value: number;
  /** The value as written beside the bar. */
  text: string;
  /** Drawn in the warning colour with a mark (and said so in `text`). */
  warn?: boolean;
}

export interface BarChartProps {
  id: string;
  title: string;
  desc: string;
  bars: Bar[];
  /** Fixed end of the axis (1 for shares); else the data's. */
  max?: number;
  reference?: { value: number; label: string };
  table: Child;
}

const LABELS = 170;
const ROW = 28;

/** Scales of a horizontal bar chart (pure; tested on its own). */
export function barGeometry(bars: Bar[], max?: number, reference?: number) {
  const height = 24 + bars.length * ROW + 24;
  const top = Math.max(max ?? 0, reference ?? 0, ...bars.map((b) => b.value));
  const x = scaleLinear()
    .domain([0, top > 0 ? top : 1])
    .range([LABELS, WIDTH - 90]);
  const y = scaleBand<number>()
    .domain(bars.map((_, i) => i))
    .range([24, 24 + bars.length * ROW])
    .padding(0.25);
  return { height, x, y };
}

export function BarChart(props: BarChartProps) {
  const { height, x, y } = barGeometry(props.bars, props.max, props.reference?.value);
  return (
    <ChartFrame id={props.id} title={props.title} desc={props.desc} width={WIDTH} height={height} table={props.table}>
      <line x1={LABELS} x2={LABELS} y1={16} y2={height - 20} stroke={GRID} />
      {props.bars.map((b, i) => {
        const top = y(i) ?? 0;
        const mid = top + y.bandwidth() / 2;
        const end = x(b.value);
        return (
          <g>
            <text x={LABELS - 8} y={mid} dy="0.32em" text-anchor="end" fill={INK}>
              {shortLabel(b.label)}
              <title>{b.label}</title>
            </text>
            <rect x={LABELS} y={top} width={Math.max(1, end - LABELS)} height={y.bandwidth()} fill={b.warn ? WARNING : SERIES[0]}>
              <title>{`${b.label}: ${b.text}`}</title>
            </rect>
            <text x={end + 6} y={mid} dy="0.32em" fill={b.warn ? WARNING : INK} font-weight={b.warn ? 'bold' : undefined}>
              {b.warn ? `⚠ ${b.text}` : b.text}
            </text>
          </g>
        );
      })}
      {props.reference ? (
        <g>
          <line
            x1={x(props.reference.value)}
            x2={x(props.reference.value)}
            y1={16}
            y2={height - 20}
            stroke={WARNING}
            stroke-width="2"
            stroke-dasharray="4 3"
          />
          <text x={x(props.reference.value)} y={height - 6} text-anchor="middle" fill={WARNING}>
            {props.reference.label}
          </text>
        </g>
      ) : null}
    </ChartFrame>
  );
}

export interface ColumnSeries {
  name: string;
  values: number[];
}

export interface ColumnChartProps {
  id: string;
  title: string;
  desc: string;
  labels: string[];
  /** Two series at most: the first solid, the second outlined. */
  series: ColumnSeries[];
  table: Child;
}

const COLUMN_HEIGHT = 260;
const M = { top: 32, right: 16, bottom: 36, left: 48 };

/** Scales of a grouped column chart (pure; tested on its own). */
export function columnGeometry(labels: string[], series: ColumnSeries[]) {
  const x = scaleBand<string>()
    .domain(labels)
    .range([M.left, WIDTH - M.right])
    .paddingInner(0.2);
  const inner = scaleBand<number>()
    .domain(series.map((_, i) => i))
    .range([0, x.bandwidth()])
    .padding(0.1);
  const top = Math.max(0, ...series.flatMap((s) => s.values));
  const y = scaleLinear()
    .domain([0, top > 0 ? top : 1])
    .nice(5)
    .range([COLUMN_HEIGHT - M.bottom, M.top]);
  return { x, inner, y };
}

export function ColumnChart(props: ColumnChartProps) {
  const { x, inner, y } = columnGeometry(props.labels, props.series);
  const shown = thinLabels(props.labels, 8);
  const base = y(0);
  return (
    <ChartFrame id={props.id} title={props.title} desc={props.desc} width={WIDTH} height={COLUMN_HEIGHT} table={props.table}>
      {y.ticks(5).map((tick) => (
        <g>
          <line x1={M.left} x2={WIDTH - M.right} y1={y(tick)} y2={y(tick)} stroke={GRID} />
          <text x={M.left - 6} y={y(tick)} dy="0.32em" text-anchor="end" fill={MUTED}>
            {tick}
          </text>
        </g>
      ))}
      {props.labels.map((label, i) => (
        <g>
          {props.series.map((s, k) => {
            const left = (x(label) ?? 0) + (inner(k) ?? 0);
            const value = s.values[i] ?? 0;
            const outlined = k % 2 === 1;
            return (
              <rect
                x={left + (outlined ? 1 : 0)}
                y={y(value)}
                width={Math.max(1, inner.bandwidth() - (outlined ? 2 : 0))}
                height={Math.max(0, base - y(value))}
                fill={outlined ? '#fff' : SERIES[0]}
                stroke={outlined ? SERIES[1] : 'none'}
                stroke-width={outlined ? 2 : 0}
              >
                <title>{`${s.name}, ${label}: ${value}`}</title>
              </rect>
            );
          })}
          {shown.has(i) ? (
            <text x={(x(label) ?? 0) + x.bandwidth() / 2} y={COLUMN_HEIGHT - M.bottom + 18} text-anchor="middle" fill={MUTED}>
              {label}
            </text>
          ) : null}
        </g>
      ))}
      {props.series.map((s, k) => (
        <g transform={`translate(${M.left + k * 160}, 12)`}>
          <rect
            x="0"
            y="-6"
            width="14"
            height="12"
            fill={k % 2 ? '#fff' : SERIES[0]}
            stroke={k % 2 ? SERIES[1] : 'none'}
            stroke-width={k % 2 ? 2 : 0}
          />
          <text x="20" y="0" dy="0.32em" fill={INK}>
            {s.name}
          </text>
        </g>
      ))}
    </ChartFrame>
  );
}
