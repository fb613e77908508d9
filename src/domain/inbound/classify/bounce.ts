// Bounce reading for classify.ts, most structured first: an RFC 3464 report (dsn.ts), an
// Amazon SES notification from SNS (ses.ts), else a notice written as prose (free-text.ts).
// Everything is pure and bounded: at most PART_DECODE_LIMIT characters of any part are
// looked at, and every regex is linear.
import type { BounceInfo, DeliveryReport } from './bounce-info.ts';
import { fromDeliveryStatus } from './dsn.ts';
import { fromFreeText } from './free-text.ts';
import type { MailView } from './mail-view.ts';
import { fromSesNotification } from './ses.ts';
import type { Complaint } from './complaint.ts';

export type { BounceInfo } from './bounce-info.ts';

export function findBounce(view: MailView): BounceInfo | Complaint | DeliveryReport | undefined {
  return fromDeliveryStatus(view) ?? (isFromSns(view) ? fromSesNotification(view) : undefined) ?? fromFreeText(view);
}

function isFromSns(view: MailView): boolean {
  return /@sns\.amazonaws\.com$/.test(view.fromAddress) || view.header('x-amz-sns-message-type') !== undefined;
}
