// Small text helpers for classify.ts: decoding report parts, reading RFC 822 style field
// blocks (DSN and ARF reports, quoted message headers) and pulling addresses and
// Message-IDs out of them. Pure, bounded work on strings; no I/O.

import { fromBase64 } from '../../encoding.ts';

const utf8Decoder = new TextDecoder('utf-8');

/** Longest prefix of a part that is decoded; report fields and header blocks sit at the start. */
export const PART_DECODE_LIMIT = 256 * 1024;

/** Lenient: report parts are often cut or wrapped, so stray characters and a ragged end are dropped. */
function base64ToBytes(text: string): Uint8Array {
  const clean = text.replace(/[^A-Za-z0-9+/]/g, '');
  try {
    return fromBase64(clean.slice(0, clean.length - (clean.length % 4)));
  } catch {
    return new Uint8Array(0);
  }
}

/**
 * The text of an attachment, whatever postal-mime's `attachmentEncoding` was: raw bytes
 * (`arraybuffer`, the default), a base64 string or an already decoded utf8 string.
 */
export function decodeContent(
  content: ArrayBuffer | ArrayBufferView | string | null | undefined,
  encoding?: string | null,
  limit = PART_DECODE_LIMIT,
): string {
  if (content == null) return '';
  if (typeof content === 'string') {
    if (encoding === 'base64') {
      return utf8Decoder.decode(base64ToBytes(content.slice(0, Math.ceil((limit * 4) / 3) + 4)));
    }
    return content.length > limit ? content.slice(0, limit) : content;
  }
  const bytes = ArrayBuffer.isView(content)
    ? new Uint8Array(content.buffer, content.byteOffset, Math.min(content.byteLength, limit))
    : new Uint8Array(content, 0, Math.min(content.byteLength, limit));
  return utf8Decoder.decode(bytes);
}

export type Field = readonly [key: string, value: string];

/**
 * Reads "Name: value" fields (RFC 822 folding allowed), split into groups at blank lines,
 * the shape of a DSN / ARF report. Lines that are not fields are skipped.
 */
export function parseFieldGroups(text: string, maxGroups = 200): Field[][] {
  const groups: Field[][] = [];
  let current: Field[] = [];
  let key: string | null = null;
  let value = '';
  const flush = (): void => {
    if (key !== null) current.push([key, value.trim()]);
    key = null;
    value = '';
  };
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      flush();
      if (current.length > 0) {
        groups.push(current);
        if (groups.length >= maxGroups) return groups;
        current = [];
      }
      continue;
    }
    if ((line[0] === ' ' || line[0] === '\t') && key !== null) {
      value += ' ' + line.trim();
      continue;
    }
    flush();
    const colon = line.indexOf(':');
    if (colon > 0 && colon < 80 && /^[!-9;-~]+$/.test(line.slice(0, colon).trimEnd())) {
      key = line.slice(0, colon).trimEnd().toLowerCase();
      value = line.slice(colon + 1);
    }
  }
  flush();
  if (current.length > 0) groups.push(current);
  return groups;
}

/**
 * The header block at the start of a message (up to the first blank line), as lower-cased
 * key → first value. Leading blank lines and an mbox "From " line are skipped.
 */
export function parseHeaderBlock(text: string): Map<string, string> {
  const start = text.search(/\S/);
  let body = start > 0 ? text.slice(start) : text;
  if (body.startsWith('From ')) body = body.slice(body.indexOf('\n') + 1);
  const end = body.search(/\r?\n[ \t]*\r?\n/);
  const block = end === -1 ? body : body.slice(0, end);
  const map = new Map<string, string>();
  for (const [key, value] of parseFieldGroups(block, 1)[0] ?? []) {
    if (!map.has(key)) map.set(key, value);
  }
  return map;
}

const ANGLE_ID = /<([^<>\s]+)>/;

/** A Message-ID without angle brackets (the form the store keeps), or undefined. */
export function cleanMessageId(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const angle = ANGLE_ID.exec(value);
  const id = angle ? angle[1]! : (value.trim().split(/\s+/)[0] ?? '');
  return id.includes('@') || (angle && id.length > 0) ? id : undefined;
}

/** Loose address shape: enough to pick addresses out of report text, never to validate. */
export const ADDRESS_SOURCE =
  String.raw`[A-Za-z0-9!#$%&'*+/=?^_\`{|}~.\-\u0080-\uffff]{1,64}` +
  String.raw`@[A-Za-z0-9\-\u0080-\uffff]{1,63}(?:\.[A-Za-z0-9\-\u0080-\uffff]{1,63}){0,10}`;

