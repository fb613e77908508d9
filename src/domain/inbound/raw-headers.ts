// Reads single header values straight from raw MIME bytes, before (and without) a full
// parse: enough to dedupe a redelivery even when the body cannot be parsed.
import { normalizeLineEndings } from './line-endings.ts';

const HEADER_SCAN_LIMIT = 64 * 1024;

/** Where the header block ends: the line break before the first empty line (-1: no empty line). */
function headerEnd(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length - 1; i++) {
    if (bytes[i] !== 0x0a) continue;
    if (bytes[i + 1] === 0x0a || (bytes[i + 1] === 0x0d && bytes[i + 2] === 0x0a)) return i > 0 && bytes[i - 1] === 0x0d ? i - 1 : i;
  }
  return -1;
}

/** The header block's lines, unfolded; only the header block is decoded (latin1 keeps every byte as one char). */
function headerLines(raw: Uint8Array): string[] {
  const head = normalizeLineEndings(raw.subarray(0, Math.min(raw.length, HEADER_SCAN_LIMIT)));
  const end = headerEnd(head);
  const text = new TextDecoder('latin1').decode(end === -1 ? head : head.subarray(0, end));
  return text.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/);
}

function valueIn(lines: string[], name: string): string | null {
  const wanted = name.toLowerCase() + ':';
  for (const line of lines) {
    if (line.length >= wanted.length && line.slice(0, wanted.length).toLowerCase() === wanted) return line.slice(wanted.length).trim();
  }
  return null;
}

export function readRawHeader(raw: Uint8Array, name: string): string | null {
  return valueIn(headerLines(raw), name);
}

/** Several headers' first values, from one read of the header block. */
export function readRawHeaders<Name extends string>(raw: Uint8Array, names: readonly Name[]): Record<Name, string | null> {
  const lines = headerLines(raw);
  return Object.fromEntries(names.map((name) => [name, valueIn(lines, name)])) as Record<Name, string | null>;
}

/** Message-ID without angle brackets, or null when absent or empty. */
export function readRawMessageId(raw: Uint8Array): string | null {
  const value = readRawHeader(raw, 'message-id');
  if (!value) return null;
  const bracketed = /<([^<>\s]+)>/.exec(value);
  const id = bracketed ? bracketed[1]! : value.split(/\s+/)[0]!;
  return id.length > 0 ? id : null;
}

const MBOX_FROM_LINE = /^From [^\r\n]*\r?\n(?=[!-9;-~]+:)/;

/**
 * The message without the mbox "From sender date" line that mail saved from an mbox starts
 * with. Only a "From " line followed by a header field counts, so a plain body that begins
 * with the word "From" stays whole. Anything else comes back as the same array.
 */
export function skipMboxFromLine(raw: Uint8Array): Uint8Array {
  if (raw[0] !== 0x46 /* F */) return raw;
  const head = new TextDecoder('latin1').decode(raw.subarray(0, 2048));
  const line = MBOX_FROM_LINE.exec(head);
  return line ? raw.subarray(line[0].length) : raw;
}
