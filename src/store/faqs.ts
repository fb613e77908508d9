// The FAQ entries the autoresponder answers from (faq_entries).
import { and, asc, eq, max, sql } from 'drizzle-orm';
import { faqEntries } from '../../db/schema.ts';
import type { Db } from './db.ts';

export type FaqEntryRow = typeof faqEntries.$inferSelect;
export type NewFaqEntry = typeof faqEntries.$inferInsert;

/** Every entry in list order (position, then id); with `enabledOnly` what the matcher may use. */
export async function listFaqEntries(db: Db, options: { enabledOnly?: boolean } = {}): Promise<FaqEntryRow[]> {
  const query = db.select().from(faqEntries);
  const filtered = options.enabledOnly ? query.where(eq(faqEntries.enabled, true)) : query;
  return filtered.orderBy(asc(faqEntries.position), asc(faqEntries.id));
}

export async function getFaqEntry(db: Db, id: string): Promise<FaqEntryRow | undefined> {
  const rows = await db.select().from(faqEntries).where(eq(faqEntries.id, id)).limit(1);
  return rows[0];
}

export async function nextFaqPosition(db: Db): Promise<number> {
  const [row] = await db.select({ last: max(faqEntries.position) }).from(faqEntries);
  return (row?.last ?? -1) + 1;
}

export async function insertFaqEntry(db: Db, row: NewFaqEntry): Promise<void> {
  await db.insert(faqEntries).values(row);
}

export async function updateFaqEntry(db: Db, id: string, patch: Partial<NewFaqEntry>): Promise<boolean> {
  const result = await db.update(faqEntries).set(patch).where(eq(faqEntries.id, id));
  return result.rowsAffected > 0;
}

/** Insert or replace the entry's content by id (an import); created_at stays as first stored. */
export function upsertFaqEntryQuery(db: Db, row: NewFaqEntry & { id: string }) {
  const { id: _id, createdAt: _createdAt, ...content } = row;
  return db.insert(faqEntries).values(row).onConflictDoUpdate({ target: faqEntries.id, set: content });
}

/** Upserts the entries in one batch (all or none). */
export async function upsertFaqEntries(db: Db, rows: (NewFaqEntry & { id: string })[]): Promise<void> {
  const [first, ...rest] = rows.map((row) => upsertFaqEntryQuery(db, row));
  if (first) await db.batch([first, ...rest]);
}

export async function deleteFaqEntry(db: Db, id: string): Promise<boolean> {
  const result = await db.delete(faqEntries).where(eq(faqEntries.id, id));
  return result.rowsAffected > 0;
}

/** Adds one example question for a locale, unless the entry already has it (one statement: no lost update). */
export async function addFaqQuestion(db: Db, id: string, locale: string, question: string, now: number): Promise<boolean> {
  const path = `$."${locale.replace(/["\\]/g, '')}"`;
  const current = sql`coalesce(json_extract(${faqEntries.questions}, ${path}), json('[]'))`;
  const result = await db
    .update(faqEntries)
    .set({
      questions: sql`json_set(${faqEntries.questions}, ${path}, json_insert(${current}, '$[#]', ${question}))`,
      updatedAt: now,
    })
    .where(
      and(eq(faqEntries.id, id), sql`not exists (select 1 from json_each(${faqEntries.questions}, ${path}) where value = ${question})`),
    );
  return result.rowsAffected > 0;
}

/** The settings key of the knowledge base's version, bumped by triggers on every change of faq_entries (migration 0011). */
export const FAQ_VERSION_KEY = 'faq.entries.version';
