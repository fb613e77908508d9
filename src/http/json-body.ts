import type { Context } from 'hono';
import { AppError } from '../domain/errors.ts';

/** The request body as JSON, or a 400 that says what was wrong with it. */
export async function readJson(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!type.includes('json')) {
    throw new AppError('ValidationFailed', 'expected a JSON body', [{ field: '', message: 'expected Content-Type: application/json' }]);
  }
  try {
    return await c.req.json();
  } catch {
    throw new AppError('ValidationFailed', 'the body is not valid JSON', [{ field: '', message: 'expected valid JSON' }]);
  }
}
