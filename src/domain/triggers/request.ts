// How a trigger's step is put to the delivery rules (domain/delivery): the request it makes, and the
// sentences its decisions are stored with.
import { dueTime } from '../delivery/decide.ts';
import type { DeliveryPolicy, DeliveryRequest, DueTime } from '../delivery/types.ts';
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

const MINUTE_MS = 60_000;

/**
 * dueTime with its sentence, for many sends at once. The rules look at whole local minutes (quiet hours,
 * windows and zone offsets change on the minute), so every send proposed within one minute for the same zone,
 * trigger and step moves alike: each minute is worked out once.
 */
export function dueTimeMemo(policy: DeliveryPolicy) {
  const memo = new Map<string, { due: DueTime; detail: string }>();
  return (proposedAt: number, timezone: string | null, request: DeliveryRequest, step: number): { due: DueTime; detail: string } => {
    const minute = Math.floor(proposedAt / MINUTE_MS) * MINUTE_MS;
    const key = `${timezone}\u0000${request.sourceName}\u0000${step}\u0000${request.category}\u0000${minute}`;
    let hit = memo.get(key);
    if (!hit) {
      const due = dueTime(minute, timezone, request, policy);
      hit = { due, detail: describeDue(minute, due, timezone) };
      memo.set(key, hit);
    }
    return hit.due.at === minute ? { due: { at: proposedAt, reason: null, detail: null }, detail: hit.detail } : hit;
  };
}
