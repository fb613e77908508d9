// Reads single header values straight from raw MIME bytes, before (and without) a full
// parse: enough to dedupe a redelivery even when the body cannot be parsed.
import { normalizeLineEndings } from './line-endings.ts';

const HEADER_SCAN_LIMIT = 64 * 1024;

function headerBlock(raw: Uint8Array): string {
  const head = normalizeLineEndings(raw.subarray(0, Math.min(raw.length, HEADER_SCAN_LIMIT)));
  // latin1 keeps every byte as one char, so offsets stay meaningful for any charset.
  const text = new TextDecoder('latin1').decode(head);
  const end = text.search(/\r?\n\r?\n/);
  return end === -1 ? text : text.slice(0, end);
}

export function readRawHeader(raw: Uint8Array, name: string): string | null {
  const unfolded = headerBlock(raw).replace(/\r?\n[ \t]+/g, ' ');
  const wanted = name.toLowerCase() + ':';
  for (const line of unfolded.split(/\r?\n/)) {
    if (line.toLowerCase().startsWith(wanted)) return line.slice(wanted.length).trim();
  }
  return null;
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
