// The look-ups every inbound message makes, as drizzle prepared queries built once per database (the query building
// was a measurable share of the pipeline's CPU, see BENCHMARKS.md), and the inbox settings' version read inside the
// sender's look-up, so the settings cost no statement of their own.
import { eq, sql } from 'drizzle-orm';
import { contacts, settings } from '../../db/schema.ts';
import type { ContactRow } from './contacts.ts';
import type { Db } from './db.ts';
import { perDatabase } from './per-database.ts';
import { SETTINGS_VERSION_KEY } from './settings.ts';

function build(db: Db) {
  return {
    sender: db
      .select({
        contact: contacts,
        settingsVersion: sql<string | null>`(select ${settings.value} from ${settings} where ${settings.key} = ${SETTINGS_VERSION_KEY})`,
      })
      .from(contacts)
      .where(eq(contacts.email, sql.placeholder('email')))
      .limit(1)
      .prepare(),
  };
}

const prepared = perDatabase(build);

export interface SenderLookup {
  /** The contact with the address; undefined: none yet. */
  contact: ContactRow | undefined;
  /** The inbox settings' version (SETTINGS_VERSION_KEY); undefined when not read (no contact), null when not recorded. */
  settingsVersion: string | null | undefined;
}

export async function senderContact(db: Db, email: string): Promise<SenderLookup> {
  const [row] = await prepared(db).sender.all({ email });
  return row ? { contact: row.contact, settingsVersion: row.settingsVersion } : { contact: undefined, settingsVersion: undefined };
}
