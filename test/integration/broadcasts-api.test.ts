// Broadcast drafts over the API: CRUD with validation by field, pre-flight findings on a shipped
// template and on inline Liquid, and the test send (only to an agent's own address).
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { messages } from '../../db/schema.ts';
import { createAgentWithPassword } from '../../src/services/agents.ts';
import { deliverOutbox } from '../../src/services/deliverOutbox.ts';
import { useOutboundContext } from '../support/contexts.ts';

const { t, api, resend } = useOutboundContext();

interface Finding {
  severity: string;
  code: string;
  locale: string | null;
  contact: string | null;
  message: string;
}

async function people() {
  const ids: Record<string, string> = {};
  for (const p of [
    { email: 'ana@example.com', name: 'Ana Lind', locale: 'sv', attributes: { city: 'Göteborg' } },
    { email: 'jean@example.com', name: 'Jean Dupont', locale: 'fr', attributes: { city: 'Göteborg' } },
    { email: 'bo@example.com', name: 'Bo', locale: 'en', attributes: { city: 'Malmö' } },
  ]) {
    ids[p.email] = (await api.json('POST', '/api/v1/contacts', p)).body.id;
  }
  return ids;
}

const fieldsOf = (body: { error: { issues: { field: string }[] } }) => body.error.issues.map((i) => i.field);
const codes = (findings: Finding[]) => [...new Set(findings.map((f) => f.code))].sort();

