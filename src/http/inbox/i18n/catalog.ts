// The inbox's message catalog: one file per locale (en is the reference shape), looked up by dotted key.
import type { Child } from 'hono/jsx';
import { en } from './en.ts';
import { he } from './he.ts';
import { sv } from './sv.ts';
import { zh } from './zh.ts';

/** A locale file: the same nested keys as en.ts, every leaf a string. */
export type Catalog = { [K in keyof typeof en]: { [L in keyof (typeof en)[K]]: string } };

/** A message stored in plural forms (`days_one`, `days_other`) is asked for by its base name (`days`) and a count. */
type PluralBase<L extends string> = L extends `${infer B}_${'zero' | 'one' | 'two' | 'few' | 'many' | 'other'}` ? B : L;
type Leaves<T> = {
  [K in keyof T & string]: { [L in keyof T[K] & string]: `${K}.${PluralBase<L>}` }[keyof T[K] & string];
}[keyof T & string];
/** Every key of the catalog, e.g. `nav.signOut`; plural messages by their base name (`thread.snoozeDays`). */
export type MessageKey = Leaves<typeof en>;

export const INBOX_LOCALES = ['en', 'sv', 'he', 'zh'] as const;
export type InboxLocale = (typeof INBOX_LOCALES)[number];

export const CATALOGS: Record<InboxLocale, Catalog> = { en, sv, he, zh };

const RTL: ReadonlySet<string> = new Set(['he']);

export type Vars = Record<string, string | number>;

/**
 * Looks up a message and fills `{name}` placeholders. A key with plural forms is stored as
 * `key_one`, `key_other` (and `key_few`, ... where a language has them) and chosen by `vars.count`.
 */
export type Translate = (key: MessageKey, vars?: Vars) => string;

export interface Ui {
  locale: InboxLocale;
  dir: 'ltr' | 'rtl';
  /** IANA zone in which times are shown to this agent. */
  timeZone: string;
  t: Translate;
}

function lookup(catalog: Catalog, key: string): string | undefined {
  const dot = key.indexOf('.');
  const area = (catalog as unknown as Record<string, Record<string, string>>)[key.slice(0, dot)];
  return area?.[key.slice(dot + 1)];
}

function fill(template: string, vars: Vars | undefined): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function translator(locale: InboxLocale): Translate {
  const catalog = CATALOGS[locale];
  const plural = new Intl.PluralRules(locale);
  return (key, vars) => {
    const count = vars?.count;
    const form = typeof count === 'number' ? lookup(catalog, `${key}_${plural.select(count)}`) : undefined;
    const text = form ?? lookup(catalog, key) ?? lookup(catalog, `${key}_other`) ?? lookup(en as Catalog, key) ?? key;
    return fill(text, vars);
  };
}

export function uiFor(locale: InboxLocale, timeZone: string): Ui {
  return { locale, dir: RTL.has(locale) ? 'rtl' : 'ltr', timeZone, t: translator(locale) };
}

export function isInboxLocale(value: unknown): value is InboxLocale {
  return typeof value === 'string' && (INBOX_LOCALES as readonly string[]).includes(value);
}

/** Renders a message whose `{name}` placeholders are markup (links, <bdi> names) instead of text. */
export function withParts(text: string, parts: Record<string, Child>): Child[] {
  return text.split(/(\{\w+\})/).map((piece) => {
    const name = /^\{(\w+)\}$/.exec(piece)?.[1];
    return name !== undefined && name in parts ? parts[name] : piece;
  });
}
