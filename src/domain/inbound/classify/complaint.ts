// Complaints: ARF (RFC 5965) reports, Hotmail JMRP, Apple Mail opt-out.
import type { MailView } from './mail-view.ts';
import { attachedOriginalHeaders, quotedMessageId, splitAtOriginal } from './returned-message.ts';
import { addressesIn, cleanAddress, cleanMessageId, parseFieldGroups } from './text.ts';

/** A spam report or opt-out about a message we sent: its recipients are suppressed. */
export interface Complaint {
  kind: 'complaint';
  recipients: string[];
  originalMessageId?: string;
  feedbackType?: string;
}

function complaint(recipients: string[], originalMessageId: string | undefined, feedbackType: string | undefined): Complaint {
  const out: Complaint = { kind: 'complaint', recipients };
  if (originalMessageId) out.originalMessageId = originalMessageId;
  if (feedbackType) out.feedbackType = feedbackType;
  return out;
}

const FEEDBACK_TYPES = new Set(['message/feedback-report']);
const HOTMAIL = /@(?:hotmail|outlook|msn|live)\.com$/;

export function findComplaint(view: MailView): Complaint | undefined {
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
