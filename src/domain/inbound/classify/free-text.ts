// Bounces written as prose (most MTAs still send them), and mailing-list managers refusing a
// post. Recognized only on two independent signals, so a person's reply is never scanned.
import { bounce, type BounceInfo } from './bounce-info.ts';
import { BOUNCE_SUBJECT, FAILURE_TEXT, isDaemonSender } from './bounce-patterns.ts';
import type { MailView } from './mail-view.ts';
import { decideHard, readNotice, recipientsFromText } from './notice.ts';
import { attachedOriginalHeaders, originalRecipients, originalSenderAddresses, quotedMessageId } from './returned-message.ts';
import { addressesIn, cleanMessageId, unique } from './text.ts';

/** Mailing-list managers (fml, ezmlm, Mailman, Sympa …) refusing a post. */
const LIST_MANAGER_LOCAL = /(?:^|[-_.])(?:admin|owner|request|bounces?|ctl|sympa|mailman|majordomo|listserv|ezmlm)$/i;
const LIST_REJECTION_SUBJECT = new RegExp(
  [
    String.raw`\bnot (?:a )?member\b|\bnon-?member\b|posting (?:rejected|denied|not allowed)`,
    String.raw`(?:post|message|submission)[^\n]{0,40}\b(?:rejected|refused|denied|not accepted)\b`,
    String.raw`loop (?:alert|detected)|duplicated message-id`,
  ].join('|'),
  'i',
);

/** A list's own service addresses, never the list a post went to. */
const LIST_CONTROL = /^[^@]*[-_.](?:ctl|request|admin|owner|help|subscribe|unsubscribe|bounces?)@/i;

function isListRejection(view: MailView): boolean {
  if (!LIST_REJECTION_SUBJECT.test(view.subject)) return false;
  const at = view.fromAddress.lastIndexOf('@');
  const local = at === -1 ? '' : view.fromAddress.slice(0, at);
  const listHeaders =
    view.header('x-mlserver') !== undefined ||
    view.header('mailing-list') !== undefined ||
    view.header('list-id') !== undefined ||
    view.header('list-subscribe') !== undefined ||
    view.header('x-ml-name') !== undefined;
  return listHeaders || LIST_MANAGER_LOCAL.test(local);
}

/**
 * A non-standard bounce needs two independent signals: a failure-notice subject, a
 * mailer-daemon/postmaster sender, a null sender, or failure boilerplate in the text before
 * the returned message. X-Failed-Recipients alone is enough, and so is a mailer-daemon or
 * postmaster message whose body could not be read at all (broken MIME). A person's reply has
 * none of these, so its body is never even scanned.
 */
export function fromFreeText(view: MailView): BounceInfo | undefined {
  const failedHeader = view.header('x-failed-recipients');
  const subjectHit = BOUNCE_SUBJECT.test(view.subject);
  const daemon = isDaemonSender(view);
  const listRejection = isListRejection(view);
  if (!failedHeader && !subjectHit && !daemon && !view.nullSender && !listRejection) return undefined;

  const { body, notice: head, original, status, diagnostic } = readNotice(view);
  const boilerplate = FAILURE_TEXT.test(head) || (head.trim() === '' && FAILURE_TEXT.test(view.subject));

  let reason: string;
  if (failedHeader) reason = 'x-failed-recipients';
  else if (subjectHit && (daemon || view.nullSender || boilerplate)) reason = 'bounce-subject';
  else if (daemon && boilerplate) reason = 'mailer-daemon';
  else if (view.nullSender && boilerplate) reason = 'null-sender';
  else if (daemon && body.trim() === '' && view.parts.length === 0) reason = 'mailer-daemon';
  else if (listRejection) reason = 'list-rejection';
  else return undefined;

  const headers = attachedOriginalHeaders(view);
  const senders = originalSenderAddresses(headers, original);
  let recipients = unique(addressesIn(failedHeader));
  if (recipients.length === 0) recipients = recipientsFromText(head, view, senders);
  if (recipients.length === 0) recipients = originalRecipients(headers, original);
  if (reason === 'list-rejection') recipients = recipients.filter((address) => !LIST_CONTROL.test(address));
  if (reason === 'list-rejection' && recipients.length === 0) {
    recipients = addressesIn(head).filter((a) => !LIST_CONTROL.test(a) && a !== view.fromAddress && !view.toAddresses.includes(a));
  }

  return bounce({
    hard: reason !== 'list-rejection' && decideHard({ status, diagnostic, context: `${view.subject}\n${head}` }),
    recipients,
    originalMessageId:
      cleanMessageId(headers?.get('message-id')) ?? quotedMessageId(body, original) ?? cleanMessageId(view.header('in-reply-to')),
    status,
    diagnostic,
    reason,
  });
}
