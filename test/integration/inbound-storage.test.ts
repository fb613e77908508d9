// Inbound storage: the raw message is kept byte for byte before anything else happens,
// redeliveries are recognised (Message-ID, else a content hash), oversized mail is refused
// whole, and a message nobody can be credited with is kept as failed, never dropped.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { attachments, contacts, conversations, inboundEmails, messages } from '../../db/schema.ts';
import { AppError } from '../../src/domain/errors.ts';
import * as processing from '../../src/services/processInboundEmail.ts';
import { MAX_INBOUND_BYTES } from '../../src/services/receiveEmail.ts';
import { getInboundEmail, listInboundByStatus } from '../../src/store/inbound-emails.ts';
import {
  deliver,
  fixture,
  fixtureNames,
  inboundMessages,
  inboundRow,
  keptRaw,
  messageWithAttachments,
  noise,
  postInbound,
  rawFixture,
  receive,
  send,
  withHeader,
} from '../support/inbound-helpers.ts';
import { useTestContext } from '../support/contexts.ts';

vi.mock(import('../../src/services/processInboundEmail.ts'), async (importOriginal) => {
  const actual = await importOriginal();
  return { ...actual, processInboundEmail: vi.fn(actual.processInboundEmail) };
});
const { processInboundEmail: realProcess } = await vi.importActual<typeof processing>('../../src/services/processInboundEmail.ts');
const processSpy = vi.mocked(processing.processInboundEmail);

const t = useTestContext();
beforeEach(async () => {
  processSpy.mockReset();
  processSpy.mockImplementation(realProcess);
});

const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

describe('the raw message is kept first, byte for byte', () => {
  it(
    'every fixture (CRLF, 8bit Latin-1 and UTF-8, ISO-2022-JP escapes, binary base64) is stored exactly ' +
      'as posted, before processing starts',
    async () => {
      const seenBeforeProcessing = new Map<string, { status: string; raw: Buffer }>();
      processSpy.mockImplementation(async (deps, id) => {
        const row = await getInboundEmail(deps.db, id);
        if (row) seenBeforeProcessing.set(id, { status: row.status, raw: keptRaw(t, row) });
        return realProcess(deps, id);
      });
      const names = fixtureNames();
      expect(names.length).toBeGreaterThanOrEqual(30);
      for (const name of names) {
        const raw = rawFixture(name);
        const answer = await deliver(t, raw, {
          from: name.includes('dsn') || name === 'no-sender.eml' ? '' : 'sender@example.net',
          to: 'support@acme.example',
        });
        expect(answer.status, name).toBe('stored');
        const row = await inboundRow(t, answer.inbound_email_id);
        expect(sameBytes(keptRaw(t, row), raw), `${name}: stored raw differs from what was posted`).toBe(true);
        expect(row.rawSize, name).toBe(raw.byteLength);
        expect(row.source, name).toBe('http');
        expect(row.status, name).not.toBe('received');
        const before = seenBeforeProcessing.get(answer.inbound_email_id);
        expect(before, `${name}: processing ran without a kept raw message`).toBeDefined();
        expect(before!.status, name).toBe('received');
        expect(sameBytes(before!.raw, raw), name).toBe(true);
      }
      expect(await t.deps.db.$count(inboundEmails)).toBe(names.length);
    },
  );

  it('when processing crashes the raw message stays, marked failed with the error, listed for re-processing', async () => {
    processSpy.mockImplementationOnce(async () => {
      throw new Error('simulated crash in the parser');
    });
    const raw = rawFixture('outlook-zh-tw-big5-qp.eml');
    const res = await postInbound(t, raw, { from: 'jiahao.hsu@example.com.tw', to: 'support@acme.example' });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'stored', processing_error: expect.stringContaining('simulated crash in the parser') });
    const row = await inboundRow(t, res.body.inbound_email_id);
    expect(row.status).toBe('failed');
    expect(row.error).toContain('simulated crash in the parser');
    expect(sameBytes(keptRaw(t, row), raw)).toBe(true);
    const failed = await listInboundByStatus(t.deps.db, ['failed'], 10);
    expect(failed.map((r) => r.id)).toEqual([row.id]);
    expect(await t.deps.db.$count(messages)).toBe(0);
  });
});

