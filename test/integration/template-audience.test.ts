// Template audiences end to end (issue 13 item 2): the youth and ski examples (templates/youth_offer, ski_week).
// A trigger send to someone outside is skipped with reason NotInAudience and the decision is stored; an API send
// is refused with 422 NotInAudience naming the template and the rule; a bulk send skips the ones outside.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { messages } from '../../db/schema.ts';
import { useApiContext } from '../support/contexts.ts';
import { consentingContact, decisionsOf, outbound, tick, track, useTriggers } from '../support/trigger-helpers.ts';

const { t, api } = useApiContext();

describe('a trigger send outside the template audience', () => {
  it('ski_week goes to skiers and snowboarders only; the others are skipped NotInAudience, with the decision stored', async () => {
    useTriggers(t, { ski: 'on: season_started\nsend: ski_week\nlimit: none\n' });
    await consentingContact(api, 'skier@example.com', 'Europe/Stockholm', { interests: ['ski', 'golf'] });
    await consentingContact(api, 'boarder@example.com', 'Europe/Stockholm', { interests: ['snowboard'] });
    await consentingContact(api, 'golfer@example.com', 'Europe/Stockholm', { interests: ['golf'] });
    await consentingContact(api, 'unknown@example.com', 'Europe/Stockholm');
    const emails = ['skier', 'boarder', 'golfer', 'unknown'].map((n) => `${n}@example.com`);
    await track(
      api,
      emails.map((email) => ({ name: 'season_started', contact: { email } })),
    );
    await tick(t);

    expect((await outbound(t, 'ski_week')).filter((m) => m.status !== 'skipped')).toHaveLength(2);
    const decisions = (await decisionsOf(t, 'ski')).filter((d) => d.decision !== 'scheduled');
    const contactsByEmail = new Map<string, string>();
    for (const email of emails) contactsByEmail.set(email, (await api.json('GET', `/api/v1/contacts?email=${email}`)).body.data[0].id);
    const outcome = (email: string) => {
      const d = decisions.find((x) => x.contactId === contactsByEmail.get(email));
      return [d?.decision, d?.reason];
    };
    expect(outcome('skier@example.com')).toEqual(['sent', null]);
    expect(outcome('boarder@example.com')).toEqual(['sent', null]);
    expect(outcome('golfer@example.com')).toEqual(['skipped', 'NotInAudience']);
    expect(outcome('unknown@example.com')).toEqual(['skipped', 'NotInAudience']);
    const skipped = decisions.find((d) => d.reason === 'NotInAudience');
    expect(skipped?.template).toBe('ski_week');
    const rule = JSON.stringify({ any: ['attributes.interests contains "ski"', 'attributes.interests contains "snowboard"'] });
    expect(skipped?.detail).toBe(`not in the audience of template "ski_week" (${rule})`);
    expect(t.mailer.sent.flatMap((m) => m.to).sort()).toEqual(['boarder@example.com', 'skier@example.com']);
  });

  it('youth_offer: 19 is in, "42" (as CSV imports store it) and no age are out', async () => {
    useTriggers(t, { youth: 'on: joined_club\nsend: youth_offer\nlimit: none\n' });
    await consentingContact(api, 'young@example.com', 'Europe/Stockholm', { age: 19 });
    await consentingContact(api, 'older@example.com', 'Europe/Stockholm', { age: '42' });
    await consentingContact(api, 'ageless@example.com', 'Europe/Stockholm');
    await track(api, [
      { name: 'joined_club', contact: { email: 'young@example.com' } },
      { name: 'joined_club', contact: { email: 'older@example.com' } },
      { name: 'joined_club', contact: { email: 'ageless@example.com' } },
    ]);
    await tick(t);
    const kinds = (await decisionsOf(t, 'youth')).filter((d) => d.decision !== 'scheduled').map((d) => `${d.decision} ${d.reason}`);
    expect(kinds.sort()).toEqual(['sent null', 'skipped NotInAudience', 'skipped NotInAudience']);
    expect(t.mailer.sent.flatMap((m) => m.to)).toEqual(['young@example.com']);
  });
});

describe('POST /api/v1/messages with a template audience', () => {
  it('refuses a contact outside it with 422 NotInAudience naming the template and the rule, and sends to one inside', async () => {
    await consentingContact(api, 'older@example.com', 'Europe/Stockholm', { age: 42 });
    await consentingContact(api, 'young@example.com', 'Europe/Stockholm', { age: 22 });
    const refused = await api.json('POST', '/api/v1/messages', { to: 'older@example.com', template: 'youth_offer' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('NotInAudience');
    expect(refused.body.error.message).toBe('older@example.com is not in the audience of template "youth_offer" (attributes.age < 26)');
    expect(refused.body.error.issues).toEqual([{ field: 'template', message: expect.stringContaining('attributes.age < 26') }]);
    expect(await t.deps.db.select().from(messages)).toHaveLength(0);

    const sent = await api.json('POST', '/api/v1/messages', { to: 'young@example.com', template: 'youth_offer' });
    expect(sent.status).toBe(202);
  });
});

describe('POST /api/v1/messages/bulk with a template audience', () => {
  it('skips the recipients outside it with the reason and queues the others', async () => {
    await consentingContact(api, 'young@example.com', 'Europe/Stockholm', { age: 19 });
    await consentingContact(api, 'older@example.com', 'Europe/Stockholm', { age: 42 });
    await consentingContact(api, 'ageless@example.com', 'Europe/Stockholm');
    const res = await api.json('POST', '/api/v1/messages/bulk', {
      template: 'youth_offer',
      recipients: [{ to: 'young@example.com' }, { to: 'older@example.com' }, { to: 'ageless@example.com' }, { to: 'stranger@example.com' }],
    });
    expect(res.status).toBe(202);
    expect(res.body.data.map((r: { status: string; reason: string | null }) => `${r.status}: ${r.reason}`)).toEqual([
      'queued: null',
      'skipped: not in the audience of template "youth_offer" (attributes.age < 26)',
      'skipped: not in the audience of template "youth_offer" (attributes.age < 26)',
      'skipped: no marketing consent (unknown)',
    ]);
    const skipped = await t.deps.db.select().from(messages).where(eq(messages.status, 'skipped'));
    expect(skipped.map((m) => m.statusReason).filter((r) => r?.includes('audience'))).toHaveLength(2);
  });
});
