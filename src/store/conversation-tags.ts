// Tags on conversations (conversation_tags): add, remove, read per conversation, and the tags in use.
import { and, asc, count, desc, eq, inArray, like, type SQLWrapper, sql } from 'drizzle-orm';
import { conversationTags, conversations } from '../../db/schema.ts';
import type { Db } from './db.ts';

/**
 * Adds the tags to each of the conversations that exist (one that has a tag already keeps it), as one
 * statement for db.batch.
 */
export function addTagsQuery(db: Db, conversationIds: string[], tags: string[], now: number) {
  const tagList = sql.join(
    tags.map((tag) => sql`select ${tag} as tag`),
    sql` union all `,
  );
  return db
    .insert(conversationTags)
    .select(
      db
        .select({
          conversationId: conversations.id,
          tag: sql`wanted.tag`.as('tag'),
          createdAt: sql`${now}`.as('created_at'),
        })
        .from(conversations)
        .innerJoin(sql`(${tagList}) as wanted`, sql`1 = 1`)
        .where(inArray(conversations.id, conversationIds)),
    )
    .onConflictDoNothing();
}

export async function addTags(db: Db, conversationIds: string[], tags: string[], now: number): Promise<void> {
  if (conversationIds.length === 0 || tags.length === 0) return;
  await addTagsQuery(db, conversationIds, tags, now);
}

export async function removeTags(db: Db, conversationId: string, tags: string[]): Promise<void> {
  if (tags.length === 0) return;
  await db.delete(conversationTags).where(and(eq(conversationTags.conversationId, conversationId), inArray(conversationTags.tag, tags)));
}

/** Each conversation's tags, alphabetical; conversations without any are absent. */
export async function tagsOfConversations(db: Db, conversationIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (conversationIds.length === 0) return out;
  const rows = await db
    .select({ conversationId: conversationTags.conversationId, tag: conversationTags.tag })
    .from(conversationTags)
    .where(inArray(conversationTags.conversationId, conversationIds))
    .orderBy(asc(conversationTags.tag));
  for (const row of rows) out.set(row.conversationId, [...(out.get(row.conversationId) ?? []), row.tag]);
  return out;
}

/** Tags in use, most used first, optionally those starting with `prefix` (for suggestions). */
export async function tagsInUse(db: Db, options: { prefix?: string; limit: number }): Promise<{ tag: string; count: number }[]> {
  const escaped = (options.prefix ?? '').replace(/[\\%_]/g, (ch) => `\\${ch}`);
  const n = count();
  return db
    .select({ tag: conversationTags.tag, count: n })
    .from(conversationTags)
    .where(escaped ? sql`${like(conversationTags.tag, `${escaped}%`)} escape '\\'` : undefined)
    .groupBy(conversationTags.tag)
    .orderBy(desc(n), asc(conversationTags.tag))
    .limit(options.limit);
}

/** "has this tag", for a conversation list's where clause (the tag may be a prepared statement's placeholder). */
export function hasTag(conversationIdColumn: unknown, tag: string | SQLWrapper) {
  return sql`exists (select 1 from ${conversationTags} where ${conversationTags.conversationId} = ${conversationIdColumn}
    and ${conversationTags.tag} = ${tag})`;
}
