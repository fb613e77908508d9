// What an inbound email is, before it is threaded: a person's message, an automatic reply,
// a bounce (delivery failure) or a complaint (spam report / opt-out). Pure: it reads a
// message that postal-mime (or anything shaped like it) already parsed, and nothing else.
//
// Order matters: complaints and bounces are checked first, because both also look like
// automatic mail (null return path, Auto-Submitted, mailer-daemon senders).
import {
  attachedOriginalHeaders,
  fromDeliveryStatus,
  fromFreeText,
  fromSesNotification,
  splitAtOriginal,
  quotedMessageId,
  type BounceInfo,
  type MailView,
} from './bounce.ts';
import { addressesIn, cleanAddress, cleanMessageId, decodeContent, htmlToRoughText, parseFieldGroups, PART_DECODE_LIMIT } from './text.ts';
import { isOutOfOfficeSubject } from '../threading/subject.ts';

export { isOutOfOfficeSubject } from '../threading/subject.ts';

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

export type Classification =
  | { kind: 'message' }
  | { kind: 'auto_reply'; reason: string }
  | BounceInfo
  | { kind: 'complaint'; recipients: string[]; originalMessageId?: string; feedbackType?: string };

/** The SMTP envelope, when the transport knows it. `from` "" or "<>" is the null reverse-path. */
export interface EnvelopeLike {
  from?: string | null | undefined;
}

// ---------------------------------------------------------------------------------------

const TEXTUAL_PART = /^text\/plain\b/;

