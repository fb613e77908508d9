import type { Context } from 'hono';
import { MAX_BODY_DEPTH, findJsonProblems } from '../domain/json-value.ts';
import { AppError } from '../domain/errors.ts';

/** The request body as JSON, or a 400 that says what was wrong with it (the body's size is limited in app.ts). */
export async function readJson(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!type.includes('json')) {
    throw new AppError('ValidationFailed', 'expected a JSON body', [{ field: '', message: 'expected Content-Type: application/json' }]);
  }
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    throw new AppError('ValidationFailed', 'the body is not valid JSON', [{ field: '', message: 'expected valid JSON' }]);
  }
  const [tooDeep] = findJsonProblems(body, { maxDepth: MAX_BODY_DEPTH, checkKeys: false, limit: 1 });
  if (tooDeep) {
    const field = tooDeep.path.join('.');
    const message = `invalid JSON body: ${field || '(body)'}: ${tooDeep.message}`;
    throw new AppError('ValidationFailed', message, [{ field, message: tooDeep.message }]);
  }
  return body;
}
