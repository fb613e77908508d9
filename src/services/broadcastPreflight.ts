// Pre-flight of a broadcast draft: render it for a few of the segment's contacts per locale and for
// edge contacts, check every rendering (domain/broadcasts/preflight.ts) and keep the result on the
// broadcast. Errors will block scheduling; warnings will need an acknowledgement.
import type { Deps } from '../deps.ts';
import { checkRendering, checkVariables, type Finding, summarizeFindings } from '../domain/broadcasts/preflight.ts';
import { edgeContacts, type SampleContact, sampleOf, samplePerLocale } from '../domain/broadcasts/samples.ts';
import { AppError } from '../domain/errors.ts';
import type { Rule } from '../domain/rules/ast.ts';
import { type BroadcastRow, updateDraftRow } from '../store/broadcasts.ts';
import { getContactsByIds } from '../store/contacts.ts';
import { selectContactIdsMatching } from '../store/contacts-matching.ts';
import { findSegmentById } from '../store/segments.ts';
import { broadcastLocales, renderBroadcast } from './broadcastRendering.ts';
import { getDraft } from './broadcasts.ts';
import { parseSegmentRule } from './segments.ts';

/** How many of the segment's contacts (by id) are looked at to find samples for each locale. */
const SAMPLE_POOL = 500;

export interface PreflightResult {
  errors: Finding[];
  warnings: Finding[];
  checked: { locales: string[]; contacts: number };
}

export async function broadcastRule(deps: Pick<Deps, 'db'>, broadcast: BroadcastRow): Promise<Rule> {
  if (broadcast.segmentId === null) return parseSegmentRule(broadcast.rule);
  const segment = await findSegmentById(deps.db, broadcast.segmentId);
  if (!segment) {
    throw new AppError('ValidationFailed', `the segment ${broadcast.segmentId} no longer exists`, [
      { field: 'segment_id', message: 'expected an existing segment' },
    ]);
  }
  return parseSegmentRule(segment.rule);
}

/** Real contacts of the broadcast's segment, up to a few per locale, as samples. */
export async function segmentSamples(deps: Deps, broadcast: BroadcastRow, defaultLocale: string): Promise<SampleContact[]> {
  const rule = await broadcastRule(deps, broadcast);
  const ids = await selectContactIdsMatching(deps.db, rule, deps.clock.now(), { limit: SAMPLE_POOL });
  const contacts = await getContactsByIds(deps.db, ids);
  return samplePerLocale(contacts, defaultLocale).map(sampleOf);
}

async function findingsFor(deps: Deps, broadcast: BroadcastRow, contact: SampleContact): Promise<{ locale: string; findings: Finding[] }> {
  try {
    // Made-up contacts have no id; their links carry a stand-in so that they still parse.
    const linkId = contact.label.startsWith('edge:') ? 'con_preflight_edge' : contact.label;
    const { sample, variables, scope } = await renderBroadcast(deps, broadcast, contact, linkId);
    const at = { locale: sample.locale, contact: contact.label };
    return { locale: sample.locale, findings: [...checkVariables(variables, scope, at), ...checkRendering(sample, at)] };
  } catch (error) {
    const locale = contact.locale ?? 'en';
    const message = error instanceof Error ? error.message : String(error);
    return {
      locale,
      findings: [{ severity: 'error', code: 'RenderFailed', locale, contact: contact.label, message, params: { detail: message } }],
    };
  }
}

export async function preflightBroadcast(deps: Deps, id: string): Promise<PreflightResult> {
  const broadcast = await getDraft(deps, id);
  const { locales, defaultLocale } = broadcastLocales(deps, broadcast);
  const samples = await segmentSamples(deps, broadcast, defaultLocale);
  const contacts = [
    ...samples,
    ...edgeContacts(
      samples.map((s) => s.name),
      locales,
      defaultLocale,
    ),
  ];
  const checked = new Set<string>();
  const findings: Finding[] = [];
  for (const contact of contacts) {
    const result = await findingsFor(deps, broadcast, contact);
    checked.add(result.locale);
    findings.push(...result.findings);
  }
  const result: PreflightResult = {
    ...summarizeFindings(findings),
    checked: { locales: [...checked].sort(), contacts: contacts.length },
  };
  const now = deps.clock.now();
  await updateDraftRow(deps.db, id, { preflight: result, preflightAt: now, updatedAt: now });
  return result;
}
