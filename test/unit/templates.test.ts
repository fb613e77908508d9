// Message templates: the shipped templates rendered in sv, en, he and zh, locale fallback,
// missing variables, HTML escaping, and the checker's problems with file:line.
import { fileURLToPath } from 'node:url';
import { Liquid } from 'liquidjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createTemplateEngine } from '../../src/domain/outbound/templates/engine.ts';
import { resolveLocale } from '../../src/domain/outbound/templates/locale.ts';
import { firstNameOf, renderTemplate, renderTemplateSync, type RenderInput } from '../../src/domain/outbound/templates/render.ts';
import {
  buildTemplateSet,
  checkTemplates,
  formatProblems,
  type TemplateFile,
  type TemplateSet,
} from '../../src/domain/outbound/templates/set.ts';
import { compileTemplates } from '../../src/domain/outbound/templates/compile.ts';
import { FORMAT_SETTINGS } from '../../src/domain/outbound/templates/format.ts';
import { splitFrontMatter } from '../../src/domain/outbound/templates/front-matter.ts';
import { readTemplateFiles } from '../../src/mail/template-files.ts';

const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));
const NBSP = '\u00a0';

type Lang = 'sv' | 'en' | 'he' | 'zh';
const CONTACTS: Record<Lang, RenderInput['contact']> = {
  sv: {
    email: 'anna.svensson@example.se',
    name: 'Anna Svensson',
    locale: 'sv-SE',
    timezone: 'Europe/Stockholm',
    attributes: { plan: 'pro' },
  },
  en: { email: 'emily.carter@example.com', name: 'Emily Carter', locale: 'en-US', timezone: 'America/New_York', attributes: {} },
  he: { email: 'dana.levi@example.co.il', name: 'דנה לוי', locale: 'he-IL', timezone: 'Asia/Jerusalem', attributes: {} },
  zh: { email: 'wang.xiaoming@example.cn', name: '王小明', locale: 'zh-CN', timezone: 'Asia/Shanghai', attributes: {} },
};
const CURRENCY: Record<Lang, string> = { sv: 'SEK', en: 'USD', he: 'ILS', zh: 'CNY' };
const UNSUBSCRIBE = 'https://samtal.example/u/tok123?list=birthday&sig=abc';
const PREFERENCES = 'https://samtal.example/preferences/tok123';

function input(lang: Lang, data: Record<string, unknown> = {}, contact: Partial<RenderInput['contact']> = {}): RenderInput {
  return {
    contact: { ...CONTACTS[lang], ...contact },
    data,
    unsubscribe_url: UNSUBSCRIBE,
    preferences_url: PREFERENCES,
  };
}

function orderData(lang: Lang, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    order_number: 'SE-10442',
    items: [
      { name: 'Kaffebönor, mörkrost', quantity: 2, price: 238 },
      { name: 'Filterhållare <Deluxe>', quantity: 1, price: 996.5 },
    ],
    total: 1234.5,
    currency: CURRENCY[lang],
    ...extra,
  };
}

function noLiquidLeft(text: string | null): void {
  expect(text).not.toMatch(/\{\{|\}\}|\{%|%\}/);
}

let files: TemplateFile[];
let set: TemplateSet;

beforeAll(async () => {
  files = await readTemplateFiles(TEMPLATES_DIR);
  const built = buildTemplateSet(files);
  expect(formatProblems(built.problems)).toBe('');
  set = built.set;
});

describe('the shipped templates', () => {
  it('are all there: nine templates, each in sv, en, he and zh', () => {
    expect(set.names()).toEqual([
      'birthday',
      'follow_up',
      'order_confirmation',
      'replenishment_reminder',
      'review_reminder',
      'review_request',
      'ski_week',
      'welcome',
      'youth_offer',
    ]);
    for (const name of set.names()) expect(set.locales(name)).toEqual(['en', 'he', 'sv', 'zh']);
    expect(set.has('welcome')).toBe(true);
    expect(set.has('nope')).toBe(false);
    expect(set.locales('nope')).toEqual([]);
  });

  it('have no problems (checkTemplates over templates/)', () => {
    expect(formatProblems(checkTemplates(files))).toBe('');
  });

  it('give every HTML part lang and dir on <html>, right-to-left for Hebrew', () => {
    const htmlFiles = files.filter((f) => f.path.endsWith('.html.liquid'));
    expect(htmlFiles.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        'welcome/sv.html.liquid',
        'welcome/en.html.liquid',
        'welcome/he.html.liquid',
        'welcome/zh.html.liquid',
        'order_confirmation/sv.html.liquid',
        'order_confirmation/en.html.liquid',
        'order_confirmation/he.html.liquid',
        'order_confirmation/zh.html.liquid',
      ]),
    );
    for (const f of htmlFiles) {
      const lang = f.path.split('/')[1]!.split('.')[0]!;
      const dir = lang === 'he' ? 'rtl' : 'ltr';
      expect(f.source, f.path).toMatch(new RegExp(`<html lang="${lang}(-[A-Za-z]+)?" dir="${dir}">`));
    }
  });
});

