// Helpers for the trigger-engine tests: trigger sets from YAML, events through the API, the scheduler tick,
// and the rows a test reads back (jobs, decisions, outbound messages).
import { asc, eq } from 'drizzle-orm';
import { messages, scheduledJobs } from '../../db/schema.ts';
import { triggerSetOf, triggerSetOrThrow } from '../../src/domain/triggers/set.ts';
import { runScheduled } from '../../src/services/runScheduled.ts';
import { listDeliveryDecisions } from '../../src/store/delivery-decisions.ts';
import type { ApiClient } from './api-client.ts';
import type { TestContext } from './test-deps.ts';

/** Gives the app these triggers (YAML by name) beside, or instead of, the shipped ones. */
export function useTriggers(t: TestContext, files: Record<string, string>, options: { withShipped?: boolean } = {}): void {
  const extra = triggerSetOrThrow(
    Object.entries(files).map(([name, text]) => ({ name, path: `triggers/${name}.yaml`, text })),
    t.deps.templates.names(),
  );
  const shipped = options.withShipped ? t.deps.triggers.all() : [];
  t.deps.triggers = triggerSetOf([...shipped, ...extra.all()]);
}

export const at = (iso: string) => Date.parse(iso);

/** A contact with marketing consent (and a time zone), through the API. */
export async function consentingContact(api: ApiClient, email: string, timezone: string, attributes: Record<string, unknown> = {}) {
  const res = await api.json('POST', '/api/v1/contacts', {
    email,
    timezone,
    attributes,
    consent: { marketing: 'subscribed', source: 'test' },
  });
  if (res.status !== 201 && res.status !== 200) throw new Error(`POST /contacts answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies field by field
export async function track(api: ApiClient, events: Record<string, unknown>[]): Promise<any[]> {
  const res = await api.json('POST', '/api/v1/events/batch', { events });
  if (res.status !== 202) throw new Error(`POST /events/batch answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.data;
}

export const tick = (t: TestContext) => runScheduled(t.deps);

/** Every decision (stored, and the 'scheduled' ones the jobs record), oldest first. */
export async function decisionsOf(t: TestContext, trigger?: string) {
  const rows = await listDeliveryDecisions(t.deps.db);
  return trigger === undefined ? rows : rows.filter((r) => r.sourceName === trigger);
}

export async function jobsOf(t: TestContext, trigger: string) {
  const rows = await t.deps.db.select().from(scheduledJobs).orderBy(asc(scheduledJobs.runAt), asc(scheduledJobs.id));
  return rows.filter((r) => (r.payload as { trigger?: string }).trigger === trigger);
}

export async function outbound(t: TestContext, template?: string) {
  const rows = await t.deps.db
    .select()
    .from(messages)
    .where(eq(messages.direction, 'out'))
    .orderBy(asc(messages.createdAt), asc(messages.id));
  return template === undefined ? rows : rows.filter((m) => m.template === template);
}
