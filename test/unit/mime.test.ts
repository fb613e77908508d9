import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { encodeHeaderWords, encodeUnstructured, foldHeader } from '../../src/domain/outbound/header-encoding.ts';
import { composeMime } from '../../src/mail/mime.ts';
import type { OutgoingEmail } from '../../src/mail/transport.ts';

const DATE = new Date('2026-11-23T09:00:00Z');
const headerBlock = (mime: string) => mime.slice(0, mime.indexOf('\r\n\r\n'));
const unfold = (text: string) => text.replace(/\r\n([ \t])/g, '$1');

function email(overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
  const base = { id: 'msg_1', from: 'Acme Support <support@acme.example>', to: ['ana@example.com'], subject: 'Hello', text: 'Hi' };
  return { ...base, headers: {}, ...overrides };
}

// A 20-message thread: what made the 1,051-character References line.
const thread = Array.from({ length: 20 }, (_, i) => `<msg_01JDX${String(i).padStart(2, '0')}Q8ZK3M4N5P6R7S8T9V0W@reply.acme.example>`);

describe('composeMime headers', () => {
  it('folds a 20-message References line at whitespace: every line within 78, the unfolded value unchanged', async () => {
    const references = thread.join(' ');
    expect(`References: ${references}`.length).toBeGreaterThan(998);
    const mime = composeMime(email({ headers: { 'In-Reply-To': thread.at(-1)!, References: references } }), DATE, 'b1');
    const lines = headerBlock(mime).split('\r\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(78);
    expect(unfold(headerBlock(mime))).toContain(`\r\nReferences: ${references}\r\n`);
    const parsed = await PostalMime.parse(mime);
    expect(parsed.headers.find((h) => h.key === 'references')!.value.split(/\s+/)).toEqual(thread);
  });

  it('encodes and folds a long non-ASCII subject and names so they decode back exactly', async () => {
    const subject = 'Beställning 4711: leveransen är försenad — vi ber om ursäkt, 订单已发货, ההזמנה שלך בדרך '.repeat(3).trim();
    const mime = composeMime(email({ subject, from: 'Åsa Öberg, Kundtjänst <support@acme.example>' }), DATE, 'b2');
    for (const line of headerBlock(mime).split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
    const parsed = await PostalMime.parse(mime);
    expect(parsed.subject).toBe(subject);
    expect(parsed.from).toEqual({ name: 'Åsa Öberg, Kundtjänst', address: 'support@acme.example' });
  });

  it('never writes a line over 998, even for one long word', () => {
    const subject = 'x'.repeat(2000);
    const mime = composeMime(email({ subject }), DATE, 'b3');
    for (const line of mime.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
  });

  it('keeps line breaks in values from starting a header of their own', async () => {
    const injected = { subject: 'Hi\r\nBcc: eve@example.com', to: ['Ana\r\nBcc: eve@example.com <ana@example.com>'] };
    const mime = composeMime(email(injected), DATE, 'b4');
    expect(headerBlock(mime)).not.toMatch(/\r\nBcc:/i);
    expect((await PostalMime.parse(mime)).bcc).toBeUndefined();
  });
});

describe('header encoding', () => {
  it('splits encoded-words between characters, each at most 64 characters (RFC 2047 allows 75)', () => {
    const words = encodeHeaderWords('😀'.repeat(40)).split(' ');
    expect(words.length).toBeGreaterThan(1);
    for (const word of words) expect(word.length).toBeLessThanOrEqual(64);
    expect(encodeUnstructured('Plain ASCII subject')).toBe('Plain ASCII subject');
  });

  it('folds only at whitespace and leaves short headers on one line', () => {
    expect(foldHeader('Subject', 'Hello')).toBe('Subject: Hello');
    const folded = foldHeader('X-Long', 'word '.repeat(40).trim());
    expect(folded.split('\r\n').every((l) => l.length <= 78)).toBe(true);
    expect(unfold(folded)).toBe(`X-Long: ${'word '.repeat(40).trim()}`);
  });
});
