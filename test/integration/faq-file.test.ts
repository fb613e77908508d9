// FAQ files: import upserts by id and reports each bad entry with its line; export round-trips.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportFaqFile, importFaqFile } from '../../src/services/faqFile.ts';
import { updateFaq } from '../../src/services/faqs.ts';
import { listFaqEntries } from '../../src/store/faqs.ts';
import { useTestContext } from '../support/contexts.ts';
import { createTestContext } from '../support/test-deps.ts';

const t = useTestContext();
const fixture = (name: string) => readFileSync(new URL(`../fixtures/faq/${name}`, import.meta.url), 'utf8');
const content = async (db = t.deps.db) => (await listFaqEntries(db)).map(({ createdAt: _c, updatedAt: _u, ...entry }) => entry);

describe('faq import', () => {
  it('stores every entry of a file in its order, with mode (auto by default), tags and enabled', async () => {
    const report = await importFaqFile(t.deps, fixture('bakery.yaml'));
    expect(report).toEqual({ entries: 4, created: 4, updated: 0, failed: 0, problems: [] });
    const stored = await content();
    expect(stored.map((e) => [e.id, e.mode, e.enabled, e.tags])).toEqual([
      ['opening-hours', 'auto', true, ['hours']],
      ['gluten-free', 'auto', true, []],
      ['custom-cake', 'suggest', true, ['orders', 'cakes']],
      ['delivery', 'auto', false, []],
    ]);
    expect(Object.keys(stored[0]!.answers)).toEqual(['sv', 'en', 'he', 'zh']);
    expect(stored[0]!.questions.zh).toContain('你们星期天营业吗？');
  });

  it('upserts by id: a second import updates the entries and leaves others alone', async () => {
    await importFaqFile(t.deps, fixture('bakery.yaml'));
    const changed = fixture('bakery.yaml').replace('every Tuesday and Friday', 'every day');
    const report = await importFaqFile(t.deps, changed.split('\n- id: custom-cake')[0]!);
    expect(report).toMatchObject({ entries: 2, created: 0, updated: 2, failed: 0 });
    const stored = await content();
    expect(stored).toHaveLength(4);
    expect(stored.find((e) => e.id === 'gluten-free')!.answers.en).toBe('Yes, we bake gluten-free bread and cakes every day.');
  });

  it('reports each bad entry with its line and field, and saves the good ones', async () => {
    const report = await importFaqFile(t.deps, fixture('broken.yaml'));
    expect(report).toMatchObject({ entries: 1, created: 1, failed: 4 });
    expect(report.problems.map((p) => `${p.line}: ${p.id}: ${p.field}`)).toEqual([
      '8: no-answer: answer',
      '14: bad-liquid: answer.en',
      '19: odd-mode: mode',
      '20: odd-mode: colour',
      '22: fine: id',
    ]);
    expect(report.problems[1]!.message).toContain('nosuchfilter');
    expect((await content()).map((e) => e.id)).toEqual(['fine']);
  });

  it('refuses a file that is not YAML or not a list, naming the line, and stores nothing', async () => {
    const notYaml = await importFaqFile(t.deps, '- id: a\n  answer: {en: "x"\n');
    expect(notYaml.problems[0]!.line).toBeGreaterThanOrEqual(2);
    const notList = await importFaqFile(t.deps, 'id: a\nanswer: {en: x}\n');
    expect(notList.problems).toEqual([{ line: 1, id: null, field: '', message: 'expected a list of FAQ entries (- id: …)' }]);
    expect(await content()).toEqual([]);
  });
});

describe('faq export', () => {
  it('round-trips: importing the export into an empty database gives the same entries, and exports the same text', async () => {
    await importFaqFile(t.deps, fixture('bakery.yaml'));
    await updateFaq(t.deps, 'opening-hours', { answers: { en: 'Line one.\nLine two: "quoted" — {{ contact.name }}' } });
    const text = await exportFaqFile(t.deps);
    expect(text).toContain('- id: opening-hours');
    expect(text).toContain('mode: suggest');
    expect(text).toContain('enabled: false');
    const other = await createTestContext();
    try {
      expect(await importFaqFile(other.deps, text)).toMatchObject({ entries: 4, failed: 0 });
      expect(await content(other.deps.db)).toEqual(await content());
      expect(await exportFaqFile(other.deps)).toBe(text);
    } finally {
      other.cleanup();
    }
  });
});
