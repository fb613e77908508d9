import { describe, expect, it } from 'vitest';
import { contactFromCsvRow, normalizeHeader } from '../../src/domain/people/contact-csv.ts';

describe('normalizeHeader', () => {
  it('trims, lower-cases and drops a byte-order mark', () => {
    expect(normalizeHeader('\uFEFFEmail')).toBe('email');
    expect(normalizeHeader('  Consent.Marketing ')).toBe('consent.marketing');
  });
});

describe('contactFromCsvRow', () => {
  it('maps known columns to fields and every other column to an attribute', () => {
    const result = contactFromCsvRow({ Email: 'Ana@Example.com', Name: 'Ana', Locale: 'sv-se', Plan: 'pro', 'attributes.Seats': '3' });
    expect(result).toEqual({
      ok: true,
      input: { email: 'ana@example.com', name: 'Ana', locale: 'sv-SE', attributes: { plan: 'pro', seats: '3' } },
    });
  });

  it('reads consent from any of its column names, with the default source', () => {
    for (const column of ['consent', 'marketing_consent', 'consent.marketing']) {
      const result = contactFromCsvRow({ email: 'ana@example.com', [column]: 'Subscribed' });
      expect(result).toEqual({ ok: true, input: { email: 'ana@example.com', consent: { marketing: 'subscribed', source: 'csv import' } } });
    }
  });

  it('takes the consent source from its column, or from the caller', () => {
    const row = { email: 'ana@example.com', consent: 'unsubscribed', consent_source: 'trade fair 2026' };
    expect(contactFromCsvRow(row)).toMatchObject({ ok: true, input: { consent: { source: 'trade fair 2026' } } });
    expect(contactFromCsvRow({ email: 'ana@example.com', consent: 'unknown' }, 'import of 2026-12-01')).toMatchObject({
      ok: true,
      input: { consent: { source: 'import of 2026-12-01' } },
    });
  });

  it('skips empty and missing cells, so an empty column is no attribute', () => {
    expect(contactFromCsvRow({ email: 'ana@example.com', name: '  ', plan: '', region: undefined })).toEqual({
      ok: true,
      input: { email: 'ana@example.com' },
    });
  });

  it('reports each bad cell by field', () => {
    const result = contactFromCsvRow({ email: 'broken-address', locale: 'not a locale', consent: 'maybe' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.field).sort()).toEqual(['consent.marketing', 'email', 'locale']);
  });

  it('reports a row without an email', () => {
    const result = contactFromCsvRow({ name: 'Ana' });
    expect(result).toMatchObject({ ok: false, issues: [{ field: 'email' }] });
  });
});

describe('topic columns', () => {
  it('reads topic:KEY as the choice for that topic; a blank cell leaves it out', () => {
    const result = contactFromCsvRow({ email: 'ana@example.com', 'Topic:News': 'Yes', 'topic:offers': 'no', 'topic:tips': '' });
    expect(result).toEqual({ ok: true, input: { email: 'ana@example.com' }, topics: { news: 'subscribed', offers: 'unsubscribed' } });
  });

  it('names the topic column of a value that is not yes or no, next to other bad cells', () => {
    const result = contactFromCsvRow({ email: 'broken', 'topic:news': 'maybe' });
    expect(result).toMatchObject({ ok: false });
    if (result.ok) return;
    expect(result.issues.map((i) => i.field)).toEqual(['email', 'topic:news']);
    expect(result.issues[1]!.message).toContain('expected yes or no');
  });
});
