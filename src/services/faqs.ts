// FAQ entry use cases: create, read, list, change, delete, enable/disable, preview for a contact,
// and the agents' lesson "this question belongs to that entry".
import type { Deps } from '../deps.ts';
import { answerLocale, renderAnswer } from '../domain/autoresponder/answer.ts';
import { mergeLocales, type FaqEntryCreate, type FaqEntryUpdate } from '../domain/autoresponder/entry-input.ts';
import { AppError } from '../domain/errors.ts';
import type { ContactRow } from '../store/contacts.ts';
import {
  addFaqQuestion,
  deleteFaqEntry as deleteFaqEntryRow,
  getFaqEntry,
  insertFaqEntry,
  listFaqEntries,
  nextFaqPosition,
  updateFaqEntry as updateFaqEntryRow,
  type FaqEntryRow,
} from '../store/faqs.ts';

export async function listFaqs(deps: Deps): Promise<FaqEntryRow[]> {
  return listFaqEntries(deps.db);
}

export async function getFaq(deps: Deps, id: string): Promise<FaqEntryRow> {
  const entry = await getFaqEntry(deps.db, id);
  if (!entry) throw new AppError('NotFound', `no FAQ entry with id ${id}`, [{ field: 'id', message: 'expected an existing FAQ entry' }]);
  return entry;
}

export async function createFaq(deps: Deps, input: FaqEntryCreate): Promise<FaqEntryRow> {
  const now = deps.clock.now();
  const id = input.id ?? deps.ids.next('faq');
  if (await getFaqEntry(deps.db, id)) {
    throw new AppError('Conflict', `an FAQ entry with id ${id} exists`, [{ field: 'id', message: 'expected an id not in use' }]);
  }
  try {
    await insertFaqEntry(deps.db, { ...input, id, position: await nextFaqPosition(deps.db), createdAt: now, updatedAt: now });
  } catch (error) {
    if (await getFaqEntry(deps.db, id)) {
      throw new AppError('Conflict', `an FAQ entry with id ${id} exists`, [{ field: 'id', message: 'expected an id not in use' }]);
    }
    throw error;
  }
  return getFaq(deps, id);
}

export async function updateFaq(deps: Deps, id: string, change: FaqEntryUpdate): Promise<FaqEntryRow> {
  const entry = await getFaq(deps, id);
  const answers = mergeLocales(entry.answers, change.answers);
  if (Object.keys(answers).length === 0) {
    throw new AppError('ValidationFailed', 'an FAQ entry needs an answer in at least one locale', [
      { field: 'answers', message: 'expected an answer in at least one locale' },
    ]);
  }
  await updateFaqEntryRow(deps.db, id, {
    answers,
    questions: mergeLocales(entry.questions, change.questions),
    ...(change.mode ? { mode: change.mode } : {}),
    ...(change.tags ? { tags: change.tags } : {}),
    ...(change.enabled === undefined ? {} : { enabled: change.enabled }),
    updatedAt: deps.clock.now(),
  });
  return getFaq(deps, id);
}

export async function deleteFaq(deps: Deps, id: string): Promise<void> {
  if (!(await deleteFaqEntryRow(deps.db, id))) await getFaq(deps, id);
}

/** Agents teach the matcher: the customer's question becomes an example of the entry, for the next message on. */
export async function addFaqExample(deps: Deps, id: string, locale: string, question: string): Promise<FaqEntryRow> {
  const text = question.replace(/\s+/g, ' ').trim().slice(0, 1000);
  if (!text) throw new AppError('ValidationFailed', 'empty question', [{ field: 'question', message: 'expected the question text' }]);
  await getFaq(deps, id);
  await addFaqQuestion(deps.db, id, locale, text, deps.clock.now());
  return getFaq(deps, id);
}

export interface FaqPreview {
  locale: string;
  text: string | null;
  error: string | null;
}

/** The entry's answer in each locale, rendered for a sample (or real) contact, as it would be sent. */
export function previewFaq(entry: Pick<FaqEntryRow, 'answers'>, contact: ContactRow, conversation: { id: string; subject: string } | null) {
  return Object.entries(entry.answers).map(([locale, source]): FaqPreview => {
    try {
      return { locale, text: renderAnswer(source, locale, { contact: { ...contact, locale }, conversation }), error: null };
    } catch (error) {
      return { locale, text: null, error: error instanceof Error ? error.message : String(error) };
    }
  });
}

/** The entry's answer for this contact in the best locale, for an agent's composer. */
export function answerForContact(
  entry: Pick<FaqEntryRow, 'answers'>,
  contact: ContactRow,
  conversation: { id: string; subject: string } | null,
  wanted: (string | null)[],
): { locale: string; text: string } | null {
  const locale = answerLocale(entry.answers, [...wanted, contact.locale]);
  if (!locale) return null;
  return { locale, text: renderAnswer(entry.answers[locale]!, locale, { contact, conversation }) };
}

/** The contact previews are rendered for (nobody real: a made-up customer). */
export function sampleContact(now: number): ContactRow {
  return {
    id: 'con_sample',
    email: 'anna.svensson@example.com',
    name: 'Anna Svensson',
    locale: null,
    timezone: 'Europe/Stockholm',
    attributes: { customer_number: '10442' },
    marketingConsent: 'unknown',
    consentSource: null,
    consentUpdatedAt: null,
    marketingFrequency: 'normal',
    createdAt: now,
    updatedAt: now,
  };
}
