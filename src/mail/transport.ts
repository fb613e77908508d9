// A mail transport takes a fully composed message and hands it to a provider.
// Implementations: Resend (resend.ts) and the dev outbox (dev-outbox.ts).
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
}

export type SendResult =
  | { ok: true; providerId: string }
  | { ok: false; retryable: boolean; error: string; retryAfterMs?: number };

export interface Mailer {
  readonly name: string;
  send(email: OutgoingEmail): Promise<SendResult>;
  /**
   * Sends up to `maxBatch` messages in one provider call, all or nothing: one result for
   * the whole call. `idempotencyKey` names the batch; the same key must always carry the
   * same messages.
   */
  sendBatch?(emails: OutgoingEmail[], idempotencyKey: string): Promise<BatchSendResult>;
  readonly maxBatch?: number;
}

export type BatchSendResult = { ok: true; providerIds: string[] } | { ok: false; retryable: boolean; error: string; retryAfterMs?: number };
