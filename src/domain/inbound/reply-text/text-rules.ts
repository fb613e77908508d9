/**
 * Reply trimming for plain-text bodies.
 *
 * The algorithm is a TypeScript port of discourse/email_reply_trimmer (MIT,
 * see THIRD_PARTY_NOTICES.md): every line is classified into one character
 * (e empty, d delimiter, s mobile signature, b embedded-email marker, h email
 * header, q quote, t text), and a handful of rules over that pattern string
 * decide which lines are the new text. On top of the port this module:
 *  - keeps the original lines (quote-prefix fixes and header joining only
 *    affect classification, never the returned text),
 *  - splits what was cut into `quoted` (history, quote headers) and
 *    `signature` ("-- " blocks, mobile footers),
 *  - only treats a mobile-footer line as a signature when no new text
 *    follows it (so "Sent from the office, …" in the middle of a reply stays),
 *  - implements the pattern rules without backtracking regexes.
 *
 * Pure function, no I/O: runs unchanged on Workers, Node and Deno.
 */
import { isEmailHeaderLine } from './email-headers.ts';
import { DELIMITER_REGEX, SIGNATURE_DELIMITER_REGEX, isSignOffLine, isSignatureLine } from './footers.ts';
import { JOINABLE_HEADERS, inlineQuoteHeaderStart, isEmbeddedEmailLine, joinableLiteralHits } from './quote-headers.ts';
import { type Kind, reviseKinds } from './line-context.ts';
import type { ExtractedReply } from './types.ts';

interface Line {
  /** Original text of the line (several original lines when a wrapped header was joined). */
  raw: string;
  /** Normalised text the classification runs on. */
  cls: string;
}

/** Text beyond this many characters is not analysed; it is returned as quoted (a Worker's CPU budget is small). */
const MAX_TEXT = 256 * 1024;
/** Lines longer than this are never quote headers or signatures (and are not run through those regexes). */
const MAX_HEADER_LINE = 1000;
/** A wrapped quote header is joined only when it spans at most this many line breaks (as upstream). */
const MAX_JOINED_BREAKS = 4;

const EMPTY_REGEX = /^[ \t]*$/;
const QUOTE_REGEX = /^[ \t]*>/;
const BIDI_AND_ZERO_WIDTH = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;
const NBSP = /[\u00A0\u2007\u202F]/g;
const CODE_BLOCK = /^```[\w+-]*[ \t]*\n(?:[\s\S]*?\n)?```[ \t]*$/gm;
const TOKEN_PREFIX = '\uE000reply-text-code-block-';
const TOKEN_SUFFIX = '\uE001';

/* ------------------------------------------------------------------ */
/* Pre-processing (text level)                                          */
/* ------------------------------------------------------------------ */

function preprocess(text: string): string {
  let t = text.replace(/\r\n?/g, '\n');
  // PGP markers
  t = t.replace(/^-----BEGIN PGP SIGNED MESSAGE-----\n(?:Hash: [\w-]+)?\s+/i, '');
  t = t.replace(/^-----BEGIN PGP SIGNATURE-----$[\s\S]*?^-----END PGP SIGNATURE-----$/m, '');
  // mailing-list unsubscribe footer at the very end
  t = t.replace(/(^|\n)Unsubscribe: [^\n]{0,500}@[^\n]{0,500}(?:\n[^\n]{0,500}http:[^\n]{0,500})?\s*$/i, '$1');
  // alias-style quote marker: >>>>> "Name" == Someone writes:
  if (t.includes('>>>>> "')) t = t.replace(/^[^\n]{0,200}>{5} "[^"\n]{1,200}" == [^\n]{1,300} writes:/gm, '');
  // enclosed-style quotes: >>> name >>> … <<< name <<<  and  >>>> … <<<<
  if (t.includes('>>>') && t.includes('<<<')) {
    t = unwrapEnclosedQuotes(
      t,
      (l) => /^>>> ?(.{1,200}?) ?>>>$/.exec(l)?.[1],
      (l) => /^<<< ?(.{1,200}?) ?<<<$/.exec(l)?.[1],
    );
    t = unwrapEnclosedQuotes(
      t,
      (l) => (/^>{4,}[ \t]*$/.test(l) ? '' : undefined),
      (l) => (/^<{4,}[ \t]*$/.test(l) ? '' : undefined),
    );
  }
  return t;
}

/**
 * Turns an enclosed quote (an opening line, body lines, a closing line with the
 * same name) into "> " lines, pairing each opener with the next matching closer.
 * Linear in the number of lines.
 */
