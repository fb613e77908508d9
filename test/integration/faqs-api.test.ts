// /api/v1/faqs: create, list, read, change per locale, delete; bad input is 400 naming the field.
import { describe, expect, it } from 'vitest';
import { useApiContext } from '../support/contexts.ts';

const { t, api } = useApiContext();

const ENTRY = {
  id: 'opening-hours',
  questions: { sv: ['När har ni öppet?'], en: ['When are you open?'] },
  answers: { sv: 'Vi har öppet 8–17, {{ contact.first_name | default: "du" }}.', en: 'We are open 8–17.' },
  tags: ['hours'],
};

describe('/api/v1/faqs', () => {
  it('creates an entry (mode auto and enabled by default), lists and reads it', async () => {
    const created = await api.json('POST', '/api/v1/faqs', ENTRY);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...ENTRY, mode: 'auto', enabled: true, created_at: '2026-11-23T09:00:00.000Z' });
    const list = await api.json('GET', '/api/v1/faqs');
    expect(list.body.data.map((e: { id: string }) => e.id)).toEqual(['opening-hours']);
    expect((await api.json('GET', '/api/v1/faqs/opening-hours')).body).toEqual(created.body);
  });

  it('generates an unguessable id when none is given, and refuses an id in use with 409', async () => {
    const { id: _id, ...withoutId } = ENTRY;
    const first = await api.json('POST', '/api/v1/faqs', withoutId);
    const second = await api.json('POST', '/api/v1/faqs', withoutId);
    expect(first.body.id).toMatch(/^faq_[0-9A-Z]{34}$/);
    expect(second.body.id).not.toBe(first.body.id);
    await api.json('POST', '/api/v1/faqs', ENTRY);
    const again = await api.json('POST', '/api/v1/faqs', ENTRY);
    expect(again.status).toBe(409);
    expect(again.body.error.issues).toEqual([{ field: 'id', message: 'expected an id not in use' }]);
  });

  it('changes per locale (null removes a locale), mode, tags and enabled', async () => {
    await api.json('POST', '/api/v1/faqs', ENTRY);
    t.clock.advance(1000);
    const changed = await api.json('PATCH', '/api/v1/faqs/opening-hours', {
      answers: { he: 'אנחנו פתוחים 8–17.', en: null },
      questions: { he: ['מתי אתם פתוחים?'] },
      mode: 'suggest',
      enabled: false,
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      answers: { sv: ENTRY.answers.sv, he: 'אנחנו פתוחים 8–17.' },
      questions: { ...ENTRY.questions, he: ['מתי אתם פתוחים?'] },
      mode: 'suggest',
      enabled: false,
      tags: ['hours'],
      updated_at: '2026-11-23T09:00:01.000Z',
    });
    expect(Object.keys(changed.body.answers)).toEqual(['sv', 'he']);
    const emptied = await api.json('PATCH', '/api/v1/faqs/opening-hours', { answers: { sv: null, he: null } });
    expect(emptied.status).toBe(400);
    expect(emptied.body.error.issues[0].field).toBe('answers');
  });

  it('deletes an entry; a missing one is 404', async () => {
    await api.json('POST', '/api/v1/faqs', ENTRY);
    expect((await api.request('DELETE', '/api/v1/faqs/opening-hours')).status).toBe(204);
    expect((await api.json('GET', '/api/v1/faqs/opening-hours')).status).toBe(404);
    expect((await api.request('DELETE', '/api/v1/faqs/opening-hours')).status).toBe(404);
    expect((await api.json('PATCH', '/api/v1/faqs/opening-hours', { enabled: true })).status).toBe(404);
  });

  it.each([
    [{ ...ENTRY, answers: {} }, 'answers'],
    [{ ...ENTRY, answers: { sv: '   ' } }, 'answers.sv'],
    [{ ...ENTRY, answers: { sv: 'Hej {% if %}' } }, 'answers.sv'],
    [{ ...ENTRY, answers: { 'not a locale!': 'x' } }, 'answers.not a locale!'],
    [{ ...ENTRY, questions: { sv: 'not a list' } }, 'questions.sv'],
    [{ ...ENTRY, mode: 'sometimes' }, 'mode'],
    [{ ...ENTRY, id: 'has spaces' }, 'id'],
    [{ ...ENTRY, enabled: 'yes' }, 'enabled'],
    [{ ...ENTRY, colour: 'blue' }, 'colour'],
  ])('refuses a bad body with 400 naming the field, and stores nothing (%#)', async (body, field) => {
    const res = await api.json('POST', '/api/v1/faqs', body);
    expect(res.status).toBe(400);
    expect(res.body.error.issues.map((i: { field: string }) => i.field)).toContain(field);
    expect((await api.json('GET', '/api/v1/faqs')).body.data).toEqual([]);
  });

  it('says which Liquid line is wrong', async () => {
    const res = await api.json('POST', '/api/v1/faqs', { ...ENTRY, answers: { en: 'Hi\n{{ contact.name | nosuchfilter }}' } });
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0]).toMatchObject({ field: 'answers.en', message: expect.stringMatching(/line 2/) });
  });
});
