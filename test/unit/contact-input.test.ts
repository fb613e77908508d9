import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  ContactCreateSchema,
  ContactUpdateSchema,
  canonicalLocale,
  isBcp47,
  isIanaTimeZone,
  mergeAttributes,
} from '../../src/domain/people/contact-input.ts';

function issues(schema: typeof ContactCreateSchema | typeof ContactUpdateSchema, input: unknown) {
  const result = v.safeParse(schema, input);
  if (result.success) throw new Error(`accepted ${JSON.stringify(input)}`);
  return result.issues.map((issue) => ({ field: v.getDotPath(issue), message: issue.message }));
}

describe('language tags and time zones', () => {
  it('accept BCP 47 tags and write them canonically', () => {
    for (const tag of ['sv-SE', 'en', 'he', 'zh-Hant-TW']) expect(isBcp47(tag)).toBe(true);
    expect(canonicalLocale('SV-se')).toBe('sv-SE');
    expect(canonicalLocale('zh-hant-tw')).toBe('zh-Hant-TW');
  });

  it('refuse what is no language tag', () => {
    for (const tag of ['', 'english please', 'sv_SE', '12']) expect(isBcp47(tag)).toBe(false);
  });

  it('accept IANA zones and UTC, and refuse abbreviations, offsets and nonsense', () => {
    for (const zone of ['Europe/Stockholm', 'America/Argentina/Buenos_Aires', 'UTC']) expect(isIanaTimeZone(zone)).toBe(true);
    for (const zone of ['CET', 'EST', '+01:00', 'Mars/Olympus_Mons', '']) expect(isIanaTimeZone(zone)).toBe(false);
  });
});

describe('ContactCreateSchema', () => {
  it('normalizes email, trims the name and canonicalizes the locale', () => {
    const output = v.parse(ContactCreateSchema, {
      email: '  Ana.Lind@Example.COM ',
      name: '  Ana Lind ',
      locale: 'sv-se',
      timezone: 'Europe/Stockholm',
      attributes: { plan: 'pro', seats: 3, tags: ['a'] },
      consent: { marketing: 'subscribed', source: 'signup form' },
    });
    expect(output).toEqual({
      email: 'ana.lind@example.com',
      name: 'Ana Lind',
      locale: 'sv-SE',
      timezone: 'Europe/Stockholm',
      attributes: { plan: 'pro', seats: 3, tags: ['a'] },
      consent: { marketing: 'subscribed', source: 'signup form' },
    });
  });

  it('needs an email and nothing else; null clears optional fields', () => {
    expect(v.parse(ContactCreateSchema, { email: 'ana@example.com' })).toEqual({ email: 'ana@example.com' });
    expect(v.parse(ContactCreateSchema, { email: 'ana@example.com', name: null, locale: null })).toMatchObject({
      name: null,
      locale: null,
    });
  });

  it('names the field and what was expected for each bad value', () => {
    expect(issues(ContactCreateSchema, { email: 'not-an-address' })).toEqual([
      { field: 'email', message: 'expected an email address like ana@example.com' },
    ]);
    expect(issues(ContactCreateSchema, { email: 'ana@example.com', locale: 'sv_SE' })).toEqual([
      { field: 'locale', message: 'expected a BCP 47 language tag like sv-SE, en, he or zh-CN' },
    ]);
    expect(issues(ContactCreateSchema, { email: 'ana@example.com', timezone: 'CET' })).toEqual([
      { field: 'timezone', message: 'expected an IANA time zone like Europe/Stockholm' },
    ]);
    expect(issues(ContactCreateSchema, { email: 'ana@example.com', consent: { marketing: 'yes' } })).toEqual([
      { field: 'consent.marketing', message: 'expected subscribed, unsubscribed or unknown' },
    ]);
    expect(issues(ContactCreateSchema, { email: 'ana@example.com', name: 'x'.repeat(201) })).toEqual([
      { field: 'name', message: 'expected at most 200 characters' },
    ]);
  });

  it('refuses unknown fields, listing the known ones', () => {
    expect(issues(ContactCreateSchema, { email: 'ana@example.com', phone: '123' })[0]!.message).toBe(
      'unknown field; expected email, name, locale, timezone, attributes, consent',
    );
  });

  it('refuses a missing email', () => {
    expect(issues(ContactCreateSchema, {})[0]!.field).toBe('email');
  });

  it('refuses attributes that are no plain JSON object, and attribute names with quotes or control characters', () => {
    for (const attributes of [[1, 2], 'text', null]) {
      expect(issues(ContactCreateSchema, { email: 'ana@example.com', attributes }).length).toBeGreaterThan(0);
    }
    expect(issues(ContactCreateSchema, { email: 'ana@example.com', attributes: { 'a"b': 1 } }).length).toBeGreaterThan(0);
    expect(issues(ContactCreateSchema, { email: 'ana@example.com', attributes: { 'a\nb': 1 } }).length).toBeGreaterThan(0);
    expect(issues(ContactCreateSchema, { email: 'ana@example.com', attributes: { ['x'.repeat(65)]: 1 } }).length).toBeGreaterThan(0);
  });

  it('accepts unicode attribute names and values', () => {
    const attributes = { företag: 'Åkerö AB', 公司: '阿里', חברה: 'שלום' };
    expect(v.parse(ContactCreateSchema, { email: 'ana@example.com', attributes }).attributes).toEqual(attributes);
  });

  it('refuses more than 16 KB of attributes', () => {
    const attributes = { big: 'x'.repeat(16 * 1024) };
    expect(issues(ContactCreateSchema, { email: 'ana@example.com', attributes })).toEqual([
      { field: 'attributes', message: 'expected at most 16384 bytes of attributes' },
    ]);
  });

  it('refuses attributes nested deeper than the data depth limit', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 20; i++) deep = { next: deep };
    expect(issues(ContactCreateSchema, { email: 'ana@example.com', attributes: deep }).length).toBeGreaterThan(0);
  });
});

describe('ContactUpdateSchema', () => {
  it('takes any subset of fields, including none', () => {
    expect(v.parse(ContactUpdateSchema, {})).toEqual({});
    expect(v.parse(ContactUpdateSchema, { name: 'Ana' })).toEqual({ name: 'Ana' });
  });

  it('validates the email when it is given', () => {
    expect(issues(ContactUpdateSchema, { email: 'nope' })[0]!.field).toBe('email');
  });
});

describe('mergeAttributes', () => {
  it('adds and replaces keys, and a null value removes one', () => {
    expect(mergeAttributes({ plan: 'starter', seats: 1, old: true }, { plan: 'pro', old: null, region: 'eu' })).toEqual({
      plan: 'pro',
      seats: 1,
      region: 'eu',
    });
  });

  it('leaves the stored attributes untouched', () => {
    const current = { plan: 'starter' };
    mergeAttributes(current, { plan: null });
    expect(current).toEqual({ plan: 'starter' });
  });
});
