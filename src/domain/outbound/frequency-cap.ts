// Frequency caps: never more than N messages of a category to one person within a window.
// Marketing is capped by default (people asked for news, not a barrage); transactional and
// support mail is what people are waiting for, so it is capped only when configured.
import type { MessageCategory } from '../vocabulary.ts';

export interface FrequencyCap {
  category: MessageCategory;
  maxMessages: number;
  windowSeconds: number;
}

export const DEFAULT_CAPS: FrequencyCap[] = [
  { category: 'marketing', maxMessages: 2, windowSeconds: 24 * 3600 },
  { category: 'marketing', maxMessages: 5, windowSeconds: 7 * 24 * 3600 },
];

/** Configured caps replace the defaults for their category. */
export function effectiveCaps(configured: FrequencyCap[], category: FrequencyCap['category']): FrequencyCap[] {
  const own = configured.filter((c) => c.category === category);
  return own.length ? own : DEFAULT_CAPS.filter((c) => c.category === category);
}

export function longestWindowMs(caps: FrequencyCap[]): number {
  return Math.max(0, ...caps.map((c) => c.windowSeconds * 1000));
}

/** The first cap that one more message would break, given the times of recent messages. */
export function exceededCap(caps: FrequencyCap[], recentSentAt: number[], now: number): FrequencyCap | null {
  for (const cap of caps) {
    const since = now - cap.windowSeconds * 1000;
    if (recentSentAt.filter((t) => t > since).length >= cap.maxMessages) return cap;
  }
  return null;
}

export function describeCap(cap: FrequencyCap): string {
  const hours = cap.windowSeconds / 3600;
  const window = hours % 24 === 0 ? `${hours / 24} day${hours === 24 ? '' : 's'}` : `${hours} hours`;
  return `at most ${cap.maxMessages} ${cap.category} message${cap.maxMessages === 1 ? '' : 's'} per ${window}`;
}
