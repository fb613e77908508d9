// When to try a failed send again: exponential backoff with jitter, never sooner than
// the provider asked (Retry-After), capped so a message is not stuck for days.
export const MAX_SEND_ATTEMPTS = 8;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 6 * 60 * 60 * 1000;

/**
 * Delay before attempt number `attempt + 1`, given `attempt` attempts already failed.
 * `random` is in [0, 1); the jitter spreads retries over 50–100 % of the backoff step.
 */
export function retryDelayMs(attempt: number, random: number, retryAfterMs?: number): number {
  const step = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(step * (0.5 + random / 2));
  return Math.max(jittered, retryAfterMs ?? 0);
}
