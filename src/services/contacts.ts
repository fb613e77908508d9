// Contact use cases: upsert by normalized email, read, list, merge-update, erase.
import type { Deps } from '../deps.ts';
import { mergeAttributes, type ContactCreateInput, type ContactUpdateInput } from '../domain/people/contact-input.ts';
import { AppError } from '../domain/errors.ts';
import { erasedAddressKey } from '../domain/people/suppression.ts';
import { decodeCursor, encodeCursor } from '../domain/cursor.ts';

const toPosition = (c: { position: number; id: string }) => ({ createdAt: c.position, id: c.id });
import {
  deleteContactRow,
  getContactByEmail,
  getContactById,
  insertContactIfAbsent,
  listContactRows,
  updateContactRow,
  type ContactListQuery,
  type ContactRow,
} from '../store/contacts.ts';
import { blobKeysForContact, deleteInboundForContact } from '../store/inbound-emails.ts';
import { addSuppression } from '../store/suppressions.ts';
import { errorFields } from '../log.ts';

function consentPatch(consent: ContactCreateInput['consent'], now: number): Partial<ContactRow> {
  if (!consent) return {};
  return { marketingConsent: consent.marketing, consentSource: consent.source ?? 'api', consentUpdatedAt: now };
}

/** A new contact's row from the input (what it leaves out is null, or no attributes), consent unknown. */
export function newContactRow(deps: Pick<Deps, 'ids'>, input: ContactCreateInput, now: number) {
  return {
    id: deps.ids.next('con'),
    email: input.email,
    name: input.name ?? null,
    locale: input.locale ?? null,
    timezone: input.timezone ?? null,
    attributes: input.attributes ?? {},
    marketingConsent: 'unknown' as const,
    createdAt: now,
    updatedAt: now,
  };
}

/** Creates the contact, or updates the existing one with the same address (attributes merged). */
export async function upsertContact(deps: Deps, input: ContactCreateInput): Promise<{ contact: ContactRow; created: boolean }> {
  const now = deps.clock.now();
  const { contact, created } = await insertContactIfAbsent(deps.db, {
    ...newContactRow(deps, input, now),
    ...consentPatch(input.consent, now),
  });
  if (created) return { contact, created };
  const patch: Partial<ContactRow> = { updatedAt: now, ...consentPatch(input.consent, now) };
  if (input.name !== undefined) patch.name = input.name;
  if (input.locale !== undefined) patch.locale = input.locale;
  if (input.timezone !== undefined) patch.timezone = input.timezone;
  if (input.attributes) patch.attributes = mergeAttributes(contact.attributes, input.attributes);
  return { contact: (await updateContactRow(deps.db, contact.id, patch))!, created: false };
}

/** The contact with this address, created with nothing but the address when new. */
export async function ensureContact(deps: Deps, email: string): Promise<ContactRow> {
  const existing = await getContactByEmail(deps.db, email);
  if (existing) return existing;
  const now = deps.clock.now();
  return (await insertContactIfAbsent(deps.db, newContactRow(deps, { email }, now))).contact;
}

export async function getContact(deps: Deps, id: string): Promise<ContactRow> {
  const contact = await getContactById(deps.db, id);
  if (!contact) throw new AppError('NotFound', `no contact with id ${id}`);
  return contact;
}

export async function updateContact(deps: Deps, id: string, input: ContactUpdateInput): Promise<ContactRow> {
  const contact = await getContact(deps, id);
  const now = deps.clock.now();
  const patch: Partial<ContactRow> = { updatedAt: now, ...consentPatch(input.consent, now) };
  if (input.email !== undefined && input.email !== contact.email) {
    const other = await getContactByEmail(deps.db, input.email);
    if (other)
      throw new AppError('Conflict', `another contact (${other.id}) already has ${input.email}`, [
        { field: 'email', message: 'expected an address no other contact has' },
      ]);
    patch.email = input.email;
  }
  if (input.name !== undefined) patch.name = input.name;
  if (input.locale !== undefined) patch.locale = input.locale;
  if (input.timezone !== undefined) patch.timezone = input.timezone;
  if (input.attributes) patch.attributes = mergeAttributes(contact.attributes, input.attributes);
  return (await updateContactRow(deps.db, id, patch))!;
}

export interface ContactPage {
  contacts: ContactRow[];
  nextCursor: string | null;
}

export async function listContacts(
  deps: Deps,
  query: Omit<ContactListQuery, 'after'> & { cursor?: string | undefined },
): Promise<ContactPage> {
  const rows = await listContactRows(deps.db, {
    ...query,
    after: query.cursor ? toPosition(decodeCursor(query.cursor)) : undefined,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return { contacts: page, nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAt, last.id) : null };
}

/**
 * Erases the person: their contact row and, through foreign keys, their conversations,
 * messages and events. What remains is a hashed suppression so they are never mailed again.
 */
export async function eraseContact(deps: Deps, id: string): Promise<void> {
  const contact = await getContact(deps, id);
  await addSuppression(deps.db, {
    email: await erasedAddressKey(contact.email),
    reason: 'erased',
    detail: 'contact erased on request',
    createdAt: deps.clock.now(),
  });
  // Blobs first: should this stop half-way, the rows are still there to find the rest by.
  const blobs = await blobKeysForContact(deps.db, id, contact.email);
  try {
    await deps.blobs.delete(blobs);
  } catch (error) {
    deps.log.error('contacts: could not erase blobs', { ...errorFields(error), contactId: id, blobs: blobs.length });
    throw new AppError('StorageUnavailable', 'the contact could not be erased: the blob store is unavailable; try again later');
  }
  await deleteInboundForContact(deps.db, id, contact.email);
  await deleteContactRow(deps.db, id);
  deps.log.info('contacts: erased', { contactId: id });
}
