// Reading stored text as dates and numbers must give the same answer in memory and in SQL,
// for ordinary texts and for the odd ones (SQLite's leniencies, non-numbers, huge numbers).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contacts } from '../../db/schema.ts';
import type { Literal, Rule } from '../../src/domain/rules/ast.ts';
import { evaluateRule } from '../../src/domain/rules/evaluate.ts';
import type { RuleFacts } from '../../src/domain/rules/facts.ts';
import { parseStoredDate } from '../../src/domain/rules/time.ts';
import { selectContactIdsMatching } from '../../src/store/contacts-matching.ts';
import { NOW } from '../support/rule-world.ts';
import { createTestContext, type TestContext } from '../support/test-deps.ts';

const DATE_TEXTS = [
  '2026-01-01',
  '2026-01-01T10:00',
  '2026-01-01T10:00:00Z',
  '2026-01-01T10:00:00.123Z',
  '2026-01-01T10:00:00.1239Z',
  '2026-01-01T10:00:00.0005Z',
  '2026-01-01T10:00:00.999999999Z',
  '2026-01-01 10:00:00',
  '2026-01-01T10:00:00+02:00',
  '2026-01-01T10:00:00+0200',
  '2026-01-01T10:00:00-00:30',
  '2026-01-01T10:00:00+14:59',
  '2026-01-01T10:00:00+15:00',
  '2026-01-01T10:00:00.5+01:00',
  '2026-01-01T10:00:00z',
  '2026-01-01T10:00 Z',
  '2026-01-01T10:00:00Z ',
  '2026-01-01T10:00:00 +01:00',
  '2026-02-30',
  '2026-02-31',
  '2024-02-29',
  '1900-02-29',
  '2026-13-01',
  '2026-01-32',
  '2026-00-10',
  '2026-01-00',
  '2026-01-01T24:00:00',
  '2026-01-01T24:30',
  '2026-01-01T23:60',
  '2026-01-01T10:00:60',
  '2026-01-01T1:00',
  '2026-01-01T10',
  '2026-01-01TT10:00',
  '2026-01-01 T 10:00',
  '2026-01-01T10:00:00. Z',
  '2026-01-01T10:00:00.Z',
  '2026-01-01\t10:00',
  '2026-1-1',
  '2026-01-01x',
  '20260101',
  'now',
  '2460000.5',
  '10:00',
  '  2026-01-01',
  '2026-01-01 ',
  '+2026-01-01',
  '0000-01-01',
  '0000-02-29',
  '9999-12-31T23:59:59.999Z',
  'Göteborg',
  '',
];

const NUMBER_TEXTS = [
  '25',
  ' 25 ',
  '\n42\t',
  '2.5e3',
  '-12.50',
  '-0',
  '0.1',
  '3.14159',
  '123456789.123456789',
  '1e-400',
  '1.7976931348623157e308',
  '2.2250738585072014e-308',
  '9007199254740993',
  '12345678901234567890',
  '1e400',
  '-1e400',
  '007',
  '+5',
  '0x1F',
  'abc',
  '',
  'Infinity',
  'NaN',
  '.5',
  '5.',
  '1_000',
  '١٢',
  '"5"',
  '[5]',
  'true',
  '5 5',
];

let t: TestContext;
const ids = (prefix: string, texts: string[]) => texts.map((_, i) => `${prefix}${String(i).padStart(3, '0')}`);

beforeAll(async () => {
  t = await createTestContext();
  const rows = [
    ...ids('d', DATE_TEXTS).map((id, i) => ({ id, value: DATE_TEXTS[i]! })),
    ...ids('n', NUMBER_TEXTS).map((id, i) => ({ id, value: NUMBER_TEXTS[i]! })),
  ];
  await t.deps.db
    .insert(contacts)
    .values(rows.map(({ id, value }) => ({ id, email: `${id}@example.com`, attributes: { v: value }, createdAt: 0, updatedAt: 0 })));
});
afterAll(() => t.cleanup());

const condition = (op: 'eq' | 'gt', value: Literal): Rule =>
  ({ kind: 'condition', path: { source: 'attributes', keys: ['v'] }, text: 'test', op, value }) as Rule;

function factsFor(value: string): RuleFacts {
  return {
    contact: {
      email: 'x@example.com',
      name: null,
      locale: null,
      timezone: null,
      createdAt: 0,
      attributes: { v: value },
      marketingConsent: 'unknown',
    },
    events: [],
    messages: [],
    topics: [],
  };
}

/** The contacts (of those with these ids) the rule selects, in memory and in SQL. */
async function bothWays(rule: Rule, prefix: string, texts: string[]): Promise<{ memory: string[]; sql: string[] }> {
  const all = ids(prefix, texts);
  const memory = all.filter((_, i) => evaluateRule(rule, factsFor(texts[i]!), NOW));
  const sql = (await selectContactIdsMatching(t.deps.db, rule, NOW, { limit: 1000 })).filter((id) => id.startsWith(prefix));
  return { memory, sql };
}

describe('text read as a date', () => {
  it('the same texts are dates in memory and in SQL', async () => {
    const { memory, sql } = await bothWays(condition('gt', { type: 'date', date: { at: -1e16 } }), 'd', DATE_TEXTS);
    expect(sql).toEqual(memory);
    expect(memory.length).toBeGreaterThan(20);
    expect(memory.length).toBeLessThan(DATE_TEXTS.length - 15);
  });

  it.each(DATE_TEXTS.map((text, i) => ({ text, id: ids('d', DATE_TEXTS)[i]!, at: parseStoredDate(text) })).filter(({ at }) => at !== null))(
    '$text reads as the same instant both ways',
    async ({ id, at }) => {
      const { memory, sql } = await bothWays(condition('eq', { type: 'date', date: { at: at! } }), 'd', DATE_TEXTS);
      expect(memory).toContain(id);
      expect(sql).toEqual(memory);
    },
  );

  it('reads SQLite leniencies the way SQLite does', async () => {
    expect(parseStoredDate('2026-02-30')).toBe(Date.parse('2026-03-02T00:00:00Z'));
    expect(parseStoredDate('2026-01-01T24:00:00')).toBe(Date.parse('2026-01-02T00:00:00Z'));
    expect(parseStoredDate('2026-01-01T10:00:00.1239Z')).toBe(Date.parse('2026-01-01T10:00:00.124Z'));
    expect(parseStoredDate('2026-01-01T10:00:00+02:00')).toBe(Date.parse('2026-01-01T08:00:00Z'));
    expect(parseStoredDate('0000-01-01')).toBe(Date.parse('0000-01-01T00:00:00Z'));
    expect(parseStoredDate('2026-13-01')).toBeNull();
    expect(parseStoredDate('now')).toBeNull();
  });
});

describe('text read as a number', () => {
  it('the same texts are numbers in memory and in SQL', async () => {
    const { memory, sql } = await bothWays(condition('gt', { type: 'number', value: -Number.MAX_VALUE }), 'n', NUMBER_TEXTS);
    expect(sql).toEqual(memory);
    expect(memory.length).toBe(14);
  });

  it.each(NUMBER_TEXTS.map((text) => ({ text, value: Number.parseFloat(text.trim()) })).filter(({ value }) => Number.isFinite(value)))(
    '$text = $value selects the same contacts both ways',
    async ({ value }) => {
      const { memory, sql } = await bothWays(condition('eq', { type: 'number', value }), 'n', NUMBER_TEXTS);
      expect(sql).toEqual(memory);
    },
  );
});
