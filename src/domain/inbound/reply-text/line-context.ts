/**
 * Second pass of the line classification: kinds revised by the lines around
 * them (a line alone cannot tell a table rule from a signature delimiter, or a
 * "Date:" line of an invitation from one of a quoted header block).
 *
 * Kinds: e empty, d delimiter, s mobile footer, b embedded-email marker
 * (quote header, separator), h email header, q quote, t text.
 */
import { isDateHeaderLine, isOneLineHeaderBlock } from './email-headers.ts';
import { SIGNATURE_DELIMITER_REGEX } from './footers.ts';

export type Kind = 'e' | 'd' | 's' | 'b' | 'h' | 'q' | 't';

const nextNonEmpty = (kinds: readonly Kind[], i: number): number => {
  let j = i + 1;
  while (j < kinds.length && kinds[j] === 'e') j++;
  return j < kinds.length ? j : -1;
};

/** A rule of underscores: the traditional separator above a signature or a forwarded header block. */
const UNDERSCORE_RULE = /^[ \t]*_{2,}[ \t]*$/;
/** "Name:" / "Message du :" at the start of a line: the first line of a header block we may not know. */
const HEADER_LIKE = /^[ \t*]*\p{L}[\p{L}\p{M} .'-]{0,30}[ \t]*[:：]/u;

/** A rule this many lines or fewer above a quote header is a separator (a title line may sit between). */
const RULE_TO_HISTORY_LINES = 5;

/** Whether a quote header or header line follows within a few non-empty lines after `i`. */
function historyFollows(kinds: readonly Kind[], i: number): boolean {
  let seen = 0;
  for (let j = i + 1; j < kinds.length && seen < RULE_TO_HISTORY_LINES; j++) {
    if (kinds[j] === 'e') continue;
    if (kinds[j] === 'b' || kinds[j] === 'h') return true;
    seen++;
  }
  return false;
}

/**
 * Only "--" / "-- " and underscore rules open a signature. Any other delimiter
 * line ("-----" under a table heading or a setext heading, "—", "====") is a
 * separator only before quoted history, a header block or a footer (or at the
 * very end); followed by ordinary text it is text.
 */
function reviseDelimiters(cls: readonly string[], kinds: Kind[]): void {
  for (let i = 0; i < kinds.length; i++) {
    const line = cls[i] as string;
    if (kinds[i] !== 'd' || SIGNATURE_DELIMITER_REGEX.test(line) || UNDERSCORE_RULE.test(line)) continue;
    const next = nextNonEmpty(kinds, i);
    if (next < 0 || kinds[next] !== 't' || HEADER_LIKE.test(cls[next] as string) || historyFollows(kinds, i)) continue;
    kinds[i] = 't';
  }
}

const LINKS = /<[^<>\n]{0,2000}>|\[([^\]\n]{0,300})\]\([^()\n]{0,2000}\)|(?:https?:\/\/|mailto:)[^\s()<>]{1,2000}/g;
const SENTENCE_PUNCTUATION = /[,;:!?]|\.[ \t]+\p{L}/u;
const APOLOGY = /excuse|typo|brevity|pardon|sorry|excusez|disculp|entschuldig|scusa/i;

/**
 * "Sent from my iPhone" is a footer; "Sent from my desk, is much easier then my
 * mobile phone." is a sentence that happens to start like one. A footer has no
 * clause after the device, unless it is the usual apology for typos.
 */
function isSentence(line: string): boolean {
  const bare = line.replace(LINKS, '$1');
  return SENTENCE_PUNCTUATION.test(bare) && !APOLOGY.test(bare);
}

/**
 * A mobile footer ends the new text: a paragraph below it (before any quote
 * marker) is the earlier message the client appended without quoting, so it
 * becomes quoted history. A footer-like line that the text goes on from
 * without a blank line, or a footer-like sentence, is text.
 */
function reviseFooters(cls: readonly string[], kinds: Kind[]): void {
  for (let i = 0; i < kinds.length; i++) if (kinds[i] === 's' && isSentence(cls[i] as string)) kinds[i] = 't';
  for (let i = 0; i < kinds.length; i++) {
    if (kinds[i] !== 's') continue;
    let j = i + 1;
    let blank = false;
    for (; j < kinds.length && (kinds[j] === 'e' || kinds[j] === 's'); j++) if (kinds[j] === 'e') blank = true;
    if (j < kinds.length && kinds[j] === 't') {
      if (!blank) {
        for (let k = i; k < j; k++) if (kinds[k] === 's') kinds[k] = 't';
        continue;
      }
      for (let k = j; k < kinds.length; k++) if (kinds[k] !== 'e') kinds[k] = 'q';
      return;
    }
    i = j - 1;
  }
}

