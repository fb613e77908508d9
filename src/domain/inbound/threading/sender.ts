// Who wrote an inbound message: the person a conversation belongs to. Usually From; but
// mail relayed by a list or group (Google Groups, Mailman, anything with List-Post or
// X-BeenThere) often carries the list in From ("'Ana' via Support <support@acme.example>"),
// and the person in X-Original-From, X-Original-Sender or Reply-To. Each person writing
// through the same group is their own contact, so they get their own conversations.
import { isEmailAddress, normalizeEmail } from '../../people/email-address.ts';

export interface Mailbox {
  address: string;
  name: string | null;
}

export interface SenderHeaders {
  /** Every header in order, `key` lower-cased (as postal-mime gives them). */
  headers: readonly { key: string; value: string }[];
  from: Mailbox | null;
  sender: Mailbox | null;
  replyTo: readonly Mailbox[];
  /** X-Original-From and X-Original-Sender, parsed (display names decoded). */
  originalFrom: Mailbox | null;
  originalSender: Mailbox | null;
}

const ADDRESS = /[^\s<>()",;:@]+@[^\s<>()",;:@]+\.[^\s<>()",;:@]+/;

function headerValues(headers: SenderHeaders['headers'], key: string): string[] {
  return headers.filter((h) => h.key === key).map((h) => h.value);
}

/**
 * The addresses a list posts under: List-Post's mailto: (RFC 2369), X-BeenThere (Mailman) and
 * Mailing-List's "list x@y" (Google Groups, ezmlm), lower-cased.
 */
export function listAddresses(headers: SenderHeaders['headers']): string[] {
  const out = new Set<string>();
  for (const value of headerValues(headers, 'list-post')) {
    for (const match of value.matchAll(/<mailto:([^>?]+)(?:\?[^>]*)?>/gi)) out.add(normalizeEmail(decodeURIComponentSafe(match[1]!)));
  }
  for (const value of headerValues(headers, 'x-beenthere')) {
    const match = ADDRESS.exec(value);
    if (match) out.add(normalizeEmail(match[0]));
  }
  for (const value of headerValues(headers, 'mailing-list')) {
    const match = /\blist\s+([^\s;]+@[^\s;]+)/i.exec(value);
    if (match) out.add(normalizeEmail(match[1]!));
  }
  return [...out];
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const LIST_HEADERS = new Set(['list-id', 'list-post', 'x-beenthere', 'mailing-list', 'x-google-group-id', 'x-mailman-version']);

/** Whether a list or group relayed this message (its headers say so). */
export function isListRelayed(headers: SenderHeaders['headers']): boolean {
  return headers.some((h) => LIST_HEADERS.has(h.key));
}

/** The person's name in a list's From: "'Ana Costa' via Support" → "Ana Costa"; null for other names. */
function nameBeforeVia(name: string | null | undefined): string | null {
  const match = name ? /^\s*['"]?(.+?)['"]?\s+via\s+\S.*$/i.exec(name) : null;
  return match ? match[1]!.trim() || null : null;
}

function usable(mailbox: Mailbox | null | undefined): mailbox is Mailbox {
  // Lenient on purpose: real senders use addresses RFC 5322 frowns on (a..b@), and quoted
  // local parts ("john doe"@) come back from postal-mime without their quotes.
  return Boolean(mailbox?.address && (ADDRESS.test(mailbox.address) || isEmailAddress(normalizeEmail(mailbox.address))));
}

/**
 * The person who wrote: X-Original-From, X-Original-Sender, From unless it is the list,
 * Reply-To unless it is the list (only for relayed mail: elsewhere Reply-To may name anyone),
 * Sender (only for mail no list relayed), else the envelope sender. Addresses come back normalized.
 */
export function senderOf(mail: SenderHeaders, envelopeFrom: string | null): Mailbox | null {
  const relayed = isListRelayed(mail.headers);
  const lists = new Set(relayed ? listAddresses(mail.headers) : []);
  const isList = (m: Mailbox) => lists.has(normalizeEmail(m.address));
  const candidates: (Mailbox | null | undefined)[] = [
    mail.originalFrom,
    mail.originalSender,
    mail.from && !isList(mail.from) ? mail.from : null,
    ...(relayed ? mail.replyTo.filter((m) => !isList(m)) : []),
    // A list's Sender is its own agent (kunder-bounces@…), never the person.
    relayed ? null : mail.sender,
  ];
  const person = candidates.find(usable);
  if (person) {
    // A list's From often carries the person's name ("Ana via Support") when nothing else does.
    const name = person.name?.trim() || (person === mail.from ? null : nameBeforeVia(mail.from?.name));
    return { address: normalizeEmail(person.address), name: name || null };
  }
  // Only the list itself is known: it stays the sender rather than losing the message.
  if (usable(mail.from)) return { address: normalizeEmail(mail.from.address), name: mail.from.name?.trim() || null };
  return envelopeFrom?.includes('@') ? { address: normalizeEmail(envelopeFrom), name: null } : null;
}