describe('welcome', () => {
  const expected: Record<Lang, { subject: string; greeting: string; reply: string; signature: string }> = {
    sv: {
      subject: 'Välkommen, Anna!',
      greeting: 'Hej Anna!',
      reply: 'Svara bara på det här mejlet – en människa läser varje svar.',
      signature: 'Varma hälsningar\nTeamet\n',
    },
    en: {
      subject: 'Welcome, Emily!',
      greeting: 'Hi Emily,',
      reply: 'Just reply to this email – a person reads every answer.',
      signature: 'Warm regards,\nThe team\n',
    },
    he: {
      subject: 'ברוכים הבאים, דנה!',
      greeting: 'שלום דנה,',
      reply: 'אפשר פשוט להשיב למייל הזה – אדם אמיתי קורא כל תשובה.',
      signature: 'בברכה,\nהצוות\n',
    },
    zh: {
      subject: '王小明，欢迎您！',
      greeting: '王小明，您好！',
      reply: '直接回复这封邮件就好，每一封回信都有真人阅读。',
      signature: '祝好！\n团队\n',
    },
  };

  for (const lang of ['sv', 'en', 'he', 'zh'] as const) {
    it(`greets by first name in ${lang}, text and HTML`, async () => {
      const m = await renderTemplate(set, 'welcome', input(lang, { login_url: 'https://app.example/login?next=/start&x=1' }));
      const e = expected[lang];
      expect(m.template).toBe('welcome');
      expect(m.locale).toBe(lang);
      expect(m.category).toBe('transactional');
      expect(m.topic).toBeNull();
      expect(m.subject).toBe(e.subject);
      expect(m.text.startsWith(`${e.greeting}\n\n`)).toBe(true);
      expect(m.text).toContain(e.reply);
      expect(m.text.endsWith(e.signature)).toBe(true);
      expect(m.text).toContain('https://app.example/login?next=/start&x=1');
      expect(m.html).not.toBeNull();
      expect(m.html).toContain(e.greeting);
      expect(m.html).toContain(`<title>${e.subject}</title>`);
      expect(m.html).toContain('href="https://app.example/login?next=/start&amp;x=1"');
      noLiquidLeft(m.text);
      noLiquidLeft(m.html);
    });
  }

  it('falls back to a greeting without a name, and leaves out the sign-in line without a login_url', async () => {
    const greetings: Record<Lang, [string, string]> = {
      sv: ['Välkommen!', 'Hej och välkommen!'],
      en: ['Welcome!', 'Hi there,'],
      he: ['ברוכים הבאים!', 'שלום וברוכים הבאים,'],
      zh: ['欢迎您！', '您好，欢迎您！'],
    };
    for (const lang of ['sv', 'en', 'he', 'zh'] as const) {
      const m = renderTemplateSync(set, 'welcome', input(lang, {}, { name: null }));
      expect(m.subject).toBe(greetings[lang][0]);
      expect(m.text.split('\n')[0]).toBe(greetings[lang][1]);
      expect(m.text).not.toContain('http');
      expect(m.text).not.toMatch(/\n\n\n/);
      noLiquidLeft(m.text);
      noLiquidLeft(m.html);
    }
  });

  it('escapes a contact name in HTML but not in the text part or the subject', async () => {
    const m = await renderTemplate(set, 'welcome', input('en', {}, { name: '<script>alert(1)</script> Mallory' }));
    expect(m.subject).toBe('Welcome, <script>alert(1)</script>!');
    expect(m.text).toContain('Hi <script>alert(1)</script>,');
    expect(m.html).toContain('Hi &lt;script&gt;alert(1)&lt;/script&gt;,');
    expect(m.html).not.toContain('<script>');
  });
});

