// One table of rule cases, each run both ways against the same world: evaluateRule in memory
// (facts loaded per contact) and compileRule as SQL on a real migrated libSQL database. Both
// must give the expected contacts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateRule } from '../../src/domain/rules/evaluate.ts';
import { parseRule } from '../../src/domain/rules/parse.ts';
import type { Rule } from '../../src/domain/rules/ast.ts';
import { countContactsMatching, selectContactIdsMatching } from '../../src/store/contacts-matching.ts';
import { loadRuleFacts } from '../../src/store/rule-facts.ts';
import { NAMES, NOW, writeRuleWorld } from '../support/rule-world.ts';
import { createTestContext, type TestContext } from '../support/test-deps.ts';

type Case = [rule: unknown, expected: string[]];

const ALL = NAMES;
const but = (...names: string[]) => ALL.filter((n) => !names.includes(n));

const CASES: Record<string, Case[]> = {
  'text equality (exact, unicode)': [
    ['attributes.city = "Göteborg"', ['ana']],
    ['attributes.city = "北京"', ['chen']],
    ["attributes.city = 'תל אביב'", ['dana']],
    ['attributes.city != "Göteborg"', ['bo', 'chen', 'dana', 'fia', 'gus']],
    [{ not: 'attributes.city = "Göteborg"' }, but('ana')],
    ['attributes.plan = "pro"', ['ana', 'chen']],
    ['attributes.address.city = "Göteborg"', ['ana']],
    ['attributes.address.zip = "41101"', ['ana']],
    ['attributes.city.name exists', []],
    ['attributes.city = "x\' OR 1=1 --"', []],
    ['attributes."city" = "Göteborg"', ['ana']],
  ],
  'numbers (JSON numbers and numeric text)': [
    ['attributes.age < 26', ['ana']],
    ['attributes.age >= 26', ['bo', 'chen', 'fia']],
    [{ not: 'attributes.age < 26' }, but('ana')],
    ['attributes.age = 31', ['bo']],
    ['attributes.age != 31', ['ana', 'chen', 'fia', 'gus']],
    ['attributes.address.zip = 41101', ['ana']],
    ['attributes.score > 41', ['ana', 'fia']],
    ['attributes.score = 7', ['gus']],
    ['attributes.count = 7', []],
    ['attributes.big > 0', []],
    ['attributes.age <= 25.5', ['ana']],
  ],
  booleans: [
    ['attributes.vip = true', ['ana', 'bo']],
    ['attributes.vip = false', ['fia']],
    ['attributes.vip != true', ['fia']],
  ],
  'contains (arrays by element, text by substring)': [
    ['attributes.tags contains "vip"', ['ana', 'dana', 'fia']],
    [{ not: { 'attributes.interests contains "ski"': null } }, ['chen', 'dana', 'erik', 'fia', 'gus']],
    ['attributes.tags not contains "vip"', ['bo', 'chen']],
    ['attributes.numbers contains 3', ['fia']],
    ['attributes.numbers contains "3"', ['fia']],
    ['attributes.numbers contains "1"', []],
    ['attributes.tags contains "新客户"', ['chen']],
    ['attributes.note contains "עולם"', ['dana']],
    ['attributes.bio contains "滑雪"', ['chen']],
  ],
  'in lists': [
    ['attributes.city in ["Göteborg", "תל אביב", "北京"]', ['ana', 'chen', 'dana']],
    ['attributes.city not in ["Göteborg", "Malmö"]', ['chen', 'dana', 'fia', 'gus']],
    ['attributes.plan in ["pro", 5]', ['ana', 'chen']],
    ['attributes.age in [25, 31]', ['ana', 'bo']],
  ],
  'exists and empty (null counts as missing)': [
    ['attributes.birthday exists', ['ana', 'bo', 'fia']],
    ['attributes.age exists', ['ana', 'bo', 'chen', 'fia', 'gus']],
    ['attributes.age not exists', ['dana', 'erik']],
    ['attributes.tags is empty', ['bo', 'erik', 'gus']],
    ['attributes.address is not empty', ['ana']],
    ['attributes.empty_obj is not empty', []],
    ['attributes.empty_text is not empty', []],
    ['attributes.empty_list is empty', ALL],
    ['attributes.interests is not empty', ['ana', 'bo']],
  ],
  'dates in attributes (text read as dates) and now': [
    ['attributes.birthday before 2000-01-01', ['ana', 'bo']],
    ['attributes.birthday after "1995-01-01"', ['ana']],
    ['attributes.birthday = 1990-12-24T09:00:00Z', ['bo']],
    ['attributes.signup = 2026-03-02', ['bo']],
    ['attributes.last_order after now - P3D', ['ana']],
    ['attributes.when after now - P3D', ['gus']],
    ['attributes.last_order < now - PT48H', []],
    ['attributes.last_order <= now - PT48H', ['ana']],
    ['attributes.last_order > now', []],
  ],
  'contact fields': [
    ['contact.email = "ANA@example.se"', ['ana']],
    ['contact.email contains "@example.com"', ['erik', 'fia', 'gus']],
    ['contact.locale in ["sv", "sv-SE"]', ['ana', 'bo']],
    ['contact.locale != "sv"', ['ana', 'chen', 'dana', 'fia', 'gus']],
    ['contact.name is empty', ['erik', 'fia']],
    ['contact.name exists', but('erik')],
    ['contact.name = "陈伟"', ['chen']],
    ['contact.name contains "כהן"', ['dana']],
    ['contact.timezone exists', ['ana']],
    ['contact.created_at after now - P30D', ['ana', 'erik', 'gus']],
    ['contact.created_at after now - P2M', ['ana', 'dana', 'erik', 'gus']],
    ['contact.created_at before 2025-06-01', ['bo', 'fia']],
    ['contact.created_at >= now - PT1H', ['gus']],
    ['contact.created_at = "2026-11-22"', ['erik']],
  ],
  'consent and topics': [
    [{ consent: 'marketing' }, ['ana', 'dana', 'fia', 'gus']],
    [{ not: { consent: 'marketing' } }, ['bo', 'chen', 'erik']],
    [{ topic: 'newsletter' }, ['ana']],
    [{ topic: 'product_news' }, but('bo')],
    [{ topic: 'no_such_topic' }, []],
  ],
  'events (count, window, where)': [
    [{ event: 'order_placed' }, ['ana', 'bo', 'chen', 'dana']],
    [{ event: 'order_placed', within: 'P30D' }, ['ana', 'bo', 'chen']],
    [{ event: 'order_placed', count: '>= 2', within: 'P30D' }, ['ana', 'chen']],
    [{ event: 'order_placed', count: '>= 2', within: 'P30D', where: 'event.total > 125' }, ['ana']],
    [{ event: 'order_placed', within: 'P30D', where: 'event.total > 125' }, ['ana', 'chen']],
    [{ event: 'order_placed', count: '<= 1', within: 'P30D' }, ['bo', 'dana', 'erik', 'fia', 'gus']],
    [{ event: 'order_placed', count: '= 0' }, ['erik', 'fia', 'gus']],
    [{ event: 'order_placed', count: '= 2' }, ['chen']],
    [{ event: 'order_placed', count: 3 }, ['ana']],
    [{ event: 'order_placed', count: '> 2' }, ['ana']],
    [{ event: 'order_placed', count: '< 2', within: 'P7D' }, ALL],
    [{ event: 'page_viewed', within: 'P30D' }, ['ana', 'erik']],
    [{ event: 'page_viewed', within: 'P1M' }, ['ana', 'erik']],
    [{ event: 'order_placed', where: { any: ['event.currency = "SEK"', 'event.total >= 900'] } }, ['ana', 'dana']],
    [{ not: { event: 'order_placed', within: 'P30D' } }, ['dana', 'erik', 'fia', 'gus']],
  ],
  'messages sent and replies': [
    [{ last_message: { category: 'marketing', within: 'P7D' } }, ['ana', 'dana']],
    [{ not: { last_message: { category: 'marketing', within: 'P7D' } } }, ['bo', 'chen', 'erik', 'fia', 'gus']],
    [{ last_message: { within: 'P2D' } }, ['bo', 'dana', 'fia']],
    [{ last_message: { category: 'support', within: 'P1D' } }, []],
    [{ last_message: { category: 'marketing', within: 'P30D' } }, ['ana', 'chen', 'dana']],
    [{ replied: true }, ['ana', 'chen']],
    [{ replied: { within: 'P30D' } }, ['ana']],
    [{ not: { replied: { within: 'P30D' } } }, but('ana')],
  ],
  'all, any, not together': [
    [
      {
        all: [
          'attributes.city in ["Göteborg", "göteborg"]',
          { consent: 'marketing' },
          { not: { last_message: { category: 'marketing', within: 'P7D' } } },
        ],
      },
      ['fia'],
    ],
    [{ any: ['attributes.age < 26', { replied: { within: 'P30D' } }, 'contact.locale = "he"'] }, ['ana', 'dana']],
    [{ not: { any: ['attributes.city exists', { event: 'page_viewed' }] } }, []],
    [{ all: [{ not: 'attributes.age exists' }, { not: 'attributes.tags contains "vip"' }] }, ['erik']],
  ],
};

