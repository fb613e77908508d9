// Who must not be mailed. An erased person is remembered only as a hash of their address,
// so erasure keeps no readable personal data yet still blocks mail to them.
import { normalizeEmail } from './email-address.ts';
import { utf8 } from '../encoding.ts';
import { sha256HexOf } from '../sha256.ts';
import type { MessageCategory, SuppressionReason } from '../vocabulary.ts';

export async function erasedAddressKey(email: string): Promise<string> {
  return erasedAddressKeyNow(email);
}

/** erasedAddressKey without waiting (node:crypto), for the 1,000 recipients of a bulk chunk at once. */
export function erasedAddressKeyNow(email: string): string {
  return `sha256:${sha256HexOf(utf8(normalizeEmail(email)))}`;
}

/** Every key a suppression for this address may be stored under. */
export async function suppressionKeys(email: string): Promise<string[]> {
  return suppressionKeysNow(email);
}

export function suppressionKeysNow(email: string): string[] {
  return [normalizeEmail(email), erasedAddressKeyNow(email)];
}

/** Marketing stops for any suppression; other mail only for reasons that mean "never again". */
export function blocksCategory(reason: SuppressionReason, category: MessageCategory): boolean {
  if (category === 'marketing') return true;
  return reason !== 'unsubscribed';
}