describe('order_confirmation', () => {
  const expected: Record<Lang, { subject: string; number: string; line: string; total: string; delivery: string; reply: string }> = {
    sv: {
      subject: 'Tack för din beställning SE-10442',
      number: 'Ordernummer: SE-10442',
      line: `2 × Kaffebönor, mörkrost – 238,00${NBSP}kr`,
      total: `Totalt: 1${NBSP}234,50${NBSP}kr`,
      delivery: 'Beräknad leverans: 20 mars 2025',
      reply: 'Svara bara på det här mejlet, så ordnar vi det.',
    },
    en: {
      subject: 'Thank you for your order SE-10442',
      number: 'Order number: SE-10442',
      line: '2 × Kaffebönor, mörkrost – $238.00',
      total: 'Total: $1,234.50',
      delivery: 'Estimated delivery: March 20, 2025',
      reply: "Just reply to this email and we'll sort it out.",
    },
    he: {
      subject: 'תודה על ההזמנה! מספר הזמנה SE-10442',
      number: 'מספר הזמנה: SE-10442',
      line: '2 × Kaffebönor, mörkrost – ',
      total: 'סה״כ: ',
      delivery: 'מועד אספקה משוער: 20 במרץ 2025',
      reply: 'אפשר פשוט להשיב למייל הזה ונטפל בזה.',
    },
    zh: {
      subject: '订单 SE-10442 已确认，谢谢您！',
      number: '订单号：SE-10442',
      line: 'Kaffebönor, mörkrost × 2：¥238.00',
      total: '合计：¥1,234.50',
      delivery: '预计送达：2025年3月20日',
      reply: '直接回复这封邮件就好',
    },
  };

  for (const lang of ['sv', 'en', 'he', 'zh'] as const) {
    it(`lists the order with amounts in the contact's format (${lang})`, async () => {
      const m = await renderTemplate(set, 'order_confirmation', input(lang, orderData(lang, { delivery_estimate: '2025-03-20' })));
      const e = expected[lang];
      expect(m.category).toBe('transactional');
      expect(m.subject).toBe(e.subject);
      expect(m.text).toContain(e.number);
      expect(m.text).toContain(e.line);
      expect(m.text).toContain(e.total);
      expect(m.text).toContain(e.delivery);
      expect(m.text).toContain(e.reply);
      // Item lines sit together, one per line, under the order number.
      expect(m.text).toContain(`${e.number}\n\n`);
      expect(m.text).toContain('Filterhållare <Deluxe>');
      expect(m.html).toContain('Filterhållare &lt;Deluxe&gt;');
      expect(m.html).not.toContain('<Deluxe>');
      noLiquidLeft(m.text);
      noLiquidLeft(m.html);
    });
  }

  it('formats shekels and the Hebrew total with Hebrew number formatting', () => {
    const m = renderTemplateSync(set, 'order_confirmation', input('he', orderData('he')));
    expect(m.text).toMatch(/סה״כ: \u200f?1,234\.50\s\u200f?₪/u);
    expect(m.html).toMatch(/1,234\.50\s\u200f?₪/u);
    expect(m.html).toContain('<html lang="he" dir="rtl">');
  });

  it('leaves out the delivery estimate when there is none, without a gap', () => {
    const m = renderTemplateSync(set, 'order_confirmation', input('sv', orderData('sv')));
    expect(m.text).not.toContain('Beräknad leverans');
    expect(m.text).toContain(`Totalt: 1${NBSP}234,50${NBSP}kr\n\nHar något blivit fel`);
    expect(m.html).not.toContain('Beräknad leverans');
  });

  it('passes a free-text delivery estimate through unchanged', () => {
    const m = renderTemplateSync(set, 'order_confirmation', input('sv', orderData('sv', { delivery_estimate: '2–4 arbetsdagar' })));
    expect(m.text).toContain('Beräknad leverans: 2–4 arbetsdagar');
  });

  it('prints each item on its own line in order', () => {
    const m = renderTemplateSync(set, 'order_confirmation', input('en', orderData('en')));
    expect(m.text).toContain(
      'Order number: SE-10442\n\n2 × Kaffebönor, mörkrost – $238.00\n1 × Filterhållare <Deluxe> – $996.50\n\nTotal: $1,234.50',
    );
  });
});

describe('birthday', () => {
  const lines: Record<Lang, [string, string]> = {
    sv: ['Grattis på födelsedagen, Anna!', 'senast 30 april 2025'],
    en: ['Happy birthday, Emily!', 'any time until April 30, 2025'],
    he: ['יום הולדת שמח, דנה!', 'בתוקף עד 30 באפריל 2025'],
    zh: ['王小明，生日快乐！', '有效期至2025年4月30日'],
  };
  for (const lang of ['sv', 'en', 'he', 'zh'] as const) {
    it(`is marketing with topic birthday and shows the unsubscribe link in text and HTML (${lang})`, async () => {
      const m = await renderTemplate(set, 'birthday', input(lang, { gift_code: 'HB-2025', gift_valid_until: '2025-04-30' }));
      expect(m.category).toBe('marketing');
      expect(m.topic).toBe('birthday');
      expect(m.subject).toBe(lines[lang][0]);
      expect(m.text).toContain('HB-2025');
      expect(m.text).toContain(lines[lang][1]);
      expect(m.text).toContain(UNSUBSCRIBE);
      expect(m.text).toContain(PREFERENCES);
      expect(m.html).toContain(`href="${UNSUBSCRIBE.replace('&', '&amp;')}"`);
      expect(m.html).toContain(`href="${PREFERENCES}"`);
      noLiquidLeft(m.text);
      noLiquidLeft(m.html);
    });
  }
});

