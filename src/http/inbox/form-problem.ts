// What a form page shows when its input was refused: the problem and each field's issue, for a 422 re-render.
import { isAppError } from '../../domain/errors.ts';
import { errorText } from './error-text.ts';
import type { Translate } from './i18n/catalog.ts';

/** The refusal as one line in the agent's language ("Please check the form: Name: 1 to 100 characters"); null for others' errors. */
export function formProblem(error: unknown, t: Translate): string | null {
  if (!isAppError(error) || (error.name !== 'ValidationFailed' && error.name !== 'Conflict')) return null;
  return errorText(error, t);
}
