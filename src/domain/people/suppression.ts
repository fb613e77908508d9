// Who must not be mailed. An erased person is remembered only as a hash of their address,
// so erasure keeps no readable personal data yet still blocks mail to them.
import { normalizeEmail } from './email-address.ts';
import { sha256Hex } from '../encoding.ts';
import type { MessageCategory, SuppressionReason } from '../vocabulary.ts';

export async function erasedAddressKey(email: string): Promise<string> {
  return `sha256:${await sha256Hex(normalizeEmail(email))}`;
}

/** Every key a suppression for this address may be stored under. */
export async function suppressionKeys(email: string): Promise<string[]> {
  return [normalizeEmail(email), await erasedAddressKey(email)];
}

/** Marketing stops for any suppression; other mail only for reasons that mean "never again". */
export function blocksCategory(reason: SuppressionReason, category: MessageCategory): boolean {
  if (category === 'marketing') return true;
  return reason !== 'unsubscribed';
}
