// Plain JSON values, for what callers send us and what reaches Liquid templates (message data,
// contact attributes). Walked without recursion, so no input can exhaust the stack.
import * as v from 'valibot';

/** How deep a request body may nest. */
export const MAX_BODY_DEPTH = 32;
/** How deep template data and contact attributes may nest. */
export const MAX_DATA_DEPTH = 8;

// An own "toString" or "valueOf" that is not a function makes String(value) throw inside
// Liquid; "__proto__" and "constructor" are the usual prototype-pollution keys.
const RESERVED_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));
const RESERVED_MESSAGE = 'expected a key that is not a built-in JavaScript property name (toString, valueOf, constructor, __proto__, …)';

export interface JsonProblem {
  /** Keys from the top value down to the offending one. */
  path: (string | number)[];
  message: string;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Problems that keep `value` from being plain JSON nested at most maxDepth containers deep
 * (the top object or array is level 1); with checkKeys also keys named like Object.prototype
 * members. Stops after `limit` problems.
 */
export function findJsonProblems(value: unknown, options: { maxDepth: number; checkKeys: boolean; limit?: number }): JsonProblem[] {
  const limit = options.limit ?? 20;
  const problems: JsonProblem[] = [];
  const pending: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (pending.length > 0 && problems.length < limit) {
    const { value: item, path } = pending.pop()!;
    if (item === null || typeof item === 'string' || typeof item === 'boolean') continue;
    if (typeof item === 'number') {
      if (!Number.isFinite(item)) problems.push({ path, message: 'expected a finite number' });
      continue;
    }
    if (!Array.isArray(item) && !isPlainObject(item)) {
      problems.push({ path, message: 'expected a JSON value (text, number, true/false, null, array or object)' });
      continue;
    }
    if (path.length >= options.maxDepth) {
      problems.push({ path, message: `expected at most ${options.maxDepth} levels of nesting` });
      continue;
    }
    const entries: [string | number, unknown][] = Array.isArray(item) ? item.map((child, i) => [i, child]) : Object.entries(item);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      const reserved = options.checkKeys && typeof key === 'string' && RESERVED_KEYS.has(key);
      if (reserved) problems.push({ path: [...path, key], message: RESERVED_MESSAGE });
      else pending.push({ value: child, path: [...path, key] });
    }
  }
  return problems;
}

/** valibot path items for a problem's path, so getDotPath names the field ("data.order.toString"). */
function issuePath(root: unknown, path: (string | number)[]): [v.IssuePathItem, ...v.IssuePathItem[]] | undefined {
  let input = root;
  const items = path.map((key): v.IssuePathItem => {
    const value = (input as Record<string | number, unknown>)[key];
    const item: v.UnknownPathItem = { type: 'unknown', origin: 'value', input, key, value };
    input = value;
    return item;
  });
  return items.length > 0 ? (items as [v.IssuePathItem, ...v.IssuePathItem[]]) : undefined;
}

/** A JSON object of plain JSON values, nested at most maxDepth deep, with no reserved keys. */
export function jsonObjectSchema(maxDepth: number) {
  return v.pipe(
    v.custom<Record<string, unknown>>(isPlainObject, 'expected a JSON object'),
    v.rawCheck(({ dataset, addIssue }) => {
      for (const problem of findJsonProblems(dataset.value, { maxDepth, checkKeys: true })) {
        addIssue({ message: problem.message, path: issuePath(dataset.value, problem.path) });
      }
    }),
  );
}
