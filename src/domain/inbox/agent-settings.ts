// An agent's own settings (/inbox/me): the inbox language, the time zone times are shown in, and the
// plain-text signature below their replies. Blank means "not chosen": the browser's language and zone, no signature.
import type { FieldIssue } from '../errors.ts';
import { isIanaTimeZone } from '../people/contact-input.ts';

export const MAX_SIGNATURE_LENGTH = 500;

export interface AgentSettings {
  locale: string | null;
  timeZone: string | null;
  signature: string | null;
}

export type SignatureProblem = 'tooLong' | 'control';

// C0/C1 controls other than tab and line feed, and the invisible bidi overrides/isolates: a signature is plain text.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Why a signature cannot be saved, or null when it can (counted after line endings became \n and the ends trimmed). */
export function signatureProblem(signature: string): SignatureProblem | null {
  const text = normalizeSignature(signature);
  if (CONTROL.test(text)) return 'control';
  if (text.length > MAX_SIGNATURE_LENGTH) return 'tooLong';
  return null;
}

function normalizeSignature(signature: string): string {
  return signature.replace(/\r\n?/g, '\n').trim();
}

/** The settings to store, or the fields that are wrong (each says what was expected). */
export function checkAgentSettings(
  input: { locale: string; timeZone: string; signature: string },
  locales: readonly string[],
): { settings: AgentSettings; issues: [] } | { settings: null; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const locale = input.locale.trim();
  const timeZone = input.timeZone.trim();
  const signature = normalizeSignature(input.signature);
  if (locale !== '' && !locales.includes(locale))
    issues.push({ field: 'locale', message: `expected one of ${locales.join(', ')} or nothing (the browser's language)` });
  if (timeZone !== '' && !isIanaTimeZone(timeZone))
    issues.push({ field: 'time_zone', message: 'expected an IANA time zone like Europe/Stockholm, or nothing (the browser’s zone)' });
  const problem = signatureProblem(signature);
  if (problem === 'tooLong')
    issues.push({ field: 'signature', message: `expected at most ${MAX_SIGNATURE_LENGTH} characters (got ${signature.length})` });
  if (problem === 'control') issues.push({ field: 'signature', message: 'expected plain text without control characters' });
  if (issues.length) return { settings: null, issues };
  return { settings: { locale: locale || null, timeZone: timeZone || null, signature: signature || null }, issues: [] };
}
