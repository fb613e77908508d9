// Dedupe is Message-ID plus content: a redelivery (the same message, perhaps by another
// route) is a duplicate; a different message that reuses a Message-ID is kept, processed
// and flagged, never dropped.
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { inboundEmails } from '../../db/schema.ts';
import {
  asText,
  conversationRow,
  deliver,
  fixture,
  inboundMessages,
  inboundRow,
  keptRaw,
  prependHeader,
  send,
  type Sent,
} from '../support/inbound-helpers.ts';
import { useTestContext } from '../support/contexts.ts';

const MESSAGE_ID = 'CAF7rTz0xQm4-kJ2v+8dLw3pYq1Nz5HbE6sGk9uVt7R=Aw@mail.gmail.com';
const FROM = 'astrid.lindqvist@example.se';

const t = useTestContext();
let sent: Sent;
let original: Uint8Array<ArrayBuffer>;
beforeEach(async () => {
  sent = await send(t, { to: FROM, subject: 'Din order SE-10442 är skickad', text: 'Hej Astrid!' });
  original = fixture('gmail-sv-reply-token.eml', { TO_ADDRESS: sent.replyAddress });
});

/** Another message under the same headers and Message-ID: only the text differs. */
function differentBody(raw: Uint8Array): Uint8Array<ArrayBuffer> {
  const text = asText(raw).replaceAll('fredag', 'tisdag');
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

describe('a Message-ID reused by a different message', () => {
  it('is stored, processed into the conversation and flagged with the reason; its redelivery is a duplicate', async () => {
    const a = await deliver(t, original, { from: FROM, to: sent.replyAddress });
    expect(a.status).toBe('stored');

    const other = differentBody(original);
    const b = await deliver(t, other, { from: FROM, to: sent.replyAddress });
    expect(b).toMatchObject({ status: 'stored', conversation_id: sent.conversationId, classification: 'message' });
    expect(b.inbound_email_id).not.toBe(a.inbound_email_id);

    const kept = await inboundRow(t, b.inbound_email_id);
    expect(keptRaw(t, kept).equals(Buffer.from(other))).toBe(true);
    const reason = `Message-ID reused by different content (first kept as ${a.inbound_email_id})`;
    expect(kept).toMatchObject({ status: 'processed', flag: reason });
    expect(kept.dedupeKey).toBe(`mid:${MESSAGE_ID} content:${kept.contentHash}`);

    const messages = await inboundMessages(t);
    expect(messages).toHaveLength(2);
    const second = messages.find((m) => m.id === b.message_id)!;
    expect(second.flag).toContain('Message-ID reused by different content');
    expect(second.replyText).toContain('tisdag');
    // The header id stays with the first message; the second does not claim it twice.
    expect(messages.find((m) => m.id === a.message_id)!.messageIdHeader).toBe(MESSAGE_ID);
    expect(second.messageIdHeader).toBeNull();
    expect((await conversationRow(t, sent.conversationId)).flag).toContain('Message-ID reused by different content');

    const again = await deliver(t, other, { from: FROM, to: sent.replyAddress });
    expect(again).toEqual({ status: 'duplicate', inbound_email_id: b.inbound_email_id });
    expect(await t.deps.db.$count(inboundEmails)).toBe(2);
    expect(await inboundMessages(t)).toHaveLength(2);
  });

  it('the same message arriving by a second route (trace headers added, LF line endings) is a duplicate', async () => {
    const a = await deliver(t, original, { from: FROM, to: sent.replyAddress });
    let relayed = prependHeader(original, 'Authentication-Results', 'mx.cloudflare.net; dkim=pass header.d=example.se');
    relayed = prependHeader(relayed, 'ARC-Seal', 'i=1; a=rsa-sha256; cv=none; d=forwarder.example; s=arc; b=AAAA');
    relayed = prependHeader(relayed, 'Delivered-To', sent.replyAddress);
    relayed = prependHeader(relayed, 'Received', 'from relay.forwarder.example by mx.cloudflare.net; Mon, 23 Nov 2026 09:30:00 +0000');
    const lf = Uint8Array.from(asText(relayed).replaceAll('\r\n', '\n'), (c) => c.charCodeAt(0));
    const answer = await deliver(t, lf, { from: FROM, to: sent.replyAddress });
    expect(answer).toEqual({ status: 'duplicate', inbound_email_id: a.inbound_email_id });
    expect(await t.deps.db.$count(inboundEmails)).toBe(1);
  });

  it('rows kept before content hashes existed are compared by hashing their raw message', async () => {
    const a = await deliver(t, original, { from: FROM, to: sent.replyAddress });
    await t.deps.db.update(inboundEmails).set({ contentHash: null }).where(eq(inboundEmails.id, a.inbound_email_id));
    const again = await deliver(t, original, { from: FROM, to: sent.replyAddress });
    expect(again).toEqual({ status: 'duplicate', inbound_email_id: a.inbound_email_id });
    const b = await deliver(t, differentBody(original), { from: FROM, to: sent.replyAddress });
    expect(b.status).toBe('stored');
    expect((await inboundRow(t, b.inbound_email_id)).flag).toContain('Message-ID reused by different content');
  });
});