describe('follow_up', () => {
  it('names the request when given and asks whether the problem is solved', () => {
    const sv = renderTemplateSync(set, 'follow_up', input('sv', { subject_of_request: 'Fakturan för mars', sender_name: 'Karin' }));
    expect(sv.category).toBe('support');
    expect(sv.html).toBeNull();
    expect(sv.subject).toBe('Hur gick det med ”Fakturan för mars”?');
    expect(sv.text).toContain('med ditt ärende ”Fakturan för mars”');
    expect(sv.text).toContain('Är problemet löst nu?');
    expect(sv.text.endsWith('Vänliga hälsningar\nKarin\n')).toBe(true);

    const zh = renderTemplateSync(set, 'follow_up', input('zh', { subject_of_request: '发票问题' }));
    expect(zh.subject).toBe('关于“发票问题”，问题解决了吗？');
    expect(zh.text).toContain('问题解决了吗？');

    const he = renderTemplateSync(set, 'follow_up', input('he', { subject_of_request: 'חשבונית' }));
    expect(he.text).toContain('בנושא "חשבונית"');
    expect(he.text).toContain('הבעיה נפתרה?');
  });

  it('reads naturally without a request subject', () => {
    const en = renderTemplateSync(set, 'follow_up', input('en', {}, { name: null }));
    expect(en.subject).toBe('How did it go?');
    expect(en.text.startsWith('Hi again,\n\nI just wanted to check in on how things have been since we last talked.')).toBe(true);
    expect(en.text).toContain('Is the problem solved now?');
    noLiquidLeft(en.text);
  });
});

describe('locale fallback', () => {
  it('resolves exact tags case-insensitively, then the language, then the default', () => {
    expect(resolveLocale(set, 'welcome', 'sv-SE')).toBe('sv');
    expect(resolveLocale(set, 'welcome', 'SV')).toBe('sv');
    expect(resolveLocale(set, 'welcome', 'sv_FI')).toBe('sv');
    expect(resolveLocale(set, 'welcome', 'pt-BR')).toBe('en');
    expect(resolveLocale(set, 'welcome', 'zh-Hant-TW')).toBe('zh');
    expect(resolveLocale(set, 'welcome', 'he')).toBe('he');
    expect(resolveLocale(set, 'welcome', null)).toBe('en');
    expect(resolveLocale(set, 'welcome', undefined)).toBe('en');
    expect(resolveLocale(set, 'welcome', '')).toBe('en');
    expect(resolveLocale(set, 'welcome', 'not a locale!')).toBe('en');
  });

  it('prefers a regional file, and a script file, when one exists', () => {
    const { set: s, problems } = buildTemplateSet([
      file('hello/sv.liquid', 'transactional', 'sv'),
      file('hello/sv-SE.liquid', 'transactional', 'sv-SE'),
      file('hello/zh.liquid', 'transactional', 'zh'),
      file('hello/zh-Hant.liquid', 'transactional', 'zh-Hant'),
    ]);
    expect(problems).toEqual([]);
    expect(resolveLocale(s, 'hello', 'sv-se')).toBe('sv-SE');
    expect(resolveLocale(s, 'hello', 'sv-FI')).toBe('sv');
    expect(resolveLocale(s, 'hello', 'zh-Hant-TW')).toBe('zh-Hant');
    expect(resolveLocale(s, 'hello', 'zh-TW')).toBe('zh-Hant');
    expect(resolveLocale(s, 'hello', 'zh-CN')).toBe('zh');
    // No "en": the alphabetically first locale is the default.
    expect(resolveLocale(s, 'hello', 'fr')).toBe('sv');
  });

  it('honours default_locale from the front matter', () => {
    const { set: s, problems } = buildTemplateSet([
      file('hello/de.liquid', 'transactional', 'de', 'default_locale: de\n'),
      file('hello/en.liquid', 'transactional', 'en'),
    ]);
    expect(problems).toEqual([]);
    expect(resolveLocale(s, 'hello', 'fr')).toBe('de');
    expect(resolveLocale(s, 'hello', 'en-GB')).toBe('en');
  });

  it('renders the fallback file for a pt-BR contact, formatting amounts in the file language', async () => {
    const m = await renderTemplate(
      set,
      'order_confirmation',
      input('en', orderData('en', { currency: 'BRL' }), { locale: 'pt-BR', name: 'João Silva' }),
    );
    expect(m.locale).toBe('en');
    expect(m.text.startsWith('Hi João,')).toBe(true);
    expect(m.text).toContain('Total: R$1,234.50');
  });

  it('renders zh for a zh-Hant-TW contact and sv for sv-SE', () => {
    expect(renderTemplateSync(set, 'welcome', input('zh', {}, { locale: 'zh-Hant-TW' })).locale).toBe('zh');
    expect(renderTemplateSync(set, 'welcome', input('sv', {}, { locale: 'sv-SE' })).locale).toBe('sv');
  });

  it('uses input.locale over contact.locale', () => {
    const m = renderTemplateSync(set, 'welcome', { ...input('sv'), locale: 'he' });
    expect(m.locale).toBe('he');
    expect(m.subject).toBe('ברוכים הבאים, Anna!');
  });

  it('formats in the contact’s own region when it reads its language’s file', () => {
    const gb = renderTemplateSync(
      set,
      'order_confirmation',
      input('en', orderData('en', { currency: 'GBP', delivery_estimate: '2025-03-20' }), { locale: 'en-GB' }),
    );
    expect(gb.text).toContain('Total: £1,234.50');
    expect(gb.text).toContain('Estimated delivery: 20 March 2025');
  });
});