const TRIGGER_EVENT = { total: 650, items: ['ski-boots'], currency: 'SEK', placed_at: '2026-11-23T08:30:00Z' };

const EVENT_CASES: Case[] = [
  [{ all: ['event.total >= 500', 'attributes.city = "Göteborg"'] }, ['ana']],
  ['event.items contains "ski-boots"', ALL],
  ['event.placed_at after now - PT1H', ALL],
  ['event.total < 500', []],
  [{ not: 'event.coupon exists' }, ALL],
  [{ event: 'order_placed', within: 'P30D', where: 'event.currency = "SEK"' }, ['ana']],
];

function parsed(input: unknown, allowEvent = false): Rule {
  const result = parseRule(input, { allowEvent });
  if (!result.ok) throw new Error(`rule did not parse: ${JSON.stringify(result.issues)}`);
  return result.rule;
}

let t: TestContext;

beforeAll(async () => {
  t = await createTestContext();
  await writeRuleWorld(t.deps.db);
});
afterAll(() => t.cleanup());

async function inMemory(rule: Rule, event?: Record<string, unknown>): Promise<string[]> {
  const matching: string[] = [];
  for (const id of ALL) {
    const facts = await loadRuleFacts(t.deps.db, id, rule, event ? { data: event } : undefined);
    if (evaluateRule(rule, facts!, NOW)) matching.push(id);
  }
  return matching.sort();
}

