// A refused form in the agent's words: the catalog's message for the field that failed where the page knows
// the case, else the refusal's code and field problems through the catalog (error-text.ts).
import type { AppError } from '../../domain/errors.ts';
import { errorText } from './error-text.ts';
import type { MessageKey, Translate, Vars } from './i18n/catalog.ts';

export function problemText(error: AppError, t: Translate, byField: Partial<Record<string, MessageKey>> = {}, vars?: Vars): string {
  const known = error.issues.map((issue) => byField[issue.field]).find((key) => key !== undefined);
  return known ? t(known, vars) : errorText(error, t);
}
