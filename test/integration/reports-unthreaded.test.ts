// Bulk and broadcast mail is written without a conversation, yet counts in the reports like any sent mail: the reply
// that makes its conversation counts as replied (per template and per category), and bounces, complaints and
// unsubscribes by link count per template, from the report facts alone.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { conversations, messages } from '../../db/schema.ts';
import { upsertContact } from '../../src/services/contacts.ts';
import { deliverOutbox } from '../../src/services/deliverOutbox.ts';
import { handleProviderEvent } from '../../src/services/handleProviderEvent.ts';
import { deliverabilityReport, replyRateReport } from '../../src/services/reports.ts';
import { sendBulk } from '../../src/services/sendBulk.ts';
import { unsubscribeByToken } from '../../src/services/unsubscribe.ts';
import { useTestContext } from '../support/contexts.ts';
import { deliver } from '../support/inbound-helpers.ts';

const t = useTestContext();
const H = 3_600_000;
const DAY = 24 * H;

const mail = (from: string, to: string, body: string) =>
  new TextEncoder().encode(
    `From: ${from}\r\nTo: ${to}\r\nSubject: Re: Happy birthday\r\nMessage-ID: <r-${from}@example.com>\r\n` +
      `Date: ${new Date(t.clock.now()).toUTCString()}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`,
  ) as Uint8Array<ArrayBuffer>;

describe('reports over mail sent without a conversation', () => {
  it('count the reply that makes the conversation, and bounces, complaints and unsubscribes per template', async () => {
    t.clock.set(Date.parse('2026-11-03T08:00:00Z'));
    const people = ['ana', 'bo', 'cai', 'dan'].map((name) => `${name}@example.com`);
    for (const email of people) await upsertContact(t.deps, { email, consent: { marketing: 'subscribed' } });
    const results = await sendBulk(t.deps, { template: 'birthday', recipients: people.map((to) => ({ to })) });
    expect(results.map((r) => r.status)).toEqual(['queued', 'queued', 'queued', 'queued']);
    await deliverOutbox(t.deps);
    const sent = await Promise.all(
      results.map(
        async (r) =>
          (
            await t.deps.db
              .select()
              .from(messages)
              .where(eq(messages.id, (r as { id: string }).id))
          )[0]!,
      ),
    );
    expect(sent.map((m) => [m.status, m.conversationId])).toEqual(people.map(() => ['sent', null]));
    const [ana, bo, cai, dan] = sent as [(typeof sent)[0], (typeof sent)[0], (typeof sent)[0], (typeof sent)[0]];

    t.clock.advance(H);
    await deliver(t, mail(people[0]!, ana.headers!['Reply-To']!, 'Thank you!'), { from: people[0]!, to: ana.headers!['Reply-To']! });
    const event = (type: string, id: string, providerId: string, extra: object = {}) =>
      handleProviderEvent(
        t.deps,
        id,
        JSON.stringify({ type, created_at: new Date(t.clock.now()).toISOString(), data: { email_id: providerId, ...extra } }),
      );
    expect(
      await event('email.bounced', 'e1', bo.providerId!, { to: [people[1]], bounce: { type: 'Permanent', message: 'no such user' } }),
    ).toBe('applied');
    expect(await event('email.complained', 'e2', cai.providerId!, { to: [people[2]] })).toBe('applied');
    const unsubscribeToken = /\/u\/([^>]+)>/.exec(dan.headers!['List-Unsubscribe']!)![1]!;
    await unsubscribeByToken(t.deps, unsubscribeToken, 'unsubscribe link');
    // Only the person who answered has a conversation.
    expect(await t.deps.db.$count(conversations)).toBe(1);

    // Whole days (the daily sums) and a range cut inside the day (the facts of the partial day) give the same.
    for (const range of [
      { from: Date.parse('2026-11-01T00:00:00Z'), to: Date.parse('2026-11-01T00:00:00Z') + 7 * DAY },
      { from: Date.parse('2026-11-03T07:00:00Z'), to: Date.parse('2026-11-03T12:00:00Z') },
    ]) {
      expect((await replyRateReport(t.deps, range, 'template')).rows).toEqual([
        { group: 'birthday', sent: 3, replied: 1, reply_rate: 0.3333 },
      ]);
      expect((await replyRateReport(t.deps, range, 'category')).rows).toEqual([
        { group: 'marketing', sent: 3, replied: 1, reply_rate: 0.3333 },
      ]);
      expect((await deliverabilityReport(t.deps, range, 'template')).rows).toMatchObject([
        { group: 'birthday', sent: 4, bounced: 1, complaints: 1, unsubscribes: 1 },
      ]);
    }
  });
});
