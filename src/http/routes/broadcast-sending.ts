// /api/v1/broadcasts/:id/schedule|pause|resume|cancel|progress: a broadcast after its draft. Scheduling
// runs the pre-flight (errors block, warnings need acknowledge_warnings); progress answers JSON, or NDJSON
// lines until done with Accept: application/x-ndjson.
import type { Context } from 'hono';
import type { Deps } from '../../deps.ts';
import * as v from 'valibot';
import { parseLocalTime } from '../../domain/broadcasts/schedule.ts';
import { resolveZone } from '../../domain/time/zoned.ts';
import { getBroadcastProgress, STREAM_MAX_MS, streamBroadcastProgress } from '../../services/broadcastProgress.ts';
import {
  cancelBroadcast,
  pauseBroadcast,
  resumeBroadcast,
  type ScheduleInput,
  scheduleBroadcast,
} from '../../services/broadcastSchedule.ts';
import type { BroadcastRow } from '../../store/broadcasts.ts';
import { apiModule, endpoint } from '../endpoint.ts';
import { BROADCAST_EXAMPLE, ID, presentBroadcast, TAG } from './broadcasts.ts';

const MAX_PER_MINUTE = 100_000;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
export const ScheduleBody = v.strictObject(
  {
    at: v.optional(
      v.pipe(
        v.string('expected an ISO 8601 time'),
        v.check(
          (s) => ISO_TIME.test(s) && !Number.isNaN(Date.parse(s)),
          'expected an ISO 8601 time with its offset, e.g. 2026-12-01T09:00:00Z',
        ),
      ),
    ),
    local_time: v.optional(
      v.pipe(
        v.string('expected a local time'),
        v.check((s) => parseLocalTime(s) !== null, 'expected a 24-hour local time HH:MM, e.g. 09:00'),
      ),
    ),
    default_timezone: v.optional(
      v.pipe(
        v.string('expected a time zone'),
        v.check((s) => !resolveZone(s).fellBack, 'expected an IANA time zone, e.g. Europe/Stockholm'),
      ),
    ),
    per_minute: v.optional(
      v.pipe(
        v.number('expected a number'),
        v.integer('expected a whole number'),
        v.minValue(1, 'expected at least 1'),
        v.maxValue(MAX_PER_MINUTE, `expected at most ${MAX_PER_MINUTE}`),
      ),
    ),
    acknowledge_warnings: v.optional(v.boolean('expected true or false')),
  },
  'unknown field; expected at, local_time, default_timezone, per_minute, acknowledge_warnings',
);

const wantsNdjson = (accept: string | undefined) => (accept ?? '').toLowerCase().includes('application/x-ndjson');

/** The checked body as the service's input. */
export function scheduleInputOf(body: v.InferOutput<typeof ScheduleBody>): ScheduleInput {
  return {
    at: body.at === undefined ? undefined : Date.parse(body.at),
    localTime: body.local_time,
    defaultTimezone: body.default_timezone,
    perMinute: body.per_minute,
    acknowledgeWarnings: body.acknowledge_warnings,
  };
}

