// Turns one CSV row (header -> cell) into contact input: known columns map to fields,
// "consent" to the marketing consent, every other column to an attribute
// ("attributes.plan" or just "plan").
import * as v from 'valibot';
import type { FieldIssue } from '../errors.ts';
import { ContactCreateSchema, type ContactCreateInput } from './contact-input.ts';

const FIELD_COLUMNS = new Set(['email', 'name', 'locale', 'timezone']);
const CONSENT_COLUMNS = new Set(['consent', 'marketing_consent', 'consent.marketing']);

export function normalizeHeader(header: string): string {
  return header
    .trim()
    .replace(/^\uFEFF/, '')
    .toLowerCase();
}

export type CsvRowResult = { ok: true; input: ContactCreateInput } | { ok: false; issues: FieldIssue[] };

export function contactFromCsvRow(row: Record<string, string | undefined>, defaultConsentSource = 'csv import'): CsvRowResult {
  const input: Record<string, unknown> = {};
  const attributes: Record<string, unknown> = {};
  let consent: string | undefined;
  let consentSource: string | undefined;
  for (const [rawKey, rawValue] of Object.entries(row)) {
    const value = rawValue?.trim() ?? '';
    if (value === '') continue;
    const key = normalizeHeader(rawKey);
    if (FIELD_COLUMNS.has(key)) input[key] = value;
    else if (CONSENT_COLUMNS.has(key)) consent = value.toLowerCase();
    else if (key === 'consent_source') consentSource = value;
    else attributes[key.startsWith('attributes.') ? key.slice('attributes.'.length) : key] = value;
  }
  if (Object.keys(attributes).length) input.attributes = attributes;
  if (consent) input.consent = { marketing: consent, source: consentSource ?? defaultConsentSource };
  const parsed = v.safeParse(ContactCreateSchema, input);
  if (parsed.success) return { ok: true, input: parsed.output };
  return { ok: false, issues: parsed.issues.map((issue) => ({ field: v.getDotPath(issue) ?? '', message: issue.message })) };
}
