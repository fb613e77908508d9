// The first-response target: a customer who writes should hear from a human within a number of hours (24 unless the
// business sets another), counted in business time when the business has set opening hours.
import { addBusinessMs, type BusinessHours, businessTimeMeter } from '../time/business-hours.ts';

export const FIRST_RESPONSE_TARGET_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

export interface FirstResponseTarget {
  hours: number;
  /** When set, only open hours count toward the target. */
  businessHours: BusinessHours | null;
}

export const DEFAULT_FIRST_RESPONSE_TARGET: FirstResponseTarget = { hours: FIRST_RESPONSE_TARGET_MS / HOUR_MS, businessHours: null };

export const targetMs = (target: FirstResponseTarget): number => target.hours * HOUR_MS;

export function firstResponseDueAt(customerMessageAt: number, target: FirstResponseTarget = DEFAULT_FIRST_RESPONSE_TARGET): number {
  if (!target.businessHours) return customerMessageAt + targetMs(target);
  return addBusinessMs(target.businessHours, customerMessageAt, targetMs(target));
}

/** How the target measures time between two instants within [from, to]: elapsed, or open business time. */
export function targetMeter(target: FirstResponseTarget, from: number, to: number): (a: number, b: number) => number {
  return target.businessHours ? businessTimeMeter(target.businessHours, from, to) : (a, b) => b - a;
}