describe('rendering', () => {
  function one(source: string, extra = ''): TemplateSet {
    const built = buildTemplateSet([{ path: 't/en.liquid', source: `---\nsubject: Hi\ncategory: transactional\n${extra}---\n${source}` }]);
    expect(built.problems).toEqual([]);
    return built.set;
  }

  it('renders a missing variable as empty or its default, never as the tag text', () => {
    const s = one('[{{ data.nothing }}][{{ data.nothing | default: "fallback" }}][{{ contact.attributes.missing.deep }}][{{ nobody }}]');
    const m = renderTemplateSync(s, 't', input('en'));
    expect(m.text).toBe('[][fallback][][]\n');
  });

  it('gives templates contact.attributes, contact.first_name and the two links', () => {
    const s = one('{{ contact.attributes.plan }}|{{ contact.first_name }}|{{ contact.email }}|{{ unsubscribe_url }}|{{ preferences_url }}');
    const m = renderTemplateSync(s, 't', input('sv'));
    expect(m.text).toBe(`pro|Anna|anna.svensson@example.se|${UNSUBSCRIBE}|${PREFERENCES}\n`);
  });

  it('collapses the subject to one line and tidies the text part', () => {
    const built = buildTemplateSet([
      {
        path: 't/en.liquid',
        source:
          '---\nsubject: |\n  Hello\n     {{ contact.first_name }}  \n\n  again\ncategory: support\n---\n\n\n' +
          'line one   \n\n\n\n\n\nline two\t\n\n\n',
      },
    ]);
    expect(built.problems).toEqual([]);
    const m = renderTemplateSync(built.set, 't', input('en'));
    expect(m.subject).toBe('Hello Emily again');
    expect(m.text).toBe('line one\n\n\nline two\n');
  });

  it('formats money and dates in the message locale and the contact’s time zone', () => {
    const s = one(
      '{{ data.total | money: data.currency }}|{{ data.at | localdate: "long", "short" }}|{{ data.day | localdate }}|' +
        '{{ data.day | date: "%e %B %Y" }}|{{ data.total | money }}|{{ "n/a" | money: "SEK" }}',
    );
    const data = { total: 1234.5, currency: 'SEK', at: '2025-03-14T23:30:00Z', day: '2025-03-14' };
    // The space before AM/PM is U+202F or U+0020 depending on the ICU version: \s takes both.
    const sthlm = renderTemplateSync(s, 't', input('en', data, { locale: 'en', timezone: 'Europe/Stockholm' }));
    expect(sthlm.text).toMatch(
      new RegExp(`^SEK${NBSP}1,234\\.50\\|March 15, 2025 at 12:30\\sAM\\|March 14, 2025\\|14 March 2025\\|1,234\\.50\\|n/a\\n$`),
    );
    const ny = renderTemplateSync(s, 't', input('en', data, { locale: 'en', timezone: 'America/New_York' }));
    expect(ny.text).toMatch(/\|March 14, 2025 at 7:30\sPM\|March 14, 2025\|14 March 2025\|/);
    const unknownZone = renderTemplateSync(s, 't', input('en', data, { locale: 'en', timezone: 'Mars/Olympus_Mons' }));
    expect(unknownZone.text).toMatch(/\|March 14, 2025 at 11:30\sPM\|/);
  });

  it('translates month names of the date filter into the message locale', () => {
    const built = buildTemplateSet([
      { path: 't/sv.liquid', source: '---\nsubject: Hej\ncategory: transactional\n---\n{{ data.day | date: "%e %B %Y" }}' },
    ]);
    const m = renderTemplateSync(built.set, 't', input('sv', { day: '2025-03-14' }));
    expect(m.text).toBe('14 mars 2025\n');
  });

  it('derives contact.first_name from the name, and keeps an explicit one', () => {
    const base = CONTACTS.en;
    expect(firstNameOf({ ...base, name: '  Anna  Maria Svensson ' })).toBe('Anna');
    expect(firstNameOf({ ...base, name: 'Svensson, Anna' })).toBe('Anna');
    expect(firstNameOf({ ...base, name: '王 小明' })).toBe('王小明');
    expect(firstNameOf({ ...base, name: null })).toBeNull();
    expect(firstNameOf({ ...base, name: '   ' })).toBeNull();
    expect(firstNameOf({ ...base, name: 'Anna Svensson', attributes: { first_name: 'Annie' } })).toBe('Annie');
    expect(firstNameOf({ ...base, name: 'Anna Svensson', first_name: 'Ann' })).toBe('Ann');
  });

  it('throws a clear error for an unknown template', async () => {
    await expect(renderTemplate(set, 'no_such_template', input('en'))).rejects.toThrow(/unknown message template "no_such_template"/);
    expect(() => resolveLocale(set, 'no_such_template', 'en')).toThrow(/no_such_template/);
  });

  it('names the template and file when a render fails', () => {
    const s = one('{{ data.loop | json }}');
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => renderTemplateSync(s, 't', input('en', { loop }))).toThrow(
      /^rendering message template "t" \(t\/en\.liquid\) failed: .*circular/i,
    );
    expect(renderTemplateSync(s, 't', input('en', { loop: { a: 1 } })).text).toBe('{"a":1}\n');
  });

  it('renders the shipped templates through precompiled closures: no parsing, no liquidjs render per message', () => {
    const parse = vi.spyOn(Liquid.prototype, 'parse');
    const render = vi.spyOn(Liquid.prototype, 'renderSync');
    try {
      let bytes = 0;
      for (let i = 0; i < 400; i++) {
        const lang = (['sv', 'en', 'he', 'zh'] as const)[i % 4]!;
        const name = set.names()[i % 4]!;
        const m = renderTemplateSync(set, name, input(lang, orderData(lang, { gift_code: `G${i}` }), { name: `Person${i} Test` }));
        bytes += m.text.length + (m.html?.length ?? 0);
        expect(m.text).toContain(`Person${i}`);
      }
      expect(bytes).toBeGreaterThan(400 * 300);
      expect(parse).not.toHaveBeenCalled();
      expect(render).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
      render.mockRestore();
    }
  });
});

