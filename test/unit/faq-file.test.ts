// faqs.yaml: parse with every problem on its line, and format back to the same entries.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatFaqFile, formatFaqFileIssues, parseFaqFile } from '../../src/domain/faq/faq-file.ts';

const fixture = (set: string) => readFileSync(`test/fixtures/corpora/${set}/faqs.yaml`, 'utf8');

describe('parseFaqFile', () => {
  it('reads the corpora format: questions (list or one string) and answer per locale, defaults for mode and enabled', () => {
    const result = parseFaqFile(`
- id: opening-hours
  questions:
    sv: ["När har ni öppet?", "Öppet på lördag?"]
    en: When are you open?
  answer:
    sv: Vardagar 8–17.
    en: Weekdays 8–17.
- id: prices
  questions: { en: ["How much?"] }
  answer: { en: "See the price list." }
  mode: suggest
  tags: [money]
  enabled: false
`);
    expect(result).toEqual({
      ok: true,
      entries: [
        {
          id: 'opening-hours',
          questions: { sv: ['När har ni öppet?', 'Öppet på lördag?'], en: ['When are you open?'] },
          answers: { sv: 'Vardagar 8–17.', en: 'Weekdays 8–17.' },
          mode: 'auto',
          tags: [],
          enabled: true,
        },
        {
          id: 'prices',
          questions: { en: ['How much?'] },
          answers: { en: 'See the price list.' },
          mode: 'suggest',
          tags: ['money'],
          enabled: false,
        },
      ],
    });
  });

  it('reads both corpora FAQ files, and formatting gives the same entries back', () => {
    for (const set of ['faq-dev', 'faq-banking77']) {
      const parsed = parseFaqFile(fixture(set));
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      expect(parsed.entries).toHaveLength(12);
      expect(parseFaqFile(formatFaqFile(parsed.entries))).toEqual(parsed);
    }
  });

  it('reports every problem with its line and field', () => {
    const result = parseFaqFile(
      ['- id: a', '  questions: {en: ["x"]}', '  answer: {en: ""}', '  mode: maybe', '- id: a', '  questons: {}', '- just text'].join('\n'),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      { line: 3, id: 'a', field: 'answer.en', message: 'expected an answer, not empty text' },
      { line: 4, id: 'a', field: 'mode', message: 'expected auto or suggest' },
      { line: 5, id: 'a', field: 'answer', message: expect.stringContaining('expected an answer per locale') },
      { line: 6, id: 'a', field: 'questons', message: expect.stringContaining('unknown field') },
      { line: 5, id: 'a', field: 'id', message: 'the id a is already used on line 1' },
      { line: 7, id: null, field: '', message: expect.stringContaining('expected an entry') },
    ]);
    expect(formatFaqFileIssues('faqs.yaml', result.issues)).toContain('faqs.yaml:4: a: mode: expected auto or suggest');
  });

  it('checks answers as Liquid, as the API does', () => {
    const result = parseFaqFile('- id: a\n  answer: {en: "Hi {{ contact.name | nosuchfilter }}"}\n');
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.issues[0]).toMatchObject({ line: 2, field: 'answer.en', message: expect.stringContaining('nosuchfilter') });
  });

  it('reports bad YAML and a non-list file with a line', () => {
    const broken = parseFaqFile('- id: a\n  questions: [unclosed\n');
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.issues[0]!.line).toBeGreaterThan(0);
    expect(parseFaqFile('id: a\n')).toEqual({
      ok: false,
      issues: [{ line: 1, id: null, field: '', message: 'expected a list of FAQ entries (- id: …)' }],
    });
    expect(parseFaqFile('')).toEqual({ ok: true, entries: [] });
  });

  it('rejects a bad locale and a bad id', () => {
    const result = parseFaqFile('- id: "has space"\n  questions: {"e n": ["x"]}\n  answer: {en: "y"}\n');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.field)).toEqual(['id', 'questions.e n']);
  });
});
