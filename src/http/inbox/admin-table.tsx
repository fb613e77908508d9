// The table every admin list is: column headings, the rows the page writes, or one line saying there are none.
import type { Child } from 'hono/jsx';

/** A column's heading; `{ hidden }` names a column read only by screen readers (the buttons column). */
export type ColumnHeading = string | { hidden: string };

export function AdminTable(props: {
  head: readonly ColumnHeading[];
  /** How many rows there are: with none, `empty` is said instead of the table. */
  count: number;
  empty?: string;
  class?: string;
  /** The class of a box around the table (one that scrolls on its own at 390 px). */
  wrap?: string;
  children?: Child;
}) {
  if (props.count === 0 && props.empty !== undefined) return <p class="empty">{props.empty}</p>;
  const table = (
    <table class={props.class}>
      <thead>
        <tr>
          {props.head.map((heading) => (
            <th scope="col">{typeof heading === 'string' ? heading : <span class="sr-only">{heading.hidden}</span>}</th>
          ))}
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  );
  return props.wrap ? <div class={props.wrap}>{table}</div> : table;
}
