// What to do after a provider call failed, and how long a sender may hold its claim. Pure:
// the outbox (services/deliverOutbox.ts) feeds in the failure and the unit's history.
//
// The rule behind it: a message that may have been delivered is only ever sent again under
// the idempotency key it was first sent with, byte for byte, so the provider answers with the
// first result instead of sending twice. A new key (splitting a batch into single sends) is
// used only after an answer that proves nothing was sent.

/**
 * Why a provider call failed, as far as it tells whether anything was sent (what a transport reports):
 * - rate_limited: 429, nothing sent by this request;
 * - unavailable: 5xx, and network: no answer (timeout, reset): the outcome is unknown;
 * - in_progress: 409 concurrent_idempotent_requests, another request with this key is running;
 * - conflict: 409 invalid_idempotent_request, the key was already used with another payload;
 * - invalid: 400/422, the request was refused as invalid, nothing sent;
 * - refused: any other 4xx (auth, not found …), nothing sent.
 */
export type FailureKind = 'rate_limited' | 'unavailable' | 'network' | 'in_progress' | 'conflict' | 'invalid' | 'refused';

export const MAX_SEND_ATTEMPTS = 8;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 6 * 60 * 60 * 1000;

/** Resend remembers an idempotency key for 24 hours. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** No retry is scheduled later than this before the key is forgotten. */
const KEY_MARGIN_MS = 60 * 60 * 1000;

/** A claim never lasts less than this. */
const MIN_LEASE_MS = 2 * 60 * 1000;
/** Time for the write after a call, on top of the call's own timeout. */
const LEASE_MARGIN_MS = 5_000;
/** For transports that do not say how long a call may take. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/**
 * Delay before attempt number `attempt + 1`, given `attempt` attempts already failed.
 * `random` is in [0, 1); the jitter spreads retries over 50–100 % of the backoff step.
 */
export function retryDelayMs(attempt: number, random: number, retryAfterMs?: number): number {
  const step = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(step * (0.5 + random / 2));
  return Math.max(jittered, retryAfterMs ?? 0);
}

/** Maps a provider answer (HTTP status, error name; status null = no answer) to what it proves. */
export function failureKind(status: number | null, name?: string): FailureKind {
  if (status === null) return 'network';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'unavailable';
  if (status === 409) return name === 'concurrent_idempotent_requests' ? 'in_progress' : 'conflict';
  if ((status === 400 || status === 422) && name !== 'invalid_idempotency_key') return 'invalid';
  return 'refused';
}

export interface FailedAttempt {
  kind: FailureKind;
  error: string;
  retryAfterMs?: number | undefined;
}

export interface SendUnitHistory {
  /** Messages sent in the call (1 for a single send). */
  size: number;
  /** Calls made under this key so far, the failed one included. */
  attempts: number;
  /** When the first call under this key started. */
  firstAttemptAt: number;
}

export type RetryDecision =
  | { action: 'retry'; at: number; reason: string }
  /** Send each message alone, under its own key: allowed only when nothing of the batch was sent. */
  | { action: 'split'; reason: string }
  | { action: 'fail'; reason: string };

export function decideAfterFailure(failure: FailedAttempt, unit: SendUnitHistory, now: number, random: number): RetryDecision {
  switch (failure.kind) {
    case 'invalid':
      if (unit.size > 1) return { action: 'split', reason: `batch refused, nothing of it sent (${failure.error}); sending one by one` };
      return { action: 'fail', reason: failure.error };
    case 'refused':
      return { action: 'fail', reason: failure.error };
    case 'conflict':
      return {
        action: 'fail',
        reason:
          'not sent again: the idempotency key was already used for another request, so the message may have been delivered ' +
          `(${failure.error})`,
      };
    case 'rate_limited':
    case 'unavailable':
    case 'network':
    case 'in_progress': {
      const gaveUp = `gave up after ${unit.attempts} attempts`;
      if (unit.attempts >= MAX_SEND_ATTEMPTS) return { action: 'fail', reason: `${gaveUp}: ${failure.error}` };
      const at = now + retryDelayMs(unit.attempts, random, failure.retryAfterMs);
      if (!keyStillHonoured(unit.firstAttemptAt, at)) {
        return {
          action: 'fail',
          reason:
            `${gaveUp}: the next one would come after the provider forgets the idempotency key, and could deliver twice ` +
            `(${failure.error})`,
        };
      }
      return { action: 'retry', at, reason: `attempt ${unit.attempts} failed, retrying: ${failure.error}` };
    }
  }
}

/**
 * Whether a call under a key first used at `firstAttemptAt` (null: never used) may start now:
 * not once the provider may have forgotten the key, since a resend could then deliver twice.
 */
export function keyStillHonoured(firstAttemptAt: number | null, now: number): boolean {
  return firstAttemptAt === null || now <= firstAttemptAt + IDEMPOTENCY_WINDOW_MS - KEY_MARGIN_MS;
}

/** How long a claim on outbox jobs lasts: well beyond one provider call. */
export function leaseMs(requestTimeoutMs: number = DEFAULT_REQUEST_TIMEOUT_MS): number {
  return Math.max(MIN_LEASE_MS, 4 * requestTimeoutMs);
}

/** A call may start only while the claim lasts at least until then: its timeout, plus the write after it. */
export function leaseNeededUntil(now: number, requestTimeoutMs: number = DEFAULT_REQUEST_TIMEOUT_MS): number {
  return now + requestTimeoutMs + LEASE_MARGIN_MS;
}
