// deliverOutbox: hands queued messages to the mail transport. Runs after each enqueue and
// on every scheduler tick, possibly in several processes at once. Delivers each message at
// most once per idempotency key:
// - a message is sent either alone, under its message id, or in a provider batch, under a
//   batch key; which one is decided before its first call and kept (outbox.batch_key), and a
//   batch's members and their order are fixed then too, with a digest of the exact request;
// - a retry resends that very request (same key, same bytes), so the provider replays the
//   first answer instead of sending again; what to do after a failure is domain/retry.ts's;
// - a sender claims jobs with a lease and an owner token, starts a call only while the lease
//   outlasts the call's timeout, and writes results only for jobs it still holds.
import { chunk } from '../domain/chunk.ts';
import type { Deps } from '../deps.ts';
import { sha256Hex } from '../domain/encoding.ts';
import { DEFAULT_REQUEST_TIMEOUT_MS, decideAfterFailure, keyStillHonoured, leaseMs, leaseNeededUntil } from '../domain/outbound/retry.ts';
import { blocksCategory, suppressionKeys } from '../domain/people/suppression.ts';
import { errorFields } from '../log.ts';
import type { BatchSendResult, OutgoingAttachment, OutgoingEmail, SendResult } from '../mail/transport.ts';
import { isAppError } from '../domain/errors.ts';
import { listAttachmentMeta } from '../store/attachments.ts';
import { getAttachmentContent } from './attachments.ts';
import { getMessagesByIds, type MessageRow } from '../store/messages.ts';
import {
  claimDueJobs,
  createBatch,
  deleteBatch,
  getBatches,
  recordFailed,
  recordNotSent,
  recordRetry,
  recordSent,
  releaseClaim,
  splitBatch,
  startAttempt,
  type OutboxBatchRow,
  type OutboxRow,
} from '../store/outbox.ts';
import { findSuppression } from '../store/suppressions.ts';
import { getContactOfMessage } from '../store/contacts.ts';

export interface DeliveryReport {
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
  skipped: number;
  providerCalls: number;
  /** Calls not started, or results not written, because the claim was lost or about to run out. */
  lostClaims: number;
}

/** One provider call: a message alone under its id, or a batch under its key, members in order. */
type SendUnit =
  | { kind: 'single'; key: string; jobs: [OutboxRow] }
  | { kind: 'new-batch'; key: string; jobs: OutboxRow[] }
  /** A batch formed by an earlier run; `formed` is missing only for batches from before digests. */
  | { kind: 'batch'; key: string; jobs: OutboxRow[]; formed: OutboxBatchRow | undefined };

interface Run {
  deps: Deps;
  token: string;
  timeoutMs: number;
  messages: Map<string, MessageRow>;
  /** The messages with files (agent replies): always sent alone, since a provider batch takes none. */
  withAttachments: Set<string>;
  report: DeliveryReport;
}

export function toOutgoingEmail(message: MessageRow): OutgoingEmail {
  const { 'Reply-To': replyTo, ...headers } = message.headers ?? {};
  return {
    id: message.id,
    from: message.fromAddress!,
    to: message.toAddresses,
    ...(message.ccAddresses.length ? { cc: message.ccAddresses } : {}),
    ...(replyTo ? { replyTo } : {}),
    subject: message.subject,
    text: message.text ?? '',
    ...(message.html ? { html: message.html } : {}),
    headers,
  };
}

async function suppressedReason(deps: Deps, message: MessageRow): Promise<string | null> {
  for (const address of message.toAddresses) {
    const suppression = await findSuppression(deps.db, await suppressionKeys(address));
    if (suppression && blocksCategory(suppression.reason, message.category)) {
      return `${address} is suppressed (${suppression.reason})`;
    }
  }
  if (message.category === 'marketing') {
    // Consent may have been withdrawn while the message waited in the queue.
    const contact = await getContactOfMessage(deps.db, message);
    if (contact?.marketingConsent !== 'subscribed') return `no marketing consent (${contact?.marketingConsent ?? 'contact erased'})`;
  }
  return null;
}

const byId = (a: OutboxRow, b: OutboxRow) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byPosition = (a: OutboxRow, b: OutboxRow) => (a.batchPosition ?? Infinity) - (b.batchPosition ?? Infinity) || byId(a, b);

/**
 * Turns claimed jobs into provider calls. Jobs sent before keep their unit (their batch, or
 * alone under their id); only jobs never sent are grouped into new batches.
 */
