// Chart colours, each at least 4.5:1 against the white card (WCAG AA for text and for the marks), and told apart by
// shape too (markers, dashes, solid or outlined bars), never by colour alone.
export const INK = '#1d2433';
export const MUTED = '#5a6478';
export const GRID = '#e4e7ec';
export const SERIES = ['#2457d6', '#b54708'] as const;
export const WARNING = '#b42318';

/** At most `max` of `labels` shown on an axis: every nth, always the last. */
export function thinLabels(labels: readonly string[], max: number): Set<number> {
  const step = Math.max(1, Math.ceil(labels.length / max));
  const shown = new Set<number>();
  for (let i = 0; i < labels.length; i += step) shown.add(i);
  if (labels.length > 0) shown.add(labels.length - 1);
  return shown;
}

/** A label cut to `max` characters (the full one stays in the data table and the element's title). */
export const shortLabel = (label: string, max = 22) => (label.length > max ? `${label.slice(0, max - 1)}…` : label);