/** The progress as JSON, or as NDJSON lines when the client asks for them (the API and the inbox page). */
export async function progressResponse(c: Context, deps: Deps, id: string): Promise<Response> {
  if (!wantsNdjson(c.req.header('accept'))) return c.json(await getBroadcastProgress(deps, id));
  const stream = await streamBroadcastProgress(deps, id);
  return c.body(stream, 200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' });
}

const PROGRESS_EXAMPLE = {
  id: BROADCAST_EXAMPLE.id,
  status: 'sending',
  total: 1200,
  planning_done: true,
  waiting: 300,
  held: { QuietHours: 120 },
  queued: 100,
  sent: 760,
  delivered: 700,
  bounced: 2,
  skipped: { NoMarketingConsent: 25, TopicUnsubscribed: 10, DailyCap: 4 },
  failed: 1,
  cancelled: 0,
  done: false,
};
const SCHEDULED_EXAMPLE = {
  ...BROADCAST_EXAMPLE,
  status: 'scheduled',
  schedule: { at: '2026-12-01T00:00:00.000Z', local_time: '09:00', default_timezone: 'Europe/Stockholm', per_minute: 500 },
  scheduled_at: '2026-11-30T15:00:00.000Z',
};
const stateChange = (
  action: string,
  operationId: string,
  summary: string,
  description: string,
  status: string,
  change: (deps: Deps, id: string) => Promise<BroadcastRow>,
) =>
  endpoint({
    method: 'post',
    path: `/{id}/${action}`,
    operationId,
    summary,
    description,
    params: ID,
    responses: [{ status: 200, description: 'The broadcast', example: { ...SCHEDULED_EXAMPLE, status } }],
    errors: [409],
    handle: async (c, { params }) => c.json(presentBroadcast(await change(c.var.deps, params.id))),
  });

export const { routes: broadcastSendingRoutes, operations: broadcastSendingOperations } = apiModule({ tag: TAG }, [
  endpoint({
    method: 'post',
    path: '/{id}/schedule',
    operationId: 'scheduleBroadcast',
    summary: 'Schedule a draft: now, at a time, or at a local time in each recipient’s zone',
    description:
      'Runs the pre-flight first: errors answer 422 `PreflightFailed` with `errors` and `warnings`; warnings answer 422 ' +
      '`WarningsNotAcknowledged` (with `warnings`) unless `acknowledge_warnings` is true. `at` (ISO 8601 with offset; default now) ' +
      'is the send time; with `local_time` ("09:00") each recipient is due at the first such local time in their own zone at or ' +
      'after `at` (contacts without a zone: `default_timezone`, else UTC). The segment is read when the broadcast starts (`at`), in ' +
      'chunks of 1,000 contacts by the scheduler, each contact once. Due times are moved out of quiet hours; right before a ' +
      'recipient is handed to the outbox the delivery rules decide (consent, topic, audience, caps, quiet hours, an open ' +
      'conversation holds it), and a skip keeps its reason. `per_minute` hands at most that many recipients to the outbox per minute.',
    params: ID,
    body: {
      name: 'BroadcastSchedule',
      schema: ScheduleBody,
      example: { at: '2026-12-01T00:00:00Z', local_time: '09:00', per_minute: 500, acknowledge_warnings: true },
      what: 'schedule',
    },
    responses: [{ status: 202, description: 'Scheduled; the scheduler plans and sends it', example: SCHEDULED_EXAMPLE }],
    errors: [409, 422],
    handle: async (c, { params, body }) =>
      c.json(presentBroadcast(await scheduleBroadcast(c.var.deps, params.id, scheduleInputOf(body))), 202),
  }),
  stateChange(
    'pause',
    'pauseBroadcast',
    'Pause a scheduled or sending broadcast',
    'Nobody more is handed to the outbox; messages in the outbox that no sender has claimed yet are taken back (their ' +
      'recipients wait again). A message a sender already holds goes out.',
    'paused',
    pauseBroadcast,
  ),
  stateChange(
    'resume',
    'resumeBroadcast',
    'Resume a paused broadcast',
    'Goes on where it stopped; recipients whose due time passed meanwhile are due at once (throttled by per_minute).',
    'sending',
    resumeBroadcast,
  ),
  stateChange(
    'cancel',
    'cancelBroadcast',
    'Cancel a broadcast (final)',
    'Every recipient not yet handed to a sender is cancelled; messages in the outbox not yet claimed are taken back.',
    'cancelled',
    cancelBroadcast,
  ),
  endpoint({
    method: 'get',
    path: '/{id}/progress',
    operationId: 'broadcastProgress',
    summary: 'How far a broadcast is: waiting, queued, sent, skipped by reason, failed',
    description:
      '`total` counts the recipients planned so far (`planning_done` says whether that is everyone); `waiting` are planned ' +
      'for later (`held`: moved by quiet hours or an open conversation, by reason); `queued` are in the outbox; `sent` were ' +
      'accepted by the provider (`delivered` and `bounced` among them); `skipped` by reason (`SkippedAtDelivery`: stopped by the ' +
      'outbox, e.g. suppressed meanwhile). `done` once sent or cancelled with nothing left in the outbox. With ' +
      '`Accept: application/x-ndjson` the answer is one such JSON object per line: at once, then whenever a count changes ' +
      `(read every second), until done or for at most ${STREAM_MAX_MS / 1000} seconds; then reconnect.`,
    params: ID,
    responses: [
      { status: 200, description: 'The counts', example: PROGRESS_EXAMPLE },
      {
        status: 200,
        description: 'With Accept: application/x-ndjson: a line per change until done',
        contentType: 'application/x-ndjson',
        example: `${JSON.stringify(PROGRESS_EXAMPLE)}\n`,
      },
    ],
    handle: (c, { params }) => progressResponse(c, c.var.deps, params.id),
  }),
]);
