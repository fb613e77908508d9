import { describe, expect, it } from 'vitest';
import { inboundContentHash, inboundIdentity } from '../../src/domain/inbound/identity.ts';

const encode = (text: string) => new TextEncoder().encode(text);
const message = (headers: string[], body: string) => encode(`${headers.join('\r\n')}\r\n\r\n${body}`);
const author = [
  'From: Astrid Lindqvist <astrid.lindqvist@example.se>',
  'To: support@acme.example',
  'Subject: Leverans',
  'Date: Mon, 23 Nov 2026 10:14:05 +0100',
  'Message-ID: <m1@mail.example.se>',
];
const text = 'Hej!\r\nKommer paketet i dag?\r\n';
const original = message(author, text);
const replaced = (name: string, value: string) => author.map((h) => (h.startsWith(`${name}:`) ? `${name}: ${value}` : h));

describe('inboundContentHash', () => {
  it('is the same for the message as relayed by another route: trace headers on top, LF line endings, folding', async () => {
    const relayed = message(
      [
        'Received: from mx2.example.net by mx.cloudflare.net; Mon, 23 Nov 2026 09:20:00 +0000',
        'Delivered-To: support@acme.example',
        'ARC-Seal: i=1; a=rsa-sha256; cv=none; d=example.net; s=arc; b=AAAA',
        'Authentication-Results: mx.cloudflare.net; dkim=pass header.d=example.se',
        'Return-Path: <astrid.lindqvist@example.se>',
        ...author.map((h) => (h.startsWith('Subject') ? 'Subject:\r\n Leverans' : h)),
      ],
      'Hej!\r\nKommer paketet i dag?\r\n\r\n',
    );
    const lf = encode(new TextDecoder().decode(original).replaceAll('\r\n', '\n'));
    const hash = await inboundContentHash(original);
    expect(await inboundContentHash(relayed)).toBe(hash);
    expect(await inboundContentHash(lf)).toBe(hash);
  });

  it.each([
    ['the body', message(author, 'Hej!\r\nKommer paketet i morgon?\r\n')],
    ['the subject', message(replaced('Subject', 'Faktura'), text)],
    ['the sender', message(replaced('From', 'erik@example.se'), text)],
    ['the date', message(replaced('Date', 'Tue, 24 Nov 2026 10:14:05 +0100'), text)],
  ])('differs when %s differs', async (_what, other) => {
    expect(await inboundContentHash(other)).not.toBe(await inboundContentHash(original));
  });
});

/** The hash as defined (author headers, then the body with CRLF as LF and trailing blanks cut), over whole copies. */
async function definedHash(raw: Uint8Array): Promise<string> {
  const textOf = new TextDecoder('latin1').decode(raw);
  const split = textOf.search(/\r?\n\r?\n/);
  const headerText = textOf.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
  const value = (name: string) =>
    (headerText.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name}:`)) ?? '')
      .slice(name.length + 1)
      .replace(/\s+/g, ' ')
      .trim();
  const head = ['from', 'to', 'cc', 'subject', 'date'].map((n) => `${n}:${value(n)}\n`).join('') + '\n';
  const bodyText = textOf
    .slice(split)
    .replace(/^\r?\n\r?\n/, '')
    .replace(/\r\n/g, '\n')
    .replace(/[\n \t\r]+$/, '');
  const bytes = Uint8Array.from(head + bodyText, (c) => c.charCodeAt(0));
  return Buffer.from(await crypto.subtle.digest('SHA-256', bytes)).toString('hex');
}

describe('inboundContentHash over a large body, fed through a small buffer', () => {
  it('equals the hash over the whole normalized copy, across chunk edges, bare CRs and trailing blanks', async () => {
    const line = 'Rad med text och en CR\r mitt i, 0123456789 abcdefghij ÅÄÖ\r\n';
    const bodies = [
      line.repeat(5000),
      `${line.repeat(1170)}x\r\n\r\n \t\r\n\r`,
      'a\r'.repeat(70_000),
      '\r\n'.repeat(40_000),
      `${'b'.repeat(65_535)}\r\n${'c'.repeat(65_536)}`,
    ];
    for (const body of bodies) {
      const raw = Uint8Array.from(`${author.join('\r\n')}\r\n\r\n${body}`, (c) => c.charCodeAt(0) & 0xff);
      expect(await inboundContentHash(raw), JSON.stringify(body.slice(0, 20))).toBe(await definedHash(raw));
    }
  });
});

describe('inboundIdentity', () => {
  it('keys a message by its Message-ID, and one without by its content', async () => {
    expect((await inboundIdentity(original)).dedupeKey).toBe('mid:m1@mail.example.se');
    const anonymous = message(author.slice(0, 4), 'Hej!');
    const identity = await inboundIdentity(anonymous);
    expect(identity.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(identity).toEqual({ messageId: null, contentHash: identity.contentHash, dedupeKey: `content:${identity.contentHash}` });
  });
});