async function inSql(rule: Rule, event?: Record<string, unknown>): Promise<string[]> {
  const options = event ? { event } : {};
  const ids = await selectContactIdsMatching(t.deps.db, rule, NOW, { limit: 100 }, options);
  expect(await countContactsMatching(t.deps.db, rule, NOW, options)).toBe(ids.length);
  return ids;
}

for (const [group, cases] of Object.entries(CASES)) {
  describe(group, () => {
    it.each(cases.map(([rule, expected]) => ({ rule, expected, label: typeof rule === 'string' ? rule : JSON.stringify(rule) })))(
      '$label',
      async ({ rule, expected }) => {
        const ast = parsed(rule);
        const want = [...expected].sort();
        expect(await inMemory(ast)).toEqual(want);
        expect(await inSql(ast)).toEqual(want);
      },
    );
  });
}

describe('event.* paths of the triggering event', () => {
  it.each(EVENT_CASES.map(([rule, expected]) => ({ rule, expected, label: typeof rule === 'string' ? rule : JSON.stringify(rule) })))(
    '$label',
    async ({ rule, expected }) => {
      const ast = parsed(rule, true);
      const want = [...expected].sort();
      expect(await inMemory(ast, TRIGGER_EVENT)).toEqual(want);
      expect(await inSql(ast, TRIGGER_EVENT)).toEqual(want);
    },
  );
});

describe('event.* paths with no triggering event', () => {
  it.each([
    [{ not: 'event.total exists' }, ALL],
    ['event.total >= 0', []],
    ['event.items contains "ski-boots"', []],
  ] as Case[])('%j reads a missing value both ways', async (rule, expected) => {
    const ast = parsed(rule, true);
    expect(await inMemory(ast)).toEqual(expected);
    expect(await inSql(ast)).toEqual(expected);
  });
});

describe('paging the matches', () => {
  it('pages by id with after, and the pages together are the whole set', async () => {
    const rule = parsed({ not: { consent: 'marketing' } });
    const first = await selectContactIdsMatching(t.deps.db, rule, NOW, { limit: 2 });
    const second = await selectContactIdsMatching(t.deps.db, rule, NOW, { limit: 2, after: first.at(-1) });
    expect(first).toEqual(['bo', 'chen']);
    expect(second).toEqual(['erik']);
  });
});
