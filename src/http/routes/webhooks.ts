// POST /webhooks/resend: delivery events, accepted only with a valid Svix signature.
import { Hono } from 'hono';
import { AppError } from '../../domain/errors.ts';
import { verifySvixWebhook } from '../../domain/svix.ts';
import { handleProviderEvent, type ResendEvent } from '../../services/handleProviderEvent.ts';
import type { AppEnv } from '../app.ts';

export const webhookRoutes = new Hono<AppEnv>().post('/webhooks/resend', async (c) => {
  const deps = c.var.deps;
  const secret = deps.config.resendWebhookSecret;
  if (!secret) throw new AppError('InboundDisabled', 'Resend webhooks are off: set RESEND_WEBHOOK_SECRET');
  const body = await c.req.text();
  const check = await verifySvixWebhook(
    secret,
    { id: c.req.header('svix-id'), timestamp: c.req.header('svix-timestamp'), signature: c.req.header('svix-signature') },
    body,
    Math.floor(deps.clock.now() / 1000),
  );
  if (!check.ok) throw new AppError('Unauthorized', `webhook refused: ${check.reason}`);
  let event: ResendEvent;
  try {
    event = JSON.parse(body) as ResendEvent;
  } catch {
    throw new AppError('ValidationFailed', 'the webhook body is not JSON', [{ field: '', message: 'expected a Resend event' }]);
  }
  if (typeof event?.type !== 'string' || typeof event.data !== 'object' || event.data === null) {
    throw new AppError('ValidationFailed', 'not a Resend event', [{ field: 'type', message: 'expected {type, data}' }]);
  }
  return c.json({ outcome: await handleProviderEvent(deps, c.req.header('svix-id')!, event) });
});