describe('compiled rendering matches liquidjs', () => {
  const scopes = [
    {
      lang: 'sv' as const,
      data: {
        login_url: 'https://a.example/?a=1&b=<2>',
        gift_code: 'HB-1',
        gift_valid_until: '2025-04-30',
        subject_of_request: 'Fakturan',
        delivery_estimate: '2025-03-20',
        order_url: 'https://shop.example/o/1',
      },
    },
    { lang: 'en' as const, data: {} },
    { lang: 'he' as const, data: { items: [], company_name: 'Acme & Co' } },
  ];

  it('for every shipped file, with and without optional data', () => {
    let compared = 0;
    for (const f of files) {
      const html = f.path.endsWith('.html.liquid');
      const engine = createTemplateEngine(html);
      const { body } = splitFrontMatter(f.source);
      const templates = engine.parse(body, f.path);
      const compiled = compileTemplates(templates, engine);
      expect(compiled, `${f.path} should compile`).not.toBeNull();
      for (const { lang, data } of scopes) {
        const lang2 = f.path.split('/')[1]!.split('.')[0] as Lang;
        const scope = {
          contact: { ...CONTACTS[lang], first_name: lang === 'en' ? null : 'Anna <b>' },
          data: { ...orderData(lang2), ...data },
          unsubscribe_url: UNSUBSCRIBE,
          preferences_url: PREFERENCES,
          subject: 'Subject & more',
          [FORMAT_SETTINGS]: { locale: lang2, timeZone: 'Europe/Stockholm' },
        };
        expect(compiled!(scope), f.path).toBe(engine.renderSync(templates, scope));
        compared++;
      }
    }
    expect(compared).toBe(files.length * scopes.length);
  });

  it('for operators, unless, for/else, forloop and comments', () => {
    const engine = createTemplateEngine(false);
    const source = [
      '{% if a > 1 and b contains "x" %}A{% elsif not_there %}B{% else %}C{% endif %}',
      '{% unless a == 2 %}U{% else %}V{% endunless %}',
      '{% for i in list %}{{ forloop.index }}/{{ forloop.length }}:{{ i | upcase }}' +
        '{% if forloop.last %}.{% else %},{% endif %}{% else %}none{% endfor %}',
      '{% for i in empty_list %}x{% else %}none{% endfor %}',
      '{% comment %}hidden{% endcomment %}{% # inline %}{{ obj.k }}{{ list[1] }}{{ list.size }}{{ list.first }}',
    ].join('|');
    const templates = engine.parse(source);
    const compiled = compileTemplates(templates, engine);
    expect(compiled).not.toBeNull();
    for (const scope of [
      { a: 2, b: 'xyz', list: ['p', 'q'], empty_list: [], obj: { k: 'v' } },
      { a: 1, b: 'y', list: 'solo', obj: {} },
      { a: 3, b: ['x'], list: null },
    ]) {
      expect(compiled!(scope)).toBe(engine.renderSync(templates, scope));
    }
  });

  it('leaves templates with other tags to liquidjs', () => {
    const engine = createTemplateEngine(false);
    expect(compileTemplates(engine.parse('{% assign x = 1 %}{{ x }}'), engine)).toBeNull();
    expect(compileTemplates(engine.parse('{% for i in list limit: 1 %}{{ i }}{% endfor %}'), engine)).toBeNull();
    const { set: s } = buildTemplateSet([
      {
        path: 't/en.liquid',
        source:
          '---\nsubject: Hi\ncategory: support\n---\n' +
          '{% assign n = contact.first_name | upcase %}{{ n }}{% for i in (1..2) %}{{ i }}{% endfor %}',
      },
    ]);
    expect(renderTemplateSync(s, 't', input('en')).text).toBe('EMILY12\n');
  });
});

