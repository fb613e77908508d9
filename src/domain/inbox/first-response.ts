// The first-response target: a customer who writes should hear from a human within 24 hours.
export const FIRST_RESPONSE_TARGET_MS = 24 * 60 * 60 * 1000;

export function firstResponseDueAt(customerMessageAt: number): number {
  return customerMessageAt + FIRST_RESPONSE_TARGET_MS;
}
