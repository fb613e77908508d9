import { describe, expect, it } from 'vitest';
import { inboundContentHash, inboundIdentity } from '../../src/domain/inbound-identity.ts';

const encode = (text: string) => new TextEncoder().encode(text);
const message = (headers: string[], body: string) => encode(`${headers.join('\r\n')}\r\n\r\n${body}`);
const author = [
  'From: Astrid Lindqvist <astrid.lindqvist@example.se>',
  'To: support@acme.example',
  'Subject: Leverans',
  'Date: Mon, 23 Nov 2026 10:14:05 +0100',
  'Message-ID: <m1@mail.example.se>',
];
const original = message(author, 'Hej!\r\nKommer paketet i dag?\r\n');

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
    ['the subject', message(author.map((h) => (h.startsWith('Subject') ? 'Subject: Faktura' : h)), 'Hej!\r\nKommer paketet i dag?\r\n')],
    ['the sender', message(author.map((h) => (h.startsWith('From') ? 'From: erik@example.se' : h)), 'Hej!\r\nKommer paketet i dag?\r\n')],
    ['the date', message(author.map((h) => (h.startsWith('Date') ? 'Date: Tue, 24 Nov 2026 10:14:05 +0100' : h)), 'Hej!\r\nKommer paketet i dag?\r\n')],
  ])('differs when %s differs', async (_what, other) => {
    expect(await inboundContentHash(other)).not.toBe(await inboundContentHash(original));
  });
});

describe('inboundIdentity', () => {
  it('keys a message by its Message-ID, and one without by its content', async () => {
    expect((await inboundIdentity(original)).dedupeKey).toBe('mid:m1@mail.example.se');
    const anonymous = message(author.slice(0, 4), 'Hej!');
    const identity = await inboundIdentity(anonymous);
    expect(identity).toEqual({ messageId: null, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/), dedupeKey: `content:${identity.contentHash}` });
  });
});
