// A refused form in the agent's words: the catalog's message for the field that failed where the page knows
// the case, else the service's own detail inside a sentence that says what to do.
import type { AppError } from '../../domain/errors.ts';
import type { MessageKey, Translate, Vars } from './i18n/catalog.ts';

export function problemText(error: AppError, t: Translate, byField: Partial<Record<string, MessageKey>> = {}, vars?: Vars): string {
  const known = error.issues.map((issue) => byField[issue.field]).find((key) => key !== undefined);
  return known ? t(known, vars) : t('errors.checkForm', { detail: error.message });
}
