import { describe, expect, it } from 'vitest';
import { findSavedReplies, parseSavedReplyQuery, type SavedReplySource } from '../../src/domain/inbox/saved-replies.ts';

const entries: SavedReplySource[] = [
  {
    id: 'delivery-time',
    questions: { sv: ['Hur lång är leveranstiden?'], en: ['How long does delivery take?'] },
    answers: { sv: 'Leveransen tar 2–3 dagar.', en: 'Delivery takes 2–3 days.' },
    tags: ['Shipping'],
  },
  { id: 'refunds', questions: { en: ['Can I get my money back?'] }, answers: { en: 'Refunds take five days.' }, tags: ['billing'] },
  { id: 'opening-hours', questions: { zh: ['你们几点开门？'] }, answers: { zh: '我们九点开门。' }, tags: [] },
];
const ids = (query: string) => findSavedReplies(entries, query).map((e) => e.id);

describe('saved replies search', () => {
  it('splits #tag and tag:x from the words', () => {
    expect(parseSavedReplyQuery('#Billing money tag:vip')).toEqual({ words: 'money', tags: ['billing', 'vip'] });
  });

  it('finds entries by stemmed words, prefixes and a typo, in any locale', () => {
    expect(ids('deliveries')).toEqual(['delivery-time']);
    expect(ids('leveranstid')).toEqual(['delivery-time']);
    expect(ids('refu')).toEqual(['refunds']);
    expect(ids('monet')).toEqual(['refunds']);
    expect(ids('开门')).toEqual(['opening-hours']);
    expect(ids('zebra')).toEqual([]);
  });

  it('filters by tag (normalised), alone or with words; no words lists every entry in order', () => {
    expect(ids('#shipping')).toEqual(['delivery-time']);
    expect(ids('#shipping money')).toEqual([]);
    expect(ids('')).toEqual(['delivery-time', 'refunds', 'opening-hours']);
  });
});
