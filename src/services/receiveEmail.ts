// receiveEmail: the one door for inbound mail, behind both the Worker's email() handler
// and POST /inbound/mime. The raw message is kept before anything else can fail.
import { Buffer } from 'node:buffer';
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { sha256Hex } from '../domain/encoding.ts';
import { readRawMessageId } from '../domain/raw-headers.ts';
import { insertRawInbound } from '../store/inbound-emails.ts';
import { errorFields } from '../log.ts';

/** Email Routing's own ceiling; larger messages are refused, never half-stored. */
export const MAX_INBOUND_BYTES = 25 * 1024 * 1024;

export type InboundSource = 'email-routing' | 'http';

export interface Envelope {
  from: string | null;
  to: string | null;
}

export type ReceiveResult =
  | { status: 'stored'; inboundEmailId: string }
  | { status: 'duplicate'; inboundEmailId: string };

export async function inboundDedupeKey(raw: Uint8Array<ArrayBuffer>): Promise<string> {
  const messageId = readRawMessageId(raw);
  return messageId ? `mid:${messageId}` : `sha256:${await sha256Hex(raw)}`;
}

export async function receiveEmail(
  deps: Deps,
  raw: Uint8Array<ArrayBuffer>,
  envelope: Envelope,
  source: InboundSource,
): Promise<ReceiveResult> {
  if (raw.byteLength > MAX_INBOUND_BYTES) {
    throw new AppError(
      'PayloadTooLarge',
      `message is ${raw.byteLength} bytes; the limit is ${MAX_INBOUND_BYTES} bytes (25 MiB)`,
    );
  }
  if (raw.byteLength === 0) {
    throw new AppError('ValidationFailed', 'the message is empty', [{ field: 'body', message: 'expected a raw RFC 5322 message' }]);
  }
  const dedupeKey = await inboundDedupeKey(raw);
  let stored;
  try {
    stored = await insertRawInbound(deps.db, {
      id: deps.ids.next('inb'),
      raw: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength),
      rawSize: raw.byteLength,
      dedupeKey,
      envelopeFrom: envelope.from,
      envelopeTo: envelope.to,
      source,
      status: 'received',
      receivedAt: deps.clock.now(),
    });
  } catch (error) {
    deps.log.error('inbound: could not store raw message', { ...errorFields(error), dedupeKey });
    throw new AppError('DatabaseUnavailable', 'the message could not be stored; try again later');
  }
  if (!stored.inserted) {
    deps.log.info('inbound: duplicate delivery ignored', { dedupeKey, inboundEmailId: stored.existingId });
    return { status: 'duplicate', inboundEmailId: stored.existingId };
  }
  deps.log.info('inbound: stored', { inboundEmailId: stored.id, bytes: raw.byteLength, source });
  return { status: 'stored', inboundEmailId: stored.id };
}
