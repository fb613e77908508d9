import { describe, expect, it } from 'vitest';
import {
  createUnsubscribeToken,
  preferencesUrl,
  unsubscribeUrl,
  verifyUnsubscribeToken,
} from '../../src/domain/outbound/unsubscribe-token.ts';

const SECRET = 'unsubscribe secret';
const CONTACT = 'ctc_01JC5Y0M7Q1ZK3R8T5V9W2X4YB';
const OTHER_CONTACT = 'ctc_01JC5Y0M7Q1ZK3R8T5V9W2X4YC';

describe('unsubscribe tokens', () => {
  it('round-trip the contact and the topic', async () => {
    const token = await createUnsubscribeToken(SECRET, { contactId: CONTACT, topic: 'newsletter' });
    expect(await verifyUnsubscribeToken(SECRET, token)).toEqual({ contactId: CONTACT, topic: 'newsletter' });
  });

  it('round-trip a message without a topic as topic null', async () => {
    const token = await createUnsubscribeToken(SECRET, { contactId: CONTACT, topic: null });
    expect(token).toMatch(/^ctc_[0-9A-Z]+\.\.[a-z2-7]{22}$/);
    expect(await verifyUnsubscribeToken(SECRET, token)).toEqual({ contactId: CONTACT, topic: null });
  });

  it('round-trip every topic a template may name (front matter allows dots: "product.news")', async () => {
    for (const topic of ['product.news', 'a', 'news-2026_q4', '0day']) {
      const token = await createUnsubscribeToken(SECRET, { contactId: CONTACT, topic });
      expect(await verifyUnsubscribeToken(SECRET, token)).toEqual({ contactId: CONTACT, topic });
    }
  });

  it('are safe in a URL path', async () => {
    const token = await createUnsubscribeToken(SECRET, { contactId: CONTACT, topic: 'product-news_2' });
    expect(encodeURIComponent(token)).toBe(token);
  });

  it('cannot be moved to another contact', async () => {
    const token = await createUnsubscribeToken(SECRET, { contactId: CONTACT, topic: 'newsletter' });
    expect(await verifyUnsubscribeToken(SECRET, token.replace(CONTACT, OTHER_CONTACT))).toBeNull();
  });

  it('cannot be widened from one topic to all mail (topic removed) or moved to another topic', async () => {
    const token = await createUnsubscribeToken(SECRET, { contactId: CONTACT, topic: 'newsletter' });
    expect(await verifyUnsubscribeToken(SECRET, token.replace('.newsletter.', '..'))).toBeNull();
    expect(await verifyUnsubscribeToken(SECRET, token.replace('.newsletter.', '.offers.'))).toBeNull();
  });

  it('refuse an altered MAC and another secret', async () => {
    const token = await createUnsubscribeToken(SECRET, { contactId: CONTACT, topic: null });
    const last = token.at(-1) === 'a' ? 'b' : 'a';
    expect(await verifyUnsubscribeToken(SECRET, token.slice(0, -1) + last)).toBeNull();
    expect(await verifyUnsubscribeToken('rotated', token)).toBeNull();
  });

  it('refuse malformed tokens', async () => {
    const token = await createUnsubscribeToken(SECRET, { contactId: CONTACT, topic: 'newsletter' });
    for (const bad of ['', 'x.y.z', token.slice(0, -1), `${token}a`, token.replace(/\./g, '-'), `${token}.extra`]) {
      expect(await verifyUnsubscribeToken(SECRET, bad)).toBeNull();
    }
  });

  it('refuse a topic longer than 64 characters', async () => {
    const token = await createUnsubscribeToken(SECRET, { contactId: CONTACT, topic: 't'.repeat(65) });
    expect(await verifyUnsubscribeToken(SECRET, token)).toBeNull();
  });
});

describe('unsubscribe and preference URLs', () => {
  it('put the token under /u/ and /preferences/', () => {
    expect(unsubscribeUrl('https://mail.example.com', 'tok')).toBe('https://mail.example.com/u/tok');
    expect(preferencesUrl('https://mail.example.com', 'tok')).toBe('https://mail.example.com/preferences/tok');
  });
});
