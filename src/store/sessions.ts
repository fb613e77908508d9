import { and, eq, gt, lt } from 'drizzle-orm';
import { agents, sessions } from '../../db/schema.ts';
import type { Db } from './db.ts';

export type SessionRow = typeof sessions.$inferSelect;

export async function insertSession(db: Db, row: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(row);
}

export async function findLiveSession(db: Db, idHash: string, now: number) {
  const rows = await db
    .select({ session: sessions, agent: agents })
    .from(sessions)
    .innerJoin(agents, eq(agents.id, sessions.agentId))
    .where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, now), eq(agents.active, true)))
    .limit(1);
  return rows[0];
}

export async function touchSession(db: Db, idHash: string, now: number, expiresAt: number): Promise<void> {
  await db.update(sessions).set({ lastUsedAt: now, expiresAt }).where(eq(sessions.idHash, idHash));
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, idHash));
}

export async function deleteAgentSessions(db: Db, agentId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.agentId, agentId));
}

export async function deleteExpiredSessions(db: Db, now: number): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}
