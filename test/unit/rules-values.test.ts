import { describe, expect, it } from 'vitest';
import {
  asBoolean,
  asDate,
  asNumber,
  containsLiteral,
  equalsLiteral,
  isEmptyValue,
  isMissing,
  lookup,
} from '../../src/domain/rules/values.ts';

describe('lookup', () => {
  const doc = { plan: { tier: 'pro', seats: 0 }, tags: ['vip'], nothing: null };

  it('walks nested objects', () => {
    expect(lookup(doc, ['plan', 'tier'])).toBe('pro');
    expect(lookup(doc, ['plan', 'seats'])).toBe(0);
    expect(lookup(doc, [])).toBe(doc);
  });

  it('is undefined when a step is absent, null, an array or not an object', () => {
    expect(lookup(doc, ['plan', 'missing'])).toBeUndefined();
    expect(lookup(doc, ['nothing', 'x'])).toBeUndefined();
    expect(lookup(doc, ['tags', '0'])).toBeUndefined();
    expect(lookup(doc, ['plan', 'tier', 'length'])).toBeUndefined();
  });

  it('does not read inherited properties', () => {
    expect(lookup({}, ['constructor'])).toBeUndefined();
    expect(lookup({ a: {} }, ['a', '__proto__'])).toBeUndefined();
    expect(lookup({ a: {} }, ['a', 'toString'])).toBeUndefined();
  });
});

describe('reading values', () => {
  it('treats absent and null as missing, but not 0, false or ""', () => {
    expect(isMissing(undefined)).toBe(true);
    expect(isMissing(null)).toBe(true);
    for (const value of [0, false, '', [], {}]) expect(isMissing(value)).toBe(false);
  });

  it('reads numbers from JSON numbers and from text that is a JSON number', () => {
    expect(asNumber(26)).toBe(26);
    expect(asNumber('26')).toBe(26);
    expect(asNumber('2.5e3')).toBe(2500);
    expect(asNumber('-0.5')).toBe(-0.5);
    for (const value of ['', ' ', '26 kr', '0x1A', 'NaN', 'Infinity', '1e999', '"26"', true, null, [26]]) {
      expect(asNumber(value)).toBeNull();
    }
  });

  it('reads booleans from JSON booleans and from "true"/"false" in any case', () => {
    expect(asBoolean(true)).toBe(true);
    expect(asBoolean('TRUE')).toBe(true);
    expect(asBoolean('False')).toBe(false);
    for (const value of ['yes', '1', 1, 0, '', ' true', null]) expect(asBoolean(value)).toBeNull();
  });

  it('reads dates from text only, never from numbers', () => {
    expect(asDate('2026-11-23')).toBe(Date.parse('2026-11-23T00:00:00Z'));
    expect(asDate(Date.parse('2026-11-23T00:00:00Z'))).toBeNull();
    expect(asDate('not a date')).toBeNull();
  });

  it('calls missing, "", [] and {} empty, and nothing else', () => {
    for (const value of [undefined, null, '', [], {}]) expect(isEmptyValue(value)).toBe(true);
    for (const value of [0, false, ' ', [null], { a: null }]) expect(isEmptyValue(value)).toBe(false);
  });
});

describe('comparing with literals', () => {
  it('compares text exactly: case and accents matter', () => {
    expect(equalsLiteral('Malmö', { type: 'string', value: 'Malmö' })).toBe(true);
    expect(equalsLiteral('malmö', { type: 'string', value: 'Malmö' })).toBe(false);
    expect(equalsLiteral('Malmo', { type: 'string', value: 'Malmö' })).toBe(false);
    expect(equalsLiteral(26, { type: 'string', value: '26' })).toBe(false);
  });

  it('compares numbers and booleans by their reading, so CSV text matches', () => {
    expect(equalsLiteral('26', { type: 'number', value: 26 })).toBe(true);
    expect(equalsLiteral(26.0, { type: 'number', value: 26 })).toBe(true);
    expect(equalsLiteral('twenty-six', { type: 'number', value: 26 })).toBe(false);
    expect(equalsLiteral('true', { type: 'boolean', value: true })).toBe(true);
    expect(equalsLiteral('false', { type: 'boolean', value: true })).toBe(false);
  });

  it('compares dates as instants', () => {
    const at = Date.parse('2026-11-23T00:00:00Z');
    expect(equalsLiteral('2026-11-23', { type: 'date', at })).toBe(true);
    expect(equalsLiteral('2026-11-24', { type: 'date', at })).toBe(false);
  });

  it('finds a literal in an array by element equality, and text in text', () => {
    expect(containsLiteral(['vip', 'beta'], { type: 'string', value: 'vip' })).toBe(true);
    expect(containsLiteral(['vip-gold'], { type: 'string', value: 'vip' })).toBe(false);
    expect(containsLiteral(['1', 2], { type: 'number', value: 1 })).toBe(true);
    expect(containsLiteral('ana+vip@example.com', { type: 'string', value: 'vip' })).toBe(true);
    expect(containsLiteral(12345, { type: 'number', value: 234 })).toBe(false);
    expect(containsLiteral('12345', { type: 'number', value: 234 })).toBe(false);
  });
});
