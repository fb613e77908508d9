// How a rule reads a JSON value (an attribute, an event property) in memory. The SQL compiler
// (src/store/rules-sql.ts) spells the same rules with json_type/json_extract; the shared test
// table runs every case both ways.
//
// - A value is missing when the path is absent or holds JSON null.
// - Numbers: a JSON number, or text that is a JSON number ("26", "2.5e3"; CSV imports give text).
// - Booleans: JSON true/false, or the text "true"/"false" in any letter case.
// - Dates: text read as SQLite reads dates (see parseStoredDate); numbers are not dates.
// - Text: JSON strings only, compared exactly (case and accents matter).
import type { Literal } from './ast.ts';
import { isPlainObject } from '../json-value.ts';
import { parseStoredDate } from './time.ts';

/** The value at keys inside a JSON document; undefined when any step is absent or not an object. */
export function lookup(doc: unknown, keys: string[]): unknown {
  let current = doc;
  for (const key of keys) {
    if (!isPlainObject(current) || !Object.hasOwn(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

export function isMissing(value: unknown): boolean {
  return value === undefined || value === null;
}

export function asNumber(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return null;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'number' && Number.isFinite(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

const BOOLEAN_TEXT = /^(?:true|false)$/i;

export function asBoolean(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && BOOLEAN_TEXT.test(value)) return value.toLowerCase() === 'true';
  return null;
}

export function asDate(value: unknown): number | null {
  return typeof value === 'string' ? parseStoredDate(value) : null;
}

/** `value = literal`, typed by the literal (dates already resolved to epoch ms). */
export function equalsLiteral(value: unknown, literal: ResolvedLiteral): boolean {
  switch (literal.type) {
    case 'string':
      return typeof value === 'string' && value === literal.value;
    case 'number':
      return asNumber(value) === literal.value;
    case 'boolean':
      return asBoolean(value) === literal.value;
    case 'date':
      return asDate(value) === literal.at;
  }
}

export type ResolvedLiteral = Exclude<Literal, { type: 'date' }> | { type: 'date'; at: number };

/** Empty: missing, "", [] or {}. */
export function isEmptyValue(value: unknown): boolean {
  if (isMissing(value) || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return isPlainObject(value) && Object.keys(value).length === 0;
}

/** An array holding an element equal to the literal, or text holding the literal text. */
export function containsLiteral(value: unknown, literal: Exclude<Literal, { type: 'date' }>): boolean {
  if (Array.isArray(value)) return value.some((element) => equalsLiteral(element, literal));
  return typeof value === 'string' && literal.type === 'string' && value.includes(literal.value);
}
