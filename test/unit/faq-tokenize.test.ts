// The FAQ tokenizer per script: stems, function words, Hebrew prefixes, CJK character pairs, Thai words.
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/domain/faq/tokenize.ts';

describe('tokenize', () => {
  it('Swedish: Snowball stems, function words and greetings dropped, diacritics folded', () => {
    expect(tokenize('Hej! Hur avbokar jag min tid?', 'sv')).toEqual(['avbok', 'tid']);
    expect(tokenize('avboka', 'sv')).toEqual(tokenize('avbokar', 'sv'));
    expect(tokenize('öppettider', 'sv')).toEqual(tokenize('oppettider', 'sv'));
  });

  it('English, German, French, Finnish, Norwegian: each with its own stemmer', () => {
    expect(tokenize('How do I cancel my appointments?', 'en')).toEqual(['cancel', 'appoint']);
    expect(tokenize('Zahnschmerzen und Termine', 'de')).toEqual(tokenize('Zahnschmerzen Termin', 'de'));
    expect(tokenize('rendez-vous annulés', 'fr')).toEqual(tokenize('rendez-vous annulé', 'fr'));
    expect(tokenize('hammaslääkärit', 'fi')).toEqual(tokenize('hammaslääkäri', 'fi'));
    expect(tokenize('Hvordan bestiller jeg timer?', 'no')).toEqual(tokenize('bestille time', 'no'));
  });

  it('drops links, addresses and phone numbers', () => {
    expect(tokenize('see https://klartand.example/boka or mail info@klartand.example, call +46 8 520 111 00', 'en')).toEqual([
      'see',
      'call',
    ]);
    // Without an @ (the cheaper pattern): links and numbers still go, in a Chinese run too.
    expect(tokenize('电话+46 8 520 111 00，网址www.klartand.example', 'zh')).toEqual(tokenize('电话，网址', 'zh'));
  });

  it('Hebrew: one-letter prefixes and plural endings come off the same way on both sides', () => {
    expect(tokenize('המטופלים', 'he')).toEqual(tokenize('מטופל', 'he'));
    expect(tokenize('ובשבת', 'he')).toEqual(tokenize('שבת', 'he'));
    expect(tokenize('אתם מקבלים מטופלים חדשים?', 'he')).not.toContain('אתם');
  });

  it('Chinese: function words out, character pairs across word edges, so segmentation does not matter', () => {
    expect(tokenize('你们给小孩看牙吗？', 'zh')).toEqual(['给小', '小孩', '孩看', '看牙']);
    expect(tokenize('看牙', 'zh')).toEqual(['看牙']);
    expect(tokenize('牙', 'zh')).toEqual(['牙']);
    // punctuation ends a run: no pair spans it
    expect(tokenize('预约。取消', 'zh')).toEqual(['预约', '取消']);
  });

  it('Japanese: kana and kanji as character pairs', () => {
    expect(tokenize('予約', 'ja')).toEqual(['予約']);
    expect(tokenize('キャンセル', 'ja')).toEqual(['キャ', 'ャン', 'ンセ', 'セル']);
  });

  it('Thai: dictionary words from Intl.Segmenter, vowel marks kept', () => {
    const terms = tokenize('ผมต้องการนัดหมาย', 'th');
    expect(terms.length).toBeGreaterThan(1);
    expect(terms.join('')).toBe('ผมต้องการนัดหมาย');
  });

  it('an unknown language still gives lower-cased words', () => {
    expect(tokenize('Booking Kliniek', '')).toEqual(['booking', 'kliniek']);
  });
});
