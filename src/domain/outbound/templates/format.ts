// Locale matching and the locale-aware Liquid filters of message templates (`money`,
// `localdate`, and the built-in date filters bent to the message locale and the contact's time
// zone). Pure: Intl only, identical on Workers, Node and Deno.
import { filters as builtinFilters, type Context, type FilterImplOptions, type Liquid } from 'liquidjs';

/** What a render tells its filters: the locale to format in and the contact's time zone. */
export interface FormatSettings {
  /** A valid BCP 47 tag for Intl, e.g. "sv-SE" (the contact's) or "sv" (the template's). */
  locale: string;
  /** A valid IANA time zone; "UTC" when the contact has none or an unknown one. */
  timeZone: string;
}

/**
 * Key under which a render's FormatSettings sit in the Liquid scope. A symbol, so no template
 * can read or overwrite it (Liquid looks variables up by string).
 */
export const FORMAT_SETTINGS: unique symbol = Symbol('samtal.format');

/** Bounded memo for per-string work that renders repeat (locale tags, time zones). */
class Memo<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max = 2000) {}
  get(key: string, make: () => V): V {
    const hit = this.map.get(key);
    if (hit !== undefined || this.map.has(key)) return hit as V;
    const value = make();
    if (this.map.size >= this.max) this.map.clear();
    this.map.set(key, value);
    return value;
  }
}

const canonicalMemo = new Memo<string | null>();

/** The canonical form of a BCP 47 tag ("sv_se" → "sv-SE"), or null when Intl rejects it. */
export function canonicalLocale(tag: string | null | undefined): string | null {
  if (typeof tag !== 'string') return null;
  const cleaned = tag.trim().replace(/_/g, '-');
  if (cleaned === '') return null;
  return canonicalMemo.get(cleaned, () => {
    try {
      return Intl.getCanonicalLocales(cleaned)[0] ?? null;
    } catch {
      return null;
    }
  });
}

const candidatesMemo = new Memo<readonly string[]>();

/**
 * The tags to try for a wanted locale, most specific first, lower-cased: the tag itself, then
 * with subtags dropped from the end ("zh-Hant-TW" → "zh-hant-tw", "zh-hant", "zh"). When the
 * tag names no script, the likely one is tried before the bare language ("zh-TW" → "zh-tw",
 * "zh-hant", "zh"), so a Taiwanese reader gets a Traditional Chinese file if there is one.
 */
export function localeCandidates(wanted: string | null | undefined): readonly string[] {
  if (typeof wanted !== 'string') return [];
  const tag = wanted.trim().replace(/_/g, '-');
  if (tag === '') return [];
  return candidatesMemo.get(tag, () => {
    // Unicode extensions and private use ("-u-ca-buddhist", "-x-…") never name a template file.
    const base = tag.split(/-[ux]-/i)[0] ?? tag;
    const parts = base.split('-').filter((p) => p !== '');
    const out: string[] = [];
    for (let n = parts.length; n > 0; n--) out.push(parts.slice(0, n).join('-').toLowerCase());
    const language = out[out.length - 1];
    if (language !== undefined && !/^[a-z]{4}$/.test(parts[1] ?? '')) {
      try {
        const script = new Intl.Locale(base).maximize().script;
        const withScript = script ? `${language}-${script.toLowerCase()}` : null;
        if (withScript && !out.includes(withScript)) out.splice(out.length - 1, 0, withScript);
      } catch {
        // Not a tag Intl knows; the plain truncations above still apply.
      }
    }
    return out;
  });
}

const formatLocaleMemo = new Memo<string>();

/**
 * The locale to format numbers and dates in: the contact's own tag when it is the language the
 * message is written in ("en-GB" reading the "en" file gets 14 March, "en-US" March 14), else
 * the template file's locale (a "pt-BR" reader of the English fallback gets English formats).
 */
export function formattingLocale(wanted: string | null | undefined, templateLocale: string): string {
  const canonicalTemplate = canonicalLocale(templateLocale) ?? 'en';
  const canonicalWanted = canonicalLocale(wanted);
  if (canonicalWanted === null) return canonicalTemplate;
  return formatLocaleMemo.get(`${canonicalWanted}|${canonicalTemplate}`, () => {
    const lang = (t: string): string => (t.split('-')[0] ?? t).toLowerCase();
    return lang(canonicalWanted) === lang(canonicalTemplate) ? canonicalWanted : canonicalTemplate;
  });
}

const timeZoneMemo = new Memo<string>();

/** An IANA time zone Intl accepts, or "UTC". */
export function validTimeZone(zone: string | null | undefined): string {
  if (typeof zone !== 'string' || zone.trim() === '') return 'UTC';
  return timeZoneMemo.get(zone, () => {
    try {
      return new Intl.DateTimeFormat('en', { timeZone: zone.trim() }).resolvedOptions().timeZone;
    } catch {
      return 'UTC';
    }
  });
}

const numberFormats = new Memo<Intl.NumberFormat | null>(500);
const dateFormats = new Memo<Intl.DateTimeFormat | null>(500);

/** A calendar date without a time ("2025-03-14"): formatted as that day, whatever the zone. */
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function settingsOf(context: Context): FormatSettings {
  const env = context.environments as Record<PropertyKey, unknown>;
  const settings = env[FORMAT_SETTINGS] as FormatSettings | undefined;
  return settings ?? { locale: 'en', timeZone: 'UTC' };
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.trim());
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/**
 * `{{ data.total | money: data.currency }}`: an amount in major units (1234.5, not öre or
 * cents) with its ISO 4217 currency, in the message locale: "1 234,50 kr" (sv-SE, SEK),
 * "$1,234.50" (en-US, USD). Without a currency, a plain number with two decimals. A value that
 * is not a number comes back as it was.
 */
