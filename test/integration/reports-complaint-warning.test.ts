// A template whose complaint rate is over Gmail's 0.3% line is called out: the deliverability report's row carries a
// warning, and /inbox/reports shows it above the chart (in the agent's language), naming the template and the rate;
// a template under the line gets none.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { messages } from '../../db/schema.ts';
import { upsertContact } from '../../src/services/contacts.ts';
import { deliverOutbox } from '../../src/services/deliverOutbox.ts';
import { handleProviderEvent } from '../../src/services/handleProviderEvent.ts';
import { deliverabilityReport } from '../../src/services/reports.ts';
import { sendBulk } from '../../src/services/sendBulk.ts';
import { useTestContext } from '../support/contexts.ts';
import { pageRequest, pageSession } from '../support/inbox-pages.ts';

const t = useTestContext();
const DAY = 86_400_000;

async function sendTo(template: string, people: string[]): Promise<string[]> {
  const results = await sendBulk(t.deps, { template, recipients: people.map((to) => ({ to })) });
  await deliverOutbox(t.deps);
  const ids = results.map((r) => (r as { id: string }).id);
  const rows = await Promise.all(ids.map(async (id) => (await t.deps.db.select().from(messages).where(eq(messages.id, id)))[0]!));
  return rows.map((m) => m.providerId!);
}

describe("the complaint warning above Gmail's 0.3% line", () => {
  it('names the template over the line, in the report and on the page, and not the one under it', async () => {
    t.clock.set(Date.parse('2026-11-03T08:00:00Z'));
    const people = Array.from({ length: 20 }, (_, i) => `person${i}@example.com`);
    for (const email of people) await upsertContact(t.deps, { email, consent: { marketing: 'subscribed' } });
    const birthday = await sendTo('birthday', people);
    await sendTo('welcome', people);
    // One complaint in 20 birthday mails: 5 %, far over 0.3 %; none for welcome.
    const complaint = JSON.stringify({
      type: 'email.complained',
      created_at: new Date(t.clock.now()).toISOString(),
      data: { email_id: birthday[0], to: [people[0]] },
    });
    expect(await handleProviderEvent(t.deps, 'complaint-1', complaint)).toBe('applied');

    const range = { from: Date.parse('2026-11-01T00:00:00Z'), to: Date.parse('2026-11-01T00:00:00Z') + 30 * DAY };
    const rows = (await deliverabilityReport(t.deps, range, 'template')).rows;
    const byTemplate = new Map(rows.map((r) => [r.group, r]));
    expect(byTemplate.get('birthday')).toMatchObject({ sent: 20, complaints: 1, complaint_rate: 0.05 });
    expect(byTemplate.get('birthday')!.warning).toMatch(/complaint rate 5\.00% is above Gmail's 0\.3% line/);
    expect(byTemplate.get('welcome')).toMatchObject({ complaints: 0, warning: null });

    const admin = await pageSession(t, 'admin');
    const page = await pageRequest(t, admin, 'GET', '/inbox/reports?from=2026-11-01&to=2026-11-30');
    expect(page.status).toBe(200);
    const warnings = /<ul class="warning complaint-warnings">([\s\S]*?)<\/ul>/.exec(page.text)?.[1] ?? '';
    expect(warnings).toMatch(/birthday|Birthday/);
    expect(warnings).toContain('5');
    expect(warnings).toMatch(/Gmail(&#39;|')s 0\.3% line/);
    expect(warnings).not.toMatch(/welcome|Welcome/);

    const swedish = await pageRequest(t, admin, 'GET', '/inbox/reports?from=2026-11-01&to=2026-11-30', {
      headers: { 'accept-language': 'sv' },
    });
    expect(swedish.text).toContain('är över Gmails gräns på 0,3 %');
  });
});