const ADDRESS_ONLY = new RegExp(`^${ADDRESS_SOURCE}$`);

/** Lower-cased, without brackets, "rfc822;" type or trailing dots; undefined if no address. */
export function cleanAddress(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  let text = value.trim();
  // Long values are searched rather than tidied: the trimming below is for short field values.
  if (text.length > 512) return findAddresses(text, 1)[0];
  const semicolon = text.indexOf(';');
  if (semicolon !== -1 && semicolon < 16) text = text.slice(semicolon + 1).trim();
  const angle = /<([^<>]*)>/.exec(text);
  if (angle) text = angle[1]!.trim();
  text = text.replace(/^["'(]+|["'),.;:]+$/g, '');
  return ADDRESS_ONLY.test(text) ? tidyAddress(text) : findAddresses(text, 1)[0];
}

/** An address-shaped token without leading/trailing dots, lower-cased; undefined without local part or domain. */
function tidyAddress(token: string): string | undefined {
  const text = token.replace(/^\.+|\.+$/g, '');
  const at = text.lastIndexOf('@');
  if (at < 1 || at === text.length - 1 || text.indexOf('@') !== at) return undefined;
  return text.toLowerCase();
}

function isLocalChar(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) || // a-z
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x30 && code <= 0x39) || // 0-9
    code === 0x2e ||
    code === 0x2d ||
    code === 0x5f ||
    code === 0x2b ||
    code === 0x3d || // . - _ + =
    code === 0x21 ||
    code === 0x23 ||
    code === 0x24 ||
    code === 0x25 ||
    code === 0x26 ||
    code === 0x27 ||
    code === 0x2a ||
    code === 0x2f ||
    code === 0x3f ||
    code === 0x5e ||
    code === 0x60 ||
    code === 0x7b ||
    code === 0x7c ||
    code === 0x7d ||
    code === 0x7e ||
    code >= 0x80
  );
}

function isDomainChar(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x2d ||
    code === 0x2e ||
    code >= 0x80
  );
}

/**
 * Every address-shaped token in a text, lower-cased and in order. Found from each "@"
 * outwards rather than with a regex, so the cost stays linear in the text whatever it holds.
 */
export function findAddresses(text: string, max = 500): string[] {
  const out: string[] = [];
  let from = 0;
  // At most 4 × max "@" signs are looked at, so a text of nothing but "a@a@a@…" stays cheap.
  for (let seen = 0; out.length < max && seen < max * 4; seen++) {
    const at = text.indexOf('@', from);
    if (at === -1) break;
    let start = at;
    while (start > 0 && at - start < 64 && isLocalChar(text.charCodeAt(start - 1))) start--;
    let end = at + 1;
    while (end < text.length && end - at < 254 && isDomainChar(text.charCodeAt(end))) end++;
    from = Math.max(end, at + 1);
    if (start === at || end === at + 1) continue;
    const address = tidyAddress(text.slice(start, end));
    if (address && !out.includes(address)) out.push(address);
  }
  return out;
}

/** Every address in a header value such as "A <a@x>, b@y" (lower-cased, in order). */
export function addressesIn(value: string | null | undefined): string[] {
  return value ? findAddresses(value) : [];
}

const TAGS = /<(?:style|script|head)\b[\s\S]{0,20000}?<\/(?:style|script|head)>|<[^<>]{0,2000}>/gi;
const BLOCK_TAGS = /<(?:br|\/p|\/div|\/tr|\/li|\/h\d|\/table|p|div|tr|li)\b[^<>]{0,2000}>/gi;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#64': '@' };

/** Rough text from HTML, for reports that come as HTML only. */
export function htmlToRoughText(html: string): string {
  return (html.length > PART_DECODE_LIMIT ? html.slice(0, PART_DECODE_LIMIT) : html)
    .replace(BLOCK_TAGS, '\n')
    .replace(TAGS, ' ')
    .replace(/&(amp|lt|gt|quot|apos|nbsp|#64);/g, (_, name: string) => ENTITIES[name] ?? ' ');
}

/** The values in first-seen order, without repeats or empties. */
export function unique(values: Iterable<string | undefined>): string[] {
  const out: string[] = [];
  for (const value of values) if (value && !out.includes(value)) out.push(value);
  return out;
}
