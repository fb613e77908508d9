// A line chart over categories (weeks): d3-scale for the axes, d3-shape for the paths; each series has its own
// marker and dash so it reads without colour.
import { scaleLinear, scalePoint } from 'd3-scale';
import { line } from 'd3-shape';
import type { Child } from 'hono/jsx';
import { ChartFrame } from './frame.tsx';
import { GRID, INK, MUTED, SERIES, thinLabels } from './palette.ts';

export interface LineSeries {
  name: string;
  /** One value per label; null is a gap. */
  values: (number | null)[];
}

export interface LineChartProps {
  id: string;
  title: string;
  desc: string;
  labels: string[];
  series: LineSeries[];
  /** How a y value is written on the axis. */
  format: (value: number) => string;
  /** Fixed top of the y axis (e.g. 1 for shares); else the data's, rounded up. */
  yMax?: number;
  table: Child;
}

const WIDTH = 640;
const HEIGHT = 260;
const MARGIN = { top: 32, right: 16, bottom: 36, left: 56 };

export interface LineGeometry {
  x: (label: string) => number;
  y: (value: number) => number;
  ticks: number[];
  paths: string[];
}

/** Scales and paths of a line chart (pure; tested on its own). */
export function lineGeometry(labels: string[], series: LineSeries[], yMax?: number): LineGeometry {
  const x = scalePoint<string>()
    .domain(labels)
    .range([MARGIN.left, WIDTH - MARGIN.right])
    .padding(0.5);
  const top = yMax ?? Math.max(0, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null)));
  const y = scaleLinear()
    .domain([0, top > 0 ? top : 1])
    .nice(5)
    .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const path = line<number | null>()
    .defined((v) => v !== null)
    .x((_, i) => x(labels[i]!) ?? 0)
    .y((v) => y(v ?? 0));
  return {
    x: (label) => x(label) ?? 0,
    y: (value) => y(value),
    ticks: y.ticks(5),
    paths: series.map((s) => path(s.values) ?? ''),
  };
}

function Marker(props: { kind: number; cx: number; cy: number; color: string; label: string }) {
  const label = <title>{props.label}</title>;
  return props.kind === 0 ? (
    <circle cx={props.cx} cy={props.cy} r="4" fill={props.color}>
      {label}
    </circle>
  ) : (
    <rect x={props.cx - 4} y={props.cy - 4} width="8" height="8" fill="#fff" stroke={props.color} stroke-width="2">
      {label}
    </rect>
  );
}

export function LineChart(props: LineChartProps) {
  const g = lineGeometry(props.labels, props.series, props.yMax);
  const shown = thinLabels(props.labels, 8);
  return (
    <ChartFrame id={props.id} title={props.title} desc={props.desc} width={WIDTH} height={HEIGHT} table={props.table}>
      {g.ticks.map((tick) => (
        <g>
          <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={g.y(tick)} y2={g.y(tick)} stroke={GRID} />
          <text x={MARGIN.left - 6} y={g.y(tick)} dy="0.32em" text-anchor="end" fill={MUTED}>
            {props.format(tick)}
          </text>
        </g>
      ))}
      {props.labels.map((label, i) =>
        shown.has(i) ? (
          <text x={g.x(label)} y={HEIGHT - MARGIN.bottom + 18} text-anchor="middle" fill={MUTED}>
            {label}
          </text>
        ) : null,
      )}
      {props.series.map((s, k) => (
        <g class="series">
          <path d={g.paths[k]} fill="none" stroke={SERIES[k % 2]} stroke-width="2" stroke-dasharray={k % 2 ? '6 4' : undefined} />
          {s.values.map((v, i) =>
            v === null ? null : (
              <Marker
                kind={k % 2}
                cx={g.x(props.labels[i]!)}
                cy={g.y(v)}
                color={SERIES[k % 2]!}
                label={`${s.name}, ${props.labels[i]}: ${props.format(v)}`}
              />
            ),
          )}
        </g>
      ))}
      {props.series.map((s, k) => (
        <g transform={`translate(${MARGIN.left + k * 200}, 12)`}>
          <line x1="0" x2="24" y1="0" y2="0" stroke={SERIES[k % 2]} stroke-width="2" stroke-dasharray={k % 2 ? '6 4' : undefined} />
          <Marker kind={k % 2} cx={12} cy={0} color={SERIES[k % 2]!} label={s.name} />
          <text x="30" y="0" dy="0.32em" fill={INK}>
            {s.name}
          </text>
        </g>
      ))}
    </ChartFrame>
  );
}
