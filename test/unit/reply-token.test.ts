import { describe, expect, it } from 'vitest';
import { createReplyToken, replyAddress, replyTokensIn, verifyReplyToken } from '../../src/domain/outbound/reply-token.ts';

const SECRET = 'reply secret';
const CONVERSATION = 'con_01JC5Y0M7Q1ZK3R8T5V9W2X4YB';
const LONG_CONVERSATION = 'con_01JC5Y0M7Q1ZK3R8T5V9W2X4YB01234567';

describe('reply tokens', () => {
  it('round-trip to the conversation id, upper-case body restored', async () => {
    const token = await createReplyToken(SECRET, CONVERSATION);
    expect(token).toBe(token.toLowerCase());
    expect(token.startsWith(`${CONVERSATION.toLowerCase()}-`)).toBe(true);
    expect(await verifyReplyToken(SECRET, token)).toBe(CONVERSATION);
  });

  it('work for 34-character id bodies too', async () => {
    expect(await verifyReplyToken(SECRET, await createReplyToken(SECRET, LONG_CONVERSATION))).toBe(LONG_CONVERSATION);
  });

  it('survive a mail system that upper-cases the local part', async () => {
    const token = await createReplyToken(SECRET, CONVERSATION);
    expect(await verifyReplyToken(SECRET, token.toUpperCase())).toBe(CONVERSATION);
  });

  it('refuse a token pointed at another conversation (MAC kept, id changed)', async () => {
    const token = await createReplyToken(SECRET, CONVERSATION);
    const other = CONVERSATION.slice(0, -1).toLowerCase() + 'c';
    expect(await verifyReplyToken(SECRET, `${other}${token.slice(other.length)}`)).toBeNull();
  });

  it('refuse a token with an altered MAC', async () => {
    const token = await createReplyToken(SECRET, CONVERSATION);
    const last = token.at(-1) === 'a' ? 'b' : 'a';
    expect(await verifyReplyToken(SECRET, token.slice(0, -1) + last)).toBeNull();
  });

  it('refuse a token made with another secret', async () => {
    expect(await verifyReplyToken(SECRET, await createReplyToken('another secret', CONVERSATION))).toBeNull();
  });

  it('refuse malformed tokens', async () => {
    const token = await createReplyToken(SECRET, CONVERSATION);
    for (const bad of [
      '',
      'garbage',
      token.slice(0, -1),
      `${token}a`,
      token.replace('-', '.'),
      `x${token}`,
      token.replace('con_', 'con'),
    ]) {
      expect(await verifyReplyToken(SECRET, bad)).toBeNull();
    }
  });
});

describe('reply addresses', () => {
  it('are reply+TOKEN@domain', () => {
    expect(replyAddress('abc', 'in.example.com')).toBe('reply+abc@in.example.com');
  });

  it('yield their tokens, lower-cased, from any address on the inbound domain', () => {
    expect(replyTokensIn(['reply+ABC@In.Example.com', ' <reply+def@in.example.com> ', 'someone@in.example.com'], 'in.example.com')).toEqual(
      ['abc', 'def'],
    );
  });

  it('ignore reply+ addresses on other domains, including look-alike subdomains', () => {
    expect(replyTokensIn(['reply+abc@evil.example', 'reply+abc@in.example.com.evil.example'], 'in.example.com')).toEqual([]);
  });

  it('ignore addresses without a token', () => {
    expect(replyTokensIn(['reply+@in.example.com', 'reply@in.example.com', 'reply+a b@in.example.com'], 'in.example.com')).toEqual([]);
  });
});
