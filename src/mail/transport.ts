// A mail transport takes a fully composed message and hands it to a provider.
// Implementations: Resend (resend.ts) and the dev outbox (dev-outbox.ts).
import type { FailureKind } from '../domain/outbound/retry.ts';

export interface OutgoingEmail {
  /** Our message id; transports use it as the provider idempotency key. */
  id: string;
  from: string;
  to: string[];
  cc?: string[];
  replyTo?: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers: Message-ID, In-Reply-To, References, List-Unsubscribe, Auto-Submitted … */
  headers: Record<string, string>;
  /** Files (an agent's reply); a message with attachments is always sent alone, never in a provider batch. */
  attachments?: OutgoingAttachment[];
}

export interface OutgoingAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

export interface SendFailure {
  ok: false;
  kind: FailureKind;
  error: string;
  retryAfterMs?: number;
}

export type SendResult = { ok: true; providerId: string } | SendFailure;

export interface Mailer {
  readonly name: string;
  /** Sends one message; `email.id` is the idempotency key. */
  send(email: OutgoingEmail): Promise<SendResult>;
  /**
   * Sends up to `maxBatch` messages in one provider call, all or nothing: one result for
   * the whole call. `idempotencyKey` names the batch; the same key must always carry the
   * same messages in the same order (byte-identical request).
   */
  sendBatch?(emails: OutgoingEmail[], idempotencyKey: string): Promise<BatchSendResult>;
  readonly maxBatch?: number;
  /** The longest a call may take before the transport gives up; the outbox leases outlast it. */
  readonly timeoutMs?: number;
}

export type BatchSendResult = { ok: true; providerIds: string[] } | SendFailure;