function buildView(email: ParsedEmailLike, envelope: EnvelopeLike | undefined): MailView {
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

// ---------------------------------------------------------------------------------------
// Complaints: ARF (RFC 5965) reports, Hotmail JMRP, Apple Mail opt-out

type Complaint = Extract<Classification, { kind: 'complaint' }>;

function complaint(recipients: string[], originalMessageId: string | undefined, feedbackType: string | undefined): Complaint {
  const out: Complaint = { kind: 'complaint', recipients };
  if (originalMessageId) out.originalMessageId = originalMessageId;
  if (feedbackType) out.feedbackType = feedbackType;
  return out;
}

const FEEDBACK_TYPES = new Set(['message/feedback-report']);
const HOTMAIL = /@(?:hotmail|outlook|msn|live)\.com$/;

function findComplaint(view: MailView): Complaint | undefined {
  const reports = view.parts.filter((part) => FEEDBACK_TYPES.has(part.mimeType));
  const reportType = /^multipart\/report\b/.test(view.contentType) && /report-type\s*=\s*"?feedback-report/.test(view.contentType);
  if (reports.length > 0 || reportType) {
    let feedbackType: string | undefined;
    const recipients: string[] = [];
    for (const part of reports) {
      for (const group of parseFieldGroups(part.text())) {
        for (const [key, value] of group) {
          if (key === 'feedback-type' && !feedbackType) feedbackType = value.toLowerCase().split(/[\s;]/)[0];
          if (key === 'original-rcpt-to' || key === 'removal-recipient') {
            const address = cleanAddress(value);
            if (address && !recipients.includes(address)) recipients.push(address);
          }
        }
      }
    }
    return withOriginal(view, recipients, feedbackType ?? 'abuse');
  }

  // Hotmail / Outlook.com JMRP: "complaint about message from 192.0.2.1", original attached.
  if (/^complaint about message from\b/i.test(view.subject) && HOTMAIL.test(view.fromAddress)) {
    return withOriginal(view, [], 'abuse');
  }

  // Hotmail's older feedback loop re-sends the reported message itself, stamped with the
  // address of the person who reported it.
  const reporter = view.header('x-hmxmroriginalrecipient');
  if (reporter && HOTMAIL.test(cleanAddress(view.header('return-path')) ?? view.fromAddress)) {
    return complaint(addressesIn(reporter), cleanMessageId(view.header('message-id')), 'abuse');
  }

  // Apple Mail's "Unsubscribe" button mails the List-Unsubscribe address: an opt-out.
  if (/^\s*true\b/i.test(view.header('x-apple-unsubscribe') ?? '')) {
    return complaint(view.fromAddress ? [view.fromAddress] : [], undefined, 'opt-out');
  }
  return undefined;
}

/** Fills recipients and the original Message-ID from the reported message. */
function withOriginal(view: MailView, recipients: string[], feedbackType: string): Complaint {
  const headers = attachedOriginalHeaders(view);
  let found = recipients;
  let messageId = cleanMessageId(headers?.get('message-id'));
  if (found.length === 0 && headers) {
    found = addressesIn(headers.get('x-hmxmroriginalrecipient') ?? headers.get('to'));
  }
  if (found.length === 0 || !messageId) {
    // Reported message inlined into the text (postal-mime renders an inline message/rfc822
    // as a From/Subject/Date/To block followed by its body).
    const body = view.body();
    const { original } = splitAtOriginal(body);
    messageId ??= quotedMessageId(body, original);
    if (found.length === 0) {
      const to = /^[ \t]*To:[ \t]*([^\n]{1,2000})/im.exec(body);
      found = to ? addressesIn(to[1]) : [];
    }
  }
  return complaint(found, messageId, feedbackType);
}

// ---------------------------------------------------------------------------------------
// Automatic replies (RFC 3834 and the many older conventions)

const LIST_HEADERS = [
  'list-id',
  'list-unsubscribe',
  'list-post',
  'list-help',
  'list-subscribe',
  'list-owner',
  'mailing-list',
  'x-mailing-list',
];
/** Headers only a discussion list or group adds when it relays a member's post (Mailman, Google Groups, ezmlm, Sympa …). */
const RELAY_HEADERS = ['x-beenthere', 'x-mailman-version', 'mailing-list', 'x-google-group-id', 'x-original-sender', 'x-original-from'];
const AUTO_REPLY_HEADERS = [
  'x-autoreply',
  'x-autorespond',
  'x-autoresponder',
  'x-auto-reply',
  'x-autoresponse',
  'x-mail-autoreply',
  'x-vacation',
];
/** Challenge-response systems asking the sender to confirm before the mail is delivered. */
const CHALLENGE_HEADERS = ['x-bluebottle-request'];
const NOT_SET = /^\s*(?:no|false|0|off)\s*$/i;
const BULK_PRECEDENCE = /^\s*(bulk|junk|list|auto[_-]reply)\b/i;
const SUPPRESS_AUTO = /\b(?:oof|all|autoreply)\b/i;
const AUTORESPONDER_MAILER = /auto[- ]?(?:reply|responder|respond)|vacation|out of office|abwesenheit/i;
const NOREPLY_LOCAL =
  /^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|dont[-_.]?reply|mailer[-_.]?daemon|post[-_.]?master|bounces?|notifications?[-_.]?noreply)(?:[-_.+][^@]*)?$/i;

/**
 * Whether a list or group relayed this message from one of its members: a discussion list's
 * own headers (List-Post, X-BeenThere, Mailman's, Google Groups'), or a List-Id with a Sender
 * other than the author. A newsletter carries List-Id and List-Unsubscribe but none of these.
 */
function isListRelay(view: MailView): boolean {
  const post = view.header('list-post');
  if (post !== undefined && !/^\s*no\b/i.test(post)) return true;
  if (RELAY_HEADERS.some((name) => view.header(name) !== undefined)) return true;
  const sender = cleanAddress(view.header('sender'));
  return view.header('list-id') !== undefined && sender !== undefined && sender !== view.fromAddress;
}

