// The Resend transport. Our message id (or the outbox's batch key) is the Idempotency-Key, so
// a retry after a lost answer can never send the same message twice.
import { Resend } from 'resend';
import { failureKind } from '../domain/outbound/retry.ts';
import { formatMailbox } from '../domain/people/email-address.ts';
import type { BatchSendResult, Mailer, OutgoingEmail, SendFailure, SendResult } from './transport.ts';

export interface ResendOptions {
  apiKey: string;
  baseUrl?: string | undefined;
  timeoutMs?: number;
}

interface ResendErrorLike {
  statusCode?: number | null;
  message?: string;
  name?: string;
}

export function parseRetryAfter(value: string | undefined | null, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** What the error proves (see FailureKind); no status code means no answer reached us. */
export function toSendFailure(error: ResendErrorLike, headers: Record<string, string> | null, now: number): SendFailure {
  const status = error.statusCode ?? null;
  const retryAfterMs = parseRetryAfter(headers?.['retry-after'], now);
  return {
    ok: false,
    kind: failureKind(status, error.name),
    error: `${status ?? 'network'} ${error.name ?? 'error'}: ${error.message ?? 'no message'}`,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
}

function toResendPayload(email: OutgoingEmail) {
  return {
    from: formatMailbox(email.from),
    to: email.to.map(formatMailbox),
    ...(email.cc?.length ? { cc: email.cc.map(formatMailbox) } : {}),
    ...(email.replyTo ? { replyTo: formatMailbox(email.replyTo) } : {}),
    subject: email.subject,
    text: email.text,
    ...(email.html ? { html: email.html } : {}),
    headers: email.headers,
    // The SDK sends binary content as base64.
    ...(email.attachments?.length
      ? { attachments: email.attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })) }
      : {}),
  };
}

/** Resend's batch endpoint takes at most 100 messages per call. */
export const RESEND_MAX_BATCH = 100;

export function createResendMailer(options: ResendOptions): Mailer {
  const client = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
  const timeoutMs = options.timeoutMs ?? 15_000;
  return {
    name: 'resend',
    maxBatch: RESEND_MAX_BATCH,
    timeoutMs,
    async send(email: OutgoingEmail): Promise<SendResult> {
      const response = await client.emails.send(toResendPayload(email), {
        idempotencyKey: email.id,
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (response.error || !response.data) {
        return toSendFailure(response.error ?? { message: 'empty answer' }, response.headers ?? null, Date.now());
      }
      return { ok: true, providerId: response.data.id };
    },
    async sendBatch(emails: OutgoingEmail[], idempotencyKey: string): Promise<BatchSendResult> {
      const response = await client.batch.send(emails.map(toResendPayload), {
        idempotencyKey,
        batchValidation: 'strict',
        signal: AbortSignal.timeout(timeoutMs),
      });
      const ids = response.data?.data?.map((d) => d.id);
      if (response.error || !ids || ids.length !== emails.length) {
        return toSendFailure(response.error ?? { message: `expected ${emails.length} ids` }, response.headers ?? null, Date.now());
      }
      return { ok: true, providerIds: ids };
    },
  };
}
