// The view of a parsed email that every check of classify.ts reads: first headers, addresses,
// the null sender, the body as plain text (decoded lazily, bounded) and the decoded parts.
import { addressesIn, cleanAddress, decodeContent, htmlToRoughText, PART_DECODE_LIMIT } from './text.ts';

/**
 * The part of a parsed email the classifier reads: a structural subset of postal-mime's
 * `Email`, so `classifyEmail(await PostalMime.parse(raw))` type-checks as is.
 */
export interface ParsedEmailLike {
  /** Every header in order, `key` lower-cased (postal-mime does this). */
  headers: readonly { key: string; value: string }[];
  from?: { address?: string | undefined; name?: string | undefined } | undefined;
  sender?: { address?: string | undefined; name?: string | undefined } | undefined;
  returnPath?: string | undefined;
  to?: readonly { address?: string | undefined; name?: string | undefined }[] | undefined;
  subject?: string | undefined;
  messageId?: string | undefined;
  inReplyTo?: string | undefined;
  references?: string | undefined;
  text?: string | undefined;
  html?: string | undefined;
  attachments: readonly {
    mimeType: string;
    filename?: string | null | undefined;
    content: ArrayBuffer | Uint8Array | string;
    disposition?: string | null | undefined;
    encoding?: string | undefined;
  }[];
}

/** The SMTP envelope, when the transport knows it. `from` "" or "<>" is the null reverse-path. */
export interface EnvelopeLike {
  from?: string | null | undefined;
}

/** What classify.ts knows about one message, computed once and shared by every check. */
export interface MailView {
  header(name: string): string | undefined;
  subject: string;
  fromAddress: string;
  fromName: string;
  toAddresses: string[];
  /** Lower-cased root Content-Type value with parameters. */
  contentType: string;
  nullSender: boolean;
  /** Plain text of the body (HTML reduced to text when there is no plain part), LF only. */
  body(): string;
  /** Decoded report parts and attached messages, by lower-cased MIME type. */
  parts: { mimeType: string; text: () => string }[];
}

const TEXTUAL_PART = /^text\/plain\b/;

export function buildView(email: ParsedEmailLike, envelope: EnvelopeLike | undefined): MailView {
  const first = new Map<string, string>();
  for (const header of email.headers) {
    if (!first.has(header.key)) first.set(header.key, header.value);
  }
  const header = (name: string): string | undefined => first.get(name);

  const returnPath = header('return-path');
  const envelopeFrom = envelope?.from;
  const nullSender =
    (returnPath !== undefined && /^\s*<\s*>\s*$/.test(returnPath)) ||
    (typeof envelopeFrom === 'string' && /^\s*(?:<\s*>)?\s*$/.test(envelopeFrom));

  let body: string | undefined;
  const parts = email.attachments.map((attachment) => {
    let text: string | undefined;
    return {
      mimeType: attachment.mimeType.toLowerCase(),
      text: (): string => (text ??= decodeContent(attachment.content, attachment.encoding)),
    };
  });

  const toAddresses: string[] = [];
  for (const to of email.to ?? []) {
    const address = cleanAddress(to.address);
    if (address) toAddresses.push(address);
  }
  if (toAddresses.length === 0) toAddresses.push(...addressesIn(header('to')));

  return {
    header,
    subject: (email.subject ?? header('subject') ?? '').trim(),
    fromAddress: cleanAddress(email.from?.address) ?? cleanAddress(header('from')) ?? '',
    fromName: email.from?.name ?? '',
    toAddresses,
    contentType: (header('content-type') ?? '').toLowerCase(),
    nullSender,
    body: (): string => {
      if (body === undefined) {
        let raw = email.text ?? (email.html ? htmlToRoughText(email.html) : '');
        // Text parts postal-mime could not inline (a broken Content-Type line) still count.
        for (const attachment of email.attachments) {
          const type = attachment.mimeType.toLowerCase();
          if (raw.length < PART_DECODE_LIMIT && TEXTUAL_PART.test(type) && attachment.disposition !== 'attachment') {
            raw += '\n' + decodeContent(attachment.content, attachment.encoding);
          }
        }
        const capped = raw.length > PART_DECODE_LIMIT ? raw.slice(0, PART_DECODE_LIMIT) : raw;
        body = capped.includes('\r') ? capped.replace(/\r\n?/g, '\n') : capped;
      }
      return body;
    },
    parts,
  };
}
