import { describe, expect, it } from 'vitest';
import {
  IDEMPOTENCY_WINDOW_MS,
  MAX_SEND_ATTEMPTS,
  decideAfterFailure,
  failureKind,
  keyStillHonoured,
  leaseMs,
  leaseNeededUntil,
  retryDelayMs,
} from '../../src/domain/outbound/retry.ts';
import type { FailureKind } from '../../src/domain/outbound/retry.ts';

const NOW = Date.parse('2026-11-23T09:00:00Z');
const HOUR = 60 * 60 * 1000;
const single = { size: 1, attempts: 1, firstAttemptAt: NOW };
const batch = { size: 5, attempts: 1, firstAttemptAt: NOW };
const fail = (kind: FailureKind, retryAfterMs?: number) => ({ kind, error: `${kind} error`, retryAfterMs });

describe('retryDelayMs', () => {
  it('doubles per attempt, jittered over 50–100 % of the step, capped at 6 h', () => {
    expect(retryDelayMs(1, 0)).toBe(15_000);
    expect(retryDelayMs(1, 0.999999)).toBe(30_000);
    expect(retryDelayMs(3, 0)).toBe(60_000);
    expect(retryDelayMs(30, 0)).toBe(3 * HOUR);
    expect(retryDelayMs(30, 0.999999)).toBeLessThanOrEqual(6 * HOUR);
  });

  it('never comes sooner than Retry-After', () => {
    expect(retryDelayMs(1, 0, 120_000)).toBe(120_000);
    expect(retryDelayMs(1, 0, 1_000)).toBe(15_000);
  });
});

describe('failureKind', () => {
  it.each([
    [null, undefined, 'network'],
    [429, 'rate_limit_exceeded', 'rate_limited'],
    [500, 'internal_server_error', 'unavailable'],
    [503, 'application_error', 'unavailable'],
    [409, 'concurrent_idempotent_requests', 'in_progress'],
    [409, 'invalid_idempotent_request', 'conflict'],
    [409, undefined, 'conflict'],
    [422, 'validation_error', 'invalid'],
    [400, 'validation_error', 'invalid'],
    [400, 'invalid_idempotency_key', 'refused'],
    [401, 'missing_api_key', 'refused'],
    [403, 'invalid_api_key', 'refused'],
  ] as const)('%s %s → %s', (status, name, kind) => {
    expect(failureKind(status, name)).toBe(kind);
  });
});

describe('decideAfterFailure', () => {
  it.each(['rate_limited', 'unavailable', 'network', 'in_progress'] as const)('%s: retry the same call later', (kind) => {
    const decision = decideAfterFailure(fail(kind), batch, NOW, 0);
    expect(decision).toEqual({ action: 'retry', at: NOW + 15_000, reason: `attempt 1 failed, retrying: ${kind} error` });
  });

  it('honours Retry-After', () => {
    expect(decideAfterFailure(fail('rate_limited', 90_000), single, NOW, 0)).toMatchObject({ action: 'retry', at: NOW + 90_000 });
  });

  it('a conflict is final and never leads to another key, for a batch as for a single', () => {
    for (const unit of [single, batch]) {
      const decision = decideAfterFailure(fail('conflict'), unit, NOW, 0);
      expect(decision.action).toBe('fail');
      expect(decision.reason).toContain('may have been delivered');
    }
  });

  it('only an invalid batch (nothing of it sent) is split; an invalid single fails', () => {
    expect(decideAfterFailure(fail('invalid'), batch, NOW, 0).action).toBe('split');
    expect(decideAfterFailure(fail('invalid'), single, NOW, 0)).toEqual({ action: 'fail', reason: 'invalid error' });
    expect(decideAfterFailure(fail('refused'), batch, NOW, 0)).toEqual({ action: 'fail', reason: 'refused error' });
    for (const kind of ['unavailable', 'network', 'in_progress', 'conflict', 'rate_limited'] as const) {
      expect(decideAfterFailure(fail(kind), batch, NOW, 0).action).not.toBe('split');
    }
  });

  it('gives up after the last attempt', () => {
    const decision = decideAfterFailure(fail('network'), { ...single, attempts: MAX_SEND_ATTEMPTS }, NOW, 0);
    expect(decision).toEqual({ action: 'fail', reason: `gave up after ${MAX_SEND_ATTEMPTS} attempts: network error` });
    expect(decideAfterFailure(fail('network'), { ...single, attempts: MAX_SEND_ATTEMPTS - 1 }, NOW, 0).action).toBe('retry');
  });

  it('gives up rather than retry after the provider may have forgotten the key', () => {
    const old = { ...single, firstAttemptAt: NOW - 22 * HOUR - 50 * 60 * 1000 };
    expect(decideAfterFailure(fail('unavailable'), old, NOW, 0).action).toBe('retry');
    const decision = decideAfterFailure(fail('unavailable', 20 * 60 * 1000), old, NOW, 0);
    expect(decision).toMatchObject({ action: 'fail', reason: expect.stringContaining('forgets the idempotency key') });
  });
});

describe('keyStillHonoured', () => {
  it('holds for a new key and up to an hour before the 24 h window ends', () => {
    expect(keyStillHonoured(null, NOW)).toBe(true);
    expect(keyStillHonoured(NOW, NOW + IDEMPOTENCY_WINDOW_MS - HOUR)).toBe(true);
    expect(keyStillHonoured(NOW, NOW + IDEMPOTENCY_WINDOW_MS - HOUR + 1)).toBe(false);
  });
});

describe('leases', () => {
  it('outlast the request timeout, and at least 2 minutes', () => {
    for (const timeout of [1_000, 15_000, 30_000, 60_000, 120_000]) {
      expect(leaseMs(timeout)).toBeGreaterThan(leaseNeededUntil(0, timeout));
    }
    expect(leaseMs(15_000)).toBe(120_000);
    expect(leaseMs(60_000)).toBe(240_000);
    expect(leaseMs()).toBe(120_000);
  });

  it('a call may start only while the lease covers its timeout and the write after it', () => {
    expect(leaseNeededUntil(NOW, 15_000)).toBe(NOW + 20_000);
  });
});
