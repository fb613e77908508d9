// POST /webhooks/resend: delivery events, accepted only with a valid Svix signature.
import { Hono } from 'hono';
import { AppError } from '../../domain/errors.ts';
import { verifyResendWebhook } from '../../mail/resend-webhook.ts';
import { handleProviderEvent } from '../../services/handleProviderEvent.ts';
import type { AppEnv } from '../app.ts';

export const webhookRoutes = new Hono<AppEnv>().post('/webhooks/resend', async (c) => {
  const deps = c.var.deps;
  const secret = deps.config.resendWebhookSecret;
  if (!secret) throw new AppError('InboundDisabled', 'Resend webhooks are off: set RESEND_WEBHOOK_SECRET');
  const body = await c.req.text();
  const headers = { id: c.req.header('svix-id'), timestamp: c.req.header('svix-timestamp'), signature: c.req.header('svix-signature') };
  const check = verifyResendWebhook(secret, headers, body);
  if (!check.ok) throw new AppError('Unauthorized', `webhook refused: ${check.reason}`);
  return c.json({ outcome: await handleProviderEvent(deps, headers.id!, body) });
});
