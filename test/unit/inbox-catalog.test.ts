import { describe, expect, it } from 'vitest';
import { en } from '../../src/http/inbox/i18n/en.ts';
import { CATALOGS, INBOX_LOCALES, translator, uiFor } from '../../src/http/inbox/i18n/catalog.ts';
import { acceptedLanguages, negotiateUiLocale } from '../../src/domain/inbox/ui-locale.ts';

function keys(catalog: object): string[] {
  return Object.entries(catalog)
    .flatMap(([area, messages]) => Object.keys(messages as object).map((k) => `${area}.${k}`))
    .sort();
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}

describe('inbox message catalog', () => {
  for (const locale of INBOX_LOCALES) {
    it(`${locale} has every key of en and no other`, () => {
      expect(keys(CATALOGS[locale])).toEqual(keys(en));
    });

    it(`${locale} uses the same placeholders as en and leaves no message empty`, () => {
      for (const key of keys(en)) {
        const [area = '', name = ''] = key.split('.');
        const text = (CATALOGS[locale] as unknown as Record<string, Record<string, string>>)[area]?.[name] ?? '';
        const english = (en as unknown as Record<string, Record<string, string>>)[area]?.[name] ?? '';
        expect(text.trim(), `${locale} ${key}`).not.toBe('');
        expect(placeholders(text), `${locale} ${key}`).toEqual(placeholders(english));
      }
    });
  }

  it('fills placeholders and picks plural forms by count', () => {
    const t = translator('en');
    expect(t('nav.signOut')).toBe('Sign out');
    expect(translator('sv')('nav.signOut')).toBe('Logga ut');
    // A plural pair is looked up as key_one / key_other; an unknown key comes back as itself.
    expect(t('nav.nothing' as never, { count: 2 })).toBe('nav.nothing');
  });

  it('marks Hebrew right to left', () => {
    expect(uiFor('he', 'Asia/Jerusalem').dir).toBe('rtl');
    expect(uiFor('zh', 'Asia/Shanghai').dir).toBe('ltr');
  });
});

describe('the agent inbox language', () => {
  it('orders Accept-Language by quality', () => {
    expect(acceptedLanguages('en;q=0.5, sv-SE, he;q=0.8, *;q=0.1')).toEqual(['sv-SE', 'he', 'en']);
    expect(acceptedLanguages(undefined)).toEqual([]);
  });

  it("prefers the agent's choice, then the browser's first supported language, then English", () => {
    expect(negotiateUiLocale('he', 'sv-SE,sv;q=0.9', INBOX_LOCALES)).toBe('he');
    expect(negotiateUiLocale(null, 'de-DE,zh-CN;q=0.8,en;q=0.5', INBOX_LOCALES)).toBe('zh');
    expect(negotiateUiLocale(null, 'fr', INBOX_LOCALES)).toBe('en');
  });
});
