// Display helpers for the inbox pages (pure): times and durations through Intl, in the agent's language and time zone.
import type { Ui } from './i18n/catalog.ts';

/** What formatting needs of a page: its language, zone and messages. */
export type FormatUi = Pick<Ui, 'locale' | 'timeZone' | 't'>;

type Unit = 'second' | 'minute' | 'hour' | 'day';

/** en is the inbox's English, which writes "4 Dec", "30 hr ago" and a 24-hour clock (en-GB), not "Dec 4, 3:00 PM". */
function intlLocale(locale: Ui['locale']): string {
  return locale === 'en' ? 'en-GB' : locale;
}

/** The unit a span is told in: hours up to two days, because "30 h left" says more than "1 d left" against a 24-hour target. */
function spanIn(ms: number): { value: number; unit: Unit } {
  const seconds = Math.floor(Math.abs(ms) / 1000);
  if (seconds < 60) return { value: seconds, unit: 'second' };
  if (seconds < 3600) return { value: Math.floor(seconds / 60), unit: 'minute' };
  if (seconds < 2 * 86_400) return { value: Math.floor(seconds / 3600), unit: 'hour' };
  return { value: Math.floor(seconds / 86_400), unit: 'day' };
}

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();
const durationFormats = new Map<string, Intl.NumberFormat>();

/** "5 min ago", "för 5 min sedan", "לפני 5 דק׳", "5分钟前"; a time still ahead reads "in 5 min". */
export function relativeTime(at: number, now: number, ui: Pick<Ui, 'locale'>): string {
  const { value, unit } = spanIn(now - at);
  let format = relativeFormats.get(ui.locale);
  if (!format) {
    format = new Intl.RelativeTimeFormat(intlLocale(ui.locale), { style: 'short', numeric: 'always' });
    relativeFormats.set(ui.locale, format);
  }
  return format.format(at > now ? value : -value, unit);
}

/** A span without a direction: "23 hrs", "23 tim", "23 שע׳", "23小时". */
export function duration(ms: number, ui: Pick<Ui, 'locale'>): string {
  const { value, unit } = spanIn(ms);
  const key = `${ui.locale}:${unit}`;
  let format = durationFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(intlLocale(ui.locale), { style: 'unit', unit, unitDisplay: 'short' });
    durationFormats.set(key, format);
  }
  return format.format(value);
}

export interface SlaState {
  label: string;
  tone: 'ok' | 'soon' | 'late' | 'none';
}

/** Time left to (or past) the first-response target. */
export function slaState(dueAt: number | null, now: number, ui: FormatUi): SlaState {
  if (dueAt === null) return { label: '', tone: 'none' };
  const left = dueAt - now;
  if (left < 0) return { label: ui.t('list.slaOverdue', { time: duration(-left, ui) }), tone: 'late' };
  return { label: ui.t('list.slaLeft', { time: duration(left, ui) }), tone: left < 4 * 3600_000 ? 'soon' : 'ok' };
}

export function displayName(name: string | null, email: string): string {
  return name?.trim() || email;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(ui: Pick<Ui, 'locale' | 'timeZone'>, kind: 'dayMonth' | 'dateTime'): Intl.DateTimeFormat {
  const key = `${ui.locale}:${ui.timeZone}:${kind}`;
  let format = dateFormats.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'dayMonth'
        ? { day: 'numeric', month: 'short' }
        : { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' };
    format = new Intl.DateTimeFormat(intlLocale(ui.locale), { ...options, timeZone: ui.timeZone });
    dateFormats.set(key, format);
  }
  return format;
}

/** "4 Dec", "4 dec.", "4 בדצמ׳", "12月4日" in the agent's zone. */
export function dayMonth(ms: number, ui: Pick<Ui, 'locale' | 'timeZone'>): string {
  return dateFormat(ui, 'dayMonth').format(ms);
}

/** A date and time with its zone: "4 Dec 2026, 09:00 CET". */
export function dateTime(ms: number, ui: Pick<Ui, 'locale' | 'timeZone'>): string {
  return dateFormat(ui, 'dateTime').format(ms);
}
