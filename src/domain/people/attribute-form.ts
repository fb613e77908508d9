// The contact page's attribute editor: rows of name and value, read into an attribute change. A value
// that reads as JSON (a number, true, false, null, "quoted", [..] or {..}) is that JSON value; anything
// else is text. A row emptied (name and value) removes the attribute; so does dropping its name.
import type { FieldIssue } from '../errors.ts';

export interface AttributeRow {
  name: string;
  value: string;
}

export type AttributeFormResult = { ok: true; patch: Record<string, unknown> } | { ok: false; issues: FieldIssue[] };

const NAME = /^[^"\p{Cc}]{1,64}$/u;
const JSON_LOOKING = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)$|^["[{]/;

/** The value as stored: JSON when it reads as JSON, else the text itself. */
export function attributeValue(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (!JSON_LOOKING.test(trimmed)) return { ok: true, value: trimmed };
  try {
    return { ok: true, value: JSON.parse(trimmed) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `expected valid JSON (or text not starting with [, { or "): ${reason}` };
  }
}

/** How a stored value is shown in the editor: text as is, anything else as JSON. */
export function attributeText(value: unknown): string {
  if (typeof value === 'string' && !JSON_LOOKING.test(value.trim())) return value;
  return JSON.stringify(value);
}

/**
 * The change that makes the stored attributes what the rows say: set or changed ones with their value,
 * and null (remove) for every stored name no row has any more. Issues name `attributes.NAME`, or
 * `attributes[ROW].name` for a row whose name is bad or taken twice.
 */
export function attributesFromRows(rows: readonly AttributeRow[], current: Record<string, unknown>): AttributeFormResult {
  const issues: FieldIssue[] = [];
  const patch: Record<string, unknown> = {};
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    const name = row.name.trim();
    if (name === '' && row.value.trim() === '') return;
    if (!NAME.test(name)) {
      const message =
        name === ''
          ? 'expected a name for this value (empty the value as well to drop the row)'
          : 'expected a name of 1 to 64 characters without quotes or control characters';
      issues.push({ field: `attributes[${index}].name`, message });
      return;
    }
    if (seen.has(name)) {
      issues.push({ field: `attributes[${index}].name`, message: `expected each name once; "${name}" is given twice` });
      return;
    }
    seen.add(name);
    const value = attributeValue(row.value);
    if (!value.ok) issues.push({ field: `attributes.${name}`, message: value.message });
    else if (JSON.stringify(value.value) !== JSON.stringify(current[name])) patch[name] = value.value;
  });
  for (const name of Object.keys(current)) if (!seen.has(name)) patch[name] = null;
  return issues.length ? { ok: false, issues } : { ok: true, patch };
}