const prevNonEmpty = (kinds: readonly Kind[], i: number): number => {
  let j = i - 1;
  while (j >= 0 && kinds[j] === 'e') j--;
  return j;
};

/**
 * Email header lines only count in a header block: three or more lines, or two
 * that hold a date and an address. Otherwise they are text ("Date: …", "Time: …",
 * "Address: …" of an invitation; "From: Stockholm" / "Date: 5 June"), unless a
 * separator or a quote header comes right before them. A two-line block
 * ("From: x@y" / "Date: …", "Date: …" / "To: x@y"; also sender and date on one
 * line, as HTML header blocks render) below the new text opens the quoted
 * message: from there on all is history, as for longer blocks.
 */
function reviseHeaderBlocks(cls: readonly string[], kinds: Kind[]): void {
  let textBefore = false;
  for (let i = 0; i < kinds.length; i++) {
    if (kinds[i] !== 'h') {
      if (kinds[i] === 't') textBefore = true;
      continue;
    }
    // the block: header lines, each may wrap onto one more line ("From: X [mailto:" / "x@y]")
    const headers = [i];
    let end = i;
    while (end + 1 < kinds.length) {
      if (kinds[end + 1] === 'h') end++;
      else if (kinds[end + 1] === 't' && kinds[end + 2] === 'h') end += 2;
      else break;
      headers.push(end);
    }
    const first = cls[i] as string;
    const oneLine = headers.length === 1 && isOneLineHeaderBlock(first);
    const prev = prevNonEmpty(kinds, i);
    const separated = prev >= 0 && (kinds[prev] === 'd' || kinds[prev] === 'b');
    // a date and an address, so "From: Stockholm" / "Date: 5 June" in an itinerary is not a header block
    const datedWithAddress =
      oneLine || (headers.some((h) => isDateHeaderLine(cls[h] as string)) && headers.some((h) => (cls[h] as string).includes('@')));
    if (headers.length <= 2 && datedWithAddress && textBefore) {
      for (let k = i; k < kinds.length; k++) if (kinds[k] !== 'e') kinds[k] = 'q';
      return;
    }
    if (headers.length <= 2 && !datedWithAddress && !separated) {
      for (let k = i; k <= end; k++) kinds[k] = 't';
      textBefore = true;
    }
    i = end;
  }
}

/**
 * Quoted lines are wrapped at about this width: a longer line plus the next word did not fit.
 * A line going on in lower case (a sentence cut in two) is taken as wrapped at a smaller width.
 */
const WRAP_WIDTH = 72;
const WRAP_WIDTH_LOWER_CASE = 60;
const QUOTE_PREFIX = /^[ \t>]*/;
const count = (s: string, c: string): number => s.split(c).length - 1;

/**
 * A text line squeezed between two quote lines is the rest of the quoted line
 * above, wrapped without its ">" by a client: when the line above was full, or
 * left a link open ("(http://…" / "<http://…"), or when it is only a link.
 * An inline answer between quote lines stays text.
 */
function isWrappedQuoteRest(above: string, line: string): boolean {
  const firstWord = /^\S*/.exec(line.trimStart())?.[0] ?? '';
  const width = /^\p{Ll}/u.test(firstWord) ? WRAP_WIDTH_LOWER_CASE : WRAP_WIDTH;
  if (above.trimEnd().length + 1 + firstWord.length > width) return true;
  const body = above.replace(QUOTE_PREFIX, '');
  if (count(body, '(') > count(body, ')') || count(body, '<') > count(body, '>')) return true;
  return line.replace(LINKS, '').replace(/[\s()<>]/g, '') === '';
}

function reviseWrappedQuotes(cls: readonly string[], kinds: Kind[]): void {
  for (let i = 1; i + 1 < kinds.length; i++) {
    if (kinds[i] === 't' && kinds[i - 1] === 'q' && kinds[i + 1] === 'q' && isWrappedQuoteRest(cls[i - 1] as string, cls[i] as string)) {
      kinds[i] = 'q';
    }
  }
}

/** Revises `kinds` in place (`cls`: the classification text of each line). */
export function reviseKinds(cls: readonly string[], kinds: Kind[]): void {
  reviseDelimiters(cls, kinds);
  reviseFooters(cls, kinds);
  reviseHeaderBlocks(cls, kinds);
  reviseWrappedQuotes(cls, kinds);
}
