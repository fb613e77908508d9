// Writing the word indexes (messages_words_fts, contacts_words_fts; see db/migrations/0010_bigrams.sql) from the
// trigram indexes' text, in batches: rows above the high-water mark, then rows whose text changed since.
import { sql } from 'drizzle-orm';
import { wordIndexText } from '../domain/inbox/search-words.ts';
import { settings } from '../../db/schema.ts';
import type { Db } from './db.ts';
import { getSetting } from './settings.ts';

export interface WordIndex {
  /** The trigram table whose text (and rowids) the word index follows. */
  source: 'messages_fts' | 'contacts_fts';
  words: 'messages_words_fts' | 'contacts_words_fts';
  stale: 'messages_words_stale' | 'contacts_words_stale';
  columns: readonly [string, string];
  /** The settings key of the high-water mark: the source rowid up to which rows are indexed. */
  setting: string;
}

export const MESSAGE_WORDS: WordIndex = {
  source: 'messages_fts',
  words: 'messages_words_fts',
  stale: 'messages_words_stale',
  columns: ['subject', 'body'],
  setting: 'search.words.messages',
};

export const CONTACT_WORDS: WordIndex = {
  source: 'contacts_fts',
  words: 'contacts_words_fts',
  stale: 'contacts_words_stale',
  columns: ['name', 'email'],
  setting: 'search.words.contacts',
};

interface SourceRow {
  rowid: number;
  a: string;
  b: string;
  version?: number;
}

/** Indexes up to `limit` rows of one index in one atomic batch; returns how many it wrote (0: up to date). */
export async function indexWordsBatch(db: Db, index: WordIndex, limit: number, now: number): Promise<number> {
  const source = sql.raw(index.source);
  const [a, b] = index.columns.map((c) => sql.raw(`f.${c}`));
  const mark = Number((await getSetting(db, index.setting)) ?? 0);
  const fresh = await db.all<SourceRow>(
    sql`select f.rowid as rowid, ${a} as a, ${b} as b from ${source} f where f.rowid > ${mark} order by f.rowid limit ${limit}`,
  );
  // Changed rows above the mark are left for the range to reach; they are indexed again after it, harmlessly.
  const changed = await db.all<SourceRow>(sql`
    select s.fts_rowid as rowid, s.version as version, ${a} as a, ${b} as b
    from ${sql.raw(index.stale)} s join ${source} f on f.rowid = s.fts_rowid
    where s.fts_rowid <= ${mark} limit ${limit}`);
  if (fresh.length === 0 && changed.length === 0) return 0;
  const words = sql.raw(index.words);
  const stale = sql.raw(index.stale);
  const rows = [...changed, ...fresh];
  const values = sql.join(
    rows.map((r) => sql`(${r.rowid}, ${wordIndexText(r.a)}, ${wordIndexText(r.b)})`),
    sql`, `,
  );
  const changedIds = sql.join(
    changed.map((r) => sql`${r.rowid}`),
    sql`, `,
  );
  const newMark = fresh.at(-1)?.rowid ?? mark;
  const writes = [
    db.run(sql`insert into ${words} (rowid, ${sql.raw(index.columns.join(', '))}) values ${values}`),
    db
      .insert(settings)
      .values({ key: index.setting, value: String(newMark), updatedAt: now })
      .onConflictDoUpdate({ target: settings.key, set: { value: String(newMark), updatedAt: now } }),
  ];
  if (changed.length > 0) {
    // A change made since the read bumped its version: that row stays for the next batch.
    const done = sql.join(
      changed.map((r) => sql`(fts_rowid = ${r.rowid} and version = ${r.version ?? 0})`),
      sql` or `,
    );
    writes.unshift(db.run(sql`delete from ${words} where rowid in (${changedIds})`));
    writes.push(db.run(sql`delete from ${stale} where ${done}`));
  }
  await db.batch(writes as [(typeof writes)[number], ...(typeof writes)[number][]]);
  return rows.length;
}
