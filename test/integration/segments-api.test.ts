import { describe, expect, it } from 'vitest';
import { useApiContext } from '../support/contexts.ts';

const { t, api } = useApiContext();

async function contacts() {
  const people = [
    { email: 'ana@example.com', name: 'Ana', attributes: { city: 'Göteborg', age: 24, interests: ['ski'] } },
    { email: 'bo@example.com', name: 'Bo', attributes: { city: 'Göteborg', age: 42, interests: ['sail'] } },
    { email: 'cai@example.com', name: 'Cai', attributes: { city: 'Malmö', age: 31 } },
  ];
  const ids: string[] = [];
  for (const p of people) ids.push((await api.json('POST', '/api/v1/contacts', p)).body.id);
  return ids;
}

describe('/api/v1/segments', () => {
  it('saves a segment, previews its count and a sample, and follows later changes of the data', async () => {
    const [ana, bo] = await contacts();
    const created = await api.json('POST', '/api/v1/segments', {
      name: 'Göteborg',
      description: 'people in Göteborg',
      rule: 'attributes.city = "Göteborg"',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.stringMatching(/^seg_/), name: 'Göteborg', rule: 'attributes.city = "Göteborg"' });

    const preview = await api.json('GET', `/api/v1/segments/${created.body.id}/preview?sample=1`);
    expect(preview.status).toBe(200);
    expect(preview.body.count).toBe(2);
    expect(preview.body.sample.map((c: { id: string }) => c.id)).toEqual([[ana, bo].sort()[0]]);

    await api.json('PATCH', `/api/v1/contacts/${bo}`, { attributes: { city: 'Lund' } });
    const later = await api.json('GET', `/api/v1/segments/${created.body.id}/preview`);
    expect(later.body).toMatchObject({ count: 1, sample: [expect.objectContaining({ id: ana, email: 'ana@example.com' })] });
  });

  it('previews an inline rule without saving it (the ski and youth examples)', async () => {
    const [, bo, cai] = await contacts();
    const res = await api.json('POST', '/api/v1/segments/preview', {
      rule: { all: ['attributes.age >= 26', { not: 'attributes.interests contains "ski"' }] },
    });
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(2);
    expect(res.body.sample.map((c: { id: string }) => c.id).sort()).toEqual([bo, cai].sort());
    expect((await api.json('GET', '/api/v1/segments')).body.data).toEqual([]);
  });

  it('refuses a bad rule with the path of each bad part, and saves nothing', async () => {
    const res = await api.json('POST', '/api/v1/segments', {
      name: 'broken',
      rule: { all: ['attributes.age >= 26', { event: 'order_placed', within: '30 days' }, 'event.total > 5'] },
    });
    expect(res.status).toBe(400);
    const fields = res.body.error.issues.map((i: { field: string }) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['rule.all[1].within', 'rule.all[2]']));
    // Each problem keeps its English message and also names itself, with the parts of the rule it quotes.
    expect(res.body.error.issues).toEqual(
      expect.arrayContaining([
        {
          field: 'rule.all[2]',
          code: 'rule.eventNotAllowed',
          params: { path: '"event.total"' },
          message: '"event.total": event.* paths are only allowed where an event triggers the rule',
        },
      ]),
    );
    expect((await api.json('GET', '/api/v1/segments')).body.data).toEqual([]);
    const missing = await api.json('POST', '/api/v1/segments', { name: 'no rule' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.issues).toEqual([expect.objectContaining({ field: 'rule' })]);
  });

  it('keeps names unique, renames, changes the rule and deletes', async () => {
    const a = await api.json('POST', '/api/v1/segments', { name: 'A', rule: 'attributes.age < 26' });
    const b = await api.json('POST', '/api/v1/segments', { name: 'B', rule: 'attributes.age >= 26' });
    expect((await api.json('POST', '/api/v1/segments', { name: 'A', rule: 'attributes.age < 30' })).status).toBe(409);
    const clash = await api.json('PATCH', `/api/v1/segments/${b.body.id}`, { name: 'A' });
    expect(clash.status).toBe(409);
    expect(clash.body.error.issues).toEqual([expect.objectContaining({ field: 'name' })]);
    t.clock.advance(1000);
    const changed = await api.json('PATCH', `/api/v1/segments/${a.body.id}`, { name: 'Young', rule: 'attributes.age < 30' });
    expect(changed.body).toMatchObject({ name: 'Young', rule: 'attributes.age < 30' });
    expect(changed.body.updated_at).not.toBe(a.body.updated_at);
    expect((await api.json('PATCH', `/api/v1/segments/${a.body.id}`, { rule: { all: 5 } })).status).toBe(400);
    expect((await api.json('DELETE', `/api/v1/segments/${a.body.id}`)).status).toBe(204);
    expect((await api.json('GET', `/api/v1/segments/${a.body.id}`)).status).toBe(404);
    expect((await api.json('DELETE', `/api/v1/segments/${a.body.id}`)).status).toBe(404);
    expect((await api.json('GET', '/api/v1/segments')).body.data.map((s: { name: string }) => s.name)).toEqual(['B']);
  });

  it('refuses a sample size out of range', async () => {
    const res = await api.json('POST', '/api/v1/segments/preview?sample=500', { rule: 'attributes.age < 30' });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual([expect.objectContaining({ field: 'sample' })]);
  });
});
