import { asc, count, eq } from 'drizzle-orm';
import { agents } from '../../db/schema.ts';
import type { Db } from './db.ts';

export type AgentRow = typeof agents.$inferSelect;

export async function countAgents(db: Db): Promise<number> {
  const rows = await db.select({ n: count() }).from(agents);
  return rows[0]?.n ?? 0;
}

export async function insertAgent(db: Db, row: typeof agents.$inferInsert): Promise<void> {
  await db.insert(agents).values(row);
}

export async function findAgentByEmail(db: Db, email: string): Promise<AgentRow | undefined> {
  const rows = await db.select().from(agents).where(eq(agents.email, email)).limit(1);
  return rows[0];
}

export async function getAgentById(db: Db, id: string): Promise<AgentRow | undefined> {
  const rows = await db.select().from(agents).where(eq(agents.id, id)).limit(1);
  return rows[0];
}

export async function listAgentRows(db: Db): Promise<AgentRow[]> {
  return db.select().from(agents).orderBy(asc(agents.name));
}

export async function updateAgent(db: Db, id: string, patch: Partial<typeof agents.$inferInsert>): Promise<void> {
  await db.update(agents).set(patch).where(eq(agents.id, id));
}

/** The agent's own settings (/inbox/me); null is "not chosen". */
export async function setAgentSettings(
  db: Db,
  id: string,
  settings: { locale: string | null; timeZone: string | null; signature: string | null },
): Promise<void> {
  await db
    .update(agents)
    .set({ locale: settings.locale, timeZone: settings.timeZone, signature: settings.signature })
    .where(eq(agents.id, id));
}
