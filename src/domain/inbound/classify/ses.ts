// Amazon SES bounce and complaint notifications, mailed through SNS as a JSON body.
import { bounce, type BounceInfo, type DeliveryReport } from './bounce-info.ts';
import { QUOTA } from './bounce-patterns.ts';
import type { Complaint } from './complaint.ts';
import type { MailView } from './mail-view.ts';
import { statusIn } from './notice.ts';
import { cleanAddress, cleanMessageId, unique } from './text.ts';

interface SesRecipient {
  emailAddress?: unknown;
  status?: unknown;
  diagnosticCode?: unknown;
  action?: unknown;
}

export type SesResult = BounceInfo | DeliveryReport | Complaint;

const SES_TYPE = /\\?"notificationType\\?"\s*:\s*\\?"(Bounce|Complaint|Delivery)\\?"/;

/** The SES event, unwrapped from SNS's envelope ({"Type":"Notification","Message":"{…}"}). */
function parseSesJson(body: string): Record<string, unknown> | undefined {
  const start = body.indexOf('{');
  if (start === -1) return undefined;
  // The JSON is usually followed by SNS's unsubscribe footer: try the last few closing braces.
  let end = body.lastIndexOf('}');
  for (let attempt = 0; attempt < 8 && end > start; attempt++, end = body.lastIndexOf('}', end - 1)) {
    try {
      const data = JSON.parse(body.slice(start, end + 1)) as Record<string, unknown>;
      if (typeof data.Message === 'string') return parseSesJson(data.Message);
      return data;
    } catch {
      // a shorter slice, then
    }
  }
  return undefined;
}

/**
 * When the JSON does not parse (mail gateways wrap long lines), the few fields needed are
 * read by pattern: recipients with their status and diagnostic, and the bounce type.
 */
function sesFieldsByPattern(body: string): Record<string, unknown> {
  const text = body.replace(/\n[ \t]?/g, '').replace(/\\"/g, '"');
  const recipients: SesRecipient[] = [];
  const entry = /\{"emailAddress"\s*:\s*"([^"]{1,320})"([^{}]{0,2000})\}/g;
  for (const match of text.matchAll(entry)) {
    const rest = match[2] ?? '';
    recipients.push({
      emailAddress: match[1],
      status: /"status"\s*:\s*"([^"]{1,20})"/.exec(rest)?.[1],
      diagnosticCode: /"diagnosticCode"\s*:\s*"([^"]{1,1000})"/.exec(rest)?.[1],
    });
  }
  const bounceType = /"bounceType"\s*:\s*"(\w+)"/.exec(text)?.[1];
  const feedbackType = /"complaintFeedbackType"\s*:\s*"([\w-]+)"/.exec(text)?.[1];
  return {
    bounce: { bounceType, bouncedRecipients: recipients },
    complaint: { complainedRecipients: recipients, complaintFeedbackType: feedbackType },
  };
}

export function fromSesNotification(view: MailView): SesResult | undefined {
  const body = view.body();
  const type = SES_TYPE.exec(body.length > 64 * 1024 ? body.slice(0, 64 * 1024) : body);
  if (!type) return undefined;
  if (type[1] === 'Delivery') return { kind: 'delivery_report' };
  const data = parseSesJson(body) ?? sesFieldsByPattern(body);
  const mail = (data?.mail ?? {}) as { headers?: { name?: unknown; value?: unknown }[]; commonHeaders?: { messageId?: unknown } };
  const idHeader = Array.isArray(mail.headers)
    ? mail.headers.find((h) => typeof h.name === 'string' && h.name.toLowerCase() === 'message-id')?.value
    : undefined;
  const originalMessageId = cleanMessageId(
    typeof idHeader === 'string' ? idHeader : typeof mail.commonHeaders?.messageId === 'string' ? mail.commonHeaders.messageId : undefined,
  );
  if (type[1] === 'Complaint') {
    const complaint = (data?.complaint ?? {}) as { complainedRecipients?: SesRecipient[]; complaintFeedbackType?: unknown };
    const out: Complaint = {
      kind: 'complaint',
      recipients: unique((complaint.complainedRecipients ?? []).map((r) => cleanAddress(String(r.emailAddress ?? '')))),
    };
    if (originalMessageId) out.originalMessageId = originalMessageId;
    out.feedbackType = typeof complaint.complaintFeedbackType === 'string' ? complaint.complaintFeedbackType : 'abuse';
    return out;
  }
  const info = (data?.bounce ?? {}) as { bounceType?: unknown; bouncedRecipients?: SesRecipient[] };
  const recipients = info.bouncedRecipients ?? [];
  const first = recipients[0];
  const status = statusIn(typeof first?.status === 'string' ? first.status : undefined);
  const diagnostic = typeof first?.diagnosticCode === 'string' ? first.diagnosticCode.replace(/^[\w-]{1,20};\s*/, '') : undefined;
  return bounce({
    // SES decides permanence itself: "Permanent" vs "Transient" / "Undetermined".
    hard: info.bounceType === 'Permanent' && !QUOTA.test(diagnostic ?? ''),
    recipients: unique(recipients.map((r) => cleanAddress(String(r.emailAddress ?? '')))),
    originalMessageId,
    status,
    diagnostic,
    reason: 'ses-notification',
  });
}
