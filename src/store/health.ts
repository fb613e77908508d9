import { sql } from 'drizzle-orm';
import type { Db } from './db.ts';

export async function pingDatabase(db: Db): Promise<void> {
  await db.run(sql`select 1`);
}
