import { desc, eq } from 'drizzle-orm';
import { devOutbox } from '../../db/schema.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';

export type DevOutboxRow = typeof devOutbox.$inferSelect;

export async function listDevOutbox(deps: Deps, limit: number): Promise<DevOutboxRow[]> {
  return deps.db.select().from(devOutbox).orderBy(desc(devOutbox.createdAt), desc(devOutbox.id)).limit(limit);
}

export async function getDevOutboxEntry(deps: Deps, id: string): Promise<DevOutboxRow> {
  const rows = await deps.db.select().from(devOutbox).where(eq(devOutbox.id, id)).limit(1);
  if (!rows[0]) throw new AppError('NotFound', `no dev outbox entry ${id}`);
  return rows[0];
}