function unwrapEnclosedQuotes(
  text: string,
  opener: (line: string) => string | undefined,
  closer: (line: string) => string | undefined,
): string {
  const lines = text.split('\n');
  // closers by name, in line order
  const closers = new Map<string, number[]>();
  lines.forEach((line, i) => {
    const name = closer(line);
    if (name === undefined) return;
    const list = closers.get(name.trim());
    if (list) list.push(i);
    else closers.set(name.trim(), [i]);
  });
  if (closers.size === 0) return text;
  const cursor = new Map<string, number>();
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const name = opener(line)?.trim();
    const list = name === undefined ? undefined : closers.get(name);
    if (name !== undefined && list) {
      let c = cursor.get(name) ?? 0;
      while (c < list.length && (list[c] as number) <= i + 1) c++;
      cursor.set(name, c);
      const end = list[c];
      if (end !== undefined) {
        for (let k = i + 1; k < end; k++) out.push(`> ${lines[k] as string}`);
        i = end;
        continue;
      }
    }
    out.push(line);
  }
  return out.join('\n');
}

const SPECIAL_SPACE = /[\u00A0\u2007\u202F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/;
const LETTER = /\p{L}/u;

/** Whether the character at `i` is a letter (ASCII fast path). */
function isLetterAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return true;
  return c > 127 && LETTER.test(s.charAt(i));
}

/**
 * Normalise a line for classification: bidi/zero-width marks out, NBSP → space,
 * quote prefixes → ">" (upstream "fix all quotes formats": "Richard> text",
 * "C> text", "| text" become "> text"; markdown tables "| a | b |" and "x>5" do not).
 */
function classificationText(raw: string): string {
  let s = SPECIAL_SPACE.test(raw) ? raw.replace(BIDI_AND_ZERO_WIDTH, '').replace(NBSP, ' ') : raw;
  if (s.indexOf('>') === -1 && s.indexOf('|') === -1) return s;
  let out = '';
  let i = 0;
  let changed = false;
  const n = s.length;
  for (;;) {
    let j = i;
    while (j < n && (s[j] === ' ' || s[j] === '\t')) j++;
    if (j >= n) break;
    const c = s[j];
    if (c === '>') {
      out += s.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === '|') {
      const after = s[j + 1];
      if ((after === undefined || after === ' ' || after === '\t') && s.indexOf('|', j + 1) === -1) {
        out += s.slice(i, j) + '>';
        i = j + 1;
        changed = true;
        continue;
      }
      break;
    }
    let k = j;
    while (k < n && k - j < 20 && isLetterAt(s, k)) k++;
    if (k > j && s[k] === '>') {
      const after = s[k + 1];
      if (after === undefined || after === ' ' || after === '\t' || after === '>' || after === '|') {
        out += s.slice(i, j) + '>';
        i = k + 1;
        changed = true;
        continue;
      }
    }
    break;
  }
  if (changed) s = out + s.slice(i);
  return s;
}

/* ------------------------------------------------------------------ */
/* Lines                                                                */
/* ------------------------------------------------------------------ */

/**
 * Joins quote headers wrapped over several lines ("On …, X <\nx@y> wrote:") into
 * one logical line. Each joinable pattern is only run on the few lines around
 * an occurrence of a literal it needs (a header spans at most 5 lines).
 */
function joinWrappedHeaders(lines: Line[]): Line[] {
  let current = lines;
  if (current.length < 2) return current;
  let text = '';
  let starts: number[] = [];
  let hits = new Map<string, number[]>();
  const refresh = (): void => {
    text = current.map((l) => l.cls).join('\n');
    starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    hits = joinableLiteralHits(text.toLowerCase());
  };
  const lineAt = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  refresh();
  if (hits.size === 0) return current;
  for (const pattern of JOINABLE_HEADERS) {
    // the lines a match could cover: within MAX_JOINED_BREAKS of a needed literal
    const regions: Array<[number, number]> = [];
    for (const literal of pattern.need) {
      for (const offset of hits.get(literal) ?? []) {
        const line = lineAt(offset);
        regions.push([Math.max(0, line - MAX_JOINED_BREAKS), Math.min(starts.length - 1, line + MAX_JOINED_BREAKS)]);
      }
    }
    if (regions.length === 0) continue;
    regions.sort((a, b) => a[0] - b[0]);
    const merges: Array<[number, number]> = [];
    let r = 0;
    while (r < regions.length) {
      let [from, to] = regions[r] as [number, number];
      r++;
      while (r < regions.length && (regions[r] as [number, number])[0] <= to + 1) {
        to = Math.max(to, (regions[r] as [number, number])[1]);
        r++;
      }
      const base = starts[from] ?? 0;
      const end = to + 1 < starts.length ? (starts[to + 1] as number) - 1 : text.length;
      const sub = text.slice(base, end);
      for (const m of sub.matchAll(pattern.re)) {
        if (!m[0].includes('\n')) continue;
        const a = lineAt(base + m.index);
        const b = lineAt(base + m.index + m[0].length - 1);
        if (b > a && b - a <= MAX_JOINED_BREAKS) merges.push([a, b]);
      }
    }
    if (merges.length === 0) continue;
    merges.sort((x, y) => x[0] - y[0]);
    const next: Line[] = [];
    let i = 0;
    for (const [from, to] of merges) {
      if (from < i) continue;
      while (i < from) next.push(current[i++] as Line);
      const group = current.slice(from, to + 1);
      next.push({
        raw: group.map((l) => l.raw).join('\n'),
        cls: group
          .map((l) => l.cls)
          .join('\n')
          .replace(/\n+\s*/g, ' '),
      });
      i = to + 1;
    }
    while (i < current.length) next.push(current[i++] as Line);
    current = next;
    refresh();
  }
  return current;
}

