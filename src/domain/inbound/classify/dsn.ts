// RFC 3464 delivery status notifications: the machine-readable part of a bounce.
import { bounce, type BounceInfo, type DeliveryReport } from './bounce-info.ts';
import type { MailView } from './mail-view.ts';
import { decideHard, readNotice, recipientsFromText, statusIn } from './notice.ts';
import { attachedOriginalHeaders, originalRecipients, originalSenderAddresses, quotedMessageId } from './returned-message.ts';
import { addressesIn, cleanAddress, cleanMessageId, parseFieldGroups, unique } from './text.ts';

interface DsnRecipient {
  final?: string | undefined;
  original?: string | undefined;
  action?: string | undefined;
  status?: string | undefined;
  diagnostic?: string | undefined;
}

export function parseDeliveryStatus(text: string): DsnRecipient[] {
  const out: DsnRecipient[] = [];
  for (const group of parseFieldGroups(text)) {
    let record: DsnRecipient | null = null;
    const open = (): DsnRecipient => {
      record = {};
      out.push(record);
      return record;
    };
    for (const [key, value] of group) {
      switch (key) {
        case 'final-recipient':
        case 'original-recipient': {
          const slot = key === 'final-recipient' ? 'final' : 'original';
          const current: DsnRecipient = record && record[slot] === undefined ? record : open();
          current[slot] = cleanAddress(value);
          break;
        }
        case 'action':
          (record ?? open()).action = value.toLowerCase().split(/[\s(;]/)[0];
          break;
        case 'status': {
          const current: DsnRecipient = record ?? open();
          current.status = statusIn(value) ?? (/^2\.\d/.test(value) ? value.trim().split(/\s/)[0] : current.status);
          break;
        }
        case 'diagnostic-code':
        case 'x-diagnostic-code': {
          const current: DsnRecipient = record ?? open();
          if (!current.diagnostic)
            current.diagnostic = value
              .replace(/^[\w-]{1,20};\s*/, '')
              .replace(/\s+/g, ' ')
              .trim();
          break;
        }
        default:
          break;
      }
    }
  }
  return out;
}

const FAILING_ACTIONS = new Set(['failed', 'failure', 'delayed', 'delay', 'expired', 'undeliverable', 'bounced']);
const SUCCESS_ACTIONS = new Set(['delivered', 'relayed', 'expanded', 'deliverable']);
const DSN_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);

/** A bounce from an RFC 3464 report, a success report, or undefined if this is not a DSN. */
export function fromDeliveryStatus(view: MailView): BounceInfo | DeliveryReport | undefined {
  const dsnParts = view.parts.filter((part) => DSN_TYPES.has(part.mimeType));
  const reportType = /^multipart\/report\b/.test(view.contentType) && /report-type\s*=\s*"?delivery-status/.test(view.contentType);
  if (dsnParts.length === 0 && !reportType) return undefined;

  const records = dsnParts.flatMap((part) => parseDeliveryStatus(part.text()));
  const failing = records.filter(
    (r) =>
      (r.action !== undefined && FAILING_ACTIONS.has(r.action)) ||
      (r.action === undefined && (r.status === undefined || /^[45]/.test(r.status))) ||
      (r.action !== undefined && !SUCCESS_ACTIONS.has(r.action) && r.status !== undefined && /^[45]/.test(r.status)),
  );
  if (
    records.length > 0 &&
    failing.length === 0 &&
    records.every((r) => (r.action !== undefined && SUCCESS_ACTIONS.has(r.action)) || r.status?.startsWith('2'))
  ) {
    return { kind: 'delivery_report' };
  }

  const headers = attachedOriginalHeaders(view);
  const notice = readNotice(view);
  const senders = originalSenderAddresses(headers, notice.original);
  let recipients = unique([...failingAddresses(failing), ...addressesIn(view.header('x-failed-recipients'))]);
  if (recipients.length === 0) recipients = recipientsFromText(notice.notice, view, senders);
  if (recipients.length === 0) recipients = originalRecipients(headers, notice.original);

  const first = failing.find((r) => r.status !== undefined) ?? failing[0];
  const status = refineStatus(first?.status, first?.diagnostic) ?? notice.status;
  const diagnostic = first?.diagnostic ?? notice.diagnostic;
  const hard =
    failing.length > 0
      ? failing.every((r) =>
          decideHard({
            status: refineStatus(r.status, r.diagnostic),
            diagnostic: r.diagnostic ?? notice.diagnostic,
            action: r.action,
            context: view.subject,
          }),
        )
      : decideHard({ status, diagnostic, context: `${view.subject}\n${notice.notice}` });

  return bounce({
    hard,
    recipients,
    originalMessageId:
      cleanMessageId(headers?.get('message-id')) ??
      quotedMessageId(notice.body, notice.original) ??
      // A Message-ID line is no DSN field: in a report part it is the returned message's
      // header block, run into the report when the MIME boundaries are broken.
      dsnParts.map((part) => quotedMessageId(part.text(), '')).find((id) => id !== undefined),
    status,
    diagnostic,
    reason: dsnParts.length > 0 ? 'dsn' : 'report-type',
  });
}

/** "5.0.0" says little; the diagnostic often names the real code ("550 5.1.1 …") of the same class. */
function refineStatus(status: string | undefined, diagnostic: string | undefined): string | undefined {
  if (!status || !/^[45]\.0\.0$/.test(status)) return status;
  const specific = statusIn(diagnostic);
  return specific && specific[0] === status[0] ? specific : status;
}

/** Original-Recipient is the address the sender used (before aliasing), so it comes first. */
function failingAddresses(records: DsnRecipient[]): (string | undefined)[] {
  return records.map((r) => r.original ?? r.final);
}
