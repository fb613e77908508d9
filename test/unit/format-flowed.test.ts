import { describe, expect, it } from 'vitest';
import { decodeFlowed } from '../../src/domain/inbound/format-flowed.ts';
import { analyzeReply } from '../../src/services/analyzeReply.ts';
import { parseRaw } from '../../src/mail/parse.ts';

describe('decodeFlowed (RFC 3676)', () => {
  it('joins soft breaks of the same depth and removes the stuffing space', () => {
    expect(decodeFlowed('This is a \nlong line.\n Stuffed\nHard break', false)).toBe('This is a long line.\nStuffed\nHard break');
  });

  it('never joins across quote depths', () => {
    expect(decodeFlowed('On Mon, X wrote:\n> Hi \nHello', false)).toBe('On Mon, X wrote:\n> Hi \nHello');
    expect(decodeFlowed('Reply \n> quoted', false)).toBe('Reply \n> quoted');
  });

  it('drops the quote marks of a continuation line and keeps those of the first', () => {
    expect(decodeFlowed('> one \n> two\n>> deep \n>> er', false)).toBe('> one two\n>> deep er');
  });

  it('keeps "-- " as a line of its own and honours DelSp=yes', () => {
    expect(decodeFlowed('Thanks\n-- \nAnna', false)).toBe('Thanks\n-- \nAnna');
    expect(decodeFlowed('abc \ndef', true)).toBe('abcdef');
  });
});

describe('parseRaw: format=flowed text parts', () => {
  const flowed = [
    'From: Anna <anna@example.com>',
    'To: support@samtal.example',
    'Subject: Re: Test',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset="us-ascii"; format="flowed"',
    '',
    'On 04/02/2012 06:26 PM, Samtal Support wrote:',
    '> Hi ',
    'Hello',
    '',
  ].join('\r\n');

  it('keeps a reply written right below a quoted line that ends in a space', async () => {
    const email = await parseRaw(new TextEncoder().encode(flowed));
    expect(email.text).toBe('On 04/02/2012 06:26 PM, Samtal Support wrote:\n> Hi \nHello\n');
    expect((await analyzeReply(new TextEncoder().encode(flowed))).reply).toBe('Hello');
  });
});
