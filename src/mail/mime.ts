// Composes an RFC 5322 / MIME message from an OutgoingEmail, for the dev outbox (.eml
// download) and anywhere the exact bytes on the wire matter. Addresses are re-encoded per
// RFC 5322 (quoted local parts and display names, RFC 2047 for non-ASCII names), and every
// header is folded (78 characters where possible, never over 998).
import { toBase64, utf8 } from '../domain/encoding.ts';
import { formatMailbox } from '../domain/people/email-address.ts';
import { encodeUnstructured, foldHeader } from '../domain/outbound/header-encoding.ts';
import type { OutgoingAttachment, OutgoingEmail } from './transport.ts';

const CRLF = '\r\n';

function base64Body(text: string): string {
  return toBase64(utf8(text)).replace(/.{76}/g, `$&${CRLF}`);
}

function textPart(contentType: string, body: string): string {
  return [`Content-Type: ${contentType}; charset=utf-8`, 'Content-Transfer-Encoding: base64', '', base64Body(body)].join(CRLF);
}

function addressList(mailboxes: string[]): string {
  return mailboxes.map(formatMailbox).join(', ');
}

export function composeMime(email: OutgoingEmail, date: Date, boundarySeed: string): string {
  const fields: [string, string][] = [
    ['From', formatMailbox(email.from)],
    ['To', addressList(email.to)],
  ];
  if (email.cc?.length) fields.push(['Cc', addressList(email.cc)]);
  if (email.replyTo) fields.push(['Reply-To', formatMailbox(email.replyTo)]);
  fields.push(['Subject', encodeUnstructured(email.subject)], ['Date', date.toUTCString().replace('GMT', '+0000')]);
  for (const [name, value] of Object.entries(email.headers)) fields.push([name, value]);
  fields.push(['MIME-Version', '1.0']);
  const headers = fields.map(([name, value]) => foldHeader(name, value));

  if (!email.attachments?.length) return [...headers, bodyPart(email, boundarySeed)].join(CRLF) + CRLF;
  const mixed = `samtal-mixed-${boundarySeed}`;
  return (
    [
      ...headers,
      `Content-Type: multipart/mixed; boundary="${mixed}"`,
      '',
      `--${mixed}`,
      bodyPart(email, boundarySeed),
      ...email.attachments.flatMap((a) => [`--${mixed}`, attachmentPart(a)]),
      `--${mixed}--`,
    ].join(CRLF) + CRLF
  );
}

/** The text, or text and HTML as alternatives. */
function bodyPart(email: OutgoingEmail, boundarySeed: string): string {
  if (!email.html) return textPart('text/plain', email.text);
  const boundary = `samtal-${boundarySeed}`;
  return [
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    textPart('text/plain', email.text),
    `--${boundary}`,
    textPart('text/html', email.html),
    `--${boundary}--`,
  ].join(CRLF);
}

function attachmentPart(a: OutgoingAttachment): string {
  const name = encodeParameter(a.filename);
  return [
    foldHeader('Content-Type', `${a.contentType}; name=${name}`),
    foldHeader('Content-Disposition', `attachment; filename=${name}`),
    'Content-Transfer-Encoding: base64',
    '',
    toBase64(a.content).replace(/.{76}/g, `$&${CRLF}`),
  ].join(CRLF);
}

/** A MIME parameter value: quoted when ASCII, else RFC 2047-encoded (what mail clients read for file names). */
function encodeParameter(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? `"${value.replace(/["\\]/g, '\\$&')}"` : `"${encodeUnstructured(value)}"`;
}
