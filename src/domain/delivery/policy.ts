// The delivery rules' defaults, in one place, and how a business's own settings change them:
// caps from the frequency_caps table, quiet hours from the settings table or QUIET_HOURS.
import type { MessageCategory } from '../vocabulary.ts';
import type { DeliveryPolicy, LocalDayCap, QuietHours } from './types.ts';

const DAY_MS = 86_400_000;

/** Marketing at most once a local day and 3 times in 7 local days; quiet 21:00–08:00; marketing waits ≤ 7 days for an answer. */
export const DEFAULT_POLICY: DeliveryPolicy = {
  caps: [
    { category: 'marketing', max: 1, days: 1 },
    { category: 'marketing', max: 3, days: 7 },
  ],
  quietHours: { start: 21 * 60, end: 8 * 60 },
  quietHoursCategories: ['marketing'],
  openConversationHoldMs: 7 * DAY_MS,
  openConversationRecheckMs: 3_600_000,
};

/** What a business configured; anything absent keeps the default. */
export interface PolicyOverrides {
  /** Caps of a category replace the default caps of that category only. */
  caps?: LocalDayCap[];
  /** null: no quiet hours. */
  quietHours?: QuietHours | null;
}

export function policyWith(overrides: PolicyOverrides, base: DeliveryPolicy = DEFAULT_POLICY): DeliveryPolicy {
  const configured = overrides.caps ?? [];
  const categories = new Set<MessageCategory>(configured.map((c) => c.category));
  return {
    ...base,
    caps: [...base.caps.filter((c) => !categories.has(c.category)), ...configured],
    quietHours: overrides.quietHours === undefined ? base.quietHours : overrides.quietHours,
  };
}

/** The caps that apply to one category, shortest span first. */
export function capsFor(policy: DeliveryPolicy, category: MessageCategory): LocalDayCap[] {
  return policy.caps.filter((c) => c.category === category).sort((a, b) => a.days - b.days);
}

/** How far back sends must be loaded to count every cap: the longest span in local days, plus a day for zone offsets. */
export function capLookbackMs(policy: DeliveryPolicy): number {
  return (Math.max(1, ...policy.caps.map((c) => c.days)) + 1) * DAY_MS;
}

/** A stored window (frequency_caps.window_seconds) as whole local calendar days, at least one: 24 h → 1, 7 × 24 h → 7. */
export function windowSecondsToDays(windowSeconds: number): number {
  return Math.max(1, Math.ceil(windowSeconds / 86_400));
}

const QUIET_HOURS = /^([01]\d|2[0-3]):([0-5]\d)\s*[-–]\s*([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * "21:00-08:00" → { start: 1260, end: 480 }; "off" (or "none", "") → null (no quiet hours);
 * anything else → undefined, for the caller to report.
 */
export function parseQuietHours(text: string): QuietHours | null | undefined {
  const value = text.trim().toLowerCase();
  if (value === '' || value === 'off' || value === 'none') return null;
  const m = QUIET_HOURS.exec(value);
  if (!m) return undefined;
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = Number(m[3]) * 60 + Number(m[4]);
  return start === end ? null : { start, end };
}

export const QUIET_HOURS_EXPECTED = 'expected HH:MM-HH:MM in the contact\'s local time (e.g. "21:00-08:00"), or "off"';
