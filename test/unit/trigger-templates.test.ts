// Templates sent by triggers: the `event` variable (name, properties, occurred_at) beside contact and
// data, and the shipped review_request, review_reminder and replenishment_reminder in sv, en, he and zh.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderTemplateSync, type RenderInput, type TemplateEvent } from '../../src/domain/outbound/templates/render.ts';
import { buildTemplateSet, type TemplateSet } from '../../src/domain/outbound/templates/set.ts';
import { readTemplateFiles } from '../../src/mail/template-files.ts';

const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));
type Lang = 'sv' | 'en' | 'he' | 'zh';
const LANGS: Lang[] = ['sv', 'en', 'he', 'zh'];
const CONTACTS: Record<Lang, RenderInput['contact']> = {
  sv: { email: 'anna@example.se', name: 'Anna Svensson', locale: 'sv-SE', timezone: 'Europe/Stockholm', attributes: {} },
  en: { email: 'emily@example.com', name: 'Emily Carter', locale: 'en-US', timezone: 'America/New_York', attributes: {} },
  he: { email: 'dana@example.co.il', name: 'דנה לוי', locale: 'he-IL', timezone: 'Asia/Jerusalem', attributes: {} },
  zh: { email: 'wang@example.cn', name: '王小明', locale: 'zh-CN', timezone: 'Asia/Shanghai', attributes: {} },
};
const FIRST: Record<Lang, string> = { sv: 'Anna', en: 'Emily', he: 'דנה', zh: '王小明' };
const UNSUBSCRIBE = 'https://samtal.example/u/tok?sig=1';
const PRODUCT = 'Moka <X200> & Co';
const ORDER = 'SE-10442';

function event(name: string, properties: Record<string, unknown>): TemplateEvent {
  return { name, properties, occurred_at: '2026-03-14T10:00:00.000Z' };
}

function render(set: TemplateSet, template: string, lang: Lang, ev: TemplateEvent | null) {
  return renderTemplateSync(set, template, {
    contact: CONTACTS[lang],
    data: {},
    event: ev,
    unsubscribe_url: UNSUBSCRIBE,
    preferences_url: 'https://samtal.example/preferences/tok',
  });
}

function noLiquidLeft(text: string | null): void {
  expect(text).not.toMatch(/\{\{|\}\}|\{%|%\}|undefined|null/);
}

describe('the event variable', () => {
  const { set } = buildTemplateSet([
    {
      path: 'ev/en.liquid',
      source: [
        '---',
        "subject: 'Re {{ event.name }}'",
        'category: transactional',
        '---',
        '{{ event.properties.order_id }} at {{ event.occurred_at | localdate }}.',
        '',
      ].join('\n'),
    },
    { path: 'ev/en.html.liquid', source: '<p>{{ event.properties.note }}</p>' },
  ]);

  it('gives templates the event’s name, properties and time beside contact and data', () => {
    const m = renderTemplateSync(set, 'ev', {
      contact: { email: 'a@example.com', name: null, locale: 'en-US', timezone: 'UTC', attributes: {} },
      data: {},
      event: { name: 'order_placed', properties: { order_id: 'A-1', note: '<b>hi</b>' }, occurred_at: '2026-03-14T10:00:00Z' },
      unsubscribe_url: 'u',
      preferences_url: 'p',
    });
    expect(m.subject).toBe('Re order_placed');
    expect(m.text).toBe('A-1 at March 14, 2026.\n');
    expect(m.html).toBe('<p>&lt;b&gt;hi&lt;/b&gt;</p>\n');
  });

  it('renders empty where a send has no event (sends from the API, date triggers)', () => {
    const contact = { email: 'a@example.com', name: null, locale: 'en', timezone: null, attributes: {} };
    for (const ev of [undefined, null]) {
      const m = renderTemplateSync(set, 'ev', { contact, data: {}, event: ev, unsubscribe_url: 'u', preferences_url: 'p' });
      expect([m.subject, m.text]).toEqual(['Re', ' at .\n']);
    }
  });
});

