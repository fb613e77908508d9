// Date triggers (birthday): in the scheduler tick, at most once an hour per trigger, find the contacts
// whose date falls today or tomorrow in their own time zone (one SQL statement over contacts, `when`
// compiled in) and schedule a job each at `at` local time, keyed by trigger, contact and year, so a
// repeated scan schedules nothing twice. The last scan's time is kept in settings.
import type { Deps } from '../deps.ts';
import type { DateStart, TriggerDefinition } from '../domain/triggers/definition.ts';
import { candidateMonthDays, DATE_SCAN_INTERVAL_MS, nextOccurrence } from '../domain/triggers/date-match.ts';
import { jobKey, type TriggerJobPayload } from '../domain/triggers/plan.ts';
import { dueTimeMemo, templateKind, triggerRequest } from '../domain/triggers/request.ts';
import { getSetting, putSetting } from '../store/settings.ts';
import { type NewTriggerJob, selectDateCandidates, writeTriggerJobs } from '../store/trigger-jobs.ts';
import { loadDeliveryPolicy } from './decideDelivery.ts';
import { firstStepJob } from './scheduleTriggers.ts';

export interface DateScanReport {
  /** Triggers scanned this tick (the others were scanned less than an hour ago). */
  scanned: number;
  /** Contacts whose date matched. */
  matched: number;
  /** Jobs newly scheduled. */
  scheduled: number;
}

const scanSetting = (trigger: string) => `trigger_scan:${trigger}`;

async function scanOne(deps: Deps, definition: TriggerDefinition & { start: DateStart }, now: number): Promise<[number, number]> {
  const start = definition.start;
  const candidates = await selectDateCandidates(deps.db, {
    attribute: start.attribute,
    monthDays: candidateMonthDays(now, start.offsetDays),
    when: definition.when,
    now,
  });
  const kind = templateKind(deps.templates, definition.send);
  const dueOf = dueTimeMemo(await loadDeliveryPolicy(deps));
  const jobs: NewTriggerJob[] = [];
  for (const contact of candidates) {
    const occurrence = nextOccurrence(start, contact.monthDay, contact.timezone, now);
    if (!occurrence) continue;
    const { due, detail } = dueOf(occurrence.at, contact.timezone, triggerRequest(definition, 0, kind, occurrence.at), 0);
    const key = jobKey(definition.name, contact.id, String(occurrence.year));
    const payload: TriggerJobPayload = {
      trigger: definition.name,
      step: 0,
      baseKey: key,
      event: null,
      startedAt: occurrence.at,
      firstDueAt: occurrence.at,
    };
    jobs.push(
      firstStepJob(deps, {
        definition,
        category: kind.category,
        contactId: contact.id,
        key,
        payload,
        due,
        detail: `${start.attribute.join('.')} ${contact.monthDay}: ${detail}`,
        now,
      }),
    );
  }
  // A repeated scan finds the same contacts again: their keys are taken, which is no news.
  const inserted = await writeTriggerJobs(deps.db, { jobs, decisions: [], before: [], onTakenKey: 'skip' });
  return [candidates.length, inserted === 'key-taken' ? 0 : inserted.size];
}

/** Scans every active date trigger not scanned in the last hour (`force`: all of them, for benches and tests). */
export async function scanDateTriggers(deps: Deps, options: { force?: boolean } = {}): Promise<DateScanReport> {
  const report: DateScanReport = { scanned: 0, matched: 0, scheduled: 0 };
  const now = deps.clock.now();
  for (const definition of deps.triggers.dates()) {
    if (definition.start.kind !== 'date') continue;
    const last = Number((await getSetting(deps.db, scanSetting(definition.name))) ?? Number.NaN);
    if (!options.force && Number.isFinite(last) && now - last < DATE_SCAN_INTERVAL_MS && last <= now) continue;
    const [matched, scheduled] = await scanOne(deps, definition as TriggerDefinition & { start: DateStart }, now);
    await putSetting(deps.db, scanSetting(definition.name), String(now), now);
    report.scanned++;
    report.matched += matched;
    report.scheduled += scheduled;
  }
  return report;
}
