// What a scheduled job's handler is given and must do. A handler runs a job its runner holds (`token`)
// and ends it itself, with a compare-and-set on the token (store/scheduled-jobs.ts): finish it (done,
// cancelled, failed) or reschedule it (held), in the same db.batch as the writes it makes (a message and
// its outbox job), so a job is never run twice to completion. A handler that throws leaves the job to the
// runner, which retries it later with backoff.
import type { Deps } from '../../deps.ts';
import type { ScheduledJobRow } from '../../store/scheduled-jobs.ts';

export type JobHandler = (deps: Deps, job: ScheduledJobRow, token: string) => Promise<void>;
