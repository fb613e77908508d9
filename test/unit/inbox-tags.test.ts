import { describe, expect, it } from 'vitest';
import { MAX_TAG_LENGTH, normalizeTag, tagQuery } from '../../src/domain/inbox/tags.ts';

const tag = (text: string) => normalizeTag(text);

describe('normalizeTag', () => {
  it('trims, lower-cases, drops a leading #, turns spaces into one -', () => {
    expect(tag('  Refund ')).toEqual({ ok: true, tag: 'refund' });
    expect(tag('#VIP')).toEqual({ ok: true, tag: 'vip' });
    expect(tag('Order   Issue')).toEqual({ ok: true, tag: 'order-issue' });
    expect(tag('ÅTERBETALNING')).toEqual({ ok: true, tag: 'återbetalning' });
  });

  it('keeps letters of every script and NFKC-folds full-width forms', () => {
    expect(tag('退款')).toEqual({ ok: true, tag: '退款' });
    expect(tag('החזר')).toEqual({ ok: true, tag: 'החזר' });
    expect(tag('ＶＩＰ')).toEqual({ ok: true, tag: 'vip' });
    expect(tag('q4/2026')).toEqual({ ok: true, tag: 'q4/2026' });
  });

  it('refuses empty, punctuation-only, edge punctuation and over-long tags with what is expected', () => {
    expect(tag('  ')).toMatchObject({ ok: false, message: expect.stringContaining('expected a tag') });
    expect(tag('!!')).toMatchObject({ ok: false });
    expect(tag('-refund')).toMatchObject({ ok: false });
    expect(tag('a<b')).toMatchObject({ ok: false });
    expect(tag('x'.repeat(MAX_TAG_LENGTH))).toMatchObject({ ok: true });
    expect(tag('x'.repeat(MAX_TAG_LENGTH + 1))).toMatchObject({ ok: false, message: expect.stringContaining(`${MAX_TAG_LENGTH}`) });
  });
});

describe('tagQuery', () => {
  it('reads tag:x as a tag filter and nothing else', () => {
    expect(tagQuery('tag:Refund')).toBe('refund');
    expect(tagQuery('  TAG:vip ')).toBe('vip');
    expect(tagQuery('tag:refund money')).toBeNull();
    expect(tagQuery('refund')).toBeNull();
    expect(tagQuery('tag:!!')).toBeNull();
  });
});
