// What an inbound email is, before it is threaded: a person's message, an automatic reply,
// a bounce (delivery failure) or a complaint (spam report / opt-out). Pure: it reads a
// message that postal-mime (or anything shaped like it) already parsed, and nothing else.
//
// Order matters: complaints and bounces are checked first, because both also look like
// automatic mail (null return path, Auto-Submitted, mailer-daemon senders).
import { findAutoReply, isDispositionNotification } from './auto-reply.ts';
import { findBounce, type BounceInfo } from './bounce.ts';
import { findComplaint, type Complaint } from './complaint.ts';
import { buildView, type EnvelopeLike, type ParsedEmailLike } from './mail-view.ts';

export { isOutOfOfficeSubject } from '../threading/subject.ts';
export type { EnvelopeLike, ParsedEmailLike } from './mail-view.ts';

export type Classification = { kind: 'message' } | { kind: 'auto_reply'; reason: string } | BounceInfo | Complaint;

/**
 * Classifies an inbound email. `envelope.from` is the SMTP MAIL FROM when known ("" or "<>"
 * for the null sender bounces use; null/undefined when unknown).
 */
export function classifyEmail(email: ParsedEmailLike, envelope?: EnvelopeLike): Classification {
  const view = buildView(email, envelope);

  const complaint = findComplaint(view);
  if (complaint) return complaint;

  const bounce = findBounce(view);
  if (bounce) return bounce.kind === 'delivery_report' ? { kind: 'auto_reply', reason: 'delivery-report' } : bounce;

  if (isDispositionNotification(view)) return { kind: 'auto_reply', reason: 'read-receipt' };

  const autoReason = findAutoReply(view);
  if (autoReason) return { kind: 'auto_reply', reason: autoReason };
  return { kind: 'message' };
}
