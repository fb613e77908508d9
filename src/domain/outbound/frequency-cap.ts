// Frequency caps as a business stores them (frequency_caps: at most N messages of a category per
// window_seconds) and as the delivery rules count them: whole calendar days of the contact's time
// zone (domain/delivery). The defaults and the counting live in domain/delivery, in one place.
import { windowSecondsToDays } from '../delivery/policy.ts';
import type { LocalDayCap } from '../delivery/types.ts';
import type { MessageCategory } from '../vocabulary.ts';

export interface FrequencyCap {
  category: MessageCategory;
  maxMessages: number;
  windowSeconds: number;
}

/** A stored cap as local calendar days: 24 h is "today", 7 × 24 h is "today and the 6 days before". */
export function toLocalDayCap(cap: FrequencyCap): LocalDayCap {
  return { category: cap.category, max: cap.maxMessages, days: windowSecondsToDays(cap.windowSeconds) };
}
