// The inbox settings an inbound message needs (the first-response target) are kept per settings version: the
// version, which triggers bump on every change of a managed setting (also one made in SQL, e.g. by another host),
// is read inside the sender's contact look-up, so a message reads no setting of its own, and the next message
// after a change uses the new value.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { conversations } from '../../db/schema.ts';
import { INBOX_SETTING_KEYS, loadInboxSettings, saveInboxSettings } from '../../src/services/inboxSettings.ts';
import { receiveEmail } from '../../src/services/receiveEmail.ts';
import { createDb } from '../../src/store/db.ts';
import { FAQ_VERSION_KEY } from '../../src/store/faqs.ts';
import { getSetting, putSetting, SETTINGS_VERSION_KEY } from '../../src/store/settings.ts';
import { useTestContext } from '../support/contexts.ts';
import { recordingClient } from '../support/recording-client.ts';
import { customerMail } from '../support/faq-helpers.ts';
import type { TestContext } from '../support/test-deps.ts';

const HOUR = 3_600_000;

async function setTargetHours(t: TestContext, hours: number): Promise<void> {
  const current = await loadInboxSettings(t.deps);
  await saveInboxSettings(t.deps, { ...current, firstResponse: { hours, businessHours: null } });
}

/** A new conversation from a new subject; how long after its arrival its first response is due. */
async function dueAfter(t: TestContext, deps: TestContext['deps'], subject: string): Promise<number> {
  const result = await receiveEmail(
    deps,
    customerMail({ subject, text: 'Hello, a question.' }),
    { from: 'anna.berg@example.com', to: null },
    'http',
  );
  if (result.outcome?.status !== 'processed') throw new Error(JSON.stringify(result.outcome));
  const [row] = await t.deps.db.select().from(conversations).where(eq(conversations.id, result.outcome.conversationId!));
  return row!.firstResponseDueAt! - row!.waitingSince!;
}

describe('inbox settings for inbound mail', () => {
  const t = useTestContext();

  it('a version that changes with every insert, update and delete of each managed setting, also in SQL, and only then', async () => {
    const version = async () => getSetting(t.deps.db, SETTINGS_VERSION_KEY);
    const seen = [await version()];
    for (const key of INBOX_SETTING_KEYS) {
      await t.client.execute({ sql: 'insert into settings (key, value) values (?, ?)', args: [key, '1'] });
      seen.push(await version());
      await t.client.execute({ sql: 'update settings set value = ? where key = ?', args: ['2', key] });
      seen.push(await version());
      await t.client.execute({ sql: 'delete from settings where key = ?', args: [key] });
      seen.push(await version());
    }
    expect(seen.every((v) => v !== undefined)).toBe(true);
    expect(new Set(seen).size).toBe(seen.length);
    // Settings the inbox does not manage (the FAQ's own version, a scanner's mark) leave it alone.
    const before = await version();
    await putSetting(t.deps.db, FAQ_VERSION_KEY, '99', t.clock.now());
    await putSetting(t.deps.db, 'triggers.scan.example', '1', t.clock.now());
    expect(await version()).toBe(before);
  });

  it('the next message after a change uses the new first-response target, also when changed in SQL', async () => {
    await setTargetHours(t, 2);
    expect(await dueAfter(t, t.deps, 'First question')).toBe(2 * HOUR);
    expect(await dueAfter(t, t.deps, 'Second question')).toBe(2 * HOUR);
    await setTargetHours(t, 5);
    expect(await dueAfter(t, t.deps, 'Third question')).toBe(5 * HOUR);
    // Another host (or an admin in SQL) changes it: the trigger bumps the version, the cache follows.
    await t.client.execute({
      sql: 'update settings set value = ? where key = ?',
      args: [JSON.stringify({ hours: 7, businessHours: null }), 'inbox.first_response'],
    });
    expect(await dueAfter(t, t.deps, 'Fourth question')).toBe(7 * HOUR);
  });

  it('no statement of its own for the settings once they are cached: the version comes with the contact', async () => {
    await setTargetHours(t, 3);
    const { client, sql } = recordingClient(t.client);
    const deps = { ...t.deps, db: createDb(client) };
    expect(await dueAfter(t, deps, 'Warm-up')).toBe(3 * HOUR);
    sql.length = 0;
    expect(await dueAfter(t, deps, 'A question about bread')).toBe(3 * HOUR);
    // (The autoresponder's own look-up reads the FAQ's version, a new conversation being a candidate.)
    const reads = sql.filter((s) => /settings/.test(s) && !/faq_decisions/.test(s));
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatch(/from "contacts" where "contacts"\."email" = \?/);
  });
});
