// Composes an RFC 5322 / MIME message from an OutgoingEmail, for the dev outbox (.eml
// download) and anywhere the exact bytes on the wire matter.
import { Buffer } from 'node:buffer';
import type { OutgoingEmail } from './transport.ts';

const CRLF = '\r\n';

function isAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}

/** RFC 2047 encoded-word (base64), split so each word stays under the 75-char limit. */
export function encodeHeaderText(text: string): string {
  if (isAscii(text)) return text;
  const words: string[] = [];
  let chunk = '';
  for (const char of text) {
    if (Buffer.byteLength(chunk + char, 'utf8') > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join(`${CRLF} `);
}

/** Encodes the display name of `Name <addr>` when it is not plain ASCII. */
export function encodeAddress(mailbox: string): string {
  const match = /^\s*(.*?)\s*<([^<>]+)>\s*$/.exec(mailbox);
  if (!match || !match[1]) return mailbox.trim();
  const name = match[1].replace(/^"(.*)"$/, '$1');
  const shown = isAscii(name) ? `"${name.replace(/(["\\])/g, '\\$1')}"` : encodeHeaderText(name);
  return `${shown} <${match[2]}>`;
}

function base64Body(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64').replace(/.{76}/g, `$&${CRLF}`);
}

function textPart(contentType: string, body: string): string {
  return [`Content-Type: ${contentType}; charset=utf-8`, 'Content-Transfer-Encoding: base64', '', base64Body(body)].join(CRLF);
}

export function composeMime(email: OutgoingEmail, date: Date, boundarySeed: string): string {
  const headers: string[] = [
    `From: ${encodeAddress(email.from)}`,
    `To: ${email.to.map(encodeAddress).join(', ')}`,
  ];
  if (email.cc?.length) headers.push(`Cc: ${email.cc.map(encodeAddress).join(', ')}`);
  if (email.replyTo) headers.push(`Reply-To: ${encodeAddress(email.replyTo)}`);
  headers.push(`Subject: ${encodeHeaderText(email.subject)}`, `Date: ${date.toUTCString().replace('GMT', '+0000')}`);
  for (const [name, value] of Object.entries(email.headers)) headers.push(`${name}: ${value}`);
  headers.push('MIME-Version: 1.0');

  if (!email.html) {
    return [...headers, textPart('text/plain', email.text)].join(CRLF) + CRLF;
  }
  const boundary = `samtal-${boundarySeed}`;
  return (
    [
      ...headers,
      `Content-Type: multipart/alternative; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      textPart('text/plain', email.text),
      `--${boundary}`,
      textPart('text/html', email.html),
      `--${boundary}--`,
    ].join(CRLF) + CRLF
  );
}
