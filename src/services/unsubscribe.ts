// One-click unsubscribe (RFC 8058) and the preference page behind signed links.
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { verifyUnsubscribeToken } from '../domain/outbound/unsubscribe-token.ts';
import { getContactById, updateContactRow, type ContactRow } from '../store/contacts.ts';
import type { ConsentState } from '../domain/vocabulary.ts';

export async function contactForUnsubscribeToken(deps: Deps, token: string): Promise<ContactRow> {
  const target = await verifyUnsubscribeToken(deps.config.secretKey, token);
  const contact = target ? await getContactById(deps.db, target.contactId) : undefined;
  if (!contact)
    throw new AppError('NotFound', 'this unsubscribe link is not valid (it may have been altered, or the contact no longer exists)');
  return contact;
}

export async function setMarketingConsent(
  deps: Deps,
  token: string,
  state: Exclude<ConsentState, 'unknown'>,
  source: string,
): Promise<ContactRow> {
  const contact = await contactForUnsubscribeToken(deps, token);
  if (contact.marketingConsent === state) return contact;
  const now = deps.clock.now();
  const updated = await updateContactRow(deps.db, contact.id, {
    marketingConsent: state,
    consentSource: source,
    consentUpdatedAt: now,
    updatedAt: now,
  });
  deps.log.info('consent: changed', { contactId: contact.id, state, source });
  return updated!;
}
