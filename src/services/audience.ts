// A template's audience (front matter `audience:`, a rule of src/domain/rules): whether a contact is in it,
// for one contact in memory (API and trigger sends) or for a chunk of bulk recipients in one query.
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import type { Audience } from '../domain/outbound/templates/front-matter.ts';
import { templateAudience } from '../domain/outbound/templates/set.ts';
import { evaluateRule } from '../domain/rules/evaluate.ts';
import type { ContactRow } from '../store/contacts.ts';
import { selectContactIdsMatchingAmong } from '../store/contacts-matching.ts';
import { loadRuleFacts } from '../store/rule-facts.ts';

/** The audience of a template, or null for given text and for templates without one. */
export function audienceOf(deps: Deps, template: string | null | undefined): Audience | null {
  return template ? templateAudience(deps.templates, template) : null;
}

/** Whether the contact may get the template (true without an audience). */
export async function inAudience(deps: Deps, contactId: string, template: string | null | undefined): Promise<boolean> {
  const audience = audienceOf(deps, template);
  if (!audience) return true;
  const facts = await loadRuleFacts(deps.db, contactId, audience.rule);
  return facts !== null && evaluateRule(audience.rule, facts, deps.clock.now());
}

/** The ids among these contacts that are outside the template's audience (none without one). */
export async function outsideAudience(deps: Deps, contactIds: string[], template: string | null | undefined): Promise<Set<string>> {
  const audience = audienceOf(deps, template);
  if (!audience) return new Set();
  const inside = await selectContactIdsMatchingAmong(deps.db, audience.rule, deps.clock.now(), [...new Set(contactIds)]);
  return new Set(contactIds.filter((id) => !inside.has(id)));
}

/** "not in the audience of template "youth_offer" (attributes.age < 26)". */
export function notInAudienceDetail(template: string, audience: Audience): string {
  return `not in the audience of template "${template}" (${audience.text})`;
}

/** Refuses an API send of a template to a contact outside its audience. */
export async function assertInAudience(deps: Deps, contact: ContactRow, template: string | null | undefined): Promise<void> {
  const audience = audienceOf(deps, template);
  if (!template || !audience || (await inAudience(deps, contact.id, template))) return;
  throw new AppError('NotInAudience', `${contact.email} is ${notInAudienceDetail(template, audience)}`, [
    { field: 'template', message: `expected a contact the audience rule ${audience.text} selects` },
  ]);
}
