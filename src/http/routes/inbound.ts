// POST /inbound/mime: the HTTP door for inbound mail (Node, Deno, tests, other MTAs).
// Body: the raw RFC 5322 message. Query: from, to (the SMTP envelope). Auth: INBOUND_SECRET.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as v from 'valibot';
import { AppError } from '../../domain/errors.ts';
import { timingSafeEqual } from '../../domain/encoding.ts';
import { MAX_INBOUND_BYTES, receiveEmail } from '../../services/receiveEmail.ts';
import type { AppEnv } from '../app.ts';
import { parseOrThrow } from '../validation.ts';

const EnvelopeQuery = v.object({
  from: v.optional(v.pipe(v.string(), v.maxLength(998, 'expected at most 998 characters'))),
  to: v.optional(v.pipe(v.string(), v.maxLength(998, 'expected at most 998 characters'))),
});

export const inboundRoutes = new Hono<AppEnv>().post(
  '/inbound/mime',
  async (c, next) => {
    const secret = c.var.deps.config.inboundSecret;
    if (!secret) throw new AppError('InboundDisabled', 'the inbound endpoint is disabled: set INBOUND_SECRET to enable it');
    const header = c.req.header('authorization') ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!timingSafeEqual(token, secret))
      throw new AppError('Unauthorized', 'missing or wrong inbound secret (Authorization: Bearer INBOUND_SECRET)');
    await next();
  },
  bodyLimit({
    maxSize: MAX_INBOUND_BYTES,
    onError: () => {
      throw new AppError('PayloadTooLarge', `message over ${MAX_INBOUND_BYTES} bytes (25 MiB) refused`);
    },
  }),
  async (c) => {
    const envelope = parseOrThrow(EnvelopeQuery, c.req.query(), 'envelope query');
    const raw = new Uint8Array(await c.req.arrayBuffer());
    const result = await receiveEmail(c.var.deps, raw, { from: envelope.from ?? null, to: envelope.to ?? null }, 'http');
    const outcome = result.outcome;
    return c.json(
      {
        status: result.status,
        inbound_email_id: result.inboundEmailId,
        ...(outcome?.status === 'processed'
          ? {
              message_id: outcome.messageId,
              conversation_id: outcome.conversationId,
              classification: outcome.classification,
              thread_rule: outcome.threadRule,
            }
          : {}),
        ...(outcome?.status === 'failed' ? { processing_error: outcome.error } : {}),
      },
      202,
    );
  },
);
