// Display helpers shared by the admin pages: sizes and instants in the agent's language and time zone.
import type { Ui } from './i18n/catalog.ts';

export function formatBytes(bytes: number, locale: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return new Intl.NumberFormat(locale, { style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
}

/** An instant as the agent reads it, with the machine-readable time for scripts and assistive technology. */
export function LocalTime(props: { ms: number | null; ui: Pick<Ui, 'locale' | 'timeZone'> }) {
  if (props.ms === null) return null;
  const text = new Intl.DateTimeFormat(props.ui.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: props.ui.timeZone }).format(
    props.ms,
  );
  return <time datetime={new Date(props.ms).toISOString()}>{text}</time>;
}