async function planUnits(run: Run, jobs: OutboxRow[]): Promise<SendUnit[]> {
  const { deps, token } = run;
  const units: SendUnit[] = [];
  const batches = new Map<string, OutboxRow[]>();
  // A member whose message is gone (erased with its contact) leaves the batch incomplete: see changedSinceFormed.
  for (const job of jobs) {
    if (job.batchKey && run.messages.has(job.messageId)) batches.set(job.batchKey, [...(batches.get(job.batchKey) ?? []), job]);
  }
  const formed = await getBatches(deps.db, [...batches.keys()]);
  for (const [key, members] of batches) units.push({ kind: 'batch', key, jobs: members.sort(byPosition), formed: formed.get(key) });

  // Not sending is always safe, so a message sent alone before is checked again too; a batch
  // member is not, since the batch may only be resent whole and unchanged.
  const fresh: OutboxRow[] = [];
  for (const job of jobs.filter((j) => !j.batchKey).sort(byId)) {
    const message = run.messages.get(job.messageId);
    if (message?.status !== 'queued') {
      await recordNotSent(deps.db, token, job.id, null, deps.clock.now());
      continue;
    }
    const suppressed = await suppressedReason(deps, message);
    if (suppressed) {
      await recordNotSent(deps.db, token, job.id, suppressed, deps.clock.now());
      run.report.skipped++;
      continue;
    }
    if (job.attempts > 0 || run.withAttachments.has(job.messageId)) units.push({ kind: 'single', key: job.messageId, jobs: [job] });
    else fresh.push(job);
  }
  const maxBatch = deps.mailer.sendBatch ? Math.min(deps.mailer.maxBatch ?? 100, 100) : 1;
  for (const group of chunk(fresh, maxBatch)) {
    const [first] = group as [OutboxRow];
    if (group.length === 1) units.push({ kind: 'single', key: first.messageId, jobs: [first] });
    else units.push({ kind: 'new-batch', key: deps.ids.next('bat'), jobs: group });
  }
  return units;
}

const requestDigest = (emails: OutgoingEmail[]) => sha256Hex(JSON.stringify(emails));

/** Why a batch formed earlier can no longer be sent as it was, or null when it can. */
function changedSinceFormed(unit: Extract<SendUnit, { kind: 'batch' }>, digest: string): string | null {
  if (!unit.formed) return null;
  if (unit.formed.size !== unit.jobs.length) return `${unit.formed.size - unit.jobs.length} of its ${unit.formed.size} messages are gone`;
  return unit.formed.requestDigest === digest ? null : 'its messages changed';
}

async function callProvider(run: Run, unit: SendUnit, emails: OutgoingEmail[]): Promise<SendResult | BatchSendResult> {
  const transportError = (error: unknown): SendResult => ({
    ok: false,
    kind: 'network',
    error: `transport error: ${errorFields(error).error}`,
  });
  if (unit.kind === 'single') return run.deps.mailer.send(emails[0]!).catch(transportError);
  return run.deps.mailer.sendBatch!(emails, unit.key).catch(transportError);
}

async function sendUnit(run: Run, unit: SendUnit): Promise<void> {
  const { deps, token, report } = run;
  const now = deps.clock.now();
  const jobIds = unit.jobs.map((j) => j.id);
  const emails = unit.jobs.map((j) => toOutgoingEmail(run.messages.get(j.messageId)!));
  if (unit.kind === 'single' && run.withAttachments.has(unit.jobs[0].messageId)) {
    const files = await readAttachments(run, unit.jobs[0]);
    if (!files) return;
    emails[0]!.attachments = files;
  }
  const firstAttemptAt = unit.kind === 'new-batch' ? null : Math.min(...unit.jobs.map((j) => j.firstAttemptAt ?? now));

  if (!keyStillHonoured(firstAttemptAt, now)) {
    const reason = 'not sent again: its idempotency key is older than the provider keeps keys, so the message may have been delivered';
    report.failed += await recordFailed(deps.db, token, jobIds, reason, now);
    return;
  }
  if (unit.kind === 'new-batch') {
    await createBatch(deps.db, { key: unit.key, size: emails.length, requestDigest: await requestDigest(emails), createdAt: now });
  } else if (unit.kind === 'batch') {
    const changed = changedSinceFormed(unit, await requestDigest(emails));
    if (changed) {
      const reason =
        `not sent again: the batch is no longer the request first sent under its key (${changed}), ` + 'which may have been delivered';
      report.failed += await recordFailed(deps.db, token, jobIds, reason, now);
      return;
    }
  }
  const started = await startAttempt(deps.db, {
    jobIds,
    token,
    now,
    leaseNeededUntil: leaseNeededUntil(now, run.timeoutMs),
    ...(unit.kind === 'new-batch' ? { batchKey: unit.key } : {}),
  });
  if (!started) {
    if (unit.kind === 'new-batch') await deleteBatch(deps.db, unit.key);
    await releaseClaim(deps.db, token, jobIds, now);
    report.lostClaims++;
    return;
  }
  report.providerCalls++;
  const result = await callProvider(run, unit, emails);
  const attempts = Math.max(...unit.jobs.map((j) => j.attempts)) + 1;
  await recordOutcome(run, unit, result, { size: emails.length, attempts, firstAttemptAt: firstAttemptAt ?? now });
}

