import { describe, expect, it } from 'vitest';
import {
  checkRendering,
  checkSubject,
  checkVariables,
  FINDING_CODES,
  type Finding,
  type RenderedSample,
} from '../../src/domain/broadcasts/preflight.ts';
import { CATALOGS, INBOX_LOCALES, translator } from '../../src/http/inbox/i18n/catalog.ts';
import { findingText } from '../../src/http/inbox/preflight-text.ts';

const at = { locale: 'sv', contact: 'con_1' };
const UNSUB = 'https://samtal.example/u/tok';

/** Renderings that show every finding a check can make (RenderFailed comes from the service). */
function everyFinding(): Finding[] {
  const bad: RenderedSample = {
    requestedLocale: 'fr',
    locale: 'sv',
    subject: 'GRATIS ERBJUDANDE FÖR ALLA KUNDER IDAG!! Och en ämnesrad som är alldeles för lång för en inkorg att visa',
    text: 'Hej ,\n\nPris: 1,234.50 kr\nhttp://shop.example/a\nhttps://bad host/x\n',
    html: '<a href="https://shop.example/b">Köp</a><a href="https://shop.example/b">Handla</a>',
    marketing: true,
    unsubscribeUrl: UNSUB,
  };
  return [
    ...checkRendering(bad, { contact: 'con_1' }),
    ...checkSubject('', at),
    ...checkSubject('Spara 100% nu', at),
    ...checkSubject('SUPERREA PÅ ALLT I BUTIKEN', at),
    ...checkVariables(['contakt.name', 'contact.attributes.city'], { contact: { attributes: {} } }, at),
    {
      severity: 'error',
      code: 'RenderFailed',
      locale: 'sv',
      contact: 'con_1',
      message: 'unknown filter',
      params: { detail: 'unknown filter' },
    },
  ];
}

describe('pre-flight findings in the agent language', () => {
  it('every finding code has a sentence in every catalog', () => {
    for (const locale of INBOX_LOCALES) {
      const area = (CATALOGS[locale] as unknown as Record<string, Record<string, string>>).preflight ?? {};
      for (const code of FINDING_CODES) expect(area[code], `${locale} preflight.${code}`).toBeTruthy();
    }
  });

  it('says each finding the checks make from its code and params, with nothing left unfilled', () => {
    const findings = everyFinding();
    expect(new Set(findings.map((f) => f.code))).toEqual(new Set(FINDING_CODES));
    for (const locale of INBOX_LOCALES) {
      const t = translator(locale);
      for (const f of findings) {
        const text = findingText(f, t);
        expect(text.replace(/\{\{ [^}]+ \}\}/g, ''), `${locale} ${f.code}: ${text}`).not.toMatch(/\{\w+\}/);
        if (locale !== 'en') expect(text, `${locale} ${f.code}`).not.toBe(f.message);
      }
    }
  });

  it('fills the link, the lengths and the missing part in Swedish', () => {
    const t = translator('sv');
    const [insecure] = checkRendering(
      {
        requestedLocale: 'sv',
        locale: 'sv',
        subject: 'Hej',
        text: `http://shop.example/a ${UNSUB}`,
        html: null,
        marketing: true,
        unsubscribeUrl: UNSUB,
      },
      { contact: 'con_1' },
    );
    expect(findingText(insecure!, t)).toBe('Länken http://shop.example/a använder inte https');
    const [long] = checkSubject('x'.repeat(90), at);
    expect(findingText(long!, t)).toBe('Ämnesraden har 90 tecken: håll den till 80 (inkorgar kortar den)');
    const noLink = checkRendering(
      { requestedLocale: 'sv', locale: 'sv', subject: 'Hej', text: 'Hej', html: '<p>Hej</p>', marketing: true, unsubscribeUrl: UNSUB },
      { contact: 'con_1' },
    ).find((f) => f.code === 'MissingUnsubscribe');
    expect(findingText(noLink!, t)).toBe('Marknadsföringsmejl utan avregistreringslänk i text- och HTML-delen');
  });

  it('shows a finding stored before params existed by its message', () => {
    const old: Finding = { severity: 'warning', code: 'LongSubject', locale: 'sv', contact: null, message: 'the subject is 90 characters' };
    expect(findingText(old, translator('sv'))).toBe('the subject is 90 characters');
  });
});
