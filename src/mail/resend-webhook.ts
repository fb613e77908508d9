// Webhook signatures are checked by the Resend SDK itself (resend.webhooks.verify: Svix /
// Standard Webhooks, HMAC-SHA256 over "id.timestamp.body", pure JS, runs on every host).
// The SDK checks the 5-minute timestamp tolerance against the wall clock, not Deps.clock.
import { Resend } from 'resend';

export type WebhookCheck = { ok: true } | { ok: false; reason: string };

export interface SvixHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

// verify() needs no API key or network; the constructor insists on a key.
let verifier: Resend | undefined;

export function verifyResendWebhook(secret: string, headers: SvixHeaders, body: string): WebhookCheck {
  if (!headers.id || !headers.timestamp || !headers.signature) {
    return { ok: false, reason: 'missing svix-id, svix-timestamp or svix-signature header' };
  }
  verifier ??= new Resend('re_webhook_verification_only');
  try {
    const { id, timestamp, signature } = headers;
    verifier.webhooks.verify({ payload: body, headers: { id, timestamp, signature }, webhookSecret: secret });
    return { ok: true };
  } catch (error) {
    // verify() parses the body after the signature matched: a signed body that is not JSON is
    // authentic, and refused later as invalid (400), not as unsigned (401).
    if (error instanceof SyntaxError) return { ok: true };
    return { ok: false, reason: error instanceof Error ? error.message : 'signature check failed' };
  }
}
