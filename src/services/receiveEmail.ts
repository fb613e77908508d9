// receiveEmail: the one door for inbound mail, behind both the Worker's email() handler
// and POST /inbound/mime. The raw message is kept before anything else can fail: first the
// blob (durable), then the row that points at it (committed).
import { Buffer } from 'node:buffer';
import type { Deps } from '../deps.ts';
import { AppError, isAppError } from '../domain/errors.ts';
import {
  REUSED_MESSAGE_ID_FLAG,
  inboundContentHash,
  inboundIdentity,
  reusedMessageIdKey,
  type InboundIdentity,
} from '../domain/inbound/identity.ts';
import type { BlobRef } from '../store/blob-store.ts';
import { isDatabaseFailure } from '../store/db.ts';
import { getInboundEmail, insertRawInbound, markInbound } from '../store/inbound-emails.ts';
import { parseInbound, processInboundEmail, type FreshInbound, type ProcessOutcome } from './processInboundEmail.ts';
import { errorFields } from '../log.ts';
import { discardBlobs, storeBlob } from './blobs.ts';
import { readInboundRaw } from './inboundRaw.ts';

/** Email Routing's own ceiling; larger messages are refused, never half-stored. */
export const MAX_INBOUND_BYTES = 25 * 1024 * 1024;

export type InboundSource = 'email-routing' | 'http' | 'dev-outbox';

export interface Envelope {
  from: string | null;
  to: string | null;
}

export interface ReceiveResult {
  status: 'stored' | 'duplicate';
  inboundEmailId: string;
  /** What processing made of it (absent for a duplicate that was already processed). */
  outcome?: ProcessOutcome;
}

type Kept = { inserted: true; id: string; flag: string | null } | { inserted: false; existingId: string };

/** The raw column of rows whose message is in the blob store. */
const NOT_IN_ROW = Buffer.alloc(0);

/**
 * Keeps the raw message unless it is a redelivery (same Message-ID and same content). A
 * different message reusing a kept Message-ID is kept as well, under its own key, flagged.
 * The blob is written first. A redelivery's blob is removed again; after a failed insert it is
 * kept: a remote database may have committed the row before the answer was lost, and a blob no
 * row points at costs only storage.
 */
async function keepRaw(deps: Deps, raw: Uint8Array, envelope: Envelope, source: InboundSource): Promise<Kept> {
  const identity = await inboundIdentity(raw);
  const blob = await storeBlob(deps, 'raw', raw);
  const kept = await keepRow(deps, identity, blob, envelope, source);
  if (!kept.inserted) await discardBlobs(deps, [blob.key]);
  return kept;
}

async function keepRow(deps: Deps, identity: InboundIdentity, blob: BlobRef, envelope: Envelope, source: InboundSource): Promise<Kept> {
  const row = {
    id: deps.ids.next('inb'),
    raw: NOT_IN_ROW,
    rawSize: blob.size,
    rawKey: blob.key,
    rawSha256: blob.sha256,
    dedupeKey: identity.dedupeKey,
    contentHash: identity.contentHash,
    envelopeFrom: envelope.from,
    envelopeTo: envelope.to,
    source,
    status: 'received' as const,
    receivedAt: deps.clock.now(),
  };
  const first = await insertRawInbound(deps.db, row);
  if (first.inserted) return { ...first, flag: null };
  if (!identity.messageId) return first;
  const keptHash = first.existingContentHash ?? (await contentHashOfKept(deps, first.existingId));
  if (keptHash === identity.contentHash) return first;
  const flag = `${REUSED_MESSAGE_ID_FLAG} (first kept as ${first.existingId})`;
  const second = await insertRawInbound(deps.db, { ...row, dedupeKey: reusedMessageIdKey(identity), flag });
  return second.inserted ? { ...second, flag } : second;
}

/** Rows kept before content hashes were recorded: hash the raw message now. */
async function contentHashOfKept(deps: Deps, inboundEmailId: string): Promise<string> {
  const kept = await getInboundEmail(deps.db, inboundEmailId);
  return inboundContentHash(await readInboundRaw(deps, kept!));
}

