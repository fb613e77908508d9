// What a form page shows when its input was refused: the problem and each field's issue, for a 422 re-render.
import { isAppError } from '../../domain/errors.ts';

/** The refusal as one line ("invalid API key: name: expected 1 to 100 characters"), or null for errors that are not the form's. */
export function formProblem(error: unknown): string | null {
  if (!isAppError(error) || (error.name !== 'ValidationFailed' && error.name !== 'Conflict')) return null;
  const fields = error.issues.filter((i) => i.field !== '').map((i) => `${i.field}: ${i.message}`);
  return fields.length > 0 ? `${error.message} (${fields.join('; ')})` : error.message;
}
