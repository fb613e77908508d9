// The dev outbox: without RESEND_API_KEY every message is composed to full MIME and kept
// in the database, listed at GET /api/v1/dev/outbox, so the whole product works offline.
// The listing shows from/to readable as given; the MIME (.eml) has them as on the wire.
import type { Clock } from '../deps.ts';
import type { Ids } from '../domain/ids.ts';
import type { Db } from '../store/db.ts';
import { insertDevOutboxEntry } from '../store/dev-outbox.ts';
import { composeMime } from './mime.ts';
import type { Mailer } from './transport.ts';

export function createDevOutboxMailer(db: Db, clock: Clock, ids: Ids): Mailer {
  return {
    name: 'dev-outbox',
    async send(email) {
      const id = ids.next('dev');
      const now = clock.now();
      await insertDevOutboxEntry(db, {
        id,
        messageId: email.id,
        from: email.from,
        to: email.to,
        subject: email.subject,
        headers: { ...email.headers, ...(email.replyTo ? { 'Reply-To': email.replyTo } : {}) },
        text: email.text,
        html: email.html ?? null,
        mime: composeMime(email, new Date(now), id),
        createdAt: now,
      });
      return { ok: true, providerId: id };
    },
  };
}
