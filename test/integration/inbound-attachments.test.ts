// Attachments and inline images are stored with the message: content, type, Content-ID,
// disposition and size. What is over the limits (src/domain/attachment-policy.ts) is still
// listed, without content and with the reason.
import { describe, expect, it } from 'vitest';
import { MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES } from '../../src/domain/inbound/attachment-policy.ts';
import { resolveCidReferences } from '../../src/domain/inbound/attachment-policy.ts';
import {
  asText,
  attachmentRows,
  deliver,
  keptContent,
  messageWithAttachments,
  noise,
  rawFixture,
  storedMessage,
} from '../support/inbound-helpers.ts';
import { useTestContext } from '../support/contexts.ts';

const t = useTestContext();

/** The decoded bytes of the base64 part that follows `marker` in a raw fixture (independent of any MIME parser). */
function base64PartAfter(raw: Uint8Array, marker: string): Buffer {
  const text = asText(raw);
  const start = text.indexOf('\r\n\r\n', text.indexOf(marker)) + 4;
  const end = text.indexOf('\r\n--', start);
  return Buffer.from(text.slice(start, end).replace(/\s+/g, ''), 'base64');
}

describe('attachments and inline images', () => {
  it('a Gmail message with an inline cid: image and a PDF: both stored with content, type, Content-ID, disposition and size', async () => {
    const raw = rawFixture('gmail-sv-attachments.eml');
    const png = base64PartAfter(raw, 'X-Attachment-Id: ii_m3xq8r1a0');
    const pdf = base64PartAfter(raw, 'X-Attachment-Id: f_m3xq8r1b1');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');

    const answer = await deliver(t, raw, { from: 'astrid.lindqvist@example.se', to: 'support@acme.example' });
    const message = await storedMessage(t, answer);
    expect(message.replyText).toContain('Vasen kom trasig.');
    expect(message.html).toContain('cid:ii_m3xq8r1a0');

    const rows = await attachmentRows(t, message.id);
    expect(rows).toHaveLength(2);
    const image = rows.find((r) => r.contentType === 'image/png')!;
    const receipt = rows.find((r) => r.contentType === 'application/pdf')!;

    expect(image).toMatchObject({
      filename: 'trasig-vas.png',
      contentId: 'ii_m3xq8r1a0',
      disposition: 'inline',
      size: png.byteLength,
      skippedReason: null,
    });
    expect(Buffer.compare(keptContent(t, image)!, png)).toBe(0);

    expect(receipt).toMatchObject({
      filename: 'Kvitto för order SE-10442.pdf',
      contentId: 'f_m3xq8r1b1',
      disposition: 'attachment',
      size: pdf.byteLength,
      skippedReason: null,
    });
    expect(Buffer.compare(keptContent(t, receipt)!, pdf)).toBe(0);
    expect(keptContent(t, receipt)!.subarray(-6).toString('latin1')).toBe('%%EOF\n');

    // the inline image can be shown in place of its cid: reference
    const shown = resolveCidReferences(message.html!, (cid) => (rows.some((r) => r.contentId === cid) ? `/attachments/${cid}` : null));
    expect(shown).toContain('src="/attachments/ii_m3xq8r1a0"');
  });

  it('an attachment over 10 MiB is listed with its size and the reason, without content; the others are kept', async () => {
    const photo = noise(180 * 1024, 3);
    const drawing = noise(11 * 1024 * 1024, 4);
    const invoice = noise(42 * 1024, 5);
    const raw = messageWithAttachments([
      { filename: 'IMG_2041.jpg', contentType: 'image/jpeg', bytes: photo },
      { filename: 'Ritning_plan2.pdf', contentType: 'application/pdf', bytes: drawing },
      { filename: 'Faktura_88213.pdf', contentType: 'application/pdf', bytes: invoice },
    ]);
    const answer = await deliver(t, raw, { from: 'erik.johansson@foretaget.example.se', to: 'support@acme.example' });
    expect(answer.classification).toBe('message');
    const rows = await attachmentRows(t, answer.message_id!);
    expect(rows.map((r) => r.filename)).toEqual(['IMG_2041.jpg', 'Ritning_plan2.pdf', 'Faktura_88213.pdf']);

    const [first, big, last] = rows as [(typeof rows)[0], (typeof rows)[0], (typeof rows)[0]];
    expect(big).toMatchObject({ contentType: 'application/pdf', disposition: 'attachment', size: drawing.byteLength, content: null });
    expect(big.skippedReason).toContain(String(MAX_ATTACHMENT_BYTES));
    expect(first).toMatchObject({ size: photo.byteLength, skippedReason: null, contentType: 'image/jpeg' });
    expect(Buffer.compare(keptContent(t, first)!, Buffer.from(photo))).toBe(0);
    expect(last).toMatchObject({ size: invoice.byteLength, skippedReason: null });
    expect(Buffer.compare(keptContent(t, last)!, Buffer.from(invoice))).toBe(0);
  });

  it(`more than ${MAX_ATTACHMENTS} attachments: all are listed, the ones past the limit without content`, async () => {
    const photos = Array.from({ length: MAX_ATTACHMENTS + 1 }, (_, i) => ({
      filename: `IMG_${String(3001 + i)}.jpg`,
      contentType: 'image/jpeg',
      bytes: noise(3 * 1024 + i, 100 + i),
    }));
    const answer = await deliver(t, messageWithAttachments(photos), {
      from: 'erik.johansson@foretaget.example.se',
      to: 'support@acme.example',
    });
    const rows = await attachmentRows(t, answer.message_id!);
    expect(rows).toHaveLength(MAX_ATTACHMENTS + 1);
    expect(rows.map((r) => r.filename)).toEqual(photos.map((p) => p.filename));
    rows.slice(0, MAX_ATTACHMENTS).forEach((row, i) => {
      expect(row.skippedReason, row.filename!).toBeNull();
      expect(Buffer.compare(keptContent(t, row)!, Buffer.from(photos[i]!.bytes)), row.filename!).toBe(0);
    });
    const extra = rows[MAX_ATTACHMENTS]!;
    expect(extra).toMatchObject({ content: null, size: photos[MAX_ATTACHMENTS]!.bytes.byteLength });
    expect(extra.skippedReason).toContain(String(MAX_ATTACHMENTS));
  });
});
