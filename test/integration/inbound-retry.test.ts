// The scheduler processes inbound mail that was kept but left `received` (the process died
// after storing it, or the database failed while processing): only once it is stale, a
// bounded batch per tick, and a message that fails every time ends as failed.
import { LibsqlError } from '@libsql/client';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as processing from '../../src/services/processInboundEmail.ts';
import { runScheduled } from '../../src/services/runScheduled.ts';
import { INBOUND_RETRY_BATCH, MAX_INBOUND_ATTEMPTS, STALE_RECEIVED_MS, retryStaleInbound } from '../../src/services/retryStaleInbound.ts';
import { insertRawInbound } from '../../src/store/inbound-emails.ts';
import { fixture, inboundMessages, inboundRow, postInbound, send, withHeader, type Sent } from '../support/inbound-helpers.ts';
import { useTestContext } from '../support/contexts.ts';

vi.mock(import('../../src/services/processInboundEmail.ts'), async (importOriginal) => {
  const actual = await importOriginal();
  return { ...actual, processInboundEmail: vi.fn(actual.processInboundEmail) };
});
const { processInboundEmail: realProcess } = await vi.importActual<typeof processing>('../../src/services/processInboundEmail.ts');
const processSpy = vi.mocked(processing.processInboundEmail);

const t = useTestContext();
let sent: Sent;
beforeEach(async () => {
  processSpy.mockReset();
  processSpy.mockImplementation(realProcess);
  sent = await send(t, { to: 'astrid.lindqvist@example.se', subject: 'Din order SE-10442 är skickad', text: 'Hej Astrid!' });
});

/** What a crash right after the raw insert leaves behind: a kept message, status received. */
async function keptButNeverProcessed(n: number): Promise<string> {
  const reply = fixture('gmail-sv-reply-token.eml', { TO_ADDRESS: sent.replyAddress });
  const raw = withHeader(reply, 'Message-ID', `<crash-${n}@mail.gmail.com>`);
  const stored = await insertRawInbound(t.deps.db, {
    id: t.deps.ids.next('inb'),
    raw: Buffer.from(raw),
    rawSize: raw.byteLength,
    dedupeKey: `test:${n}`,
    envelopeFrom: 'astrid.lindqvist@example.se',
    envelopeTo: sent.replyAddress,
    source: 'email-routing',
    status: 'received',
    receivedAt: t.clock.now(),
  });
  if (!stored.inserted) throw new Error('expected a new row');
  return stored.id;
}

const busy = () => new LibsqlError('database is locked', 'SQLITE_BUSY');

describe('stale received inbound mail', () => {
  it('is left alone while fresh, and processed into its conversation once stale', async () => {
    const id = await keptButNeverProcessed(1);
    t.clock.advance(STALE_RECEIVED_MS - 1000);
    expect((await runScheduled(t.deps)).inbound).toEqual({ retried: 0, processed: 0, gaveUp: 0 });
    expect((await inboundRow(t, id)).status).toBe('received');
    expect(processSpy).not.toHaveBeenCalled();

    t.clock.advance(2000);
    expect((await runScheduled(t.deps)).inbound).toEqual({ retried: 1, processed: 1, gaveUp: 0 });
    const row = await inboundRow(t, id);
    expect(row).toMatchObject({ status: 'processed', error: null, attempts: 2 });
    const [message] = await inboundMessages(t);
    expect(message).toMatchObject({ id: row.messageId, conversationId: sent.conversationId, inboundEmailId: id });

    expect((await runScheduled(t.deps)).inbound).toEqual({ retried: 0, processed: 0, gaveUp: 0 });
    expect(await inboundMessages(t)).toHaveLength(1);
  });

  it('is processed in bounded batches, oldest first', async () => {
    const ids: string[] = [];
    for (let n = 0; n < INBOUND_RETRY_BATCH + 3; n++) {
      ids.push(await keptButNeverProcessed(n));
      t.clock.advance(1000);
    }
    t.clock.advance(STALE_RECEIVED_MS);
    expect((await retryStaleInbound(t.deps)).processed).toBe(INBOUND_RETRY_BATCH);
    const statuses = await Promise.all(ids.map(async (id) => (await inboundRow(t, id)).status));
    expect(statuses.slice(0, INBOUND_RETRY_BATCH).every((s) => s === 'processed')).toBe(true);
    expect(statuses.slice(INBOUND_RETRY_BATCH)).toEqual(['received', 'received', 'received']);
    expect((await retryStaleInbound(t.deps)).processed).toBe(3);
    expect(await inboundMessages(t)).toHaveLength(INBOUND_RETRY_BATCH + 3);
  });

  it('a message whose processing fails every time ends as failed after the last attempt, not retried forever', async () => {
    const id = await keptButNeverProcessed(1);
    processSpy.mockImplementation(async () => {
      throw busy();
    });
    t.clock.advance(STALE_RECEIVED_MS + 1000);
    for (let tick = 1; tick <= MAX_INBOUND_ATTEMPTS; tick++) {
      expect((await retryStaleInbound(t.deps)).retried, `tick ${tick}`).toBe(1);
      expect(await inboundRow(t, id), `tick ${tick}`).toMatchObject({ status: 'received', attempts: tick });
      t.clock.advance(60_000);
    }
    expect(await retryStaleInbound(t.deps)).toEqual({ retried: 0, processed: 0, gaveUp: 1 });
    const row = await inboundRow(t, id);
    expect(row.status).toBe('failed');
    expect(row.error).toContain(`gave up after ${MAX_INBOUND_ATTEMPTS} processing attempts`);
    expect(processSpy).toHaveBeenCalledTimes(MAX_INBOUND_ATTEMPTS);
    expect(await retryStaleInbound(t.deps)).toEqual({ retried: 0, processed: 0, gaveUp: 0 });
  });

  it('a database failure while processing a just-received message leaves it received, and the scheduler finishes it', async () => {
    processSpy.mockImplementationOnce(async () => {
      throw busy();
    });
    const raw = fixture('gmail-sv-reply-token.eml', { TO_ADDRESS: sent.replyAddress });
    const answer = await postInbound(t, raw, { from: 'astrid.lindqvist@example.se', to: sent.replyAddress });
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ status: 'stored', processing_error: expect.stringContaining('processed again later') });
    expect(await inboundRow(t, answer.body.inbound_email_id)).toMatchObject({ status: 'received', error: null });

    t.clock.advance(STALE_RECEIVED_MS + 1000);
    expect((await runScheduled(t.deps)).inbound.processed).toBe(1);
    expect(await inboundRow(t, answer.body.inbound_email_id)).toMatchObject({ status: 'processed' });
    expect(await inboundMessages(t)).toHaveLength(1);
  });
});
