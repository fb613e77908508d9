// Signs a webhook body as Resend (Svix) does, for tests: base64 HMAC-SHA256 of "id.timestamp.body"
// keyed with the base64 secret after "whsec_".
import { createHmac } from 'node:crypto';

export function svixSignature(secret: string, id: string, timestamp: string, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
}
