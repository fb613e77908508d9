import type { Db } from './db.ts';

/**
 * Proves the database can commit a write, not only answer a read: takes the write lock
 * (BEGIN IMMEDIATE, waiting at most the busy timeout) and commits. Nothing is written.
 */
export async function probeDatabaseWrite(db: Db): Promise<void> {
  await db.$client.batch(['select 1'], 'write');
}
