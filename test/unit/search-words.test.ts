import { describe, expect, it } from 'vitest';
import { wordIndexPhrase, wordIndexText } from '../../src/domain/inbox/search-words.ts';

const tokens = (text: string) => wordIndexText(text).split(/\s+/).filter(Boolean);

describe('wordIndexText', () => {
  it('makes every Simplified and Traditional Chinese character a token', () => {
    expect(tokens('我要退款')).toEqual(['我', '要', '退', '款']);
    expect(tokens('我要退貨，謝謝')).toEqual(['我', '要', '退', '貨', '，', '謝', '謝']);
  });

  it('splits Japanese kana and kanji, the long vowel mark included', () => {
    expect(tokens('ラーメンを注文')).toEqual(['ラ', 'ー', 'メ', 'ン', 'を', '注', '文']);
  });

  it('splits Korean syllables inside a word', () => {
    expect(tokens('환불을 원합니다')).toEqual(['환', '불', '을', '원', '합', '니', '다']);
  });

  it('keeps Hebrew, Swedish and Latin words whole', () => {
    expect(tokens('שלום, אם יש בעיה')).toEqual(['שלום,', 'אם', 'יש', 'בעיה']);
    expect(tokens('Återbetalning på ordern')).toEqual(['Återbetalning', 'på', 'ordern']);
  });

  it('separates CJK characters from the Latin words and digits next to them', () => {
    expect(tokens('订单12345退款ok')).toEqual(['订', '单', '12345', '退', '款', 'ok']);
  });

  it('composes decomposed text (NFC) so it matches a typed term', () => {
    expect(wordIndexText('pa\u030a')).toBe('på');
  });
});

describe('wordIndexPhrase', () => {
  it('is a phrase of the term’s characters or words', () => {
    expect(wordIndexPhrase('退款')).toBe('"退 款"');
    expect(wordIndexPhrase('退')).toBe('"退"');
    expect(wordIndexPhrase('אם')).toBe('"אם"');
    expect(wordIndexPhrase('på')).toBe('"på"');
  });

  it('escapes double quotes', () => {
    expect(wordIndexPhrase('a"b')).toBe('"a""b"');
  });
});