export async function receiveEmail(deps: Deps, raw: Uint8Array, envelope: Envelope, source: InboundSource): Promise<ReceiveResult> {
  if (raw.byteLength > MAX_INBOUND_BYTES) {
    throw new AppError('PayloadTooLarge', `message is ${raw.byteLength} bytes; the limit is ${MAX_INBOUND_BYTES} bytes (25 MiB)`);
  }
  if (raw.byteLength === 0) {
    throw new AppError('ValidationFailed', 'the message is empty', [{ field: 'body', message: 'expected a raw RFC 5322 message' }]);
  }
  let stored: Kept;
  // Parsing reads only the bytes: it runs while the raw message is made durable (its fsyncs wait on the thread pool),
  // and its result, even a failure, is acted on only once the message is kept.
  const keeping = keepRaw(deps, raw, envelope, source);
  const parsed = parseInbound(raw);
  try {
    stored = await keeping;
  } catch (error) {
    deps.log.error('inbound: could not store raw message', { ...errorFields(error), bytes: raw.byteLength });
    if (isAppError(error) && error.name === 'StorageUnavailable') throw error;
    throw new AppError('DatabaseUnavailable', 'the message could not be stored; try again later');
  }
  if (!stored.inserted) {
    // A redelivery is a no-op, unless the first delivery was kept but never processed
    // (the sender retried because processing failed for a passing reason).
    const existing = await getInboundEmail(deps.db, stored.existingId);
    if (existing?.status !== 'received') {
      deps.log.info('inbound: duplicate delivery ignored', { inboundEmailId: stored.existingId });
      return { status: 'duplicate', inboundEmailId: stored.existingId };
    }
    return { status: 'duplicate', inboundEmailId: stored.existingId, outcome: await processSafely(deps, stored.existingId) };
  }
  const flagged = stored.flag ? { flag: stored.flag } : {};
  deps.log.info('inbound: stored', { inboundEmailId: stored.id, bytes: raw.byteLength, source, ...flagged });
  const fresh = { id: stored.id, raw, envelopeFrom: envelope.from, envelopeTo: envelope.to, flag: stored.flag, parsed };
  return { status: 'stored', inboundEmailId: stored.id, outcome: await processSafely(deps, stored.id, fresh) };
}

/**
 * Processes a kept message. A bug or a strange message marks it failed (kept, listed for
 * re-processing) rather than refusing it. A database or blob store failure leaves it `received`:
 * the raw message is committed, and the scheduler processes it again later. Only when even that
 * cannot be told apart (the database fails while marking the message failed) is it thrown,
 * so the sender retries.
 */
export async function processSafely(deps: Deps, inboundEmailId: string, fresh?: FreshInbound): Promise<ProcessOutcome> {
  try {
    return await processInboundEmail(deps, inboundEmailId, fresh);
  } catch (error) {
    const message = errorFields(error).error as string;
    const passing = isDatabaseFailure(error) ? 'database' : isAppError(error) && error.name === 'StorageUnavailable' ? 'blob store' : null;
    if (passing) {
      deps.log.warn(`inbound: ${passing} failed while processing; kept for the scheduler`, { inboundEmailId, error: message });
      return { status: 'failed', error: `${passing} unavailable while processing; kept, and processed again later: ${message}` };
    }
    try {
      await markInbound(deps.db, inboundEmailId, {
        status: 'failed',
        error: `processing failed: ${message}`,
        processedAt: deps.clock.now(),
      });
    } catch {
      deps.log.error('inbound: database unavailable while processing', { inboundEmailId, error: message });
      throw new AppError('DatabaseUnavailable', 'the message could not be processed; try again later');
    }
    deps.log.error('inbound: processing failed; kept for re-processing', { inboundEmailId, error: message });
    return { status: 'failed', error: `processing failed: ${message}` };
  }
}