describe('templates sent by the shipped triggers', () => {
  let set: TemplateSet;
  beforeAll(async () => {
    set = buildTemplateSet(await readTemplateFiles(TEMPLATES_DIR)).set;
  });

  const CASES = [
    { template: 'review_request', event: 'order_delivered', link: 'review_url', topic: 'reviews' },
    { template: 'review_reminder', event: 'order_delivered', link: 'review_url', topic: 'reviews' },
    { template: 'replenishment_reminder', event: 'order_placed', link: 'reorder_url', topic: 'reminders' },
  ] as const;

  for (const c of CASES) {
    for (const lang of LANGS) {
      it(`${c.template} (${lang}) names the product, the order and the link from event.properties, with the unsubscribe link`, () => {
        const url = `https://shop.example/${c.link}?o=${ORDER}&x=1`;
        const m = render(set, c.template, lang, event(c.event, { product_name: PRODUCT, order_number: ORDER, [c.link]: url }));
        expect(m.locale).toBe(lang);
        expect([m.category, m.topic]).toEqual(['marketing', c.topic]);
        for (const part of [m.subject, m.text, m.html]) noLiquidLeft(part);
        expect(m.text).toContain(FIRST[lang]);
        expect(m.text).toContain(PRODUCT);
        expect(m.text).toContain(ORDER);
        expect(m.text).toContain(url);
        expect(m.text).toContain(UNSUBSCRIBE);
        expect(m.html).toContain('Moka &lt;X200&gt; &amp; Co');
        expect(m.html).not.toContain(PRODUCT);
        expect(m.html).toContain(`href="https://shop.example/${c.link}?o=${ORDER}&amp;x=1"`);
        expect(m.html).toContain('href="https://samtal.example/u/tok?sig=1"');
      });

      it(`${c.template} (${lang}) reads naturally without any event property`, () => {
        const m = render(set, c.template, lang, event(c.event, {}));
        for (const part of [m.subject, m.text, m.html]) noLiquidLeft(part);
        expect(m.text).not.toMatch(/\(\)|（）|:\s*\n|\n\n\n/);
        expect(m.text).toContain(UNSUBSCRIBE);
      });
    }
  }

  it('keeps Latin product names and order numbers from reordering Hebrew: alone at a line end in text, in <bdi> in HTML', () => {
    for (const template of ['review_request', 'review_reminder', 'replenishment_reminder']) {
      const m = render(set, template, 'he', event('order_delivered', { product_name: 'Moka X200', order_number: ORDER }));
      expect(m.text, template).toMatch(/\nמוצר: Moka X200\nמספר הזמנה: SE-10442\n/);
      expect(m.html, template).toContain('<bdi>Moka X200</bdi>');
      expect(m.html, template).toContain(`<bdi>${ORDER}</bdi>`);
      expect(m.html, template).toMatch(/<html lang="he" dir="rtl">/);
    }
  });

  it('replenishment_reminder gives the order’s date from event.occurred_at in the contact’s locale', () => {
    const texts = Object.fromEntries(
      LANGS.map((lang) => [lang, render(set, 'replenishment_reminder', lang, event('order_placed', {})).text]),
    );
    expect(texts.sv).toContain('Den 14 mars 2026 beställde du från oss.');
    expect(texts.en).toContain('On March 14, 2026 you ordered from us.');
    expect(texts.zh).toContain('您在2026年3月14日订购了我们的商品。');
    expect(texts.he).toContain('ב-14 במרץ 2026 הזמנת מאיתנו.');
  });

  it('review_reminder says it is the last time it asks', () => {
    const ev = event('order_delivered', {});
    expect(render(set, 'review_reminder', 'en', ev).text).toContain('This is the last time we ask about this order.');
    expect(render(set, 'review_reminder', 'sv', ev).text).toContain('sista gången vi frågar');
    expect(render(set, 'review_reminder', 'he', ev).text).toContain('הפעם האחרונה');
    expect(render(set, 'review_reminder', 'zh', ev).text).toContain('最后一次');
  });
});
