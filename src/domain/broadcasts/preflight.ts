// Pre-flight checks of a broadcast: what a careful editor looks for before mail that cannot be taken
// back goes to thousands of people. Pure: the service renders the message for sample and edge
// contacts per locale and hands each rendering here; this module says what is wrong with it.
// Errors block scheduling; warnings need an explicit acknowledgement.
import { parseDocument } from 'htmlparser2';
import { findAll, getAttributeValue, textContent } from 'domutils';
import type { Element } from 'domhandler';

export type FindingSeverity = 'error' | 'warning';

export const FINDING_CODES = [
  'UnknownVariable',
  'UndefinedVariable',
  'EmptyPersonalization',
  'LocaleFallback',
  'RenderFailed',
  'EmptySubject',
  'MalformedLink',
  'InsecureLink',
  'DuplicateLinkText',
  'MissingUnsubscribe',
  'AllCapsSubject',
  'SpamProneSubject',
  'LongSubject',
  'PriceFormat',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

export interface Finding {
  severity: FindingSeverity;
  code: FindingCode;
  /** The locale of the rendering it showed up in (null: not locale-specific). */
  locale: string | null;
  /** Which sample contact showed it (an id or a label such as "edge: no attributes"). */
  contact: string | null;
  message: string;
  /** What the message is made of (the link, the variable, the length …), to say it in another language; absent in older findings. */
  params?: FindingParams;
}

export type FindingParams = Record<string, string | number>;

/** What SpamProneSubject found, as `params.kind`. */
export type SpamKind = 'exclamations' | 'currency' | 'percent' | 'phrase';

export interface RenderedSample {
  /** The locale asked for (the contact's) and the template file's locale actually used. */
  requestedLocale: string | null;
  locale: string;
  subject: string;
  text: string;
  html: string | null;
  marketing: boolean;
  unsubscribeUrl: string | null;
}

export const MAX_SUBJECT_LENGTH = 80;
/** The variables a template may read: everything else is a typo. */
export const TEMPLATE_ROOTS = ['contact', 'data', 'event', 'unsubscribe_url', 'preferences_url', 'subject'] as const;

const finding = (
  severity: FindingSeverity,
  code: FindingCode,
  message: string,
  at: { locale: string | null; contact: string | null },
  params: FindingParams = {},
): Finding => ({ severity, code, message, ...at, params });

/**
 * Variables the template reads (Liquid's own analysis, e.g. "contact.attributes.city") checked against one
 * sample's render context: an unknown root is an error (a typo), a path the contact lacks is a warning.
 */
export function checkVariables(
  variables: string[],
  context: Record<string, unknown>,
  at: { locale: string | null; contact: string | null },
): Finding[] {
  const out: Finding[] = [];
  for (const path of [...new Set(variables)]) {
    const [root, ...rest] = path.split('.');
    if (!(TEMPLATE_ROOTS as readonly string[]).includes(root!)) {
      out.push(
        finding('error', 'UnknownVariable', `{{ ${path} }} is not a template variable (expected one of ${TEMPLATE_ROOTS.join(', ')})`, at, {
          variable: path,
          roots: TEMPLATE_ROOTS.join(', '),
        }),
      );
      continue;
    }
    let value: unknown = context[root!];
    for (const key of rest) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    if (value === undefined || value === null) {
      out.push(
        finding('warning', 'UndefinedVariable', `{{ ${path} }} is missing for this contact and renders empty`, at, { variable: path }),
      );
    }
  }
  return out;
}

export function checkRendering(sample: RenderedSample, at: { contact: string | null }): Finding[] {
  const where = { locale: sample.locale, contact: at.contact };
  return [
    ...checkLocale(sample, where),
    ...checkSubject(sample.subject, where),
    ...checkPersonalization(sample, where),
    ...checkLinks(sample, where),
    ...checkUnsubscribe(sample, where),
    ...checkPrices(sample, where),
  ];
}

function checkLocale(sample: RenderedSample, at: { locale: string | null; contact: string | null }): Finding[] {
  const asked = sample.requestedLocale?.toLowerCase() ?? null;
  if (!asked) return [];
  const base = asked.split('-')[0]!;
  const used = sample.locale.toLowerCase();
  if (used === asked || used === base || asked.startsWith(`${used}-`)) return [];
  const params = { requested: sample.requestedLocale ?? '', used: sample.locale };
  return [
    finding('warning', 'LocaleFallback', `no template file for ${sample.requestedLocale}; the ${sample.locale} file is used`, at, params),
  ];
}

const SPAM_PATTERNS: [RegExp, string, SpamKind][] = [
  [/!{2,}/, 'repeated exclamation marks', 'exclamations'],
  [/\${2,}|€{2,}|£{2,}/, 'repeated currency signs', 'currency'],
  [/\b100\s?%/i, '"100%"', 'percent'],
  [
    new RegExp(
      String.raw`\b(free|gratis|kostnadsfri|winner|vinnare|act now|urgent|brådskande|guaranteed|garanterat|no cost|risk[- ]free` +
        String.raw`|click here|klicka här)\b`,
      'i',
    ),
    'a spam-prone phrase',
    'phrase',
  ],
  [/(免费|立即行动|中奖)/u, 'a spam-prone phrase', 'phrase'],
  [/(חינם|זכית|דחוף)/u, 'a spam-prone phrase', 'phrase'],
];

export function checkSubject(subject: string, at: { locale: string | null; contact: string | null }): Finding[] {
  const out: Finding[] = [];
  const trimmed = subject.trim();
  if (trimmed === '') return [finding('error', 'EmptySubject', 'the subject renders empty', at)];
  const length = [...trimmed].length;
  if (length > MAX_SUBJECT_LENGTH) {
    out.push(
      finding('warning', 'LongSubject', `the subject is ${length} characters; keep it to ${MAX_SUBJECT_LENGTH} (inboxes cut it)`, at, {
        length,
        max: MAX_SUBJECT_LENGTH,
      }),
    );
  }
  const letters = [...trimmed].filter((c) => /\p{L}/u.test(c) && c.toLowerCase() !== c.toUpperCase());
  const upper = letters.filter((c) => c === c.toUpperCase());
  if (letters.length >= 8 && upper.length / letters.length >= 0.7) {
    out.push(finding('warning', 'AllCapsSubject', 'the subject is in capitals, which reads as shouting and trips spam filters', at));
  }
  for (const [pattern, what, kind] of SPAM_PATTERNS) {
    const hit = trimmed.match(pattern);
    if (hit) {
      const message = `the subject has ${what} ("${hit[0]}"), which spam filters weigh against it`;
      out.push(finding('warning', 'SpamProneSubject', message, at, { kind, hit: hit[0] }));
      break;
    }
  }
  return out;
}

/** A greeting that lost its name ("Hi ,", "Hej !", "Dear ,"): personalization rendered empty. */
const EMPTY_GREETING = /^(hi|hello|dear|hej|hallå|kära|hei|hallo|liebe|lieber|bonjour|שלום|亲爱的|您好)[ \t]*[,!:]/imu;
const DOUBLE_SPACE_BEFORE_PUNCT = /\p{L}[ \t]{2,}\p{L}|\p{L}[ \t]+[,!.](?=\s|$)/u;

function checkPersonalization(sample: RenderedSample, at: { locale: string | null; contact: string | null }): Finding[] {
  const firstLine = sample.text.split('\n').find((l) => l.trim() !== '') ?? '';
  if (EMPTY_GREETING.test(firstLine.trim()) || DOUBLE_SPACE_BEFORE_PUNCT.test(firstLine)) {
    return [
      finding(
        'warning',
        'EmptyPersonalization',
        `the greeting "${firstLine.trim()}" looks like a name rendered empty; give it a default`,
        at,
        { text: firstLine.trim() },
      ),
    ];
  }
  if (/ ,/.test(sample.subject)) {
    const message = `the subject "${sample.subject}" has a gap where a variable rendered empty`;
    return [finding('warning', 'EmptyPersonalization', message, at, { text: sample.subject })];
  }
  return [];
}

interface Link {
  href: string;
  text: string | null;
}

const TEXT_URL = /\bhttps?:\/\/[^\s<>"')\]]+|\bwww\.[^\s<>"')\]]+/gi;

export function linksOf(sample: Pick<RenderedSample, 'text' | 'html'>): Link[] {
  const links: Link[] = [];
  if (sample.html) {
    const doc = parseDocument(sample.html);
    for (const a of findAll((el: Element) => el.name === 'a' && getAttributeValue(el, 'href') !== undefined, doc.children)) {
      links.push({ href: getAttributeValue(a, 'href')!.trim(), text: textContent(a).replace(/\s+/g, ' ').trim() });
    }
  }
  for (const match of sample.text.matchAll(TEXT_URL)) links.push({ href: match[0].replace(/[.,;:!?]+$/, ''), text: null });
  return links;
}

function parseUrl(href: string): URL | null {
  try {
    return new URL(href);
  } catch {
    return null;
  }
}

/** A host a link can reach: a dotted name, or the machine itself (a local PUBLIC_URL such as http://localhost:8787). */
const reachableHost = (hostname: string) =>
  hostname.includes('.') || hostname === 'localhost' || hostname.endsWith('.localhost') || hostname.startsWith('[');

function checkLinks(sample: RenderedSample, at: { locale: string | null; contact: string | null }): Finding[] {
  const out: Finding[] = [];
  const textsByHref = new Map<string, Set<string>>();
  for (const link of linksOf(sample)) {
    if (/^(mailto|tel):/i.test(link.href) || link.href.startsWith('#')) continue;
    const url = parseUrl(link.href);
    if (!url || !reachableHost(url.hostname) || /\s/.test(link.href) || /\{\{|\}\}|\{%/.test(link.href)) {
      out.push(finding('error', 'MalformedLink', `the link "${link.href}" is not a valid absolute URL`, at, { href: link.href }));
      continue;
    }
    if (url.protocol !== 'https:') {
      out.push(finding('warning', 'InsecureLink', `the link ${link.href} is not https`, at, { href: link.href }));
    }
    if (link.text) {
      const key = url.href;
      const texts = textsByHref.get(key) ?? new Set<string>();
      texts.add(link.text);
      textsByHref.set(key, texts);
    }
  }
  for (const [href, texts] of textsByHref) {
    if (texts.size > 1) {
      const list = [...texts].map((t) => `"${t}"`).join(', ');
      out.push(
        finding('warning', 'DuplicateLinkText', `${href} is linked with different texts (${list}); readers expect one place per text`, at, {
          href,
          texts: list,
        }),
      );
    }
  }
  return out;
}

function checkUnsubscribe(sample: RenderedSample, at: { locale: string | null; contact: string | null }): Finding[] {
  if (!sample.marketing) return [];
  const url = sample.unsubscribeUrl;
  const missing: string[] = [];
  if (!url || !sample.text.includes(url)) missing.push('text');
  if (sample.html !== null && (!url || (!sample.html.includes(url.replace(/&/g, '&amp;')) && !sample.html.includes(url))))
    missing.push('HTML');
  if (missing.length === 0) return [];
  const part = missing.length === 2 ? 'both' : missing[0] === 'HTML' ? 'html' : 'text';
  return [
    finding('error', 'MissingUnsubscribe', `marketing mail without an unsubscribe link in its ${missing.join(' and ')} part`, at, { part }),
  ];
}

interface NumberStyle {
  group: string;
  decimal: string;
}

export function numberStyle(locale: string): NumberStyle {
  const parts = new Intl.NumberFormat(locale).formatToParts(1234567.891);
  const group = parts.find((p) => p.type === 'group')?.value ?? ',';
  const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '.';
  return { group, decimal };
}

const CURRENCY = String.raw`(?:kr|SEK|NOK|DKK|EUR|USD|GBP|ILS|CNY|RMB|€|\$|£|₪|¥|元)`;
const AMOUNT = String.raw`\d{1,3}(?:[ .,\u00a0\u202f']\d{3})*(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
const PRICE = new RegExp(String.raw`(?:${CURRENCY}\s?(${AMOUNT}))|(?:(${AMOUNT})\s?${CURRENCY})`, 'gu');
const SPACES = /[ \u00a0\u202f]/;

/** Whether an amount as written ("1 234,50", "1,234.50", "199.00") fits the locale's separators. */
export function amountFitsLocale(amount: string, style: NumberStyle): boolean {
  const decimal = amount.match(/[.,](\d{1,2})$/);
  const whole = decimal ? amount.slice(0, -decimal[0].length) : amount;
  if (decimal && amount.slice(-decimal[0].length, -decimal[0].length + 1) !== style.decimal) return false;
  const groups = whole.match(/[ .,\u00a0\u202f']/g) ?? [];
  const groupIsSpace = SPACES.test(style.group);
  return groups.every((g) => (groupIsSpace ? SPACES.test(g) : g === style.group));
}

function checkPrices(sample: RenderedSample, at: { locale: string | null; contact: string | null }): Finding[] {
  const style = numberStyle(sample.locale);
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const text of [sample.subject, sample.text]) {
    for (const match of text.matchAll(PRICE)) {
      const amount = (match[1] ?? match[2] ?? '').trim();
      if (!amount || seen.has(match[0]) || amountFitsLocale(amount, style)) continue;
      seen.add(match[0]);
      const example = new Intl.NumberFormat(sample.locale, { minimumFractionDigits: 2 }).format(1234.5);
      out.push(
        finding(
          'warning',
          'PriceFormat',
          `"${match[0].trim()}" is not written the ${sample.locale} way (e.g. ${example}); format amounts with the money filter`,
          at,
          { amount: match[0].trim(), locale: sample.locale, example },
        ),
      );
    }
  }
  return out;
}

/** Errors first, then warnings; one finding per code, locale and message (the same problem for 50 sample contacts is one line). */
export function summarizeFindings(findings: Finding[]): { errors: Finding[]; warnings: Finding[] } {
  const unique = new Map<string, Finding>();
  for (const f of findings) {
    const key = `${f.code}\u0000${f.locale}\u0000${f.message}`;
    if (!unique.has(key)) unique.set(key, f);
  }
  const all = [...unique.values()];
  return { errors: all.filter((f) => f.severity === 'error'), warnings: all.filter((f) => f.severity === 'warning') };
}
