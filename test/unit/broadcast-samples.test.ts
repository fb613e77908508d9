// Who a broadcast's pre-flight renders for, how inline Liquid is parsed and analysed, and the
// variables a shipped template reads.
import { describe, expect, it } from 'vitest';
import { parseInline } from '../../src/domain/broadcasts/inline.ts';
import { edgeContacts, sampleOf, samplePerLocale } from '../../src/domain/broadcasts/samples.ts';
import { resolveEntry } from '../../src/domain/outbound/templates/locale.ts';
import { buildTemplateSet, templateEntry } from '../../src/domain/outbound/templates/set.ts';

describe('samplePerLocale', () => {
  it('keeps at most n contacts per requested locale, a missing locale counting as the default', () => {
    const contacts = [
      { id: 1, locale: 'sv' },
      { id: 2, locale: 'SV' },
      { id: 3, locale: 'sv' },
      { id: 4, locale: null },
      { id: 5, locale: 'en' },
      { id: 6, locale: 'fr' },
    ];
    expect(samplePerLocale(contacts, 'en', 2).map((c) => c.id)).toEqual([1, 2, 4, 5, 6]);
  });
});

describe('sampleOf', () => {
  it('labels a real contact by its id and keeps only what a rendering reads', () => {
    const contact = {
      id: 'con_1',
      email: 'ana@example.com',
      name: 'Ana',
      locale: 'sv-SE',
      timezone: 'Europe/Stockholm',
      attributes: { plan: 'pro' },
      marketingConsent: 'subscribed',
    };
    expect(sampleOf(contact)).toEqual({
      label: 'con_1',
      email: 'ana@example.com',
      name: 'Ana',
      locale: 'sv-SE',
      timezone: 'Europe/Stockholm',
      attributes: { plan: 'pro' },
    });
  });
});

describe('edgeContacts', () => {
  it('has one without attributes per locale, a right-to-left name, the longest name and no name', () => {
    const edges = edgeContacts(['Bo', null, 'Maria Josefina Lindqvist-Öberg', 'Ann'], ['en', 'sv'], 'en');
    expect(edges.map((e) => [e.label, e.locale])).toEqual([
      ['edge: no attributes', 'en'],
      ['edge: no attributes', 'sv'],
      ['edge: right-to-left name', 'he'],
      ['edge: longest name', 'en'],
      ['edge: no name', 'en'],
    ]);
    expect(edges[2]!.name).toMatch(/[\u0590-\u05ff]/);
    expect(edges[3]!.name).toBe('Maria Josefina Lindqvist-Öberg');
    expect(edges[4]!.name).toBeNull();
    expect(edges.every((e) => Object.keys(e.attributes).length === 0)).toBe(true);
  });

  it('leaves out the longest name when the segment has no names', () => {
    expect(edgeContacts([null], ['en'], 'en').map((e) => e.label)).not.toContain('edge: longest name');
  });
});

describe('parseInline', () => {
  it('renders subject, text and escaped HTML, and lists the variables every part reads', () => {
    const parsed = parseInline({
      subject: 'Hi {{ contact.first_name }}',
      text: '{{ subject }}: {{ contact.attributes.city }}',
      html: '<p>{{ contact.name }}</p>',
    });
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.message.variables.sort()).toEqual(['contact.attributes.city', 'contact.first_name', 'contact.name', 'subject']);
    const out = parsed.message.render({ contact: { first_name: 'Ana', name: '<Ana>', attributes: { city: 'Lund' } } });
    expect(out).toEqual({ subject: 'Hi Ana', text: 'Hi Ana: Lund', html: '<p>&lt;Ana&gt;</p>' });
  });

  it('names the part and line of a Liquid syntax error', () => {
    expect(parseInline({ subject: 'ok', text: 'line one\n{% if x %}never closed', html: null })).toMatchObject({
      ok: false,
      field: 'text',
      message: expect.stringMatching(/^line 2: /),
    });
  });
});

describe('template variables', () => {
  it('are collected per locale from the subject, text and HTML parts', () => {
    const { set } = buildTemplateSet([
      { path: 'offer/en.liquid', source: '---\nsubject: "For {{ contact.name }}"\ncategory: transactional\n---\n{{ data.code }}\n' },
      { path: 'offer/en.html.liquid', source: '<p>{{ contact.attributes.city }}</p>' },
    ]);
    const entry = resolveEntry(templateEntry(set, 'offer'), 'en');
    expect([...entry.variables].sort()).toEqual(['contact.attributes.city', 'contact.name', 'data.code']);
  });
});