/** Puts a quote header written on the line of the reply's last words on a line of its own. */
function splitInlineHeaders(lines: Line[]): Line[] {
  const out: Line[] = [];
  for (const line of lines) {
    const at = line.cls.length <= MAX_HEADER_LINE && !QUOTE_REGEX.test(line.cls) ? inlineQuoteHeaderStart(line.cls) : -1;
    // offsets are only shared when normalisation left the line as it was
    if (at <= 0 || line.cls !== line.raw) {
      out.push(line);
      continue;
    }
    const before = line.raw.slice(0, at).trimEnd();
    const header = line.raw.slice(at).trimStart();
    out.push({ raw: before, cls: before }, { raw: header, cls: header });
  }
  return out;
}

function classify(cls: string): Kind {
  if (EMPTY_REGEX.test(cls)) return 'e';
  if (QUOTE_REGEX.test(cls)) {
    // signature and email-header patterns never match a ">" line; quote headers can
    return cls.length <= MAX_HEADER_LINE && isEmbeddedEmailLine(cls) ? 'b' : 'q';
  }
  if (DELIMITER_REGEX.test(cls)) return 'd';
  if (cls.length <= MAX_HEADER_LINE) {
    // a footer glued to a quote header ("Sent from Samsung MobileName <x@y> wrote:") is the header
    if (isEmbeddedEmailLine(cls)) return 'b';
    if (isSignatureLine(cls)) return 's';
    if (isEmailHeaderLine(cls)) return 'h';
  }
  return 't';
}

/* ------------------------------------------------------------------ */
/* The trimming rules (port of EmailReplyTrimmer.trim)                  */
/* ------------------------------------------------------------------ */

