// valibot at the edge: turns schema issues into FieldIssues naming each field.
import type { Context } from 'hono';
import * as v from 'valibot';
import { AppError } from '../domain/errors.ts';

/** A dotted path with array positions in brackets: "events.3.contact.email" becomes "events[3].contact.email". */
export function bracketIndexes(path: string): string {
  return path.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
}

/** With `brackets`, array positions in field names read events[3].name instead of events.3.name. */
export function parseOrThrow<TSchema extends v.GenericSchema>(
  schema: TSchema,
  input: unknown,
  what = 'request',
  options: { brackets?: boolean } = {},
): v.InferOutput<TSchema> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  const name = (issue: v.BaseIssue<unknown>) => v.getDotPath(issue) ?? '';
  const issues = result.issues.map((issue) => ({
    field: options.brackets ? bracketIndexes(name(issue)) : name(issue),
    message: issue.message,
  }));
  const summary = issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('; ');
  throw new AppError('ValidationFailed', `invalid ${what}: ${summary}`, issues);
}

/** A posted form (urlencoded or multipart), validated by schema; 400 naming each bad field. */
export async function parseForm<TSchema extends v.GenericSchema>(
  c: Context,
  schema: TSchema,
  what = 'form',
): Promise<v.InferOutput<TSchema>> {
  return parseOrThrow(schema, await c.req.parseBody(), what);
}

/** A text form field; absent is `fallback`. A file where text belongs is refused. */
export const formText = (fallback = '') => v.optional(v.string('expected text, not a file'), fallback);

/** An optional form field where an empty value (a blank input) means absent; checked by `schema` when present. */
export function blankAsAbsent<TSchema extends v.GenericSchema<string, unknown>>(schema: TSchema) {
  return v.pipe(
    v.optional(v.string('expected text, not a file')),
    v.transform((text) => (text === '' ? undefined : text)),
    v.optional(schema),
  );
}

/** A required form field that must be one of `options` (a missing one gets the same message as a wrong one). */
export function formChoice<const TOptions extends readonly string[]>(options: TOptions, message: string) {
  return v.pipe(formText(), v.picklist(options, message));
}

/** A `?limit=` query parameter: a whole number from 1 to `max`, `fallback` when absent. */
export function pageLimitField(max: number, fallback: number) {
  return v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, `expected a whole number from 1 to ${max}`),
      v.transform(Number),
      v.minValue(1, 'expected at least 1'),
      v.maxValue(max, `expected at most ${max}`),
    ),
    String(fallback),
  );
}
