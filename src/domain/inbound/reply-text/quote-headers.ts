/**
 * Multilingual quote headers for reply trimming ("On … wrote:", "Le … a écrit :",
 * "在 … 写道：", …) and the embedded-email test that combines them with the
 * separators (separators.ts). Header lines are in email-headers.ts, delimiters,
 * footers and sign-offs in footers.ts.
 *
 * The pattern families and most of the individual patterns are ported from
 * discourse/email_reply_trimmer (MIT, see THIRD_PARTY_NOTICES.md), adapted to
 * JavaScript regular expressions (bounded quantifiers so no pattern can
 * backtrack catastrophically) and extended with more languages (Swedish,
 * Hebrew, Japanese, Finnish, Czech, Turkish, Korean, Polish "W dniu", …).
 *
 * Every pattern is compiled once at module load. All patterns here are tested
 * against a single "classification line": bidi/zero-width marks removed,
 * NBSP turned into a space, quote prefixes normalised to ">".
 */
import { FORWARDED } from './separators.ts';
import { escapeRegex } from '../../regex.ts';
import { type CompiledPattern, type LinePattern, W, compile, needs, word } from './pattern-kit.ts';

/**
 * Separator after an opening word that is also an everyday word ("On", "Am", "Le",
 * "Den", …): the header must carry a date, so a digit follows within 60 characters.
 */
const DATED = '[ \\t]+(?=[^\\n]{0,60}\\d)';

interface OnDateSpec {
  /** Words that open the header ("On", "Le", "Am", …). */
  start: string;
  /** Separator between the opening word and the rest (default: blanks). */
  sep?: string;
  /** Words that must not appear inside the header body (defaults to start|end). */
  stop?: string;
  /** Words that close the header ("wrote", "a écrit", …), may carry a tail. */
  end: string;
  /** Lower-case literals one of which a matching line must contain (cheap pre-filter). */
  need: readonly string[];
}

/**
 * "On <date>, <someone> wrote:" style headers that may be wrapped over a few
 * lines. Source of `onDateSomeoneWrote` (single line) and of the
 * line-joining pass (whole text, multiline mode).
 */
