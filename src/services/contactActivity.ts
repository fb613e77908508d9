// A contact's activity: events, emails and every decision about an automated send, in time order, a page
// at a time (GET /api/v1/contacts/:id/activity).
import type { Deps } from '../deps.ts';
import { decodeCursor, encodeCursor } from '../domain/cursor.ts';
import { type ActivityRow, listContactActivity } from '../store/activity.ts';
import { getContact } from './contacts.ts';

export interface ActivityPage {
  items: ActivityRow[];
  nextCursor: string | null;
}

export async function contactActivity(
  deps: Deps,
  contactId: string,
  query: { limit: number; cursor?: string | undefined },
): Promise<ActivityPage> {
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const contact = await getContact(deps, contactId);
  const rows = await listContactActivity(deps.db, { contactId: contact.id, limit: query.limit + 1, after });
  const items = rows.slice(0, query.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last.position, last.id) : null };
}
