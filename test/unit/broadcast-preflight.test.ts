import { Liquid } from 'liquidjs';
import { describe, expect, it } from 'vitest';
import {
  amountFitsLocale,
  checkRendering,
  checkSubject,
  checkVariables,
  linksOf,
  numberStyle,
  type RenderedSample,
  summarizeFindings,
} from '../../src/domain/broadcasts/preflight.ts';

const at = { locale: 'sv', contact: 'con_1' };
const UNSUB = 'https://samtal.example/u/tok?x=1&y=2';
const sample = (over: Partial<RenderedSample> = {}): RenderedSample => ({
  requestedLocale: 'sv-SE',
  locale: 'sv',
  subject: 'Nyheter i december',
  text: `Hej Anna,\n\nVi har nyheter.\n\nAvregistrera: ${UNSUB}\n`,
  html:
    '<p>Hej Anna,</p><p><a href="https://shop.example/dec">Se nyheterna</a></p>' +
    `<a href="${UNSUB.replace(/&/g, '&amp;')}">Avregistrera</a>`,
  marketing: true,
  unsubscribeUrl: UNSUB,
  ...over,
});
const codes = (s: RenderedSample) => checkRendering(s, { contact: 'con_1' }).map((f) => f.code);

describe('checkRendering', () => {
  it('finds nothing in a clean marketing message', () => {
    expect(checkRendering(sample(), { contact: 'con_1' })).toEqual([]);
  });

  it('blocks marketing without an unsubscribe link in either part', () => {
    const findings = checkRendering(sample({ text: 'Hej Anna,\n\nNyheter.\n', html: '<p>Hej Anna</p>' }), { contact: 'con_1' });
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'error', code: 'MissingUnsubscribe', message: expect.stringContaining('text and HTML') }),
    ]);
    expect(codes(sample({ text: 'Hej Anna,\n', html: null, marketing: false }))).toEqual([]);
  });

  it('reports malformed links as errors and plain http as a warning', () => {
    const html = `<a href="https://shop.example/{{ data.slug }}">Köp</a><a href="http://shop.example/a">A</a><a href="shop">B</a>${UNSUB}`;
    const findings = checkRendering(sample({ html }), { contact: null });
    expect(findings.map((f) => [f.severity, f.code])).toEqual([
      ['error', 'MalformedLink'],
      ['warning', 'InsecureLink'],
      ['error', 'MalformedLink'],
    ]);
  });

  it('takes a link to this machine (a local PUBLIC_URL) as a link: not https, but not malformed', () => {
    for (const local of ['http://localhost:8787/u/con_1..tok', 'http://app.localhost:8787/u/con_1..tok']) {
      expect(codes(sample({ text: `Hej Anna,\n\nAvregistrera: ${local}\n`, html: null, unsubscribeUrl: local })), local).toEqual([
        'InsecureLink',
      ]);
    }
  });

  it('warns when one address is linked with different texts', () => {
    const html = `<a href="https://shop.example/x">Köp nu</a> <a href="https://shop.example/x">Läs mer</a> <a href="${UNSUB}">Av</a>`;
    expect(codes(sample({ html }))).toEqual(['DuplicateLinkText']);
  });

  it('finds links in the text part too, without trailing punctuation', () => {
    expect(linksOf({ text: 'Se http://a.example/x. Och https://b.example/y!', html: null }).map((l) => l.href)).toEqual([
      'http://a.example/x',
      'https://b.example/y',
    ]);
  });

  it('warns about a locale that fell back to another file', () => {
    expect(codes(sample({ requestedLocale: 'he', locale: 'en' }))).toContain('LocaleFallback');
    expect(codes(sample({ requestedLocale: 'zh-Hant-TW', locale: 'zh-Hant' }))).not.toContain('LocaleFallback');
  });

  it('warns about a greeting whose name rendered empty', () => {
    expect(codes(sample({ text: `Hej ,\n\nNyheter.\n${UNSUB}` }))).toEqual(['EmptyPersonalization']);
    expect(codes(sample({ text: `Hi !\n\nNews.\n${UNSUB}`, locale: 'en', requestedLocale: 'en' }))).toEqual(['EmptyPersonalization']);
    expect(codes(sample({ text: `Hej Anna!\n\n${UNSUB}` }))).toEqual([]);
  });

  it('warns about prices written against the locale', () => {
    expect(codes(sample({ text: `Hej Anna,\nNu 199.00 kr!\n${UNSUB}` }))).toEqual(['PriceFormat']);
    expect(codes(sample({ text: `Hej Anna,\nNu 1 234,50 kr!\n${UNSUB}` }))).toEqual([]);
    const en = { locale: 'en', requestedLocale: 'en', html: null };
    expect(codes(sample({ ...en, text: `Hi Ann,\nNow $1,234.50!\n${UNSUB}` }))).toEqual([]);
    expect(codes(sample({ ...en, text: `Hi Ann,\nNow $1.234,50!\n${UNSUB}` }))).toEqual(['PriceFormat']);
  });
});

describe('amountFitsLocale', () => {
  it.each([
    ['1 234,50', 'sv', true],
    ['1\u00a0234,50', 'sv', true],
    ['199.00', 'sv', false],
    ['1,234.50', 'en', true],
    ['1.234', 'en', false],
    ['1.234,50', 'de', true],
    ['1,234.50', 'de', false],
    ['99', 'zh', true],
  ])('%s in %s → %s', (amount, locale, fits) => {
    expect(amountFitsLocale(amount, numberStyle(locale))).toBe(fits);
  });
});

describe('checkSubject', () => {
  it.each([
    ['Nyheter i december', []],
    ['', ['EmptySubject']],
    ['STORA REAN BÖRJAR NU', ['AllCapsSubject']],
    ['Gratis frakt i helgen', ['SpamProneSubject']],
    ['Hurry!!! Sale', ['SpamProneSubject']],
    ['限时免费送货', ['SpamProneSubject']],
    ['x'.repeat(81), ['LongSubject']],
    ['NEWS', []],
  ])('%s', (subject, expected) => {
    expect(checkSubject(subject, at).map((f) => f.code)).toEqual(expected);
  });
});

describe('checkVariables', () => {
  const liquid = new Liquid();
  const variables = (source: string) => liquid.globalFullVariablesSync(liquid.parse(source));

  it('blocks a variable with an unknown root and warns about one this contact lacks', () => {
    const used = variables('Hej {{ contat.name }} från {{ contact.attributes.city }}, {{ data.total }} {{ contact.email }}');
    const context = { contact: { email: 'a@example.com', attributes: {} }, data: { total: 5 } };
    expect(checkVariables(used, context, at).map((f) => [f.severity, f.code, f.message])).toEqual([
      ['error', 'UnknownVariable', expect.stringContaining('contat.name')],
      ['warning', 'UndefinedVariable', expect.stringContaining('contact.attributes.city')],
    ]);
  });
});

describe('summarizeFindings', () => {
  it('keeps one finding per code, locale and message, errors apart from warnings', () => {
    const a = checkSubject('STORA REAN BÖRJAR NU', { locale: 'sv', contact: 'con_1' });
    const b = checkSubject('STORA REAN BÖRJAR NU', { locale: 'sv', contact: 'con_2' });
    const c = checkSubject('', { locale: 'en', contact: 'con_3' });
    const summary = summarizeFindings([...a, ...b, ...c]);
    expect(summary.errors.map((f) => f.code)).toEqual(['EmptySubject']);
    expect(summary.warnings.map((f) => [f.code, f.contact])).toEqual([['AllCapsSubject', 'con_1']]);
  });
});
