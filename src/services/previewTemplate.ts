// Renders a template for a contact exactly as sendMessage would, without sending or storing.
import type { Deps } from '../deps.ts';
import { normalizeEmail } from '../domain/people/email-address.ts';
import { AppError } from '../domain/errors.ts';
import { renderTemplate, type RenderedMessage } from '../domain/outbound/templates/render.ts';
import { createUnsubscribeToken, preferencesUrl, unsubscribeUrl } from '../domain/outbound/unsubscribe-token.ts';
import { getContactByEmail, type ContactRow } from '../store/contacts.ts';
import { getContact } from './contacts.ts';

export interface PreviewInput {
  template: string;
  to?: string | undefined;
  contactId?: string | undefined;
  data?: Record<string, unknown> | undefined;
  locale?: string | undefined;
}

export async function previewTemplate(deps: Deps, input: PreviewInput): Promise<RenderedMessage> {
  if (!deps.templates.has(input.template)) {
    throw new AppError('ValidationFailed', `unknown template "${input.template}"`, [
      { field: 'template', message: `expected one of: ${deps.templates.names().join(', ')}` },
    ]);
  }
  let contact: Pick<ContactRow, 'id' | 'email' | 'name' | 'locale' | 'timezone' | 'attributes'>;
  if (input.contactId) contact = await getContact(deps, input.contactId);
  else if (input.to) {
    const email = normalizeEmail(input.to);
    contact = (await getContactByEmail(deps.db, email)) ?? {
      id: 'con_00000000000000000000000000',
      email,
      name: null,
      locale: null,
      timezone: null,
      attributes: {},
    };
  } else {
    throw new AppError('ValidationFailed', 'say whom to preview for', [{ field: 'to', message: 'expected to or contact_id' }]);
  }
  const token = await createUnsubscribeToken(deps.config.secretKey, { contactId: contact.id, topic: null });
  return renderTemplate(deps.templates, input.template, {
    contact: { ...contact },
    data: input.data ?? {},
    unsubscribe_url: unsubscribeUrl(deps.config.publicUrl, token),
    preferences_url: preferencesUrl(deps.config.publicUrl, token),
    locale: input.locale ?? null,
  });
}
