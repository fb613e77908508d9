import { contacts } from '../../db/schema.ts';
import type { Db } from './db.ts';

export type ContactRow = typeof contacts.$inferSelect;

export async function insertContact(db: Db, row: typeof contacts.$inferInsert): Promise<void> {
  await db.insert(contacts).values(row);
}