describe('redelivery', () => {
  it('the same Message-ID twice: the second answer is "duplicate" and only one message is stored', async () => {
    const sent = await send(t, { to: 'astrid.lindqvist@example.se', subject: 'Din order SE-10442 är skickad', text: 'Hej Astrid!' });
    const first = fixture('gmail-sv-reply-token.eml', { TO_ADDRESS: sent.replyAddress });
    const a = await deliver(t, first, { from: 'astrid.lindqvist@example.se', to: sent.replyAddress });
    expect(a).toEqual({
      status: 'stored',
      inbound_email_id: expect.stringMatching(/^inb_/),
      message_id: expect.stringMatching(/^msg_/),
      conversation_id: sent.conversationId,
      classification: 'message',
      thread_rule: 'reply_token',
    });
    const kept = await inboundRow(t, a.inbound_email_id);
    expect(kept).toMatchObject({
      status: 'processed',
      error: null,
      messageId: a.message_id,
      envelopeFrom: 'astrid.lindqvist@example.se',
      envelopeTo: sent.replyAddress,
      attempts: 1,
    });
    expect(kept.processedAt).toBe(t.clock.now());

    // Redelivered by another MX after a timeout: one more Received line, same Message-ID.
    const again = withHeader(
      first,
      'Received',
      'from mx2.cloudflare.net (mx2.cloudflare.net [104.30.0.2])\r\n' +
        '\tby mx.cloudflare.net with ESMTPS id 99aa; Mon, 23 Nov 2026 09:20:00 +0000',
    );
    const b = await postInbound(t, again, { from: 'astrid.lindqvist@example.se', to: sent.replyAddress });
    expect(b.status).toBe(202);
    expect(b.body).toEqual({ status: 'duplicate', inbound_email_id: a.inbound_email_id });

    const direct = await receive(t, first, { from: 'astrid.lindqvist@example.se', to: sent.replyAddress });
    expect(direct.status).toBe('duplicate');
    expect(direct.inboundEmailId).toBe(a.inbound_email_id);

    expect(await t.deps.db.$count(inboundEmails)).toBe(1);
    expect(await inboundMessages(t)).toHaveLength(1);
    const [conversation] = await t.deps.db.select().from(conversations);
    expect(conversation!.messageCount).toBe(2);
    expect((await inboundRow(t, a.inbound_email_id)).dedupeKey).toBe('mid:CAF7rTz0xQm4-kJ2v+8dLw3pYq1Nz5HbE6sGk9uVt7R=Aw@mail.gmail.com');
  });

  it('a Message-ID folded onto its own line (as Exchange writes it) dedupes the same way', async () => {
    const raw = fixture('outlook-en-token-cc.eml', { CC_ADDRESS: 'support@acme.example' });
    const a = await deliver(t, raw, { from: 'james.oconnor@contoso.example', to: 'support@acme.example' });
    expect((await inboundRow(t, a.inbound_email_id)).dedupeKey).toBe(
      'mid:DB9PR02MB7311C2A7E1F4B0D2E3A9C4F1D8B62@DB9PR02MB7311.eurprd02.prod.outlook.com',
    );
    const b = await deliver(t, raw, { from: 'james.oconnor@contoso.example', to: 'support@acme.example' });
    expect(b).toEqual({ status: 'duplicate', inbound_email_id: a.inbound_email_id });
    expect(await inboundMessages(t)).toHaveLength(1);
  });

  it('without a Message-ID a redelivery is recognised by its content hash; different bytes are a new message', async () => {
    const raw = rawFixture('script-sv-no-message-id.eml');
    const a = await deliver(t, raw, { from: 'kassa@butik.example.se', to: 'support@acme.example' });
    expect(a.status).toBe('stored');
    expect(a.classification).toBe('message');
    const row = await inboundRow(t, a.inbound_email_id);
    expect(row.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.dedupeKey).toBe(`content:${row.contentHash}`);

    const b = await deliver(t, raw, { from: 'kassa@butik.example.se', to: 'support@acme.example' });
    expect(b).toEqual({ status: 'duplicate', inbound_email_id: a.inbound_email_id });
    expect(await inboundMessages(t)).toHaveLength(1);

    const changed = withHeader(raw, 'Date', 'Mon, 23 Nov 2026 22:05:00 +0100');
    const c = await deliver(t, changed, { from: 'kassa@butik.example.se', to: 'support@acme.example' });
    expect(c.status).toBe('stored');
    expect(c.inbound_email_id).not.toBe(a.inbound_email_id);
    expect(await t.deps.db.$count(inboundEmails)).toBe(2);
  });
});

describe('size limit (25 MiB)', () => {
  it('refuses a larger message with 413 and stores nothing at all', async () => {
    const raw = messageWithAttachments([
      { filename: 'Ritningar_kv3.pdf', contentType: 'application/pdf', bytes: noise(19 * 1024 * 1024, 7) },
    ]);
    expect(raw.byteLength).toBeGreaterThan(MAX_INBOUND_BYTES);
    const res = await postInbound(t, raw, { from: 'erik.johansson@foretaget.example.se', to: 'support@acme.example' });
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'PayloadTooLarge' });
    for (const table of [inboundEmails, messages, attachments, conversations, contacts]) {
      expect(await t.deps.db.$count(table)).toBe(0);
    }
    await expect(receive(t, raw, { from: 'erik.johansson@foretaget.example.se' })).rejects.toSatisfy(
      (error: unknown) => error instanceof AppError && error.name === 'PayloadTooLarge',
    );
    expect(await t.deps.db.$count(inboundEmails)).toBe(0);
  });

  it('accepts a message just under the limit', async () => {
    const raw = messageWithAttachments([
      { filename: 'Ritningar_kv3.pdf', contentType: 'application/pdf', bytes: noise(18 * 1024 * 1024, 8) },
    ]);
    expect(raw.byteLength).toBeLessThanOrEqual(MAX_INBOUND_BYTES);
    const answer = await deliver(t, raw, { from: 'erik.johansson@foretaget.example.se', to: 'support@acme.example' });
    expect(answer).toMatchObject({ status: 'stored', classification: 'message' });
    expect((await inboundRow(t, answer.inbound_email_id)).rawSize).toBe(raw.byteLength);
  });
});

describe('a message without any sender', () => {
  it.each([
    ['an empty envelope sender', { from: '', to: 'support@acme.example' }],
    ['no envelope at all', {}],
  ])('is kept with status failed and an error, listed as failed (%s)', async (_label, envelope) => {
    const raw = rawFixture('no-sender.eml');
    const res = await postInbound(t, raw, envelope);
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('stored');
    expect(res.body.processing_error).toMatch(/sender/i);
    const row = await inboundRow(t, res.body.inbound_email_id);
    expect(row.status).toBe('failed');
    expect(row.error).toMatch(/sender/i);
    expect(sameBytes(keptRaw(t, row), raw)).toBe(true);
    const failed = await listInboundByStatus(t.deps.db, ['failed'], 10);
    expect(failed.map((r) => r.id)).toContain(row.id);
    expect(await t.deps.db.$count(messages)).toBe(0);
    expect(await t.deps.db.$count(contacts)).toBe(0);
    expect(await t.deps.db.$count(conversations)).toBe(0);
  });
});