/** Returns the indexes (into `kinds`) of the lines that make up the new text. */
function keptLines(kinds: readonly Kind[], isSignOff: (line: number) => boolean): number[] {
  let p = kinds.join('');
  let ids = kinds.map((_, i) => i);
  const keep = (from: number, to: number): void => {
    p = p.slice(from, to);
    ids = ids.slice(from, to);
  };
  const drop = (kind: Kind): void => {
    if (!p.includes(kind)) return;
    const nextIds: number[] = [];
    let nextP = '';
    for (let i = 0; i < p.length; i++) {
      if (p[i] !== kind) {
        nextP += p[i];
        nextIds.push(ids[i] as number);
      }
    }
    p = nextP;
    ids = nextIds;
  };

  // remove everything after the first delimiter
  const d = p.indexOf('d');
  if (d >= 0) keep(0, d);

  // remove all mobile signatures
  drop('s');

  // when the reply is at the end of the email: /^b[^t]+t[et]*$/
  if (/^b[^t]+t[et]*$/.test(p)) {
    const idx = p.search(/t[et]*$/);
    return ids.slice(idx);
  }

  // an embedded email marker not followed by a quote: take everything up to that marker (/te*b[^q]*$/)
  {
    const lastQ = p.lastIndexOf('q');
    for (let j = lastQ + 1; j < p.length; j++) {
      if (p[j] !== 'b') continue;
      let i = j - 1;
      while (i >= 0 && p[i] === 'e') i--;
      if (i >= 0 && p[i] === 't') {
        keep(0, i + 1);
        break;
      }
    }
  }

  // an embedded email marker followed by a huge quote: take everything up to that marker
  // (/te*b[eqbh]*([te]*)$/ with fewer than 7 "t" in the tail), and a sign-off that opens the tail
  {
    let last = -1;
    for (let i = p.length - 1; i >= 0; i--) {
      const c = p[i];
      if (c === 'q' || c === 'b' || c === 'h') {
        last = i;
        break;
      }
    }
    if (last >= 0) {
      const t = p.lastIndexOf('t', last);
      if (t >= 0) {
        let j = t + 1;
        while (j < p.length && p[j] === 'e') j++;
        if (p[j] === 'b') {
          let tail = 0;
          for (let k = last + 1; k < p.length; k++) if (p[k] === 't') tail++;
          // a sign-off typed below the quote (a client that puts the signature under the quote) is new text
          const after = p.indexOf('t', last + 1);
          if (tail < 7 && after >= 0 && isSignOff(ids[after] as number)) {
            const from = p[after - 1] === 'e' ? after - 1 : after;
            p = p.slice(0, t + 1) + p.slice(from);
            ids = ids.slice(0, t + 1).concat(ids.slice(from));
          } else if (tail < 7) {
            keep(0, t + 1);
          }
        }
      }
    }
  }

  // some text before a huge quote ending the email: remove the quote (/t?e*[qbe]+$/)
  {
    let s = p.length;
    while (s > 0 && (p[s - 1] === 'q' || p[s - 1] === 'b' || p[s - 1] === 'e')) s--;
    if (s < p.length) {
      const index = s > 0 && p[s - 1] === 't' ? s - 1 : s;
      keep(0, index + 1);
    }
  }

  // remaining embedded email markers are just removed
  drop('b');

  // email headers spanning over multiple lines (/h+[hte]+h+(?:e|$)/)
  // (leftmost match; greedy, so it ends at the last "he" of the q-free run, or at a final "h")
  {
    let runStart = 0;
    while (runStart < p.length) {
      let runEnd = runStart;
      while (runEnd < p.length && p[runEnd] !== 'q') runEnd++;
      const i = p.indexOf('h', runStart);
      if (i >= 0 && i < runEnd) {
        let k = runEnd === p.length && p[p.length - 1] === 'h' && p.length - 1 >= i + 2 ? p.length - 1 : -1;
        for (let j = runEnd - 1; k < 0 && j >= i + 3; j--) {
          if (p[j] === 'e' && p[j - 1] === 'h') {
            k = j;
            break;
          }
        }
        if (k >= 0) {
          p = p.slice(0, i) + 'h'.repeat(k - i + 1) + p.slice(k + 1);
          break;
        }
      }
      runStart = runEnd + 1;
    }
  }

  // at least 3 consecutive email headers: take everything up to these headers (/t[eq]*h{3,}/)
  {
    const m = /t[eq]*h{3,}/.exec(p);
    if (m) keep(0, m.index + 1);
  }

  // remaining email headers are just removed
  drop('h');

  // trailing quotes are removed when there is at least one line of text
  if (p.includes('t')) {
    let s = p.length;
    while (s > 0 && (p[s - 1] === 'e' || p[s - 1] === 'q')) s--;
    if (s < p.length) keep(0, s);
  }

  return ids;
}

/* ------------------------------------------------------------------ */
/* Splitting what was cut into quoted history and signature             */
/* ------------------------------------------------------------------ */

function splitRemoved(
  lines: readonly Line[],
  kinds: readonly Kind[],
  kept: ReadonlySet<number>,
): { quoted: string[]; signature: string[] } {
  const quoted: string[] = [];
  const signature: string[] = [];
  type Mode = 'none' | 'sig' | 'gt' | 'open';
  let mode: Mode = 'none';
  const nextNonEmpty = (i: number): number => {
    let j = i + 1;
    while (j < kinds.length && kinds[j] === 'e') j++;
    return j < kinds.length ? j : -1;
  };
  const prevNonEmpty = (i: number): number => {
    let j = i - 1;
    while (j >= 0 && kinds[j] === 'e') j--;
    return j;
  };

  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] as Line).raw;
    if (kept.has(i)) {
      if (mode !== 'open') mode = 'none';
      continue;
    }
    if (mode === 'open') {
      quoted.push(raw);
      continue;
    }
    const kind = kinds[i] as Kind;
    switch (kind) {
      case 'e':
        if (mode === 'sig') signature.push(raw);
        else if (mode === 'gt') quoted.push(raw);
        break;
      case 's':
        signature.push(raw);
        break;
      case 'd': {
        const next = nextNonEmpty(i);
        const nextKind = next >= 0 ? kinds[next] : undefined;
        if (nextKind === 'b' || nextKind === 'h') {
          quoted.push(raw);
          mode = 'none';
        } else {
          // "-- " / "____" followed by plain text: a signature block (the delimiter itself is not kept)
          if (!SIGNATURE_DELIMITER_REGEX.test(raw) && mode === 'sig') signature.push(raw);
          mode = 'sig';
        }
        break;
      }
      case 'b': {
        quoted.push(raw);
        const next = nextNonEmpty(i);
        if (next < 0 || kinds[next] === 'q') mode = 'gt';
        else if (kept.has(next)) mode = 'none';
        else mode = 'open';
        break;
      }
      case 'h': {
        quoted.push(raw);
        const next = nextNonEmpty(i);
        const prev = prevNonEmpty(i);
        if ((next >= 0 && kinds[next] === 'h') || (prev >= 0 && kinds[prev] === 'h' && !kept.has(prev))) mode = 'open';
        break;
      }
      case 'q':
        quoted.push(raw);
        if (mode !== 'sig') mode = 'gt';
        break;
      case 't':
        if (mode === 'sig') signature.push(raw);
        else quoted.push(raw);
        break;
    }
  }
  return { quoted, signature };
}

