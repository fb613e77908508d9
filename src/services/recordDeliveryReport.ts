// recordDeliveryReport: what a bounce or a complaint changes, whoever reported it (a DSN or ARF
// report mailed back to us, or a Resend webhook). A bounce marks our message bounced and, when
// permanent, suppresses the recipients; a complaint suppresses them and unsubscribes their
// contacts from marketing. Every change is idempotent and they commit together.
import type { Deps } from '../deps.ts';
import { normalizeEmail } from '../domain/people/email-address.ts';
import { markMessageBouncedQuery, unsubscribeAfterComplaintQuery } from '../store/delivery-reports.ts';
import { addSuppressionQuery } from '../store/suppressions.ts';

export type DeliveryReport =
  | {
      kind: 'bounce';
      /** Permanent (hard): the address is suppressed. Transient (soft): only the message is marked. */
      hard: boolean;
      /** Why, as the report gives it (status code, diagnostic). */
      reason: string;
      recipients: string[];
      /** Our message the report is about, when it was found. */
      messageId: string | null;
      /** Kept with the suppression. */
      detail: string;
    }
  | { kind: 'complaint'; recipients: string[]; detail: string };

export async function recordDeliveryReport(deps: Deps, report: DeliveryReport): Promise<void> {
  const now = deps.clock.now();
  const recipients = report.recipients.map(normalizeEmail);
  const db = deps.db;
  const writes =
    report.kind === 'bounce'
      ? [
          ...(report.messageId
            ? [markMessageBouncedQuery(db, report.messageId, `${report.hard ? 'hard' : 'soft'} bounce: ${report.reason}`)]
            : []),
          ...(report.hard
            ? recipients.map((email) =>
                addSuppressionQuery(db, { email, reason: 'hard_bounce', detail: report.detail.slice(0, 500), createdAt: now }),
              )
            : []),
        ]
      : recipients.flatMap((email) => [
          addSuppressionQuery(db, { email, reason: 'complaint', detail: report.detail, createdAt: now }),
          unsubscribeAfterComplaintQuery(db, email, now),
        ]);
  const [first, ...rest] = writes;
  if (first) await db.batch([first, ...rest]);
}
