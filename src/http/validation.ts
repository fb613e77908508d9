// valibot at the edge: turns schema issues into FieldIssues naming each field.
import * as v from 'valibot';
import { AppError } from '../domain/errors.ts';

export function parseOrThrow<TSchema extends v.GenericSchema>(schema: TSchema, input: unknown, what = 'request'): v.InferOutput<TSchema> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  const issues = result.issues.map((issue) => ({ field: v.getDotPath(issue) ?? '', message: issue.message }));
  const summary = issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('; ');
  throw new AppError('ValidationFailed', `invalid ${what}: ${summary}`, issues);
}
