// How a trigger's step is put to the delivery rules (domain/delivery): the request it makes, and the
// sentences its decisions are stored with.
import type { DeliveryRequest, DueTime } from '../delivery/types.ts';
import { templateEntry, type TemplateSet } from '../outbound/templates/set.ts';
import { formatLocal, resolveZone } from '../time/zoned.ts';
import type { MessageCategory } from '../vocabulary.ts';
import type { TriggerDefinition } from './definition.ts';

/** The template a step sends: the trigger's own for step 0, its follow-up's after. */
export function stepTemplate(definition: TriggerDefinition, step: number): string | null {
  if (step === 0) return definition.send;
  return definition.followUps[step - 1]?.send ?? null;
}

/** A template's category and topic as its default locale's front matter says. */
export function templateKind(set: TemplateSet, name: string): { category: MessageCategory; topic: string | null } {
  const entry = templateEntry(set, name);
  const first = entry.byLocale.get(entry.defaultLocale.toLowerCase()) ?? [...entry.byLocale.values()][0]!;
  return { category: first.category, topic: first.topic };
}

/**
 * What the delivery rules are asked for a step. The trigger's `limit` counts how often the trigger starts for a
 * contact, so it holds for the first message only: a follow-up belongs to a start that was already allowed.
 */
export function triggerRequest(
  definition: TriggerDefinition,
  step: number,
  kind: { category: MessageCategory; topic: string | null },
  firstDueAt: number,
  inAudience = true,
): DeliveryRequest {
  return {
    source: 'trigger',
    sourceName: definition.name,
    category: kind.category,
    topic: kind.topic,
    byPerson: false,
    window: definition.window,
    limit: step === 0 ? definition.limit : null,
    inAudience,
    firstDueAt,
  };
}

/** "due 2026-11-24 02:00 local (Europe/Stockholm), scheduled for 08:00: quiet hours …", or just when it is due. */
export function describeDue(proposedAt: number, due: DueTime, timezone: string | null): string {
  const zone = resolveZone(timezone);
  const label = zone.fellBack ? 'UTC' : zone.id;
  if (due.at === proposedAt || !due.detail) return `due ${formatLocal(due.at, zone)} local (${label})`;
  return `due ${formatLocal(proposedAt, zone)} local (${label}), scheduled for ${formatLocal(due.at, zone)}: ${due.detail}`;
}