const ON_DATE_SOMEONE_WROTE_SPECS: readonly OnDateSpec[] = [
  // Chinese (simplified / traditional): 在 2016年12月12日，下午8:45，X <x@y> 写道：
  { start: '在|於|于', sep: '[ \\t]*', end: '写道|寫道', need: ['写道', '寫道'] },
  // Dutch: Op 24 aug. 2013 om 16:48 heeft X het volgende geschreven:
  {
    start: 'Op',
    sep: DATED,
    stop: 'Op|het\\s+volgende\\s+geschreven|schreef',
    end: 'het\\s+volgende\\s+geschreven|schreef[^:]{1,200}',
    need: ['geschreven', 'schreef'],
  },
  // English: In message <…> X writes:
  { start: 'In\\s+message', end: 'writes', need: ['writes'] },
  // English: On Wed, Sep 25, 2013, at 03:57 PM, X wrote:   /  At 6/16/2016 08:32 PM, you wrote:   /  On 11-Apr-2011, X sent:
  {
    start: 'On|At',
    sep: DATED,
    // "On" stops the match only where a second dated header starts ("… on Bob wrote:" does not)
    stop: `On${DATED}|wrote|writes|says|said|sent`,
    end: 'wrote|writes|says|said|sent(?=[ \\t]*:)',
    need: ['wrote', 'writes', 'says', 'said', 'sent'],
  },
  // French: Le 4 janv. 2016 19:03, "X" <x@y> a écrit :
  { start: 'Le', sep: DATED, stop: 'Le|nous\\s+a\\s+dit|a\\s+écrit', end: 'nous\\s+a\\s+dit|a\\s+écrit', need: ['dit', 'écrit'] },
  // German: Am 03.02.2016 schrieben Sie:   /   Am 03.02.2016 3:35 nachm. schrieb X <x@y>:
  { start: 'Am', sep: DATED, stop: 'Am|schrieben\\s+Sie', end: 'schrieben\\s+Sie', need: ['schrieben'] },
  { start: 'Am', sep: DATED, stop: 'Am|geschrieben', end: 'geschrieben|schrieb[^:]{1,200}', need: ['schrieb'] },
  // Italian: Il 26 marzo 2016 alle 13.16 X <x@y> ha scritto:   /   In data 11 ottobre 2017 21:11:31 "X" <x@y> ha scritto:
  { start: 'Il|In\\s+data', sep: DATED, stop: 'Il|In\\s+data|ha\\s+scritto', end: 'ha\\s+scritto', need: ['scritto'] },
  // Polish: Dnia 14 lip 2015 o godz. 00:25 X napisał(a):   /   W dniu 5.06.2017 o 12:22, X napisał:
  {
    start: 'Dnia|Dňa|W\\s+dniu',
    stop: 'Dnia|Dňa|dniu|napisał|napisała|pisze',
    end: 'napisał\\(a\\)|napisała|napisał|pisze',
    need: ['napisał', 'pisze'],
  },
  // Czech: Dne 5. 6. 2017 v 12:22 X <x@y> napsal(a):
  { start: 'Dne', stop: 'Dne|napsal|napsala', end: 'napsal\\(a\\)|napsala|napsal', need: ['napsal'] },
  // Portuguese: Em seg, 27 de jul de 2015 17:13, X <x@y> escreveu:
  { start: 'Em', sep: DATED, stop: 'Em|escreveu', end: 'escreveu', need: ['escreveu'] },
  // Spanish: El jueves, 21 de noviembre de 2013, X escribió:   /   Catalan: El 19/03/2014 11:34, X <x@y> ha escrit: (va escriure:)
  {
    start: 'El',
    sep: DATED,
    stop: 'El|escribió|ha\\s+escrit|va\\s+escriure',
    end: 'escribió|ha\\s+escrit|va\\s+escriure',
    need: ['escribió', 'escrit', 'escriure'],
  },
  // Vietnamese: Vào 14:24 8 tháng 6, 2017, X <x@y> đã viết:
  { start: 'Vào', sep: DATED, stop: 'Vào|đã\\s+viết', end: 'đã\\s+viết', need: ['viết'] },
  // Swedish / Danish / Norwegian: Den 5 juni 2017 kl. 12:22 skrev X <x@y>:
  { start: 'Den', sep: DATED, stop: 'Den|skrev', end: 'skrev[^:]{0,200}', need: ['skrev'] },
  // Hebrew (Gmail): בתאריך יום ב׳, 5 ביוני 2017 ב-12:22 מאת X <x@y>:
  { start: 'בתאריך', stop: 'בתאריך', end: 'מאת[^:]{1,200}|כתב\\/ה|כתבה|כתב', need: ['מאת', 'כתב'] },
  // Hebrew (Apple Mail): ב-5 ביוני 2017, בשעה 12:22, X <x@y> כתב/ה:
  { start: 'ב-?(?=\\d)', sep: '', stop: 'כתב|כתבה', end: 'כתב\\/ה|כתבה|כתב', need: ['כתב'] },
  // Japanese (Apple Mail): 2017/06/05 12:22、X <x@y>のメッセージ:
  { start: '\\d{4}[\\/年.-]', sep: '', stop: 'のメッセージ', end: 'のメッセージ', need: ['のメッセージ'] },
  // Finnish (Gmail): ma 5. kesäk. 2017 klo 12.22 X <x@y> kirjoitti:
  { start: 'ma|ti|ke|to|pe|la|su', sep: '\\.?[ \\t]+(?=\\d)', stop: 'kirjoitti', end: 'kirjoitti', need: ['kirjoitti'] },
];

/** The header from its opening word to the end of the line. */
function onDateBody(spec: OnDateSpec): string {
  const sep = spec.sep ?? '[ \\t]+';
  const stop = spec.stop ?? `${spec.start}|${spec.end}`;
  return `(?:${spec.start})${sep}(?:(?!${word(stop)})[\\s\\S]){1,400}?(?:${spec.end})[ \\t.:：>-]*$`;
}

function onDateSource(spec: OnDateSpec): string {
  return `^[ \\t<>-]*${onDateBody(spec)}`;
}

const ON_DATE_SOMEONE_WROTE: readonly LinePattern[] = ON_DATE_SOMEONE_WROTE_SPECS.map((spec) => ({
  source: onDateSource(spec),
  need: spec.need,
}));

