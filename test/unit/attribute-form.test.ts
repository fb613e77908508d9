import { describe, expect, it } from 'vitest';
import { attributeText, attributeValue, attributesFromRows } from '../../src/domain/people/attribute-form.ts';

describe('attribute editor rows', () => {
  it('reads JSON-looking values as JSON and the rest as text', () => {
    expect(attributeValue('42')).toEqual({ ok: true, value: 42 });
    expect(attributeValue('true')).toEqual({ ok: true, value: true });
    expect(attributeValue('["ski", "golf"]')).toEqual({ ok: true, value: ['ski', 'golf'] });
    expect(attributeValue('"42"')).toEqual({ ok: true, value: '42' });
    expect(attributeValue(' Göteborg ')).toEqual({ ok: true, value: 'Göteborg' });
    expect(attributeValue('{"a": }')).toMatchObject({ ok: false, message: expect.stringContaining('expected valid JSON') });
  });

  it('shows stored values so that saving them unchanged changes nothing', () => {
    const current = { plan: 'pro', seats: 3, zip: '41101', tags: ['a'] };
    const rows = Object.entries(current).map(([name, value]) => ({ name, value: attributeText(value) }));
    expect(rows.find((r) => r.name === 'zip')!.value).toBe('"41101"');
    expect(attributesFromRows(rows, current)).toEqual({ ok: true, patch: {} });
  });

  it('sets changed values, removes names no row has, and skips empty rows', () => {
    const result = attributesFromRows(
      [
        { name: 'plan', value: 'team' },
        { name: '', value: '' },
        { name: 'age', value: '41' },
      ],
      { plan: 'pro', seats: 3 },
    );
    expect(result).toEqual({ ok: true, patch: { plan: 'team', age: 41, seats: null } });
  });

  it('names the field of each problem', () => {
    const result = attributesFromRows(
      [
        { name: 'plan', value: '{broken' },
        { name: '', value: 'orphan' },
        { name: 'plan', value: 'again' },
        { name: 'bad"name', value: 'x' },
      ],
      {},
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.field)).toEqual([
      'attributes.plan',
      'attributes[1].name',
      'attributes[2].name',
      'attributes[3].name',
    ]);
    const json = attributesFromRows([{ name: 'plan', value: '{"x":' }], {});
    expect(json).toMatchObject({ ok: false, issues: [{ field: 'attributes.plan' }] });
  });
});
