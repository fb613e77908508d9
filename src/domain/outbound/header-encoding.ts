// Header text on the wire (RFC 5322 2.2, RFC 2047): non-ASCII text as encoded-words, and
// lines folded at whitespace to 78 characters where possible, never beyond 998.
import { toBase64 } from '../encoding.ts';

const CRLF = '\r\n';
export const FOLD_AT = 78;
export const MAX_LINE = 998;
// An encoded-word may have 75 characters; 39 bytes make 64 ("=?UTF-8?B?" + 52 + "?="), so
// one fits after "Subject: " or "Reply-To: " within 78.
const WORD_BYTES = 39;

export function isPrintableAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}

/** RFC 2047 B encoded-words, split between characters so each word stays within 64 characters; joined by spaces. */
export function encodeHeaderWords(text: string): string {
  const encoder = new TextEncoder();
  const words: string[] = [];
  let chunk = '';
  let chunkBytes = 0;
  for (const char of text) {
    const size = encoder.encode(char).length;
    if (chunkBytes + size > WORD_BYTES && chunk) {
      words.push(chunk);
      chunk = '';
      chunkBytes = 0;
    }
    chunk += char;
    chunkBytes += size;
  }
  if (chunk) words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${toBase64(encoder.encode(word))}?=`).join(' ');
}

/**
 * Unstructured text (Subject): kept as it is when it is printable ASCII whose words fit a
 * folded line, else encoded-words, which can always be folded.
 */
export function encodeUnstructured(text: string): string {
  const oneLine = text.replace(/[\r\n]+/g, ' ');
  const longestWord = Math.max(0, ...oneLine.split(/[ \t]+/).map((w) => w.length));
  return isPrintableAscii(oneLine) && longestWord <= FOLD_AT - 'Subject: '.length ? oneLine : encodeHeaderWords(oneLine);
}

/**
 * `Name: value` folded before whitespace so lines stay within 78 characters where the value
 * has whitespace to fold at. Line breaks inside the value are removed (no header injection).
 */
export function foldHeader(name: string, value: string): string {
  const tokens =
    value
      .replace(/[\r\n]+/g, ' ')
      .trim()
      .match(/[ \t]*[^ \t]+/g) ?? [];
  const lines: string[] = [];
  let line = `${name}:`;
  for (const [index, token] of tokens.entries()) {
    const piece = index === 0 ? ` ${token.trimStart()}` : token;
    if (line.length + piece.length > FOLD_AT && line.trim().length > name.length + 1) {
      lines.push(line);
      line = piece.startsWith(' ') || piece.startsWith('\t') ? piece : ` ${piece}`;
    } else line += piece;
  }
  lines.push(line);
  return lines.join(CRLF);
}
