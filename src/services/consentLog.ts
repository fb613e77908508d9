// A contact's consent log: every change of their marketing choice, topics and frequency.
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { type ConsentLogRow, consentLogOf } from '../store/consent-log.ts';
import { getContactById } from '../store/contacts.ts';

export async function getConsentLog(deps: Pick<Deps, 'db'>, contactId: string): Promise<ConsentLogRow[]> {
  if (!(await getContactById(deps.db, contactId))) throw new AppError('NotFound', `no contact with id ${contactId}`);
  return consentLogOf(deps.db, contactId);
}
