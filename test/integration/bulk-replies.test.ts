// Bulk and broadcast messages are written without a conversation; the first reply (by reply token or
// by In-Reply-To) makes one, with the sent message in it, and later replies join it. Recipients never
// share a thread, and the contact's activity and the frequency caps see the messages before any reply.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { conversations, messages } from '../../db/schema.ts';
import { indexSearchWords } from '../../src/services/indexSearchWords.ts';
import { searchInbox } from '../../src/services/searchInbox.ts';
import { sendBulk } from '../../src/services/sendBulk.ts';
import { useApiContext } from '../support/contexts.ts';
import { conversationRow, deliver, fixture, withHeader } from '../support/inbound-helpers.ts';

const { t, api } = useApiContext();

const ASTRID = 'astrid.lindqvist@example.se';
const JAMES = 'james.oconnor@contoso.example';

async function bulkTo(people: string[]) {
  const results = await sendBulk(t.deps, {
    recipients: people.map((to) => ({ to })),
    subject: 'Din order SE-10442 är skickad',
    text: 'Hej! Din order är på väg.',
    category: 'transactional',
  });
  return Promise.all(
    results.map(async (result) => {
      if (result.status !== 'queued') throw new Error(`not queued: ${result.reason}`);
      const [row] = await t.deps.db.select().from(messages).where(eq(messages.id, result.id));
      return row!;
    }),
  );
}

const replyAddressOf = (message: { headers: Record<string, string> | null }) => message.headers!['Reply-To']!;

/** Astrid's reply by reply token (To), under its own Message-ID. */
function astridReply(to: string, messageId = 'CAF7rTz0xQm4-kJ2v+8dLw3pYq1Nz5HbE6sGk9uVt7R=Aw@mail.gmail.com') {
  return withHeader(fixture('gmail-sv-reply-token.eml', { TO_ADDRESS: to }), 'Message-ID', `<${messageId}>`);
}