describe('/api/v1/broadcasts', () => {
  it('creates, lists, reads, changes and deletes a draft', async () => {
    const created = await api.json('POST', '/api/v1/broadcasts', {
      name: 'Birthday, Göteborg',
      template: 'birthday',
      rule: 'attributes.city = "Göteborg"',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.stringMatching(/^brd_/), status: 'draft', template: 'birthday', segment_id: null });
    const id = created.body.id;
    expect((await api.json('GET', '/api/v1/broadcasts')).body.data.map((b: { id: string }) => b.id)).toEqual([id]);
    const changed = await api.json('PATCH', `/api/v1/broadcasts/${id}`, { name: 'Birthday, everyone' });
    expect(changed.body).toMatchObject({ name: 'Birthday, everyone', template: 'birthday' });
    expect((await api.json('GET', `/api/v1/broadcasts/${id}`)).body.name).toBe('Birthday, everyone');
    expect((await api.json('DELETE', `/api/v1/broadcasts/${id}`)).status).toBe(204);
    expect((await api.json('GET', `/api/v1/broadcasts/${id}`)).status).toBe(404);
  });

  it('refuses bad drafts naming the field', async () => {
    const refused = async (body: unknown) => {
      const res = await api.json('POST', '/api/v1/broadcasts', body);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      return fieldsOf(res.body);
    };
    expect(await refused({ template: 'birthday', rule: 'attributes.x = 1' })).toContain('name');
    expect(await refused({ name: 'x', template: 'no_such', rule: 'attributes.x = 1' })).toEqual(['template']);
    expect(await refused({ name: 'x', subject: 'Hi', rule: 'attributes.x = 1' })).toEqual(['text']);
    expect(await refused({ name: 'x', subject: 'Hi {{ contact.name', text: 'x', rule: 'attributes.x = 1' })).toEqual(['subject']);
    expect(await refused({ name: 'x', template: 'birthday', segment_id: 'seg_nope' })).toEqual(['segment_id']);
    expect(await refused({ name: 'x', template: 'birthday' })).toEqual(['segment_id']);
    expect((await refused({ name: 'x', template: 'birthday', rule: { all: ['attributes.x = 1', { within: 3 }] } }))[0]).toMatch(/^rule/);
    expect(await refused({ name: 'x', template: 'birthday', rule: 'attributes.x = 1', topic: 'nope' })).toEqual(['topic']);
    expect(await refused({ name: 'x', template: 'birthday', rule: 'attributes.x = 1', colour: 'red' })).toEqual(['colour']);
    expect((await api.json('GET', '/api/v1/broadcasts')).body.data).toEqual([]);
  });

  it('lets only drafts change or go', async () => {
    const { body } = await api.json('POST', '/api/v1/broadcasts', { name: 'x', template: 'birthday', rule: 'attributes.x = 1' });
    const { broadcasts } = await import('../../db/schema.ts');
    await t.deps.db.update(broadcasts).set({ status: 'scheduled' }).where(eq(broadcasts.id, body.id));
    expect((await api.json('PATCH', `/api/v1/broadcasts/${body.id}`, { name: 'y' })).status).toBe(409);
    expect((await api.json('DELETE', `/api/v1/broadcasts/${body.id}`)).status).toBe(409);
    expect((await api.json('GET', `/api/v1/broadcasts/${body.id}`)).body.name).toBe('x');
  });

  it('pre-flights a shipped template: a locale without a file falls back, missing data is named, the result is kept', async () => {
    const ids = await people();
    const segment = await api.json('POST', '/api/v1/segments', { name: 'Göteborg', rule: 'attributes.city = "Göteborg"' });
    const { body: draft } = await api.json('POST', '/api/v1/broadcasts', { name: 'b', template: 'birthday', segment_id: segment.body.id });
    const res = await api.json('POST', `/api/v1/broadcasts/${draft.id}/preflight`);
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([]);
    const fallback = res.body.warnings.find((w: Finding) => w.code === 'LocaleFallback');
    expect(fallback).toMatchObject({ contact: ids['jean@example.com'], locale: 'en', message: expect.stringContaining('fr') });
    expect(res.body.warnings.some((w: Finding) => w.code === 'UndefinedVariable' && w.message.includes('data.gift_code'))).toBe(true);
    expect(res.body.warnings.some((w: Finding) => w.contact === ids['ana@example.com'])).toBe(true);
    expect(res.body.checked.locales).toEqual(['en', 'he', 'sv', 'zh']);
    // Two segment contacts, one edge contact without attributes per locale (4), the RTL, longest and nameless ones.
    expect(res.body.checked.contacts).toBe(2 + 4 + 3);
    const kept = await api.json('GET', `/api/v1/broadcasts/${draft.id}`);
    expect(kept.body.preflight).toEqual(res.body);
    expect(kept.body.preflight_at).toBe(new Date(t.clock.now()).toISOString());
  });

  it('pre-flights inline Liquid: broken link, capitals, no unsubscribe, an unknown variable', async () => {
    await people();
    const { body: draft } = await api.json('POST', '/api/v1/broadcasts', {
      name: 'sale',
      subject: 'HUGE WINTER SALE NOW ON',
      text: 'Hi {{ contact.name }},\n\nSee http://shop example.com/sale and {{ contct.attributes.city }}, or http://shop.example.com/o.\n',
      html: '<p>Hi {{ contact.name }}</p><a href="https://shop.example.com/a">Sale</a> <a href="https://shop.example.com/a">More</a>',
      rule: 'attributes.city = "Göteborg"',
    });
    const res = await api.json('POST', `/api/v1/broadcasts/${draft.id}/preflight`);
    expect(res.status).toBe(200);
    expect(codes(res.body.errors)).toEqual(['MalformedLink', 'MissingUnsubscribe', 'UnknownVariable']);
    expect(codes(res.body.warnings)).toEqual(expect.arrayContaining(['AllCapsSubject', 'DuplicateLinkText', 'InsecureLink']));
    expect(res.body.errors.find((f: Finding) => f.code === 'UnknownVariable').message).toContain('contct.attributes.city');
    expect(res.body.warnings.some((w: Finding) => w.code === 'UndefinedVariable' && w.contact === 'edge: no name')).toBe(true);
    expect(res.body.warnings.find((w: Finding) => w.code === 'EmptyPersonalization')).toMatchObject({ contact: 'edge: no name' });
  });

  it('sends a test to an agent’s own address through the outbox, and refuses any other address', async () => {
    const ids = await people();
    await createAgentWithPassword(t.deps, {
      email: 'agent@acme.example',
      name: 'Agent',
      role: 'agent',
      password: 'a long enough password',
    });
    const { body: draft } = await api.json('POST', '/api/v1/broadcasts', {
      name: 'b',
      template: 'birthday',
      rule: 'attributes.city = "Göteborg"',
    });
    const refused = await api.json('POST', `/api/v1/broadcasts/${draft.id}/test`, { to: 'ana@example.com' });
    expect(refused.status).toBe(400);
    expect(fieldsOf(refused.body)).toEqual(['to']);

    const sent = await api.json('POST', `/api/v1/broadcasts/${draft.id}/test`, {
      to: 'Agent@acme.example',
      contact_id: ids['ana@example.com'],
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    expect(sent.body).toMatchObject({ subject: '[Test] Grattis på födelsedagen, Ana!', category: 'transactional' });
    await deliverOutbox(t.deps);
    expect(resend.sent).toHaveLength(1);
    const email = resend.sent[0]!.email;
    expect(email.to).toEqual(['agent@acme.example']);
    expect(String(email.subject)).toMatch(/^\[Test\] .*Ana/);
    const stored = (await t.deps.db.select().from(messages).where(eq(messages.id, sent.body.id)))[0]!;
    expect(stored.toAddresses).toEqual(['agent@acme.example']);
  });
});
