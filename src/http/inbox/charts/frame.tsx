// The frame every chart shares: an SVG image with its title and description (its accessible name), and the figures
// behind it as a table beside it, so nothing is only in the picture.
import type { Child } from 'hono/jsx';

export interface ChartFrameProps {
  id: string;
  title: string;
  desc: string;
  width: number;
  height: number;
  /** The SVG's marks. */
  children: Child;
  /** The data table (or summary) shown with the chart. */
  table: Child;
}

export function ChartFrame(props: ChartFrameProps) {
  return (
    <figure class="chart" id={props.id}>
      <svg
        viewBox={`0 0 ${props.width} ${props.height}`}
        role="img"
        aria-labelledby={`${props.id}-title ${props.id}-desc`}
        xmlns="http://www.w3.org/2000/svg"
        dir="ltr"
        font-family="system-ui, sans-serif"
        font-size="12"
      >
        <title id={`${props.id}-title`}>{props.title}</title>
        <desc id={`${props.id}-desc`}>{props.desc}</desc>
        {props.children}
      </svg>
      <figcaption>{props.title}</figcaption>
      {props.table}
    </figure>
  );
}

export interface DataTableProps {
  caption: string;
  head: string[];
  rows: (string | number)[][];
}

/** The figures of a chart, with the chart's title as caption. */
export function DataTable(props: DataTableProps) {
  return (
    // A region that may scroll sideways on a phone: reachable and named for keyboard users.
    <section class="table-scroll" aria-label={props.caption} tabindex={0}>
      <table class="report-table">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {props.head.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr>{row.map((cell, i) => (i === 0 ? <th scope="row">{cell}</th> : <td>{cell}</td>))}</tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
