// Language detection of a message's new text (eld), the contact's locale as the tie-break.
import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/domain/faq/language.ts';

describe('detectLanguage', () => {
  it.each([
    ['Hej, har ni öppet på lördagar i Solna?', 'sv'],
    ['Hi, are you open on Saturdays at the Solna clinic?', 'en'],
    ['Hallo, haben Sie am Samstag geöffnet? Ich habe starke Zahnschmerzen.', 'de'],
    ['Bonjour, êtes-vous ouverts le samedi ?', 'fr'],
    ['Hei, onko Solnan klinikka auki perjantaina iltapäivällä?', 'fi'],
    ['היי, אתם פתוחים בשבת?', 'he'],
    ['你好，你们周六开门吗？', 'zh'],
    ['您好，我想刪除我的個人資料', 'zh'],
    ['予約をキャンセルしたいです', 'ja'],
  ])('%s → %s', (text, language) => {
    expect(detectLanguage(text)).toEqual({ language, source: 'text' });
  });

  it("the contact's locale decides a text too short to tell", () => {
    expect(detectLanguage('ok', 'sv-SE')).toEqual({ language: 'sv', source: 'contact' });
    expect(detectLanguage('', 'he')).toEqual({ language: 'he', source: 'contact' });
    expect(detectLanguage('…', null)).toEqual({ language: null, source: 'none' });
  });

  it('a long, clear text wins over the contact locale', () => {
    expect(detectLanguage('Hi, I would like to know whether you take new patients at your clinics.', 'sv').language).toBe('en');
  });
});
