// Writing the trigram search index of messages (messages_fts) in batches from the queue the insert trigger fills
// (messages_fts_pending; db/migrations/0011): one FTS5 segment per batch instead of one per inbound message.
import { sql } from 'drizzle-orm';
import type { Db } from './db.ts';

/** What of a message is searchable: the subject always, the body of what people wrote (not automated mail). */
const BODY = sql.raw(`CASE WHEN m.direction = 'in' OR m.author = 'agent' THEN coalesce(m.reply_text, m.text, '') ELSE '' END`);

/** Indexes up to `limit` queued messages in one atomic batch; returns how many it took off the queue (0: none left). */
export async function indexPendingMessagesBatch(db: Db, limit: number): Promise<number> {
  const batch = sql`select message_rowid from messages_fts_pending order by message_rowid limit ${limit}`;
  const [, done] = await db.batch([
    db.run(sql`
      insert into messages_fts (rowid, message_id, conversation_id, subject, body)
      select m.rowid, m.id, m.conversation_id, m.subject, ${BODY} from messages m where m.rowid in (${batch})`),
    db.run(sql`delete from messages_fts_pending where message_rowid in (${batch})`),
  ]);
  return done.rowsAffected;
}
