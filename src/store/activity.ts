// A contact's activity (GET /api/v1/contacts/:id/activity): their events, the emails to and from them,
// and every decision about an automated send, merged into one time-ordered stream and read a page at a
// time by keyset. One statement: a UNION ALL of per-contact index reads (decisions: stored ones and the ones
// jobs record, see store/delivery-decisions.ts; messages in no conversation yet, bulk and broadcast sends
// nobody answered, by their contact_id).
import type { Db } from './db.ts';
import { decisionsSelect } from './delivery-decisions.ts';

export type ActivityType = 'event' | 'message' | 'decision';

/** Where each type sorts among items of the same millisecond: what happened, what was decided, what was written. */
const RANK: Record<ActivityType, number> = { event: 0, decision: 1, message: 2 };

export interface ActivityRow {
  type: ActivityType;
  id: string;
  at: number;
  /** The sort position: at × 3 + rank (the cursor's number). */
  position: number;
  fields: Record<string, unknown>;
}

export function activityPosition(type: ActivityType, at: number): number {
  return at * 3 + RANK[type];
}

const MESSAGE_ITEM = `'message', m.id, m.created_at, m.created_at * 3 + ${RANK.message},
  json_object('direction', m.direction, 'author', m.author, 'subject', m.subject, 'status', m.status,
    'category', m.category, 'template', m.template, 'conversation_id', m.conversation_id, 'sent_at', m.sent_at)`;

/** Up to `limit` items after `after` (a position and id), oldest first. */
export async function listContactActivity(
  db: Db,
  p: { contactId: string; limit: number; after?: { position: number; id: string } | undefined },
): Promise<ActivityRow[]> {
  const decisions = decisionsSelect(
    { contactId: p.contactId },
    `'decision' AS type, id, created_at AS at, created_at * 3 + ${RANK.decision} AS position,
      json_object('decision', decision, 'source', source, 'source_name', source_name, 'step', step, 'template', template,
        'category', category, 'reason', reason, 'detail', detail, 'at', at, 'job_id', job_id, 'message_id', message_id) AS fields`,
  );
  const query = `
    SELECT type, id, at, position, fields FROM (
      SELECT 'event' AS type, id, occurred_at AS at, occurred_at * 3 + ${RANK.event} AS position,
        json_object('name', name, 'properties', json(data)) AS fields
      FROM events WHERE contact_id = ?
      UNION ALL
      ${decisions.sql}
      UNION ALL
      SELECT ${MESSAGE_ITEM} FROM messages m JOIN conversations c ON c.id = m.conversation_id
      WHERE c.contact_id = ? AND m.kind = 'email'
      UNION ALL
      SELECT ${MESSAGE_ITEM} FROM messages m WHERE m.contact_id = ? AND m.conversation_id IS NULL AND m.kind = 'email'
    ) ${p.after ? 'WHERE (position > ? OR (position = ? AND id > ?))' : ''}
    ORDER BY position, id LIMIT ?`;
  const after = p.after ? [p.after.position, p.after.position, p.after.id] : [];
  const args = [p.contactId, ...decisions.args, p.contactId, p.contactId, ...after, p.limit];
  const result = await db.$client.execute({ sql: query, args });
  return result.rows.map((row) => ({
    type: String(row.type) as ActivityType,
    id: String(row.id),
    at: Number(row.at),
    position: Number(row.position),
    fields: JSON.parse(String(row.fields)) as Record<string, unknown>,
  }));
}
