import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { findJsonProblems, jsonObjectSchema } from '../../src/domain/json-value.ts';

describe('findJsonProblems', () => {
  it('accepts plain JSON values', () => {
    expect(findJsonProblems({ a: [1, 'x', null, true, { b: -0.5 }] }, { maxDepth: 3, checkKeys: true })).toEqual([]);
  });

  it('counts the top container as level 1 and names the first level too deep', () => {
    expect(findJsonProblems({ a: { b: {} } }, { maxDepth: 3, checkKeys: false })).toEqual([]);
    expect(findJsonProblems({ a: { b: { c: [] } } }, { maxDepth: 3, checkKeys: false })).toEqual([
      { path: ['a', 'b', 'c'], message: 'expected at most 3 levels of nesting' },
    ]);
  });

  it('walks a million levels without recursion', () => {
    let deep: unknown = [];
    for (let i = 0; i < 1_000_000; i++) deep = [deep];
    expect(findJsonProblems(deep, { maxDepth: 32, checkKeys: false, limit: 1 })[0]!.path).toHaveLength(32);
  });

  it('names keys that shadow Object.prototype members, and values JSON cannot hold', () => {
    const problems = findJsonProblems(JSON.parse('{"x":{"toString":"x"},"__proto__":1,"ok":{"constructor":2}}'), {
      maxDepth: 8,
      checkKeys: true,
    });
    expect(problems.map((p) => p.path.join('.')).sort()).toEqual(['__proto__', 'ok.constructor', 'x.toString']);
    expect(
      findJsonProblems({ n: Infinity, d: new Date(0), f: () => 1 }, { maxDepth: 8, checkKeys: true }).map((p) => p.path.join('.')),
    ).toEqual(['n', 'd', 'f']);
  });
});

describe('jsonObjectSchema', () => {
  it('reports each problem with its dotted path', () => {
    const result = v.safeParse(v.object({ data: jsonObjectSchema(8) }), { data: { order: { valueOf: 'x' } } });
    expect(result.success).toBe(false);
    expect(result.issues!.map((i) => v.getDotPath(i))).toEqual(['data.order.valueOf']);
  });

  it('refuses arrays and non-objects at the top', () => {
    expect(v.safeParse(jsonObjectSchema(8), [1]).success).toBe(false);
    expect(v.safeParse(jsonObjectSchema(8), 'x').success).toBe(false);
  });
});