function file(path: string, category: string, label: string, extra = ''): TemplateFile {
  return { path, source: `---\nsubject: ${label}\ncategory: ${category}\n${extra}---\nText ${label}\n` };
}

describe('the checker', () => {
  it('reports a Liquid syntax error at its line in the file, front matter lines included', () => {
    const source = [
      '---', // 1
      '# a comment', // 2
      "subject: 'Hi {{ contact.first_name }}'", // 3
      'category: transactional', // 4
      '---', // 5
      'Hello,', // 6
      '', // 7
      '{% if data.x %}', // 8
      'never closed', // 9
    ].join('\n');
    const problems = checkTemplates([{ path: 'broken/sv.liquid', source }]);
    expect(problems).toEqual([{ path: 'broken/sv.liquid', line: 8, message: 'tag {% if data.x %} not closed' }]);
    expect(formatProblems(problems)).toBe('broken/sv.liquid:8: tag {% if data.x %} not closed');
  });

  it('reports an unclosed output and errors in HTML files at the right line', () => {
    const problems = checkTemplates([
      { path: 'a/en.liquid', source: '---\nsubject: Hi\ncategory: support\n---\nline 5\nline 6 {{ contact.name\n' },
      { path: 'a/en.html.liquid', source: '<p>\n</p>\n<p>{% endif %}</p>\n' },
    ]);
    expect(problems.map((p) => [p.path, p.line])).toEqual([
      ['a/en.html.liquid', 3],
      ['a/en.liquid', 6],
    ]);
    expect(problems[1]!.message).toMatch(/not closed/);
  });

  it('reports an unknown filter in the body and in the subject', () => {
    const problems = checkTemplates([
      {
        path: 'f/en.liquid',
        source: "---\nsubject: 'Hi {{ contact.name | yell }}'\ncategory: support\n---\n\n\n{{ contact.name | shout }}\n",
      },
    ]);
    expect(problems).toEqual([
      { path: 'f/en.liquid', line: 2, message: 'subject: undefined filter: yell' },
      { path: 'f/en.liquid', line: 7, message: 'undefined filter: shout' },
    ]);
  });

  it('reports a marketing template without {{ unsubscribe_url }} in each part, and keeps it out of the set', () => {
    const marketing = '---\nsubject: Offer\ncategory: marketing\ntopic: newsletter\n---\nBuy now.\n';
    const { set: s, problems } = buildTemplateSet([
      { path: 'promo/en.liquid', source: marketing },
      { path: 'promo/en.html.liquid', source: '<p>Buy now.</p>' },
      { path: 'ok/en.liquid', source: `${marketing}{% if true %}Unsubscribe: {{ unsubscribe_url }}{% endif %}\n` },
      { path: 'ok/en.html.liquid', source: '<a href="{{ unsubscribe_url }}">Unsubscribe</a>' },
      { path: 'half/en.liquid', source: `${marketing}{{ unsubscribe_url }}\n` },
      { path: 'half/en.html.liquid', source: '<p>{{ preferences_url }}</p>' },
    ]);
    expect(problems).toEqual([
      { path: 'half/en.html.liquid', line: 1, message: 'a marketing message must show {{ unsubscribe_url }} in its HTML part' },
      { path: 'promo/en.html.liquid', line: 1, message: 'a marketing message must show {{ unsubscribe_url }} in its HTML part' },
      { path: 'promo/en.liquid', line: 6, message: 'a marketing message must show {{ unsubscribe_url }} in its text part' },
    ]);
    expect(s.names()).toEqual(['ok']);
  });

  it('reports bad and missing front matter fields with their lines', () => {
    const problems = checkTemplates([
      { path: 'a/en.liquid', source: '---\ncategory: newsletter\ncolour: blue\n---\nHi\n' },
      { path: 'b/en.liquid', source: 'No front matter at all\n' },
      { path: 'c/en.liquid', source: '---\nsubject: Hi {{ contact.first_name | default: "there" }}\ncategory: support\n---\nHi\n' },
      { path: 'd/en.liquid', source: '---\nsubject: Hi\ncategory: support\n' },
      { path: 'e/en.liquid', source: '---\nsubject: Hi\ncategory: marketing\ntopic: Big News!\n---\n{{ unsubscribe_url }}\n' },
      { path: 'f/en.liquid', source: '---\nsubject: Hi\ncategory: support\n---\n   \n' },
    ]);
    expect(formatProblems(problems).split('\n')).toEqual([
      'a/en.liquid:1: front matter: "subject" is required',
      'a/en.liquid:2: front matter: "category" must be one of transactional | marketing | support, not "newsletter"',
      'a/en.liquid:3: front matter: unknown field "colour" (known: subject, category, topic, default_locale, audience)',
      'b/en.liquid:1: missing front matter: start the file with "---", subject and category lines, and "---"',
      expect.stringMatching(/^c\/en\.liquid:2: front matter: .*single quotes/),
      'd/en.liquid:1: the front matter opened with "---" on line 1 is never closed with "---"',
      'e/en.liquid:4: front matter: "topic" must be a lower-case name such as "newsletter", not "Big News!"',
      'f/en.liquid:5: the text part is empty',
    ]);
  });

  it('reports layout problems: HTML without text, front matter in HTML, bad names, duplicates, disagreeing locales', () => {
    const problems = checkTemplates([
      { path: 'lonely/sv.html.liquid', source: '<p>Hej</p>' },
      file('fm/en.liquid', 'support', 'en'),
      { path: 'fm/en.html.liquid', source: '---\nsubject: Nope\n---\n<p>x</p>' },
      file('Bad Name/en.liquid', 'support', 'x'),
      file('loc/english.liquid', 'support', 'x'),
      file('toplevel.liquid', 'support', 'x'),
      file('dup/sv-SE.liquid', 'support', 'x'),
      file('dup/sv-se.liquid', 'support', 'x'),
      file('mix/en.liquid', 'transactional', 'en'),
      file('mix/sv.liquid', 'support', 'sv'),
      file('dl/en.liquid', 'support', 'en', 'default_locale: fr\n'),
    ]);
    expect(formatProblems(problems).split('\n')).toEqual([
      'Bad Name/en.liquid:1: template name "Bad Name" must be lower-case letters, digits, "-" or "_"',
      'dl/en.liquid:4: default_locale "fr" has no file dl/fr.liquid',
      'dup/sv-se.liquid:1: duplicate of dup/sv-SE.liquid (locales match case-insensitively)',
      'fm/en.html.liquid:2: an HTML part takes no front matter: subject and category belong in fm/en.liquid',
      'loc/english.liquid:1: "english" is not a locale (BCP 47, e.g. "sv", "en-GB", "zh-Hant")',
      'lonely/sv.html.liquid:1: HTML part without a text part: add lonely/sv.liquid (with the front matter)',
      'mix/sv.liquid:3: category "support" differs from "transactional" in mix/en.liquid; all locales of a template must agree',
      'toplevel.liquid:1: not a template file: expected NAME/LOCALE.liquid or NAME/LOCALE.html.liquid',
    ]);
  });

  it('accepts an HTML part with an empty front matter and refuses {% include %}', () => {
    const problems = checkTemplates([
      file('x/en.liquid', 'support', 'en'),
      { path: 'x/en.html.liquid', source: '---\n---\n<p>ok</p>' },
      { path: 'y/en.liquid', source: '---\nsubject: Hi\ncategory: support\n---\n{% include "footer" %}\n' },
    ]);
    expect(problems).toEqual([
      {
        path: 'y/en.liquid',
        line: 5,
        message: '{% include %} is not available: each message template stands alone; write the text out in this file',
      },
    ]);
  });

  it('collects the problems of every file rather than stopping at the first', () => {
    const problems = checkTemplates([
      { path: 'a/en.liquid', source: '---\nsubject: A\ncategory: support\n---\n{{ x | nope }}\n' },
      { path: 'b/en.liquid', source: '---\nsubject: B\ncategory: support\n---\n{% for %}\n' },
      { path: 'c/en.liquid', source: '---\nsubject: C\ncategory: support\n---\nfine\n' },
    ]);
    expect(problems.map((p) => `${p.path}:${p.line}`)).toEqual(['a/en.liquid:5', 'b/en.liquid:5']);
  });
});
