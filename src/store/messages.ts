import { messages } from '../../db/schema.ts';
import type { Db } from './db.ts';

export type MessageRow = typeof messages.$inferSelect;

export async function insertMessage(db: Db, row: typeof messages.$inferInsert): Promise<void> {
  await db.insert(messages).values(row);
}
