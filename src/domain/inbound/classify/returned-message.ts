// The message a notice returns (attached as a part, or quoted after a marker line): its
// headers give the original Message-ID, its sender and its recipients.
import type { MailView } from './mail-view.ts';
import { addressesIn, cleanMessageId, parseHeaderBlock } from './text.ts';

const ORIGINAL_PART_TYPES = new Set([
  'message/rfc822',
  'message/global',
  'text/rfc822-headers',
  'text/rfc822-header',
  'message/rfc822-headers',
  'message/global-headers',
  'message/partial',
]);

/** Headers of the returned message when it is attached as its own part. */
export function attachedOriginalHeaders(view: MailView): Map<string, string> | undefined {
  for (const part of view.parts) {
    if (!ORIGINAL_PART_TYPES.has(part.mimeType)) continue;
    const headers = parseHeaderBlock(part.text());
    if (headers.size > 0) return headers;
  }
  return undefined;
}

/**
 * A line that introduces the returned message ("--- Below this line is a copy of the
 * message.", "------ This is a copy of the message, including all the headers. ------",
 * "----- Original message -----", "Message headers follow.", "----- Unsent message follows").
 */
const ORIGINAL_MARKER = new RegExp(
  String.raw`^[ \t>|]*(?:[-=_*#~]{2,}[ \t]*)?(?:` +
    [
      String.raw`(?:a |the )?copy of (?:the |your )?(?:original |returned )?message`,
      String.raw`(?:the )?(?:original|returned|unsent|undelivered|undeliverable|bounced|rejected) ` +
        String.raw`(?:e-?mail |mail )?message(?:'s)?(?: headers?)?`,
      String.raw`message headers?`,
      String.raw`(?:the )?headers? of (?:the |your )?(?:original|returned|undelivered) message`,
      String.raw`below this line is a copy of the message|this is a copy of the message`,
      String.raw`included is (?:the|a copy of the) (?:original|returned) message|message text follows`,
      String.raw`以下、?(?:送信|元の)(?:された)?メッセージ|原始邮件|原邮件`,
    ].join('|') +
    String.raw`)[^\n]{0,100}$`,
  'gim',
);
const MARKER_SHAPE =
  /^[ \t>|]*[-=_*#~]{2,}|(?:follows?|following|below|attached|enclosed|included|[-=_*#~]{2,}|:)[ \t.|]*$|メッセージ|邮件/i;

/** The body split at the line that introduces the returned message (or not split). */
export function splitAtOriginal(body: string): { notice: string; original: string } {
  ORIGINAL_MARKER.lastIndex = 0;
  for (let match = ORIGINAL_MARKER.exec(body); match; match = ORIGINAL_MARKER.exec(body)) {
    if (MARKER_SHAPE.test(match[0])) {
      return { notice: body.slice(0, match.index), original: body.slice(match.index + match[0].length) };
    }
  }
  return { notice: body, original: '' };
}

const MESSAGE_ID_LINE = /^[ \t>]*Message-I[Dd][ \t]*:\s*(<[^<>\s]{1,500}>|[^<>\s]{1,500}@[^<>\s]{1,500})/im;
const TO_LINE = /^[ \t>]*To[ \t]*:[ \t]*([^\n]{0,2000}(?:\n[ \t]+[^\n]{0,2000}){0,20})/im;

/** The returned message's Message-ID quoted in a text notice (after the marker, if any). */
export function quotedMessageId(body: string, original: string): string | undefined {
  const match = MESSAGE_ID_LINE.exec(original) ?? (original ? null : MESSAGE_ID_LINE.exec(body));
  return match ? cleanMessageId(match[1]) : undefined;
}

export function originalSenderAddresses(headers: Map<string, string> | undefined, original: string): string[] {
  const out: string[] = [];
  if (headers) {
    out.push(...addressesIn(headers.get('from')), ...addressesIn(headers.get('return-path')), ...addressesIn(headers.get('sender')));
  } else if (original) {
    const from = /^[ \t>]*(?:From|Return-Path)[ \t]*:[ \t]*([^\n]{0,1000})/gim;
    for (const match of original.slice(0, 64 * 1024).matchAll(from)) out.push(...addressesIn(match[1]));
  }
  return out;
}

export function originalRecipients(headers: Map<string, string> | undefined, original: string): string[] {
  if (headers) return addressesIn(headers.get('to'));
  const to = TO_LINE.exec(original.slice(0, 64 * 1024));
  return to ? addressesIn(to[1]) : [];
}
