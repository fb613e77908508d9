import { eq, inArray } from 'drizzle-orm';
import { settings } from '../../db/schema.ts';
import type { Db } from './db.ts';

/** The version of the settings /inbox/settings manages, bumped by triggers on every change of one of them (migration 0017). */
export const SETTINGS_VERSION_KEY = 'inbox.settings.version';

export async function getSetting(db: Db, key: string): Promise<string | undefined> {
  const rows = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).limit(1);
  return rows[0]?.value;
}

/** Several settings in one read; keys not set are missing from the map. */
export async function getSettings(db: Db, keys: readonly string[]): Promise<Map<string, string>> {
  const rows = await db
    .select({ key: settings.key, value: settings.value })
    .from(settings)
    .where(inArray(settings.key, [...keys]));
  return new Map(rows.map((r) => [r.key, r.value]));
}

export async function putSetting(db: Db, key: string, value: string, now: number): Promise<void> {
  await db
    .insert(settings)
    .values({ key, value, updatedAt: now })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } });
}

/** Sets (a string) or removes (null: back to the default) each setting, in one transaction. */
export async function putSettings(db: Db, entries: ReadonlyMap<string, string | null>, now: number): Promise<void> {
  const queries = [...entries].map(([key, value]) =>
    value === null
      ? db.delete(settings).where(eq(settings.key, key))
      : db
          .insert(settings)
          .values({ key, value, updatedAt: now })
          .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } }),
  );
  const [first, ...rest] = queries;
  if (first) await db.batch([first, ...rest]);
}
