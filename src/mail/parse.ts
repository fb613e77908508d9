// Parsing raw inbound mail (postal-mime) and reading its addresses. The parse normalizes line
// endings first, decodes format=flowed per quote depth, and repairs windows-1252 text where the
// runtime decodes it as Latin-1.
import PostalMime, { addressParser, type Email } from 'postal-mime';
import { decodeFlowed } from '../domain/inbound/format-flowed.ts';
import { normalizeLineEndings } from '../domain/inbound/line-endings.ts';
import { senderOf, type Mailbox } from '../domain/inbound/threading/sender.ts';
import { WINDOWS_1252_DECODER_IS_BROKEN, repairWindows1252 } from '../domain/inbound/windows-1252.ts';
import { normalizeEmail } from '../domain/people/email-address.ts';

export type { Email } from 'postal-mime';

// postal-mime's own format=flowed decoding joins lines across quote depths (see format-flowed.ts).
// Its MimeNode class is not exported: the method is replaced on the prototype of a parser's root node.
const mimeNode = Object.getPrototypeOf((new PostalMime() as unknown as { root: object }).root) as { decodeFlowedText?: unknown };
if (typeof mimeNode.decodeFlowedText === 'function') mimeNode.decodeFlowedText = decodeFlowed;

/**
 * postal-mime copies a typed array into an ArrayBuffer of its own, but reads an ArrayBuffer as it
 * is: a view that spans its whole buffer is handed over as that buffer (postal-mime only reads it).
 */
function parserInput(raw: Uint8Array): ArrayBuffer | Uint8Array {
  const whole = raw.byteOffset === 0 && raw.byteLength === raw.buffer.byteLength && raw.buffer instanceof ArrayBuffer;
  return whole ? (raw.buffer as ArrayBuffer) : raw;
}

export async function parseRaw(raw: Uint8Array): Promise<Email> {
  const input = parserInput(normalizeLineEndings(raw));
  const email = await PostalMime.parse(input, { rfc822Attachments: true, attachmentEncoding: 'arraybuffer' });
  return WINDOWS_1252_DECODER_IS_BROKEN ? repairDecodedText(email) : email;
}

/** Undoes the runtime's Latin-1-for-windows-1252 decoding in every decoded text field. */
function repairDecodedText(email: Email): Email {
  const fix = (text: string | undefined) => (text === undefined ? undefined : repairWindows1252(text));
  const fixAddresses = (list: Email['to']) =>
    list?.map((a) => ({
      ...a,
      name: repairWindows1252(a.name),
      ...(a.group ? { group: a.group.map((m) => ({ ...m, name: repairWindows1252(m.name) })) } : {}),
    })) as Email['to'];
  return {
    ...email,
    subject: fix(email.subject),
    text: fix(email.text),
    html: fix(email.html),
    from: email.from ? fixAddresses([email.from])![0] : undefined,
    sender: email.sender ? fixAddresses([email.sender])![0] : undefined,
    to: fixAddresses(email.to),
    cc: fixAddresses(email.cc),
    attachments: email.attachments.map((a) => ({ ...a, filename: a.filename === null ? null : repairWindows1252(a.filename) })),
  };
}

/** Every Delivered-To line (forwarding hops add their own on top of ours). */
export function deliveredTo(email: Email): string[] {
  return email.headers
    .filter((h) => h.key === 'delivered-to')
    .flatMap((h) => addressParser(h.value).flatMap((a) => (a.address ? [normalizeEmail(a.address)] : [])));
}

/** The normalized addresses of an address list, group members included. */
export function addresses(list: Email['to']): string[] {
  const out: string[] = [];
  for (const entry of list ?? []) {
    if (entry.address) out.push(normalizeEmail(entry.address));
    for (const member of entry.group ?? []) if (member.address) out.push(normalizeEmail(member.address));
  }
  return out;
}

/** Every address the message was sent to: To, Cc, Delivered-To and the envelope recipient. */
export function recipientsOf(email: Email, envelopeTo: string | null): string[] {
  return [...addresses(email.to), ...addresses(email.cc), ...deliveredTo(email), ...(envelopeTo ? [envelopeTo] : [])];
}

function mailbox(entry: { address?: string | undefined; name?: string | undefined } | undefined): Mailbox | null {
  return entry?.address ? { address: entry.address, name: entry.name || null } : null;
}

/** The first mailbox of an address header that postal-mime leaves unparsed (X-Original-From …). */
function headerMailbox(email: Email, key: string): Mailbox | null {
  const value = email.headers.find((h) => h.key === key)?.value;
  return value ? mailbox(addressParser(value).find((a) => a.address)) : null;
}

/** The person who wrote (the person behind a list or group, not the list): see domain/inbound/threading/sender.ts. */
export function senderOfEmail(email: Email, envelopeFrom: string | null): Mailbox | null {
  return senderOf(
    {
      headers: email.headers,
      from: mailbox(email.from),
      sender: mailbox(email.sender),
      replyTo: (email.replyTo ?? []).flatMap((a) => mailbox(a) ?? []),
      originalFrom: headerMailbox(email, 'x-original-from'),
      originalSender: headerMailbox(email, 'x-original-sender'),
    },
    envelopeFrom,
  );
}
