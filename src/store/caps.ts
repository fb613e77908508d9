import { and, eq, gt, inArray } from 'drizzle-orm';
import { conversations, frequencyCaps, messages } from '../../db/schema.ts';
import type { FrequencyCap } from '../domain/outbound/frequency-cap.ts';
import type { Db } from './db.ts';

export async function listCaps(db: Db): Promise<FrequencyCap[]> {
  return db
    .select({ category: frequencyCaps.category, maxMessages: frequencyCaps.maxMessages, windowSeconds: frequencyCaps.windowSeconds })
    .from(frequencyCaps);
}

/** When each contact was last sent (or is about to be sent) mail of a category, since a time. */
export async function recentSendTimes(
  db: Db,
  contactIds: string[],
  category: FrequencyCap['category'],
  since: number,
): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  if (contactIds.length === 0) return out;
  const rows = await db
    .select({ contactId: conversations.contactId, at: messages.createdAt })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .where(
      and(
        inArray(conversations.contactId, contactIds),
        eq(messages.direction, 'out'),
        eq(messages.kind, 'email'),
        eq(messages.category, category),
        inArray(messages.status, ['queued', 'sent', 'delivered']),
        gt(messages.createdAt, since),
      ),
    );
  for (const row of rows) out.set(row.contactId, [...(out.get(row.contactId) ?? []), row.at]);
  return out;
}
