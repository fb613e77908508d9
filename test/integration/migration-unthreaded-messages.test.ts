// The bulk_without_conversation migration rebuilds messages (conversation_id nullable, contact_id added). A database
// migrated to 0018 with mail in it keeps every row under its rowid and id, and every trigger and index messages had,
// each still doing its work: a reply marks the sent mail replied in the report facts and is searchable after the tick,
// a complaint and a deletion still reach the facts and the search index.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { indexSearchWords } from '../../src/services/indexSearchWords.ts';
import { searchInbox } from '../../src/services/searchInbox.ts';
import { sendBulk } from '../../src/services/sendBulk.ts';
import { MIGRATIONS_FOLDER, runMigrations } from '../../src/store/migrate.ts';
import { useTestContext } from '../support/contexts.ts';
import { deliver } from '../support/inbound-helpers.ts';

const LAST_BEFORE = 18;

/** db/migrations as it was up to 0018 (the journal cut there). */
function migrationsUpTo(last: number): URL {
  const source = decodeURIComponent(MIGRATIONS_FOLDER.pathname);
  const dir = mkdtempSync(join(tmpdir(), 'samtal-migrations-'));
  mkdirSync(join(dir, 'meta'));
  const journal = JSON.parse(readFileSync(join(source, 'meta/_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
  journal.entries = journal.entries.filter((e) => e.idx <= last);
  writeFileSync(join(dir, 'meta/_journal.json'), JSON.stringify(journal));
  const tags = new Set(journal.entries.map((e) => `${e.tag}.sql`));
  for (const file of readdirSync(source)) if (tags.has(file)) copyFileSync(join(source, file), join(dir, file));
  return pathToFileURL(`${dir}/`);
}

const t = useTestContext({}, { migrationsFolder: migrationsUpTo(LAST_BEFORE) });
const H = 3_600_000;

const rows = async (query: string, args: (string | number)[] = []) =>
  (await t.client.execute({ sql: query, args })).rows.map((r) => ({ ...r }));
const schemaOfMessages = async () =>
  rows(`select type, name from sqlite_master where type in ('index', 'trigger') and name not like 'sqlite_autoindex%'
    and (tbl_name = 'messages' or name = 'report_facts_complaint') order by type, name`);

/** Mail as 0018 stored it: Lina's conversation with a marketing message she got and an earlier question of hers. */
async function seedBefore(sentAt: number) {
  await t.client.batch(
    [
      `insert into contacts (id, email, locale, created_at, updated_at) values ('cnt_lina', 'lina@example.se', 'sv', ${sentAt}, ${sentAt})`,
      `insert into conversations (id, contact_id, subject, status, last_message_at, created_at, updated_at)
        values ('cnv_old', 'cnt_lina', 'Vinterrea', 'closed', ${sentAt}, ${sentAt - H}, ${sentAt})`,
      `insert into messages (id, conversation_id, direction, author, message_id_header, from_address, subject, text, reply_text,
          status, classification, created_at)
        values ('msg_question', 'cnv_old', 'in', 'contact', 'q1@example.se', 'lina@example.se', 'Vinterrea', 'Har ni vantar?',
          'Har ni vantar?', 'received', 'message', ${sentAt - H})`,
      `insert into messages (id, conversation_id, direction, author, message_id_header, to_addresses, subject, text, status,
          provider_id, template, category, created_at, sent_at)
        values ('msg_offer', 'cnv_old', 'out', 'trigger', 'msg_offer@reply.acme.example', '["lina@example.se"]', 'Vinterrea',
          'Vantar till halva priset', 'sent', 'prov-offer', 'winter', 'marketing', ${sentAt}, ${sentAt})`,
    ],
    'write',
  );
}

const reply = (parent: string, body: string, id: string) =>
  new TextEncoder().encode(
    [
      'From: Lina Berg <lina@example.se>',
      'To: support@acme.example',
      'Subject: Re: Vinterrea',
      `Message-ID: <${id}@example.se>`,
      `In-Reply-To: <${parent}>`,
      `Date: ${new Date(t.clock.now()).toUTCString()}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      body,
      '',
    ].join('\r\n'),
  ) as Uint8Array<ArrayBuffer>;

const found = async (term: string) => (await searchInbox(t.deps, term)).conversations.map((c) => c.conversationId);

describe('migration bulk_without_conversation on a database at 0018', () => {
  it('keeps every row, trigger and index of messages, and the triggers still fire', async () => {
    const sentAt = t.clock.now() - 2 * H;
    await seedBefore(sentAt);
    const before = await schemaOfMessages();
    const keptRows = await rows('select rowid, id, conversation_id from messages order by rowid');
    const keptFacts = await rows('select * from message_facts order by message_id');
    expect(keptFacts).toHaveLength(1);
    expect(before.map((r) => r.name)).toContain('report_facts_outbound_insert');

    await runMigrations(t.deps.db);

    const after = await schemaOfMessages();
    const added = [
      'messages_email_time_idx', // by 0021, which runs here too
      'messages_search_after_thread',
      'messages_unthreaded_contact_idx',
      'report_facts_outbound_thread',
      'report_facts_unthreaded_insert',
    ];
    // (messages_status_idx went in 0018, before this migration: no query reads by it.)
    expect(before.map((r) => r.name)).not.toContain('messages_status_idx');
    const kept = before.map((r) => String(r.name));
    expect(after.map((r) => r.name).sort()).toEqual([...kept, ...added].sort());
    expect(await rows('select rowid, id, conversation_id from messages order by rowid')).toEqual(keptRows);
    expect(await rows('select * from message_facts order by message_id')).toEqual(keptFacts);
    expect(await rows('pragma foreign_key_check')).toEqual([]);
    expect(await rows('pragma integrity_check')).toEqual([{ integrity_check: 'ok' }]);

    // A reply to the old message: it joins the old conversation, the offer counts as replied, and it is searchable.
    const answer = await deliver(t, reply('msg_offer@reply.acme.example', 'Ja tack, två par vantar', 'r1'));
    expect(answer.conversation_id).toBe('cnv_old');
    expect(await rows("select replied from message_facts where message_id = 'msg_offer'")).toEqual([{ replied: 1 }]);
    expect(await rows("select sum(replied) as replied from message_daily where template = 'winter'")).toEqual([{ replied: 1 }]);
    expect(await found('vantar')).toEqual([]);
    await indexSearchWords(t.deps);
    expect(await found('vantar')).toEqual(['cnv_old']);

    // A complaint about the old message reaches its fact (report_facts_complaint, made again).
    await t.client.execute(`insert into provider_events (id, provider, provider_event_id, type, provider_message_id, payload, received_at)
      values ('pev_1', 'resend', 'evt_1', 'email.complained', 'prov-offer', '{}', ${t.clock.now()})`);
    expect(await rows("select complained from message_facts where message_id = 'msg_offer'")).toEqual([{ complained: 1 }]);

    // A deleted message leaves the search index (messages_fts_after_delete, messages_words_after_delete).
    await t.client.execute({ sql: 'delete from messages where id = ?', args: [answer.message_id!] });
    expect(await rows('select count(*) as n from messages_fts where message_id = ?', [answer.message_id!])).toEqual([{ n: 0 }]);
  });

  it('after it, a bulk message has a fact on its contact, and the reply that makes its conversation counts as replied', async () => {
    await runMigrations(t.deps.db);
    const [result] = await sendBulk(t.deps, { recipients: [{ to: 'lina@example.se' }], subject: 'Kvitto', text: 'Tack för köpet' });
    expect(result).toMatchObject({ status: 'queued', conversationId: null });
    const id = (result as { id: string }).id;
    const contact = await rows("select id from contacts where email = 'lina@example.se'");
    expect(await rows('select conversation_id, contact_id, replied from message_facts where message_id = ?', [id])).toEqual([
      { conversation_id: '', contact_id: contact[0]!.id, replied: 0 },
    ]);
    expect(await rows('select count(*) as n from messages_fts_pending')).toEqual([{ n: 0 }]);
    t.clock.advance(H);
    const [header] = await rows('select message_id_header as h from messages where id = ?', [id]);
    const answer = await deliver(t, reply(String(header!.h), 'Tack själv', 'r2'));
    expect(await rows('select conversation_id, replied from message_facts where message_id = ?', [id])).toEqual([
      { conversation_id: answer.conversation_id, replied: 1 },
    ]);
  });
});