/** "Op 10 dec. 2015 18:35 schreef X <x@y>:", "Am 18.09.2013 um 16:24 schrieb X <x@y>:", "søn. 30. apr. 2017 kl. 00.26 skrev X <x@y>:" */
const ON_DATE_WROTE_SOMEONE: readonly LinePattern[] = [
  { source: '^[ \\t>]*Op\\s(?=.{0,60}\\d).{1,300}\\sschreef\\s[^:]{1,300}:', need: ['schreef'] },
  { source: '^[ \\t>]*Am\\s(?=.{0,60}\\d).{1,300}\\sschrieb\\s[^:]{1,300}:', need: ['schrieb'] },
  { source: '^[ \\t>]*Den\\s(?=.{0,60}\\d).{1,300}\\sskrev\\s[^:]{1,300}:', need: ['skrev'] },
  // Scandinavian without "Den": søn. 30. apr. 2017 kl. 00.26 skrev …  /  mån 5 juni 2017 kl 12:22 skrev …
  { source: '^[ \\t>]*\\p{L}{2,4}\\.?\\s(?=\\d).{1,200}\\skl\\.?\\s.{1,300}\\sskrev\\s[^:]{1,300}:', need: ['skrev'] },
];

/**
 * Unanchored "date … someone … wrote:" headers (may wrap once).
 * Russian "… пользователь X написал:", Polish "… napisał(a):", Ukrainian "… пише:".
 */
const DATE_SOMEONE_WROTE: readonly LinePattern[] = [
  { source: '\\d{4}.{1,80}пользователь.{0,80}\\n?.{0,80}?написал(?:а|\\(а\\))?:', need: ['написал'] },
  { source: '\\d{4}.{1,80}\\n?.{0,80}?napisał\\(a\\):', need: ['napisał(a)'] },
  { source: '\\d{4}.{1,80}\\n?.{0,80}?пише:', need: ['пише:'] },
  // Ukrainian: 29 грудня 2017 р. о 19:09 <x@y> написав:
  { source: '\\d{4}.{1,80}\\n?.{0,80}?написав(?:\\(ла\\)|ла)?:', need: ['написав'] },
];

/**
 * "X <x@y> wrote on Mon, 5 Jun 2017 at 12:22:" / "X <x@y> schrieb am Fr., 28. Apr. 2017 um 11:53 Uhr:".
 * A digit must follow "on"/"am" (a date) and the line must end with ":".
 */
const SOMEONE_WROTE_ON_DATE: readonly LinePattern[] = [
  {
    source: `^[^\\n]{1,300}?${word('wrote')}\\s+on(?!${W})(?=[^:]{0,60}\\d)[\\s\\S]{1,300}?:[ \\t]*$`,
    need: ['wrote'],
  },
  {
    source: `^[^\\n]{1,300}?${word('schrieb')}\\s+am(?!${W})(?=[^:]{0,60}\\d)[\\s\\S]{1,300}?:[ \\t]*$`,
    need: ['schrieb'],
  },
];

/** "2015-10-18 0:17 GMT+03:00 X <x@y>:", "2013/10/2 X <x@y>", "вт, 5 янв. 2016 г. в 23:39, X <x@y>:" */
const DATE_SOMEONE_EMAIL: LinePattern = {
  source: '\\d{4}.{1,80}\\s?<[^@<>]{1,200}@[^@<>.]{1,200}\\.[^@<>]{1,200}>:?$',
  need: ['@'],
};

/**
 * Where the literals needed by `JOINABLE_HEADERS` occur in a lower-cased text:
 * literal → offsets (one scan). A found literal also counts for its substrings.
 */
export function joinableLiteralHits(lower: string): Map<string, number[]> {
  const hits = new Map<string, number[]>();
  for (const m of lower.matchAll(JOINABLE_NEED_SCAN)) {
    for (const n of JOINABLE_NEED_LITERALS) {
      if (!m[0].includes(n)) continue;
      const list = hits.get(n);
      if (list) list.push(m.index);
      else hits.set(n, [m.index]);
    }
  }
  return hits;
}

/**
 * The patterns whose matches may span several lines (multiline mode): run on
 * the lines around their literals and joined into one line before classification.
 */
export const JOINABLE_HEADERS: readonly CompiledPattern[] = compile(
  [...ON_DATE_SOMEONE_WROTE, ...SOMEONE_WROTE_ON_DATE, ...DATE_SOMEONE_WROTE, DATE_SOMEONE_EMAIL],
  'gimu',
);

const JOINABLE_NEED_LITERALS = [...new Set(JOINABLE_HEADERS.flatMap((p) => p.need))].sort((a, b) => b.length - a.length);
const JOINABLE_NEED_SCAN = new RegExp(JOINABLE_NEED_LITERALS.map(escapeRegex).join('|'), 'g');

/**
 * The same headers written on the line of the reply's last words ("reply On …, X <x@y> wrote:",
 * "bla-bla--- On … wrote:"): opening word after a blank or dashes, then the header to the line end.
 */