/* ------------------------------------------------------------------ */
/* Public entry                                                         */
/* ------------------------------------------------------------------ */

function hoistCodeBlocks(text: string): { text: string; blocks: string[] } {
  const blocks: string[] = [];
  if (!text.includes('```')) return { text, blocks };
  const out = text.replace(CODE_BLOCK, (block) => {
    blocks.push(block);
    return `${TOKEN_PREFIX}${blocks.length - 1}${TOKEN_SUFFIX}`;
  });
  return { text: out, blocks };
}

function restoreCodeBlocks(text: string, blocks: readonly string[]): string {
  if (blocks.length === 0 || !text.includes(TOKEN_PREFIX)) return text;
  return text.replace(/\uE000reply-text-code-block-(\d+)\uE001/g, (m, n: string) => blocks[Number(n)] ?? m);
}

/** Leading blank lines and trailing whitespace removed; the first line keeps its indentation. */
function tidy(lines: readonly string[]): string {
  return lines
    .join('\n')
    .replace(/^(?:[ \t\u00A0]*\n)+/, '')
    .trimEnd();
}

function stripDelimiterLines(text: string): string {
  return text.replace(/^(?:[ \t]*--[ \t]*\n)+/, '');
}

/**
 * Splits a plain-text email body into the new text, the quoted history and
 * the signature, using the line rules of email_reply_trimmer extended with
 * more languages.
 */
export function extractReplyFromText(text: string): ExtractedReply {
  if (typeof text !== 'string' || text.trim() === '') return { reply: '', quoted: '', signature: '' };
  if (text.length > MAX_TEXT) {
    const cut = text.lastIndexOf('\n', MAX_TEXT);
    const at = cut > 0 ? cut : MAX_TEXT;
    const head = extractReplyFromText(text.slice(0, at));
    const rest = text.slice(at).replace(/\r\n?/g, '\n').replace(/^\n+/, '').trimEnd();
    return { ...head, quoted: head.quoted === '' ? rest : `${head.quoted}\n${rest}` };
  }

  const hoisted = hoistCodeBlocks(preprocess(text));
  let rawLines = hoisted.text.split('\n');
  // strip surrounding blank lines (upstream strips the whole text)
  let first = 0;
  while (first < rawLines.length && (rawLines[first] as string).trim() === '') first++;
  let last = rawLines.length - 1;
  while (last >= first && (rawLines[last] as string).trim() === '') last--;
  rawLines = rawLines.slice(first, last + 1);
  if (rawLines.length === 0) return { reply: '', quoted: '', signature: '' };

  const lines = joinWrappedHeaders(splitInlineHeaders(rawLines.map((raw) => ({ raw, cls: classificationText(raw) }))));
  const kinds = lines.map((l) => classify(l.cls));

  reviseKinds(
    lines.map((l) => l.cls),
    kinds,
  );

  const keptIds = keptLines(kinds, (i) => isSignOffLine((lines[i] as Line).cls));
  const kept = new Set(keptIds);
  const reply = keptIds.map((i) => (lines[i] as Line).raw);
  const { quoted, signature } = splitRemoved(lines, kinds, kept);

  return {
    reply: restoreCodeBlocks(tidy(reply), hoisted.blocks),
    quoted: restoreCodeBlocks(tidy(quoted), hoisted.blocks),
    signature: stripDelimiterLines(restoreCodeBlocks(tidy(signature), hoisted.blocks)),
  };
}
