import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { FieldIssue } from '../../src/domain/errors.ts';
import { ruleIssueCode } from '../../src/domain/rules/issues.ts';
import { parseRule } from '../../src/domain/rules/parse.ts';

const OPERATORS = '=, !=, <, <=, >, >=, contains, not contains, in, not in, exists, not exists, is empty, is not empty, before, after';
const NOT_A_RULE =
  'expected a condition like "attributes.city = \\"Göteborg\\"" or an object with one of ' +
  'all, any, not, event, last_message, replied, consent, topic';

const ok = (input: unknown, allowEvent = false) => {
  const result = parseRule(input, { allowEvent });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.rule;
};
const codedIssues = (input: unknown, options: { allowEvent?: boolean; root?: string } = {}): FieldIssue[] => {
  const result = parseRule(input, { allowEvent: options.allowEvent ?? false, ...(options.root ? { root: options.root } : {}) });
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.rule)}`);
  return result.issues;
};
/** The refusals as the API words them; every one also carries its code, for pages in other languages. */
const issues = (input: unknown, options: { allowEvent?: boolean; root?: string } = {}) =>
  codedIssues(input, options).map((issue) => {
    expect(ruleIssueCode(issue), issue.message).not.toBeNull();
    return { field: issue.field, message: issue.message };
  });

describe('condition strings', () => {
  it('reads path, operator and a typed value', () => {
    expect(ok('attributes.city = "Göteborg"')).toEqual({
      kind: 'condition',
      path: { source: 'attributes', keys: ['city'] },
      text: 'attributes.city = "Göteborg"',
      op: 'eq',
      value: { type: 'string', value: 'Göteborg' },
    });
    expect(ok('attributes.age < 26')).toMatchObject({ op: 'lt', value: { type: 'number', value: 26 } });
    expect(ok('attributes.vip = true')).toMatchObject({ op: 'eq', value: { type: 'boolean', value: true } });
    expect(ok('attributes.score >= -2.5e1')).toMatchObject({ op: 'ge', value: { type: 'number', value: -25 } });
    expect(ok('attributes.birthday before 2000-01-01')).toMatchObject({
      op: 'lt',
      value: { type: 'date', date: { at: Date.parse('2000-01-01T00:00:00Z') } },
    });
    expect(ok('attributes.seen after 2026-11-01T10:00:00+01:00')).toMatchObject({
      op: 'gt',
      value: { type: 'date', date: { at: Date.parse('2026-11-01T09:00:00Z') } },
    });
    expect(ok('attributes.birthday exists')).toMatchObject({ op: 'exists' });
  });

  it('reads unicode text in double or single quotes, with JSON escapes', () => {
    expect(ok("attributes.city = 'תל אביב'")).toMatchObject({ value: { value: 'תל אביב' } });
    const cities = [{ value: '北京' }, { value: 'Göteborg' }];
    expect(ok('attributes.city in ["北京", "Göteborg"]')).toMatchObject({ op: 'in', values: cities });
    expect(ok('attributes.quote = "say \\"hej\\" \\u00e5"')).toMatchObject({ value: { value: 'say "hej" å' } });
    expect(ok('attributes.name = "it\'s"')).toMatchObject({ value: { value: "it's" } });
  });

  it('reads nested and quoted attribute names', () => {
    expect(ok('attributes.address.city = "Malmö"')).toMatchObject({ path: { keys: ['address', 'city'] } });
    expect(ok('attributes."favourite colour" = "blå"')).toMatchObject({ path: { keys: ['favourite colour'] } });
    expect(ok('attributes.stad_名前 exists')).toMatchObject({ path: { keys: ['stad_名前'] } });
  });

  it('reads now with an optional ISO 8601 offset', () => {
    expect(ok('contact.created_at after now - P30D')).toMatchObject({
      value: { type: 'date', date: { now: true, sign: -1, offset: { days: 30 } } },
    });
    expect(ok('attributes.trial_ends before now+PT12H')).toMatchObject({ value: { date: { now: true, sign: 1, offset: { hours: 12 } } } });
    expect(ok('attributes.at < now')).toMatchObject({ value: { date: { now: true, offset: null } } });
  });

  it('desugars negated operators so each operator has one meaning', () => {
    const exists = { kind: 'condition', op: 'exists' };
    expect(ok('attributes.city != "Malmö"')).toMatchObject({ kind: 'all', rules: [exists, { kind: 'not', rule: { op: 'eq' } }] });
    expect(ok('attributes.tags not contains "vip"')).toMatchObject({
      kind: 'all',
      rules: [exists, { kind: 'not', rule: { op: 'contains' } }],
    });
    expect(ok('attributes.plan not in ["pro"]')).toMatchObject({ kind: 'all', rules: [exists, { kind: 'not', rule: { op: 'in' } }] });
    expect(ok('attributes.phone not exists')).toMatchObject({ kind: 'not', rule: exists });
    expect(ok('attributes.phone is not empty')).toMatchObject({ kind: 'not', rule: { op: 'empty' } });
  });

  it('normalizes an email literal as stored emails are', () => {
    expect(ok('contact.email = " Ana@Example.SE "')).toMatchObject({ value: { value: 'ana@example.se' } });
  });

  it.each([
    ['attributes.city == "Göteborg"', 'expected an operator after "attributes.city", found "==" (write =)'],
    ['attributes.city => 5', 'expected an operator after "attributes.city", found "=>" (write >=)'],
    ['attributes.city equals "x"', `expected an operator (${OPERATORS}) after "attributes.city", found "equals"`],
    ['attributes.city', `expected an operator (${OPERATORS}) after "attributes.city", found the end of the condition`],
    [
      'attributes.plan = pro',
      'expected a value after "=" ("text" in quotes, a number, true/false, a date or now), found "pro" (text goes in quotes: "pro")',
    ],
    ['attributes.plan =', 'expected a value after "=", found the end of the condition'],
    ['attributes.city = "Göteborg', 'expected a closing " for the text starting "\\"Göteborg"'],
    ['attributes.city = "a" "b"', 'unexpected "\\"b\\"" after "attributes.city = \\"a\\""'],
    ['attributes.age < "many"', 'expected a number or a date after "<", found "many", which is not a date'],
    ['attributes.age before 5', 'expected a date after "before", found the number 5'],
    ['attributes.day = 2026-02-30', '"2026-02-30" is not a date; expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]'],
    ['attributes.tags contains 2026-01-01', 'expected text, a number or true/false after "contains", found a date'],
    ['attributes.plan in "pro"', 'expected a list like ["a", "b"] after "in", found "\\"pro\\""'],
    ['attributes.plan in []', 'expected at least one value in the list after "in"'],
    ['attributes.plan in ["a" "b"]', 'expected "," or "]" in the list after "in", found "\\"b\\""'],
    ['attributes.at > now - 30 days', 'expected an ISO 8601 duration like P30D or PT12H after "now -", found "30"'],
    ['city = "Göteborg"', 'expected a path starting with attributes., contact. or event., found "city"'],
    ['attributes = 5', 'expected a name after "attributes.", e.g. attributes.city'],
    ['attributes.tags[0] = "x"', 'expected a name after "attributes.", found "tags[0]"'],
    [
      'contact.phone = "x"',
      'unknown contact field "contact.phone"; expected contact.email, contact.name, contact.locale, contact.timezone, contact.created_at',
    ],
    ['contact.email = 5', 'contact.email is text; expected "text" after "=", found the number 5'],
    ['contact.created_at = "yesterday"', 'contact.created_at is a date; expected a date after "=", found the text "yesterday"'],
    ['contact.created_at contains "2026"', 'contact.created_at is a date; "contains" does not apply to it'],
    ['event.total > 500', '"event.total": event.* paths are only allowed where an event triggers the rule'],
    ['   ', 'expected a condition like attributes.city = "Göteborg", found an empty text'],
  ])('refuses %j', (input, message) => {
    expect(issues(input)).toEqual([{ field: 'rule', message }]);
  });

  it('allows event.* where an event triggers the rule', () => {
    expect(ok('event.total >= 500', true)).toMatchObject({ path: { source: 'event', keys: ['total'] } });
  });
});

describe('rule objects', () => {
  it('reads all/any/not and every behaviour form', () => {
    const rule = ok({
      all: [
        'attributes.city = "Göteborg"',
        { any: [{ consent: 'marketing' }, { topic: 'newsletter' }] },
        { not: { last_message: { category: 'marketing', within: 'P7D' } } },
        { event: 'order_placed', count: '>= 2', within: 'P30D', where: 'event.total > 100' },
        { replied: { within: 'P30D' } },
        { replied: true },
      ],
    });
    expect(rule).toMatchObject({
      kind: 'all',
      rules: [
        { kind: 'condition' },
        {
          kind: 'any',
          rules: [
            { kind: 'consent', purpose: 'marketing' },
            { kind: 'topic', key: 'newsletter' },
          ],
        },
        { kind: 'not', rule: { kind: 'last_message', category: 'marketing', within: { days: 7 } } },
        {
          kind: 'event',
          name: 'order_placed',
          count: { op: '>=', n: 2 },
          within: { days: 30 },
          where: { kind: 'condition', path: { source: 'event' } },
        },
        { kind: 'replied', within: { days: 30 } },
        { kind: 'replied', within: null },
      ],
    });
  });

  it('reads event counts as "OP N" or a number (at least N), defaulting to at least once', () => {
    expect(ok({ event: 'x' })).toMatchObject({ count: { op: '>=', n: 1 }, within: null, where: null });
    expect(ok({ event: 'x', count: 3 })).toMatchObject({ count: { op: '>=', n: 3 } });
    expect(ok({ event: 'x', count: '<=2' })).toMatchObject({ count: { op: '<=', n: 2 } });
    expect(ok({ event: 'x', count: '= 0' })).toMatchObject({ count: { op: '=', n: 0 } });
  });

  it('reads the audience forms of template front matter (YAML)', () => {
    const yaml = 'a: attributes.age < 26\nb:\n  not: {attributes.interests contains "ski"}\nc: attributes.city = "Göteborg"\n';
    const front = parseYaml(yaml) as Record<string, unknown>;
    expect(ok(front.a)).toMatchObject({ op: 'lt', value: { value: 26 } });
    expect(ok(front.b)).toMatchObject({ kind: 'not', rule: { op: 'contains', value: { value: 'ski' } } });
    expect(ok(front.c)).toMatchObject({ op: 'eq', value: { value: 'Göteborg' } });
  });

  it('names the bad part of a nested rule by its path', () => {
    expect(issues({ all: ['attributes.a exists', 'attributes.b exists', 'attributes.city == "x"'] })).toEqual([
      { field: 'rule.all[2]', message: 'expected an operator after "attributes.city", found "==" (write =)' },
    ]);
    expect(issues({ any: [{ not: { all: ['x = 1'] } }] }, { root: 'audience' })).toEqual([
      { field: 'audience.any[0].not.all[0]', message: 'expected a path starting with attributes., contact. or event., found "x"' },
    ]);
  });

  it('reports every problem at once', () => {
    expect(issues({ all: [{ last_message: { category: 'spam', within: 'P7' } }, { topic: 'News Letter' }, 'attributes.x = y'] })).toEqual([
      { field: 'rule.all[0].last_message.category', message: 'expected a category: transactional, marketing, support' },
      { field: 'rule.all[0].last_message.within', message: 'expected an ISO 8601 duration like P30D, P1M or PT12H (whole numbers)' },
      { field: 'rule.all[1].topic', message: 'expected a topic key of lower-case letters, digits and _ . - like newsletter' },
      {
        field: 'rule.all[2]',
        message: 'expected a value after "=" ("text" in quotes, a number, true/false, a date or now), found "y" (text goes in quotes: "y")',
      },
    ]);
  });

  it.each([
    [{ event: 'order_placed', cont: 2 }, 'rule.cont', 'unknown key; expected event, count, within, where'],
    [
      { event: 'order_placed', count: 'twice' },
      'rule.count',
      'expected a count like ">= 2", "<= 3", "= 0" or a whole number (at least that many)',
    ],
    [
      { event: 'order_placed', count: -1 },
      'rule.count',
      'expected a count like ">= 2", "<= 3", "= 0" or a whole number (at least that many)',
    ],
    [{ event: 'order placed' }, 'rule.event', 'expected an event name of letters, digits and _ . : - (at most 100)'],
    [{ event: 'o', within: '30 days' }, 'rule.within', 'expected an ISO 8601 duration like P30D, P1M or PT12H (whole numbers)'],
    [{ event: 'o', within: 'P1.5D' }, 'rule.within', 'expected an ISO 8601 duration like P30D, P1M or PT12H (whole numbers)'],
    [
      { event: 'o', where: 'attributes.vip = true' },
      'rule.where',
      '"attributes.vip": only event.* paths (the counted event\'s properties) are allowed here',
    ],
    [{ event: 'o', where: { replied: true } }, 'rule.where.replied', 'only conditions on event.* (with all, any, not) are allowed here'],
    [{ last_message: { category: 'marketing' } }, 'rule.last_message.within', 'required'],
    [{ last_message: { within: 'P1D', author: 'agent' } }, 'rule.last_message.author', 'unknown key; expected category, within'],
    [{ replied: 'yes' }, 'rule.replied', 'expected true or {within: P30D}'],
    [{ consent: 'sms' }, 'rule.consent', 'expected marketing (the only consent there is)'],
    [{ all: [] }, 'rule.all', 'expected a list of at least one rule'],
    [{ any: 'attributes.a exists' }, 'rule.any', 'expected a list of at least one rule'],
    [
      { not: 'attributes.a exists', all: ['attributes.b exists'] },
      'rule',
      'expected one of all, any, not, event, last_message, replied, consent, topic, found several: not, all',
    ],
    [{ consent: 'marketing', within: 'P1D' }, 'rule.within', 'unknown key next to "consent"'],
    [{ city: 'Göteborg' }, 'rule', 'expected one of the keys all, any, not, event, last_message, replied, consent, topic, found "city"'],
    [{}, 'rule', 'expected one of the keys all, any, not, event, last_message, replied, consent, topic, found an empty object'],
    [42, 'rule', NOT_A_RULE],
    [['attributes.a exists'], 'rule', NOT_A_RULE],
  ])('refuses %j at its path', (input, field, message) => {
    expect(issues(input)).toEqual([{ field, message }]);
  });

  it('names each refusal by a code, with the parts of the rule it quotes', () => {
    expect(codedIssues('attributes.city == "x"')).toEqual([
      {
        field: 'rule',
        code: 'rule.operatorHint',
        params: { path: '"attributes.city"', found: '"=="', hint: '=' },
        message: 'expected an operator after "attributes.city", found "==" (write =)',
      },
    ]);
    // Where the rule ends too soon, `found` is empty (the page says "the end" in its own words).
    expect(codedIssues('attributes.plan in')[0]).toMatchObject({ code: 'rule.list', params: { op: '"in"', found: '' } });
    expect(codedIssues('contact.email = 5')[0]).toMatchObject({ code: 'rule.contactText', params: { found: '5' } });
    expect(codedIssues({ last_message: { category: 'spam', within: 'P7D' } })[0]).toMatchObject({
      code: 'rule.category',
      params: { options: 'transactional, marketing, support' },
    });
  });

  it('refuses rules nested deeper than 32', () => {
    let rule: unknown = 'attributes.a exists';
    for (let i = 0; i < 40; i++) rule = { not: rule };
    expect(issues(rule)[0]).toMatchObject({ message: 'expected rules nested at most 32 deep' });
  });
});