const INLINE_ON_DATE: readonly CompiledPattern[] = ON_DATE_SOMEONE_WROTE_SPECS.map((spec) => ({
  re: new RegExp(`(?<=\\S)(?:[ \\t]+|[ \\t]*-{2,}[ \\t]*)(${onDateBody(spec)})`, 'iu'),
  need: spec.need,
}));
const CLOCK_OR_ADDRESS = /@|\d[:.]\d\d/;
/** Only a capitalised or uncased opening word ("On", "Le", "在"), never "on" inside a sentence. */
const notLowerCase = (c: string): boolean => c.toUpperCase() === c;

/**
 * Where a quote header that shares its line with the end of the reply begins (-1: none).
 * The header must carry a clock time or an address, so a sentence is not cut.
 */
export function inlineQuoteHeaderStart(line: string): number {
  const lower = line.toLowerCase();
  if (!lower.includes(':') && !lower.includes('：')) return -1;
  for (const p of INLINE_ON_DATE) {
    if (!needs(p, lower)) continue;
    const m = p.re.exec(line);
    const header = m?.[1];
    if (m === null || header === undefined || !CLOCK_OR_ADDRESS.test(header) || !notLowerCase(header.charAt(0))) continue;
    return m.index;
  }
  return -1;
}

/** An email address (not part of a longer word). */
const ADDRESS = '(?<![\\w.+-])[\\w.+-]{1,64}@[\\w.-]{1,255}\\.\\w{2,}\\b';
/** A line holding a clock time (12:22, 12.22) or an address further on: a quote header rather than a sentence. */
const DATE_OR_ADDRESS_AHEAD = '(?=[^\\n]{0,300}(?:@|\\d[:.]\\d\\d))';
/** "X wrote" verbs other than English, for "X <x@y> schrieb:" and "---- X wrote ----". */
const SOMEONE_WROTE_VERBS = [
  'schrieb',
  'skrev',
  'schreef',
  'a\\s+écrit',
  'escribió',
  'escreveu',
  'ha\\s+scritto',
  'napisał(?:\\(a\\)|a)?',
  'napsal(?:\\(a\\)|a)?',
  'написал(?:\\(а\\)|а)?',
  'написав(?:\\(ла\\)|ла)?',
  'kirjoitti',
  'írta',
  'đã\\s+viết',
];
const SOMEONE_WROTE_NEED = [
  'schrieb',
  'skrev',
  'schreef',
  'écrit',
  'escribió',
  'escreveu',
  'scritto',
  'napisał',
  'napsal',
  'написал',
  'написав',
  'kirjoitti',
  'írta',
  'viết',
];

/**
 * Everything that marks the start of an embedded (quoted or forwarded) email.
 */
