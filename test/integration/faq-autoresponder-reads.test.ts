// What the autoresponder reads per inbound message: nothing for a message it may not answer (a reply in a
// conversation an agent is on), and the knowledge base's version, which every change of an entry bumps (even one
// made in SQL), so its cached index is rebuilt for the next message after a change and never per message.
import { describe, expect, it } from 'vitest';
import { agentReply } from '../../src/services/agentReply.ts';
import { createAgentWithPassword } from '../../src/services/agents.ts';
import { firstResponseTarget } from '../../src/services/inboxSettings.ts';
import { receiveEmail } from '../../src/services/receiveEmail.ts';
import { createDb } from '../../src/store/db.ts';
import { FAQ_VERSION_KEY } from '../../src/store/faqs.ts';
import { getSetting } from '../../src/store/settings.ts';
import { useTestContext } from '../support/contexts.ts';
import { recordingClient } from '../support/recording-client.ts';
import { customerMail, decisionsIn, loadBakeryFaq, messagesIn, receiveMail } from '../support/faq-helpers.ts';

describe('the autoresponder reads', () => {
  const t = useTestContext({ FAQ_MODE: 'auto' });

  it('nothing of the FAQ for a reply in a conversation an agent answered', async () => {
    await loadBakeryFaq(t);
    const ola = await createAgentWithPassword(t.deps, {
      email: 'ola@bakery.example',
      name: 'Ola',
      role: 'agent',
      password: 'a-long-password-1',
    });
    const talk = await receiveMail(t, { subject: 'My order', text: 'I have a complaint about my order.' });
    await agentReply(t.deps, ola, { conversationId: talk.conversationId!, text: 'Sorry! Tell me more.', seenUpTo: t.clock.now() });
    const [answer] = (await messagesIn(t, talk.conversationId!)).filter((m) => m.author === 'agent');

    const { client, sql } = recordingClient(t.client);
    const raw = customerMail({
      subject: 'Re: My order',
      text: 'Also: when are you open on Saturday?',
      inReplyTo: answer!.messageIdHeader!,
    });
    const db = createDb(client);
    await firstResponseTarget({ ...t.deps, db }); // the inbox settings cache, warm as on a running host
    sql.length = 0;
    const result = await receiveEmail({ ...t.deps, db }, raw, { from: 'anna.berg@example.com', to: null }, 'http');

    expect(result.outcome).toMatchObject({ status: 'processed', conversationId: talk.conversationId });
    expect(sql.length).toBeGreaterThan(0);
    expect(sql.filter((s) => /faq_/.test(s))).toEqual([]);
    // None of the FAQ's settings; the inbox settings' version comes with the sender's contact (inbound-settings-cache.test.ts).
    const settingsReads = sql.filter((s) => /settings/.test(s));
    expect(settingsReads).toHaveLength(1);
    expect(settingsReads[0]).toMatch(/from "contacts"/);
    expect(await decisionsIn(t, talk.conversationId!)).toHaveLength(1); // the first message's, none for the reply
  });

  it('a version that changes with every insert, update and delete of an entry, also in SQL', async () => {
    const versions = [await getSetting(t.deps.db, FAQ_VERSION_KEY)];
    await loadBakeryFaq(t);
    versions.push(await getSetting(t.deps.db, FAQ_VERSION_KEY));
    await t.client.execute("update faq_entries set questions = json_set(questions, '$.en[0]', 'When do you open?')");
    versions.push(await getSetting(t.deps.db, FAQ_VERSION_KEY));
    await t.client.execute('delete from faq_entries where rowid = (select min(rowid) from faq_entries)');
    versions.push(await getSetting(t.deps.db, FAQ_VERSION_KEY));
    expect(versions.every((v) => v !== undefined)).toBe(true);
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('an entry changed in SQL is used for the next message', async () => {
    await loadBakeryFaq(t);
    const before = await receiveMail(t, { from: 'a@example.com', subject: 'Vlorp', text: 'Vlorp snix quandar trebbel?' });
    expect((await decisionsIn(t, before.conversationId!))[0]).toMatchObject({ decision: 'handoff' });
    const [entry] = (await t.client.execute("select id from faq_entries where mode = 'auto' limit 1")).rows;
    await t.client.execute({
      sql: "update faq_entries set questions = json_set(questions, '$.en', json_array('Vlorp snix quandar trebbel?')) where id = ?",
      args: [String(entry!.id)],
    });
    const after = await receiveMail(t, { from: 'b@example.com', subject: 'Vlorp', text: 'Vlorp snix quandar trebbel?' });
    expect((await decisionsIn(t, after.conversationId!))[0]).toMatchObject({ faqId: String(entry!.id) });
  });
});