/** Signals the author's own software sets: they hold whoever relayed the message. */
function authorAutoReply(view: MailView): string | undefined {
  const autoSubmitted = view.header('auto-submitted');
  if (autoSubmitted !== undefined && !/^\s*no\b/i.test(autoSubmitted) && autoSubmitted.trim() !== '') return 'auto-submitted';

  for (const name of AUTO_REPLY_HEADERS) {
    const value = view.header(name);
    if (value !== undefined && !NOT_SET.test(value)) return 'x-autoreply';
  }
  const appleAction = view.header('x-apple-action');
  if (appleAction && /vacation|auto/i.test(appleAction)) return 'x-autoreply';
  // Outlook sets X-Auto-Response-Suppress on ordinary mail too; Exchange's out-of-office and
  // inbox-rule replies also carry X-MS-Exchange-Inbox-Rules-Loop (Zammad and Discourse agree).
  const suppress = view.header('x-auto-response-suppress');
  if (suppress && SUPPRESS_AUTO.test(suppress) && view.header('x-ms-exchange-inbox-rules-loop') !== undefined) {
    return 'x-auto-response-suppress';
  }
  const autogenerated = view.header('x-autogenerated');
  if (autogenerated && /reply|forward/i.test(autogenerated)) return 'x-autoreply';
  if (/^\s*(?:1|true|yes)\s*$/i.test(view.header('x-fc-machinegenerated') ?? '')) return 'x-autoreply';
  if (CHALLENGE_HEADERS.some((name) => view.header(name) !== undefined)) return 'challenge-response';

  const mailer = view.header('x-mailer');
  if (mailer && AUTORESPONDER_MAILER.test(mailer)) return 'x-mailer';
  return undefined;
}

function findAutoReply(view: MailView): string | undefined {
  const author = authorAutoReply(view);
  if (author) return author;

  // A list marks every post it relays as list mail; that says nothing about who wrote it.
  if (!isListRelay(view)) {
    const precedence = view.header('precedence') ?? view.header('x-precedence');
    const bulk = precedence ? BULK_PRECEDENCE.exec(precedence) : null;
    if (bulk) return `precedence:${bulk[1]!.toLowerCase().replace('-', '_')}`;
    for (const name of LIST_HEADERS) if (view.header(name) !== undefined) return 'list-header';
  }

  if (view.nullSender) return 'null-return-path';

  const at = view.fromAddress.lastIndexOf('@');
  if (at > 0 && NOREPLY_LOCAL.test(view.fromAddress.slice(0, at))) return 'noreply-sender';

  if (isOutOfOfficeSubject(view.subject)) return 'out-of-office-subject';
  return undefined;
}

/** Message Disposition Notifications (read receipts) are machine mail too. */
function isDispositionNotification(view: MailView): boolean {
  return (
    view.parts.some((part) => part.mimeType === 'message/disposition-notification') ||
    (/^multipart\/report\b/.test(view.contentType) && /report-type\s*=\s*"?disposition-notification/.test(view.contentType))
  );
}

// ---------------------------------------------------------------------------------------

/**
 * Classifies an inbound email. `envelope.from` is the SMTP MAIL FROM when known ("" or "<>"
 * for the null sender bounces use; null/undefined when unknown).
 */
export function classifyEmail(email: ParsedEmailLike, envelope?: EnvelopeLike): Classification {
  const view = buildView(email, envelope);

  const complaintResult = findComplaint(view);
  if (complaintResult) return complaintResult;

  const dsn = fromDeliveryStatus(view);
  if (dsn) return dsn.kind === 'delivery_report' ? { kind: 'auto_reply', reason: 'delivery-report' } : dsn;

  if (/@sns\.amazonaws\.com$/.test(view.fromAddress) || view.header('x-amz-sns-message-type') !== undefined) {
    const ses = fromSesNotification(view);
    if (ses) return ses.kind === 'delivery_report' ? { kind: 'auto_reply', reason: 'delivery-report' } : ses;
  }

  const freeText = fromFreeText(view);
  if (freeText) return freeText;

  if (isDispositionNotification(view)) return { kind: 'auto_reply', reason: 'read-receipt' };

  const autoReason = findAutoReply(view);
  if (autoReason) return { kind: 'auto_reply', reason: autoReason };
  return { kind: 'message' };
}
