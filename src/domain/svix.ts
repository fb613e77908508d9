// Webhook signatures as Resend sends them (Svix): HMAC-SHA256 over "id.timestamp.body"
// with the base64 secret after "whsec_", base64 signatures listed as "v1,<sig>".
import { fromBase64Url, timingSafeEqual, utf8 } from './encoding.ts';

export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  return fromBase64Url(text.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
}

function bytesToBase64(bytes: ArrayBuffer): string {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export async function svixSignature(secret: string, id: string, timestamp: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', base64ToBytes(secret.replace(/^whsec_/, '')), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return bytesToBase64(await crypto.subtle.sign('HMAC', key, utf8(`${id}.${timestamp}.${body}`)));
}

export type WebhookCheck = { ok: true } | { ok: false; reason: string };

export async function verifySvixWebhook(
  secret: string,
  headers: { id: string | undefined; timestamp: string | undefined; signature: string | undefined },
  body: string,
  nowSeconds: number,
): Promise<WebhookCheck> {
  if (!headers.id || !headers.timestamp || !headers.signature) return { ok: false, reason: 'missing svix-id, svix-timestamp or svix-signature header' };
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > WEBHOOK_TOLERANCE_SECONDS) return { ok: false, reason: 'timestamp outside the 5-minute tolerance' };
  const expected = await svixSignature(secret, headers.id, headers.timestamp, body);
  const given = headers.signature.split(' ').map((part) => part.split(',')).filter(([version]) => version === 'v1').map(([, sig]) => sig ?? '');
  return given.some((sig) => timingSafeEqual(sig, expected)) ? { ok: true } : { ok: false, reason: 'signature does not match' };
}
