// The inbox's contact list: a page of contacts by text, locale, topic and saved segment, with what the
// filter form offers (the topics and segments there are).
import type { Deps } from '../deps.ts';
import { decodeCursor, encodeCursor } from '../domain/cursor.ts';
import { AppError } from '../domain/errors.ts';
import { listContactDirectory } from '../store/contact-directory.ts';
import type { ContactRow } from '../store/contacts.ts';
import type { SegmentRow } from '../store/segments.ts';
import { listTopicRows, type TopicRow } from '../store/topics.ts';
import { getSegment, listSegments, parseSegmentRule } from './segments.ts';

export interface ContactFilter {
  q?: string | undefined;
  locale?: string | undefined;
  topic?: string | undefined;
  segment?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

export interface ContactDirectoryPage {
  contacts: ContactRow[];
  nextCursor: string | null;
  topics: TopicRow[];
  segments: SegmentRow[];
}

/** A segment named in the filter; one that is gone is a bad filter value, not a missing page. */
async function savedSegment(deps: Deps, id: string): Promise<SegmentRow> {
  try {
    return await getSegment(deps, id);
  } catch {
    throw new AppError('ValidationFailed', `no segment ${id}`, [{ field: 'segment', message: 'expected a saved segment' }]);
  }
}

export async function contactDirectory(deps: Deps, filter: ContactFilter): Promise<ContactDirectoryPage> {
  const [topics, segments] = await Promise.all([listTopicRows(deps.db), listSegments(deps)]);
  if (filter.topic && !topics.some((t) => t.key === filter.topic)) {
    throw new AppError('ValidationFailed', `no topic "${filter.topic}"`, [
      { field: 'topic', message: `expected a topic key: ${topics.map((t) => t.key).join(', ') || 'none exist yet'}` },
    ]);
  }
  const segment = filter.segment ? await savedSegment(deps, filter.segment) : null;
  const before = filter.cursor ? decodeCursor(filter.cursor) : undefined;
  const rows = await listContactDirectory(deps.db, {
    text: filter.q,
    locale: filter.locale,
    topic: filter.topic,
    rule: segment ? parseSegmentRule(segment.rule) : undefined,
    now: deps.clock.now(),
    limit: filter.limit + 1,
    before: before ? { createdAt: before.position, id: before.id } : undefined,
  });
  const contacts = rows.slice(0, filter.limit);
  const last = contacts[contacts.length - 1];
  return { contacts, nextCursor: rows.length > filter.limit && last ? encodeCursor(last.createdAt, last.id) : null, topics, segments };
}
