// deliverOutbox: hands queued messages to the mail transport. Runs after each enqueue and
// on every scheduler tick. Retries 429/5xx/timeouts with backoff; never sends twice: our
// message id (or the persisted batch key) is the provider's idempotency key.
import type { Deps } from '../deps.ts';
import { MAX_SEND_ATTEMPTS, retryDelayMs } from '../domain/retry.ts';
import { blocksCategory, suppressionKeys, type SuppressionReason } from '../domain/suppression.ts';
import { errorFields } from '../log.ts';
import type { OutgoingEmail, SendResult } from '../mail/transport.ts';
import { getMessagesByIds, updateMessage, type MessageRow } from '../store/messages.ts';
import { assignBatchKey, claimDueJobs, updateOutboxJob, type OutboxRow } from '../store/outbox.ts';
import { findSuppression } from '../store/suppressions.ts';
import { getContactForConversation } from '../store/contacts.ts';

export interface DeliveryReport {
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
  skipped: number;
  providerCalls: number;
}

interface Item {
  job: OutboxRow;
  message: MessageRow;
  email: OutgoingEmail;
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
    if (suppression && blocksCategory(suppression.reason as SuppressionReason, message.category)) {
      return `${address} is suppressed (${suppression.reason})`;
    }
  }
  if (message.category === 'marketing') {
    // Consent may have been withdrawn while the message waited in the queue.
    const contact = await getContactForConversation(deps.db, message.conversationId);
    if (contact?.marketingConsent !== 'subscribed') return `no marketing consent (${contact?.marketingConsent ?? 'contact erased'})`;
  }
  return null;
}

async function recordResult(deps: Deps, item: Item, result: SendResult, report: DeliveryReport): Promise<void> {
  const now = deps.clock.now();
  const attempts = item.job.attempts + 1;
  if (result.ok) {
    await updateMessage(deps.db, item.message.id, { status: 'sent', providerId: result.providerId, sentAt: now, statusReason: null });
    await updateOutboxJob(deps.db, item.job.id, { status: 'done', attempts, providerId: result.providerId, lockedUntil: null, lastError: null, updatedAt: now });
    report.sent++;
    return;
  }
  if (result.retryable && attempts < MAX_SEND_ATTEMPTS) {
    const delay = retryDelayMs(attempts, Math.random(), result.retryAfterMs);
    await updateOutboxJob(deps.db, item.job.id, { status: 'pending', attempts, nextAttemptAt: now + delay, lockedUntil: null, lastError: result.error, updatedAt: now });
    await updateMessage(deps.db, item.message.id, { statusReason: `attempt ${attempts} failed, retrying: ${result.error}` });
    report.retrying++;
    return;
  }
  const reason = result.retryable ? `gave up after ${attempts} attempts: ${result.error}` : result.error;
  await updateOutboxJob(deps.db, item.job.id, { status: 'dead', attempts, lockedUntil: null, lastError: reason, updatedAt: now });
  await updateMessage(deps.db, item.message.id, { status: 'failed', statusReason: reason });
  deps.log.warn('outbound: failed', { messageId: item.message.id, reason });
  report.failed++;
}

async function sendOne(deps: Deps, item: Item, report: DeliveryReport): Promise<void> {
  report.providerCalls++;
  let result: SendResult;
  try {
    result = await deps.mailer.send(item.email);
  } catch (error) {
    result = { ok: false, retryable: true, error: `transport error: ${errorFields(error).error}` };
  }
  await recordResult(deps, item, result, report);
}

async function sendBatch(deps: Deps, items: Item[], batchKey: string, report: DeliveryReport): Promise<void> {
  report.providerCalls++;
  const result = await deps.mailer.sendBatch!(items.map((i) => i.email), batchKey).catch((error: unknown) => ({
    ok: false as const,
    retryable: true,
    error: `transport error: ${errorFields(error).error}`,
  }));
  if (result.ok) {
    await Promise.all(items.map((item, i) => recordResult(deps, item, { ok: true, providerId: result.providerIds[i]! }, report)));
    return;
  }
  if (!result.retryable) {
    // The provider refused the whole batch without sending any of it: send one by one, so
    // one bad message fails alone, under each message's own idempotency key.
    await assignBatchKey(deps.db, items.map((i) => i.job.id), null);
    for (const item of items) await sendOne(deps, item, report);
    return;
  }
  await Promise.all(items.map((item) => recordResult(deps, item, result, report)));
}

function chunk<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

export async function deliverOutbox(deps: Deps, options: { limit?: number } = {}): Promise<DeliveryReport> {
  const report: DeliveryReport = { claimed: 0, sent: 0, retrying: 0, failed: 0, skipped: 0, providerCalls: 0 };
  const jobs = await claimDueJobs(deps.db, deps.clock.now(), options.limit ?? 500);
  report.claimed = jobs.length;
  if (jobs.length === 0) return report;
  const byId = new Map((await getMessagesByIds(deps.db, jobs.map((j) => j.messageId))).map((m) => [m.id, m]));

  const ready: Item[] = [];
  for (const job of jobs) {
    const message = byId.get(job.messageId);
    if (!message || message.status !== 'queued') {
      await updateOutboxJob(deps.db, job.id, { status: 'done', lockedUntil: null, updatedAt: deps.clock.now() });
      continue;
    }
    const suppressed = await suppressedReason(deps, message);
    if (suppressed) {
      await updateMessage(deps.db, message.id, { status: 'skipped', statusReason: suppressed });
      await updateOutboxJob(deps.db, job.id, { status: 'done', lockedUntil: null, lastError: suppressed, updatedAt: deps.clock.now() });
      report.skipped++;
      continue;
    }
    ready.push({ job, message, email: toOutgoingEmail(message) });
  }

  const maxBatch = deps.mailer.sendBatch ? Math.min(deps.mailer.maxBatch ?? 100, 100) : 1;
  const batches = new Map<string, Item[]>();
  const fresh: Item[] = [];
  for (const item of ready) {
    if (item.job.batchKey && maxBatch > 1) batches.set(item.job.batchKey, [...(batches.get(item.job.batchKey) ?? []), item]);
    else fresh.push(item);
  }
  const singles: Item[] = [];
  for (const group of chunk(fresh, maxBatch)) {
    if (group.length === 1) {
      singles.push(group[0]!);
      continue;
    }
    const key = `batch_${group[0]!.job.id}`;
    await assignBatchKey(deps.db, group.map((i) => i.job.id), key);
    batches.set(key, group);
  }
  for (const [key, group] of batches) await sendBatch(deps, group, key, report);
  for (const item of singles) await sendOne(deps, item, report);

  deps.log.info('outbound: delivery run', { ...report });
  return report;
}
