import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contacts } from '../../db/schema.ts';
import { useApiContext } from '../support/contexts.ts';

const csv = readFileSync(new URL('../fixtures/csv/contacts.csv', import.meta.url), 'utf8');

const { t, api } = useApiContext();

/** Posts a CSV asking for NDJSON progress; the events, in order. */
async function importWithProgress(csv: string): Promise<Array<{ type: string; rows?: number; [field: string]: unknown }>> {
  const res = await api.request('POST', '/api/v1/contacts/import', csv, { 'content-type': 'text/csv', accept: 'application/x-ndjson' });
  return (await res.text())
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

describe('POST /api/v1/contacts/import', () => {
  it('imports valid rows, reports bad ones by line and field, and merges duplicates', async () => {
    const res = await api.request('POST', '/api/v1/contacts/import', csv, { 'content-type': 'text/csv' });
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report).toMatchObject({ rows: 7, created: 3, updated: 1, failed: 3 });
    expect(report.errors).toEqual([
      { line: 5, field: 'email', message: expect.stringContaining('expected an email address') },
      { line: 6, field: 'consent.marketing', message: 'expected subscribed, unsubscribed or unknown' },
      { line: 7, field: 'timezone', message: expect.stringContaining('IANA') },
    ]);
    const astrid = (await api.json('GET', '/api/v1/contacts?email=astrid.lindqvist@example.se')).body.data[0];
    expect(astrid).toMatchObject({
      name: 'Astrid Lindqvist',
      locale: 'sv-SE',
      attributes: { plan: 'vip', city: 'Uppsala' },
      consent: { marketing: 'subscribed', source: 'csv import' },
    });
    const james = (await api.json('GET', '/api/v1/contacts?email=james.okafor@example.com')).body.data[0];
    expect(james).toMatchObject({ name: 'Okafor, James', consent: { marketing: 'unknown', source: null } });
    const noa = (await api.json('GET', '/api/v1/contacts?email=noa.levi@example.co.il')).body.data[0];
    expect(noa.attributes.city).toBe('תל אביב');
  });

  it('does not overwrite known fields with empty cells', async () => {
    await api.json('POST', '/api/v1/contacts', {
      email: 'ana@example.com',
      name: 'Ana',
      locale: 'sv',
      attributes: { plan: 'pro', seats: 3 },
      consent: { marketing: 'subscribed' },
    });
    const res = await api.request('POST', '/api/v1/contacts/import', 'email,name,locale,plan\nana@example.com,,,starter\n', {
      'content-type': 'text/csv',
    });
    expect(await res.json()).toMatchObject({ created: 0, updated: 1 });
    const ana = (await api.json('GET', '/api/v1/contacts?email=ana@example.com')).body.data[0];
    expect(ana).toMatchObject({
      name: 'Ana',
      locale: 'sv',
      attributes: { plan: 'starter', seats: 3 },
      consent: { marketing: 'subscribed' },
    });
  });

  it('refuses a file without an email column with 400', async () => {
    const res = await api.json('POST', '/api/v1/contacts/import', 'name,plan\nAna,pro\n');
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0]).toMatchObject({ field: 'email' });
  });

  /** 1,200 good rows, then a line csv-parse cannot read (line 1202), then rows never read. */
  function brokenCsv(): string {
    const lines = ['email,name'];
    for (let i = 0; i < 1200; i++) lines.push(`person${i}@example.com,Person ${i}`);
    lines.push('broken@example.com,"Bad"name');
    for (let i = 0; i < 10; i++) lines.push(`after${i}@example.com,After ${i}`);
    return lines.join('\n');
  }

  it('reports what was saved and what not when the CSV stops part-way (422, not a plain 400)', async () => {
    const res = await api.request('POST', '/api/v1/contacts/import', brokenCsv(), { 'content-type': 'text/csv' });
    expect(res.status).toBe(422);
    const report = await res.json();
    expect(report).toMatchObject({
      error: {
        code: 'ValidationFailed',
        message: expect.stringContaining('could not be read after 1200 rows'),
        issues: [{ field: 'body' }],
      },
      rows: 1200,
      created: 1200,
      updated: 0,
      failed: 0,
      complete: false,
      saved_through_line: 1201,
      stopped_after_line: 1201,
    });
    expect(await t.deps.db.$count(contacts)).toBe(1200);
    expect((await api.json('GET', '/api/v1/contacts?email=after0@example.com')).body.data).toEqual([]);
  });

  it('ends the NDJSON progress with a "stopped" report when the CSV stops part-way', async () => {
    const events = await importWithProgress(brokenCsv());
    expect(events.at(-1)).toMatchObject({
      type: 'stopped',
      error: { code: 'ValidationFailed' },
      rows: 1200,
      created: 1200,
      complete: false,
      saved_through_line: 1201,
    });
  });

  it('says complete: true when the whole file was read', async () => {
    const res = await api.json('POST', '/api/v1/contacts/import', 'email\nana@example.com\n');
    expect(res.body).toMatchObject({ complete: true, saved_through_line: 2, created: 1 });
    expect(res.body.error).toBeUndefined();
  });

  it('streams 100,000 rows, reporting progress as NDJSON', async () => {
    const lines = ['email,name,locale,plan'];
    for (let i = 0; i < 100_000; i++)
      lines.push(`person${i}@example.com,Person ${i},${['sv', 'en', 'he', 'zh'][i % 4]},${i % 3 ? 'pro' : 'starter'}`);
    lines[50_001] = 'broken-address,Nobody,en,pro';
    const events = await importWithProgress(lines.join('\n'));
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.length).toBe(20);
    expect(progress.map((p) => p.rows)).toEqual(Array.from({ length: 20 }, (_, i) => (i + 1) * 5000));
    const done = events.at(-1);
    expect(done).toMatchObject({ type: 'done', rows: 100_000, created: 99_999, failed: 1, errors: [{ line: 50_002, field: 'email' }] });
    expect(await t.deps.db.$count(contacts)).toBe(99_999);
  }, 120_000);
});
