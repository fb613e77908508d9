// Email addresses per RFC 5322 (addr-spec, mailbox) with UTF-8 text allowed (RFC 6532).
// Addresses are compared and stored in one normal form: trimmed, lower-cased, and the local
// part written as a dot-atom when it is one, else as a quoted-string (`"john doe"@example.org`),
// so what is stored is always an address that can be written back into a header as it is.
// (Local parts are case-sensitive in theory; no real mailbox provider treats them so.)
import { encodeHeaderWords, isPrintableAscii } from '../outbound/header-encoding.ts';

// atext (RFC 5322 3.2.3) plus any non-ASCII character (RFC 6532 3.2).
const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~\\-\\u0080-\\u{10FFFF}]";
const DOT_ATOM = new RegExp(`^${ATEXT}+(?:\\.${ATEXT}+)*$`, 'u');
const ATOM = new RegExp(`^${ATEXT}+$`, 'u');
// qtext / quoted-pair content: any printable character or space; no CR, LF or other controls.
const QUOTABLE = /^[^\x00-\x08\x0a-\x1f\x7f]*$/;
const DOMAIN_LABEL = /^(?!-)[A-Za-z0-9\-\u0080-\u{10FFFF}]{1,63}(?<!-)$/u;

export interface Mailbox {
  name: string | null;
  address: string;
}

/** Splits at the `@` after the local part; a quoted local part is unquoted. Null when not an addr-spec. */
export function splitAddress(address: string): { local: string; domain: string } | null {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return null;
  const rawLocal = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (rawLocal.startsWith('"')) {
    const local = unquote(rawLocal);
    return local === null ? null : { local, domain };
  }
  return { local: rawLocal, domain };
}

/** The content of a quoted-string that is the whole input, or null. */
function unquote(quoted: string): string | null {
  if (quoted.length < 2 || !quoted.startsWith('"') || !quoted.endsWith('"')) return null;
  let out = '';
  for (let i = 1; i < quoted.length - 1; i++) {
    const char = quoted[i]!;
    if (char === '"') return null;
    if (char === '\\') {
      if (i + 1 >= quoted.length - 1) return null;
      out += quoted[++i];
    } else out += char;
  }
  return out;
}

function quote(text: string): string {
  return `"${text.replace(/(["\\])/g, '\\$1')}"`;
}

/** A local part as written in an address: dot-atom when it is one, else quoted (RFC 5322 3.4.1). */
export function formatLocalPart(local: string): string {
  return DOT_ATOM.test(local) ? local : quote(local);
}

function isDomain(domain: string): boolean {
  const labels = domain.split('.');
  return labels.length >= 2 && domain.length <= 253 && labels.every((label) => DOMAIN_LABEL.test(label));
}

/**
 * The normal form of an address (`<…>` and surrounding space removed). Accepts a quoted local
 * part and also one a parser has already unquoted (`john doe@example.org`), and quotes it again.
 */
export function normalizeEmail(address: string): string {
  const bare = address.trim().replace(/^<|>$/g, '').trim();
  const parts = splitAddress(bare);
  if (!parts) return bare.toLowerCase();
  return `${formatLocalPart(parts.local.toLowerCase())}@${parts.domain.toLowerCase()}`;
}

/** An addr-spec (RFC 5322 3.4.1) with a dotted domain, within RFC 3696's length limits. */
export function isEmailAddress(value: string): boolean {
  const address = value.trim();
  const at = address.lastIndexOf('@');
  if (at <= 0 || address.length > 254) return false;
  const rawLocal = address.slice(0, at);
  const local = rawLocal.startsWith('"') ? unquote(rawLocal) : DOT_ATOM.test(rawLocal) ? rawLocal : null;
  if (local === null || !QUOTABLE.test(local) || formatLocalPart(local).length > 64) return false;
  return isDomain(address.slice(at + 1));
}

/** Reads a display name: quoted-strings unquoted, atoms kept, runs of space collapsed. */
function parseDisplayName(text: string): string | null {
  let out = '';
  let rest = text.trim();
  while (rest) {
    if (rest.startsWith('"')) {
      const end = /^"(?:[^"\\]|\\.)*"/.exec(rest);
      if (!end) return null;
      out += unquote(end[0]);
      rest = rest.slice(end[0].length);
    } else {
      const word = /^[^"]+/.exec(rest)![0];
      out += word.replace(/\s+/g, ' ');
      rest = rest.slice(word.length);
    }
  }
  return out.trim();
}

/** Parses `Name <addr-spec>`, `"Quoted, Name" <addr-spec>` or a bare addr-spec. Null when it is not a mailbox. */
export function parseMailbox(value: string): Mailbox | null {
  const trimmed = value.trim();
  const angle = /^(.*)<([^<>]+)>$/s.exec(trimmed);
  if (angle) {
    const address = angle[2]!.trim();
    const name = parseDisplayName(angle[1]!);
    return name !== null && isEmailAddress(address) ? { name: name || null, address } : null;
  }
  return isEmailAddress(trimmed) ? { name: null, address: trimmed } : null;
}

/** A display name as a phrase: as atoms when it is plain words, quoted when it has specials, RFC 2047 when not ASCII. */
function formatDisplayName(name: string): string {
  const clean = name
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!isPrintableAscii(clean)) return encodeHeaderWords(clean);
  return clean.split(' ').every((word) => ATOM.test(word)) ? clean : quote(clean);
}

/**
 * A mailbox as written in a header (From, To, Reply-To) or in Resend's from/to fields:
 * `Ana Lind <ana@example.org>`, `"Lind, Ana" <ana@example.org>`, `=?UTF-8?B?…?= <…>`,
 * `"john doe"@example.org`. The address is written in its RFC 5322 form, its case kept.
 */
export function formatAddress({ name, address }: Mailbox): string {
  const bare = address.trim().replace(/^<|>$/g, '').trim();
  const parts = splitAddress(bare);
  const spec = parts ? `${formatLocalPart(parts.local)}@${parts.domain}` : bare;
  const shown = name ? formatDisplayName(name) : '';
  return shown ? `${shown} <${spec}>` : spec;
}

/**
 * Re-encodes a mailbox given as text (`Name <addr>` or `addr`). A bare address that does not
 * parse (one stored before local parts were kept quoted) gets its local part quoted.
 */
export function formatMailbox(value: string): string {
  const mailbox = parseMailbox(value);
  if (mailbox) return formatAddress(mailbox);
  return value.includes('<') ? value.trim() : formatAddress({ name: null, address: value });
}

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}