async function recordOutcome(
  run: Run,
  unit: SendUnit,
  result: SendResult | BatchSendResult,
  history: { size: number; attempts: number; firstAttemptAt: number },
): Promise<void> {
  const { deps, token, report } = run;
  const now = deps.clock.now();
  const jobIds = unit.jobs.map((j) => j.id);
  let written: number;
  if (result.ok) {
    const providerIds = 'providerIds' in result ? result.providerIds : [result.providerId];
    written = await recordSent(
      deps.db,
      token,
      unit.jobs.map((j, i) => ({ jobId: j.id, providerId: providerIds[i]! })),
      now,
    );
    report.sent += written;
  } else {
    // One draw for the whole unit: its members always wait for the same retry.
    const decision = decideAfterFailure(result, history, now, Math.random());
    if (decision.action === 'split') {
      if (!(await splitBatch(deps.db, token, jobIds, now))) {
        report.lostClaims++;
        return;
      }
      deps.log.info('outbound: batch split', { batchKey: unit.key, reason: decision.reason });
      for (const job of unit.jobs) {
        const alone = { ...job, batchKey: null, batchPosition: null, attempts: history.attempts, firstAttemptAt: null };
        await sendUnit(run, { kind: 'single', key: job.messageId, jobs: [alone] });
      }
      return;
    }
    if (decision.action === 'retry') {
      written = await recordRetry(deps.db, token, jobIds, { at: decision.at, error: result.error, reason: decision.reason, now });
      report.retrying += written;
    } else {
      written = await recordFailed(deps.db, token, jobIds, decision.reason, now);
      report.failed += written;
      deps.log.warn('outbound: failed', { key: unit.key, messages: unit.jobs.map((j) => j.messageId), reason: decision.reason });
    }
  }
  if (written < unit.jobs.length) {
    report.lostClaims++;
    deps.log.warn('outbound: claim lost during a call; its result is left to the new holder', { key: unit.key });
  }
}

/** A message's files from the blob store; null (the job retried later, or failed when a file is gone) if they cannot be read. */
async function readAttachments(run: Run, job: OutboxRow): Promise<OutgoingAttachment[] | null> {
  const { deps, token, report } = run;
  try {
    const metas = await listAttachmentMeta(deps.db, [job.messageId]);
    const files = await Promise.all(metas.map((m) => getAttachmentContent(deps, m.id)));
    return files.map((f) => ({ filename: f.filename ?? 'attachment', contentType: f.contentType, content: f.content }));
  } catch (error) {
    const now = deps.clock.now();
    const reason = `an attachment could not be read: ${errorFields(error).error}`;
    if (isAppError(error) && error.name === 'StorageUnavailable') {
      report.retrying += await recordRetry(deps.db, token, [job.id], { at: now + 60_000, error: reason, reason, now });
    } else {
      report.failed += await recordFailed(deps.db, token, [job.id], reason, now);
    }
    return null;
  }
}

export async function deliverOutbox(deps: Deps, options: { limit?: number } = {}): Promise<DeliveryReport> {
  const report: DeliveryReport = { claimed: 0, sent: 0, retrying: 0, failed: 0, skipped: 0, providerCalls: 0, lostClaims: 0 };
  const timeoutMs = deps.mailer.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const token = deps.ids.next('clm');
  const jobs = await claimDueJobs(deps.db, { now: deps.clock.now(), limit: options.limit ?? 500, token, leaseMs: leaseMs(timeoutMs) });
  report.claimed = jobs.length;
  if (jobs.length === 0) return report;
  const messages = new Map(
    (
      await getMessagesByIds(
        deps.db,
        jobs.map((j) => j.messageId),
      )
    ).map((m) => [m.id, m]),
  );
  const withAttachments = new Set((await listAttachmentMeta(deps.db, [...messages.keys()])).map((a) => a.messageId));
  const run: Run = { deps, token, timeoutMs, messages, withAttachments, report };
  for (const unit of await planUnits(run, jobs)) await sendUnit(run, unit);
  deps.log.info('outbound: delivery run', { ...report });
  return report;
}
