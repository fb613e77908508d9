import { sql } from 'drizzle-orm';
import type { Db } from './db.ts';
import type { NewContact } from './contacts.ts';

/**
 * Upserts many contacts in one statement: new addresses are inserted, known ones get the
 * given fields and merged attributes (json_patch). Returns how many rows were new.
 */
export async function upsertContactsBulk(
  db: Db,
  rows: (NewContact & { consentGiven: boolean })[],
): Promise<{ created: number; updated: number }> {
  if (rows.length === 0) return { created: 0, updated: 0 };
  const values = sql.join(
    rows.map(
      (r) => sql`(${r.id}, ${r.email}, ${r.name ?? null}, ${r.locale ?? null}, ${r.timezone ?? null}, ${JSON.stringify(r.attributes ?? {})},
        ${r.consentGiven ? r.marketingConsent : 'unknown'}, ${r.consentGiven ? (r.consentSource ?? null) : null},
        ${r.consentGiven ? (r.consentUpdatedAt ?? null) : null}, ${r.createdAt}, ${r.updatedAt})`,
    ),
    sql`, `,
  );
  const result = await db.all<{ id: string }>(sql`
    with incoming(id, email, name, locale, timezone, attributes, marketing_consent, consent_source, consent_updated_at,
      created_at, updated_at)
      as (values ${values})
    insert into contacts (id, email, name, locale, timezone, attributes, marketing_consent, consent_source, consent_updated_at,
      created_at, updated_at)
    select id, email, name, locale, timezone, attributes, marketing_consent, consent_source, consent_updated_at, created_at, updated_at
    from incoming where true
    on conflict(email) do update set
      name = coalesce(excluded.name, contacts.name),
      locale = coalesce(excluded.locale, contacts.locale),
      timezone = coalesce(excluded.timezone, contacts.timezone),
      attributes = json_patch(contacts.attributes, excluded.attributes),
      marketing_consent = case when excluded.consent_source is not null or excluded.marketing_consent <> 'unknown'
        then excluded.marketing_consent else contacts.marketing_consent end,
      consent_source = coalesce(excluded.consent_source, contacts.consent_source),
      consent_updated_at = coalesce(excluded.consent_updated_at, contacts.consent_updated_at),
      updated_at = excluded.updated_at
    returning id`);
  const proposed = new Set(rows.map((r) => r.id));
  // An address twice in one chunk returns the same (new) id twice: count it once as created.
  const created = new Set(result.map((r) => r.id).filter((id) => proposed.has(id))).size;
  return { created, updated: result.length - created };
}