describe('replies to a bulk message', () => {
  it('a bulk send writes no conversation; a reply by token makes exactly one, with the sent message in it', async () => {
    const [sent] = await bulkTo([ASTRID]);
    expect(sent!.conversationId).toBeNull();
    expect(await t.deps.db.$count(conversations)).toBe(0);

    const answer = await deliver(t, astridReply(replyAddressOf(sent!)), { from: ASTRID, to: replyAddressOf(sent!) });
    expect(answer).toMatchObject({ status: 'stored', thread_rule: 'reply_token', classification: 'message' });
    expect(await t.deps.db.$count(conversations)).toBe(1);
    const conversation = await conversationRow(t, answer.conversation_id!);
    expect(conversation).toMatchObject({ contactId: sent!.contactId, messageCount: 2, status: 'open', flag: null });
    const thread = await t.deps.db.select().from(messages).where(eq(messages.conversationId, conversation.id));
    expect(thread.map((m) => [m.id === sent!.id ? 'sent' : 'reply', m.direction])).toEqual([
      ['sent', 'out'],
      ['reply', 'in'],
    ]);
  });

  it('a second reply, by token or by In-Reply-To, lands in the same conversation', async () => {
    const [sent] = await bulkTo([ASTRID]);
    const first = await deliver(t, astridReply(replyAddressOf(sent!)), { from: ASTRID, to: replyAddressOf(sent!) });
    t.clock.advance(60_000);
    const second = await deliver(t, astridReply(replyAddressOf(sent!), 'second-reply@mail.gmail.com'), {
      from: ASTRID,
      to: replyAddressOf(sent!),
    });
    const byHeader = withHeader(
      withHeader(fixture('gmail-sv-reply-token.eml', { TO_ADDRESS: 'support@acme.example' }), 'Message-ID', '<third@mail.gmail.com>'),
      'In-Reply-To',
      `<${sent!.messageIdHeader}>`,
    );
    const third = await deliver(t, byHeader, { from: ASTRID, to: 'support@acme.example' });
    expect(third.thread_rule).toBe('in_reply_to');
    expect(new Set([first.conversation_id, second.conversation_id, third.conversation_id]).size).toBe(1);
    expect(await t.deps.db.$count(conversations)).toBe(1);
    expect((await conversationRow(t, first.conversation_id!)).messageCount).toBe(4);
  });

  it("two recipients' replies never share a thread", async () => {
    const [astrid, james] = await bulkTo([ASTRID, JAMES]);
    const a = await deliver(t, astridReply(replyAddressOf(astrid!)), { from: ASTRID, to: replyAddressOf(astrid!) });
    const j = await deliver(t, fixture('outlook-en-marketing-reply-in-reply-to.eml', { PARENT_ID: james!.messageIdHeader! }), {
      from: JAMES,
      to: 'support@acme.example',
    });
    expect(j.thread_rule).toBe('in_reply_to');
    expect(a.conversation_id).not.toBe(j.conversation_id);
    expect((await conversationRow(t, a.conversation_id!)).contactId).toBe(astrid!.contactId);
    expect((await conversationRow(t, j.conversation_id!)).contactId).toBe(james!.contactId);
    const conversationOf = async (id: string) => (await t.deps.db.select().from(messages).where(eq(messages.id, id)))[0]?.conversationId;
    expect(await conversationOf(astrid!.id)).toBe(a.conversation_id);
    expect(await conversationOf(james!.id)).toBe(j.conversation_id);
  });

  it("James replying with Astrid's reply address gets his own conversation, flagged; Astrid's message stays hers", async () => {
    const [astrid] = await bulkTo([ASTRID, JAMES]);
    const raw = fixture('outlook-en-marketing-reply-in-reply-to.eml', { PARENT_ID: 'unknown@elsewhere.example' });
    const answer = await deliver(t, withHeader(raw, 'To', replyAddressOf(astrid!)), { from: JAMES, to: replyAddressOf(astrid!) });
    const own = await conversationRow(t, answer.conversation_id!);
    expect(own.contactId).not.toBe(astrid!.contactId);
    expect(own.flag).toEqual(expect.stringContaining(JAMES));
    // The token named Astrid's message: its conversation is made (hers, with only her message) to link to.
    const [stored] = await t.deps.db.select().from(messages).where(eq(messages.id, astrid!.id));
    expect(own.linkedConversationId).toBe(stored!.conversationId);
    expect(await conversationRow(t, stored!.conversationId)).toMatchObject({ contactId: astrid!.contactId, messageCount: 1 });
  });

  it('erasing the recipient removes a bulk message nobody answered (it has no conversation to cascade from)', async () => {
    const [sent] = await bulkTo([ASTRID]);
    const erased = await api.json('DELETE', `/api/v1/contacts/${sent!.contactId}`);
    expect(erased.status).toBe(204);
    expect(await t.deps.db.$count(messages, eq(messages.id, sent!.id))).toBe(0);
    expect(await t.deps.db.$count(messages)).toBe(0);
  });

  it("the contact's activity lists the bulk message before anyone answered", async () => {
    const [sent] = await bulkTo([ASTRID]);
    const activity = await api.json('GET', `/api/v1/contacts/${sent!.contactId}/activity`);
    expect(activity.status).toBe(200);
    expect(activity.body.data).toContainEqual(
      expect.objectContaining({ type: 'message', id: sent!.id, direction: 'out', status: 'queued', conversation_id: null }),
    );
  });

  it('is indexed for search once it is in a conversation and the tick ran, and not before (search lists conversations)', async () => {
    const [sent] = await bulkTo([ASTRID]);
    const found = async (term: string) => (await searchInbox(t.deps, term)).conversations.map((c) => c.conversationId);
    // Someone else writes and is indexed: the word index's mark moves past the bulk message's rowid.
    const other = withHeader(fixture('outlook-en-marketing-reply-in-reply-to.eml', { PARENT_ID: 'x@elsewhere.example' }), 'Subject', 'Hi');
    await deliver(t, other, { from: JAMES, to: 'support@acme.example' });
    await indexSearchWords(t.deps);
    expect(await found('skickad')).toEqual([]);
    const answer = await deliver(t, astridReply(replyAddressOf(sent!)), { from: ASTRID, to: replyAddressOf(sent!) });
    await indexSearchWords(t.deps);
    expect(await found('skickad')).toEqual([answer.conversation_id]);
    const indexed = await t.deps.db.$client.execute({
      sql: `select f.conversation_id, w.rowid is not null as words from messages m join messages_fts f on f.rowid = m.rowid
        left join messages_words_fts w on w.rowid = m.rowid where m.id = ?`,
      args: [sent!.id],
    });
    expect(indexed.rows.map((r) => [r.conversation_id, Number(r.words)])).toEqual([[answer.conversation_id, 1]]);
  });
});