export function formatMoney(value: unknown, currency: unknown, locale: string): unknown {
  const amount = toNumber(value);
  if (amount === null) return value;
  const code = typeof currency === 'string' ? currency.trim().toUpperCase() : '';
  const format = numberFormats.get(`${locale}|${code}`, () => {
    try {
      return /^[A-Z]{3}$/.test(code)
        ? new Intl.NumberFormat(locale, { style: 'currency', currency: code })
        : new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    } catch {
      return null;
    }
  });
  return format ? format.format(amount) : value;
}

const DATE_STYLES = new Set(['full', 'long', 'medium', 'short']);

function toDate(value: unknown): { date: Date; dateOnly: boolean } | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : { date: value, dateOnly: false };
  // Numbers are Unix seconds, as in Liquid's own date filter.
  if (typeof value === 'number') return Number.isFinite(value) ? { date: new Date(value * 1000), dateOnly: false } : null;
  if (typeof value === 'string') {
    const s = value.trim();
    if (s === 'now' || s === 'today') return { date: new Date(), dateOnly: false };
    const date = new Date(/^\d+$/.test(s) ? Number(s) * 1000 : s);
    return Number.isNaN(date.getTime()) ? null : { date, dateOnly: DATE_ONLY.test(s) };
  }
  return null;
}

/**
 * `{{ data.order_date | localdate }}` → "14 mars 2025" (sv), "March 14, 2025" (en-US),
 * "2025年3月14日" (zh): Intl.DateTimeFormat in the message locale and the contact's time zone.
 * The first argument is the date style (full, long (default), medium, short); a second one
 * adds the time in that style: `localdate: "medium", "short"`. A value that is not a date
 * comes back as it was, so free text such as "2–4 arbetsdagar" passes through.
 */
export function formatLocalDate(value: unknown, dateStyle: unknown, timeStyle: unknown, settings: FormatSettings): unknown {
  const parsed = toDate(value);
  if (parsed === null) return value;
  const ds = typeof dateStyle === 'string' && DATE_STYLES.has(dateStyle) ? dateStyle : 'long';
  const ts = typeof timeStyle === 'string' && DATE_STYLES.has(timeStyle) ? timeStyle : null;
  // A bare calendar date is that day everywhere; only instants move with the contact's zone.
  const zone = parsed.dateOnly ? 'UTC' : settings.timeZone;
  const format = dateFormats.get(`${settings.locale}|${zone}|${ds}|${ts ?? ''}`, () => {
    try {
      const options: Intl.DateTimeFormatOptions = { dateStyle: ds as Intl.DateTimeFormatOptions['dateStyle'], timeZone: zone };
      if (ts !== null) options.timeStyle = ts as Intl.DateTimeFormatOptions['timeStyle'];
      return new Intl.DateTimeFormat(settings.locale, options);
    } catch {
      return null;
    }
  });
  return format ? format.format(parsed.date) : value;
}

type FilterThis = { context: Context };
type Handler = (this: FilterThis, value: unknown, ...args: unknown[]) => unknown;

/**
 * Liquid's own date filters read the locale and time zone from the engine's options, which are
 * fixed per engine. These wrappers hand them a context whose options carry the message's
 * locale and the contact's time zone instead, so `{{ d | date: "%e %B %Y" }}` gives
 * "14 mars 2025" to a Swedish reader and "14 במרץ 2025" to a Hebrew one.
 */
function localizedBuiltin(name: 'date' | 'date_to_string' | 'date_to_long_string' | 'date_to_xmlschema'): Handler {
  const builtin = builtinFilters[name] as unknown as Handler;
  const optionsMemo = new Memo<Context['opts']>(500);
  return function (this: FilterThis, value: unknown, ...args: unknown[]): unknown {
    const { locale, timeZone } = settingsOf(this.context);
    const zone = typeof value === 'string' && DATE_ONLY.test(value.trim()) ? 'UTC' : timeZone;
    const base = this.context.opts;
    const opts = optionsMemo.get(`${locale}|${zone}`, () => ({ ...base, locale, timezoneOffset: zone === 'UTC' ? 0 : zone }));
    const context = Object.create(this.context, { opts: { value: opts } }) as Context;
    const self = Object.create(this, { context: { value: context } }) as FilterThis;
    return builtin.call(self, value, ...args);
  };
}

/** Registers `money`, `localdate` and the localized date filters on an engine. */
export function registerFormatFilters(liquid: Liquid): void {
  const money: Handler = function (value, currency) {
    return formatMoney(value, currency, settingsOf(this.context).locale);
  };
  const localdate: Handler = function (value, dateStyle, timeStyle) {
    return formatLocalDate(value, dateStyle, timeStyle, settingsOf(this.context));
  };
  liquid.registerFilter('money', money as FilterImplOptions);
  liquid.registerFilter('localdate', localdate as FilterImplOptions);
  for (const name of ['date', 'date_to_string', 'date_to_long_string', 'date_to_xmlschema'] as const) {
    liquid.registerFilter(name, localizedBuiltin(name) as FilterImplOptions);
  }
}
