// CSV import of topic choices: `topic:KEY` columns (yes/no), each actual change in the consent log with source "import".
import { describe, expect, it } from 'vitest';
import { useApiContext } from '../support/contexts.ts';

const { api } = useApiContext();

async function importCsv(csv: string) {
  const res = await api.request('POST', '/api/v1/contacts/import', csv, { 'content-type': 'text/csv' });
  return { status: res.status, body: await res.json() };
}

async function contactId(email: string): Promise<string> {
  return (await api.json('GET', `/api/v1/contacts?email=${encodeURIComponent(email)}`)).body.data[0].id;
}

describe('topic columns in the CSV import', () => {
  it('sets topic choices from topic:KEY columns and logs each change with source import', async () => {
    await api.json('POST', '/api/v1/topics', { key: 'news', name: 'News' });
    await api.json('POST', '/api/v1/topics', { key: 'offers', name: 'Offers', default_subscribed: true });
    const report = await importCsv('email,topic:news,topic:offers\nana@example.com,yes,no\nbo@example.com,,yes\n');
    expect(report.body).toMatchObject({ rows: 2, created: 2, failed: 0 });

    const ana = await contactId('ana@example.com');
    const prefs = (await api.json('GET', `/api/v1/contacts/${ana}/preferences`)).body;
    expect(prefs.topics.map((t: { key: string; subscribed: boolean }) => [t.key, t.subscribed])).toEqual([
      ['news', true],
      ['offers', false],
    ]);
    const log = (await api.json('GET', `/api/v1/contacts/${ana}/consent-log`)).body.data;
    expect(log.map((e: { topic: string; value: string; source: string }) => [e.topic, e.value, e.source])).toEqual([
      ['news', 'subscribed', 'import'],
      ['offers', 'unsubscribed', 'import'],
    ]);

    // Importing the same choices again changes nothing and logs nothing.
    await importCsv('email,topic:news,topic:offers\nana@example.com,yes,no\n');
    expect((await api.json('GET', `/api/v1/contacts/${ana}/consent-log`)).body.data).toHaveLength(2);
  });

  it('fails a row naming an unknown topic column or a value that is not yes/no; the others are saved', async () => {
    await api.json('POST', '/api/v1/topics', { key: 'news', name: 'News' });
    const report = await importCsv('email,topic:nuws,topic:news\nana@example.com,yes,\nbo@example.com,,maybe\ncy@example.com,,no\n');
    expect(report.body).toMatchObject({ rows: 3, created: 1, failed: 2 });
    expect(report.body.errors).toEqual([
      { line: 2, field: 'topic:nuws', message: 'expected a topic key: news' },
      { line: 3, field: 'topic:news', message: expect.stringContaining('expected yes or no') },
    ]);
    const cy = await contactId('cy@example.com');
    const log = (await api.json('GET', `/api/v1/contacts/${cy}/consent-log`)).body.data;
    expect(log).toMatchObject([{ topic: 'news', value: 'unsubscribed', source: 'import' }]);
  });
});