const EMBEDDED: readonly CompiledPattern[] = compile(
  [
    ...ON_DATE_SOMEONE_WROTE,
    ...ON_DATE_WROTE_SOMEONE,
    ...DATE_SOMEONE_WROTE,
    DATE_SOMEONE_EMAIL,
    ...SOMEONE_WROTE_ON_DATE,
    // 2016-03-03 17:21 GMT+01:00 Some One
    { source: `^[ \\t>]*20\\d\\d-\\d\\d-\\d\\d \\d\\d:\\d\\d GMT\\+\\d\\d:\\d\\d [\\p{L}\\p{N}_ \\t]+$`, need: ['gmt+'] },
    // codinghorror via Discourse Meta wrote:   /   X via Y <x@y> schrieb:
    { source: '^.{1,300}? via .{1,300}?(?:wrote|schrieb):?[ \\t]*$', need: [' via '] },
    // Some One <info@discourse.org> wrote:   /   Gavin Sinclair (gsinclair@soyabean.com.au) wrote:
    { source: `^.{1,300}?${ADDRESS}.{1,300}?wrote:?$`, need: ['wrote'] },
    // the same in other languages, with the colon:  Test user <test@example.com> schrieb:
    { source: `^.{1,300}?${ADDRESS}.{1,300}?${word(SOMEONE_WROTE_VERBS.join('|'))}[ \\t]*:[ \\t]*$`, need: SOMEONE_WROTE_NEED },
    // Posted by mpalmer on 01/21/2016
    { source: '^[ \\t>]*Posted by .{1,200} on \\d{2}\\/\\d{2}\\/\\d{4}$', need: ['posted by'] },
    // Finnish (Outlook / Apple Mail): X kirjoitti 5.6.2017 kello 12.22:   /   X kirjoitti:
    { source: `^[ \\t>]*.{1,250}?${word('kirjoitti')}[^:]{0,80}:[ \\t]*$`, need: ['kirjoitti'] },
    // Hebrew: … X כתב: / כתבה: / כתב/ה:  (needs a date digit or an address on the line)
    { source: '^(?=.{0,300}[\\d@])[ \\t>]*.{1,300}?(?<![\\p{L}])(?:כתב\\/ה|כתבה|כתב)[ \\t]*:[ \\t]*$', need: ['כתב'] },
    // Japanese: … X <x@y>のメッセージ:
    { source: '^[ \\t>]*.{1,300}?のメッセージ[ \\t]*[:：][ \\t]*$', need: ['のメッセージ'] },
    // Turkish: X <x@y>, 5 Haz 2017 Pzt, 12:22 tarihinde şunu yazdı:
    { source: '^[ \\t>]*.{1,300}?şunu\\s+yazdı[ \\t]*:[ \\t]*$', need: ['yazdı'] },
    // Korean: 2017년 6월 5일 (월) 오후 12:22, X <x@y>님이 작성:   /   2016. 11. 8. 오후 12:39 X <x@y> 작성:
    { source: `^${DATE_OR_ADDRESS_AHEAD}[ \\t>]*.{1,300}?작성[ \\t]*:[ \\t]*$`, need: ['작성'] },
    // Hungarian: 2013.02.08. 7:31 keltezéssel, "X" írta:   /   X <x@y> ezt írta (időpont: 2017. jún. 5., H, 12:22):
    {
      source: `^${DATE_OR_ADDRESS_AHEAD}[ \\t>]*.{1,300}?${word('írta')}(?:[ \\t]*\\([^)\\n]{1,100}\\))?[ \\t]*:[ \\t]*$`,
      need: ['írta'],
    },
    // Android: ---- John Smith wrote ----
    { source: `^[ \\t>]*-{2,}[ \\t]*[^\\n]{1,200}?${word(['wrote', ...SOMEONE_WROTE_VERBS].join('|'))}[ \\t]*-{2,}[ \\t]*$`, need: ['--'] },
    // Swedish etc. with the date first but no "Den": 5 juni 2017 12:22 skrev X <x@y>:
    { source: `^[ \\t>]*.{0,100}\\d{4}.{0,100}?${word('skrev')}[^:]{0,200}:[ \\t]*$`, need: ['skrev'] },
    ...FORWARDED,
  ],
  'iu',
);

/**
 * Cheap necessary condition for any embedded pattern on a lower-cased line: a
 * colon, an "@", a "--", a known opening word at the start of the line, " via "
 * or "posted by". Most text lines fail it and skip the per-pattern regexes.
 */
const EMBEDDED_TRIGGER_CHARS = /[:@：]|--/;
const EMBEDDED_TRIGGER_START = new RegExp(
  String.raw`^[ \t<>-]*(?:(?:on|at|op|le|am|il|dnia|dňa|dne|em|el|den|בתאריך|in\s+message|w\s+dniu|ma|ti|ke|to|pe|la|su)` +
    String.raw`\.?[ \t]|[在於于]|ב-?\d|\d{4}[/年.-])`,
);

function embeddedTrigger(lower: string): boolean {
  return EMBEDDED_TRIGGER_CHARS.test(lower) || EMBEDDED_TRIGGER_START.test(lower) || lower.includes(' via ') || lower.includes('posted by');
}

/** Every literal an embedded pattern needs, longest first, as one scanning regex. */
const NEED_LITERALS = [...new Set(EMBEDDED.flatMap((p) => p.need))].sort((a, b) => b.length - a.length);
const NEED_SCAN = new RegExp(NEED_LITERALS.map(escapeRegex).join('|'), 'g');
/** For each literal the scan can report, the patterns it may enable (a found literal also contains its substrings). */
const PATTERNS_BY_LITERAL = new Map<string, readonly CompiledPattern[]>(
  NEED_LITERALS.map((lit) => [lit, EMBEDDED.filter((p) => p.need.some((n) => lit.includes(n)))]),
);

/** Whether a classification line opens an embedded email (quote header, forward/original separator). */
export function isEmbeddedEmailLine(line: string): boolean {
  const lower = line.toLowerCase();
  if (!embeddedTrigger(lower)) return false;
  let tried: Set<CompiledPattern> | undefined;
  for (const m of lower.matchAll(NEED_SCAN)) {
    for (const p of PATTERNS_BY_LITERAL.get(m[0]) ?? []) {
      if (tried?.has(p)) continue;
      tried ??= new Set();
      tried.add(p);
      if (p.re.test(line)) return true;
    }
  }
  return false;
}
