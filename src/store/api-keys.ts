import { and, asc, eq, isNull } from 'drizzle-orm';
import { apiKeys } from '../../db/schema.ts';
import type { ApiKeyRole } from '../domain/vocabulary.ts';
import type { Db } from './db.ts';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export async function insertApiKey(db: Db, row: typeof apiKeys.$inferInsert & { role: ApiKeyRole }): Promise<void> {
  await db.insert(apiKeys).values(row);
}

/** The key with this hash, whatever its state (revoked and expired keys included). */
export async function findApiKeyByHash(db: Db, keyHash: string): Promise<ApiKeyRow | undefined> {
  const rows = await db.select().from(apiKeys).where(eq(apiKeys.keyHash, keyHash)).limit(1);
  return rows[0];
}

export async function findApiKeyByName(db: Db, name: string): Promise<ApiKeyRow | undefined> {
  const rows = await db.select().from(apiKeys).where(eq(apiKeys.name, name)).limit(1);
  return rows[0];
}

export async function findApiKeyById(db: Db, id: string): Promise<ApiKeyRow | undefined> {
  const rows = await db.select().from(apiKeys).where(eq(apiKeys.id, id)).limit(1);
  return rows[0];
}

/** Every key, oldest first (a deployment has a handful, not thousands). */
export async function listApiKeyRows(db: Db): Promise<ApiKeyRow[]> {
  return db.select().from(apiKeys).orderBy(asc(apiKeys.createdAt), asc(apiKeys.id));
}

/** Marks the key revoked unless it already is; the first revocation time is kept. */
export async function markApiKeyRevoked(db: Db, id: string, at: number): Promise<void> {
  await db
    .update(apiKeys)
    .set({ revokedAt: at })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)));
}

export async function touchApiKey(db: Db, id: string, at: number): Promise<void> {
  await db.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, id));
}
