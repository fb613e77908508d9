import { describe, expect, it } from 'vitest';
import type { Rule } from '../../src/domain/rules/ast.ts';
import { evaluateRule } from '../../src/domain/rules/evaluate.ts';
import type { RuleFacts } from '../../src/domain/rules/facts.ts';
import { parseRule } from '../../src/domain/rules/parse.ts';
import { parseDuration, parseLiteralDate, shiftByDuration, windowStart } from '../../src/domain/rules/time.ts';

const at = (iso: string) => Date.parse(iso);
const duration = (text: string) => {
  const d = parseDuration(text);
  if (!d) throw new Error(`not a duration: ${text}`);
  return d;
};

describe('ISO 8601 durations', () => {
  it.each([
    ['P3D', { days: 3 }],
    ['PT12H', { hours: 12 }],
    ['P1Y2M3W4DT5H6M7S', { years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7 }],
    ['PT90M', { minutes: 90 }],
    ['P0D', { days: 0 }],
  ])('reads %s', (text, parts) => {
    expect(parseDuration(text)).toMatchObject({ text, years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0, ...parts });
  });

  it.each(['P', 'PT', 'P1', 'P1.5D', 'p3d', '3D', 'P3DT', 'PT1D', 'P1H', '-P1D', 'P1D ', ''])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeNull();
  });

  it('steps days and hours as fixed time, in UTC', () => {
    expect(shiftByDuration(at('2026-03-29T12:00:00Z'), duration('P1D'), -1)).toBe(at('2026-03-28T12:00:00Z'));
    expect(shiftByDuration(at('2026-11-23T09:00:00Z'), duration('PT36H'), 1)).toBe(at('2026-11-24T21:00:00Z'));
    expect(shiftByDuration(at('2026-11-23T09:00:00Z'), duration('P2W'), -1)).toBe(at('2026-11-09T09:00:00Z'));
  });

  it('steps months and years on the calendar, clamping to the end of the month', () => {
    expect(shiftByDuration(at('2026-03-31T10:00:00Z'), duration('P1M'), -1)).toBe(at('2026-02-28T10:00:00Z'));
    expect(shiftByDuration(at('2028-03-31T10:00:00Z'), duration('P1M'), -1)).toBe(at('2028-02-29T10:00:00Z'));
    expect(shiftByDuration(at('2026-01-31T00:00:00Z'), duration('P1M'), 1)).toBe(at('2026-02-28T00:00:00Z'));
    expect(shiftByDuration(at('2026-01-15T00:00:00Z'), duration('P13M'), -1)).toBe(at('2024-12-15T00:00:00Z'));
    expect(shiftByDuration(at('2028-02-29T00:00:00Z'), duration('P1Y'), 1)).toBe(at('2029-02-28T00:00:00Z'));
    expect(windowStart(at('2026-11-23T09:00:00Z'), duration('P1Y2M3D'))).toBe(at('2025-09-20T09:00:00Z'));
  });
});

describe('dates written in rules', () => {
  it('reads dates and date-times, UTC unless a zone is given', () => {
    expect(parseLiteralDate('2026-11-23')).toBe(at('2026-11-23T00:00:00Z'));
    expect(parseLiteralDate('2026-11-23T10:30')).toBe(at('2026-11-23T10:30:00Z'));
    expect(parseLiteralDate('2026-11-23T10:30:15.250Z')).toBe(at('2026-11-23T10:30:15.250Z'));
    expect(parseLiteralDate('2026-11-23T10:30:00+01:00')).toBe(at('2026-11-23T09:30:00Z'));
    expect(parseLiteralDate('2024-02-29')).toBe(at('2024-02-29T00:00:00Z'));
  });

  it.each([
    '2026-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-11-23T24:00',
    '2026-11-23T10:60',
    '2026-11-23 10:00',
    '2026-11-23T10:00:00+15:00',
    '26-11-23',
    '2026-11-23Z',
  ])('refuses %j (no rolling over in a rule)', (text) => {
    expect(parseLiteralDate(text)).toBeNull();
  });
});

describe('the injected now', () => {
  const facts = (overrides: Partial<RuleFacts> = {}): RuleFacts => ({
    contact: {
      email: 'ana@example.se',
      name: 'Ana',
      locale: 'sv',
      timezone: null,
      createdAt: at('2026-11-01T00:00:00Z'),
      attributes: { trial_ends: '2026-11-25' },
      marketingConsent: 'subscribed',
    },
    events: [{ name: 'order_placed', data: { total: 600 }, occurredAt: at('2026-11-20T12:00:00Z') }],
    messages: [
      {
        kind: 'email',
        direction: 'out',
        author: 'trigger',
        category: 'marketing',
        status: 'sent',
        classification: null,
        createdAt: at('2026-11-20T08:00:00Z'),
        sentAt: at('2026-11-20T08:01:00Z'),
      },
    ],
    topics: [],
    ...overrides,
  });
  const rule = (input: unknown): Rule => {
    const result = parseRule(input, { allowEvent: false });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    return result.rule;
  };

  it('moves windows with now: inside, on the edge, outside, and not yet happened', () => {
    const ordered = rule({ event: 'order_placed', within: 'P3D' });
    expect(evaluateRule(ordered, facts(), at('2026-11-22T00:00:00Z'))).toBe(true);
    expect(evaluateRule(ordered, facts(), at('2026-11-23T12:00:00Z'))).toBe(true);
    expect(evaluateRule(ordered, facts(), at('2026-11-23T12:00:00.001Z'))).toBe(false);
    expect(evaluateRule(ordered, facts(), at('2026-11-20T11:59:59Z'))).toBe(false);
  });

  it('resolves now ± duration in conditions at evaluation time', () => {
    const endsSoon = rule('attributes.trial_ends before now + P3D');
    expect(evaluateRule(endsSoon, facts(), at('2026-11-21T00:00:00Z'))).toBe(false);
    expect(evaluateRule(endsSoon, facts(), at('2026-11-22T00:00:01Z'))).toBe(true);
    const newContact = rule('contact.created_at after now - P1M');
    expect(evaluateRule(newContact, facts(), at('2026-11-30T23:59:59Z'))).toBe(true);
    expect(evaluateRule(newContact, facts(), at('2026-12-01T00:00:00Z'))).toBe(false);
  });

  it('counts a message from when it was sent, or queued when not sent yet', () => {
    const mailed = rule({ last_message: { category: 'marketing', within: 'PT1H' } });
    expect(evaluateRule(mailed, facts(), at('2026-11-20T09:00:30Z'))).toBe(true);
    expect(evaluateRule(mailed, facts(), at('2026-11-20T09:01:30Z'))).toBe(false);
    const queued = facts({ messages: [{ ...facts().messages[0]!, status: 'queued', sentAt: null }] });
    expect(evaluateRule(mailed, queued, at('2026-11-20T08:59:00Z'))).toBe(true);
    const failed = facts({ messages: [{ ...facts().messages[0]!, status: 'failed', sentAt: null }] });
    expect(evaluateRule(mailed, failed, at('2026-11-20T08:59:00Z'))).toBe(false);
  });
});
