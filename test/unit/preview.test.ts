import { describe, expect, it } from 'vitest';
import { previewLine } from '../../src/domain/inbox/preview.ts';

describe('previewLine', () => {
  it('is the first non-empty line, trimmed', () => {
    expect(previewLine('\n\n   Tack för svaret!  \nresten av brevet')).toBe('Tack för svaret!');
  });

  it.each([
    ['en', 'Hi,\n\nWhen will my order arrive?', 'When will my order arrive?'],
    ['en', 'Dear Support Team,\nMy invoice is wrong.', 'My invoice is wrong.'],
    ['en', 'Hello Anna, the parcel never came.', 'the parcel never came.'],
    ['en', 'Good morning\nThe app crashes on start.', 'The app crashes on start.'],
    ['sv', 'Hej!\nHur lång tid tar leveransen?', 'Hur lång tid tar leveransen?'],
    ['sv', 'Hej Anna!\n\nJag vill returnera tröjan.', 'Jag vill returnera tröjan.'],
    ['sv', 'Hejsan, paketet har inte kommit.', 'paketet har inte kommit.'],
    ['he', 'שלום,\nאיפה ההזמנה שלי?', 'איפה ההזמנה שלי?'],
    ['he', 'שלום רב!\nיש טעות בחשבונית.', 'יש טעות בחשבונית.'],
    ['zh', '您好！\n我的订单什么时候到？', '我的订单什么时候到？'],
    ['zh', '王先生，你好，我想退货。', '我想退货。'],
    ['de', 'Hallo,\nwann kommt meine Bestellung?', 'wann kommt meine Bestellung?'],
    ['de', 'Sehr geehrte Damen und Herren,\nich möchte kündigen.', 'ich möchte kündigen.'],
    ['de', 'Liebe Frau Müller,\ndanke für die Hilfe.', 'danke für die Hilfe.'],
    ['fr', 'Bonjour,\nJe n’ai pas reçu le remboursement.', 'Je n’ai pas reçu le remboursement.'],
    ['fr', 'Chère Madame Dupont,\nmerci pour votre réponse.', 'merci pour votre réponse.'],
    ['ja', 'Acme サポート ご担当者様\n\nお世話になっております。佐藤です。\n配送日を変更したいです。', '佐藤です。'],
    ['ja', 'お世話になっております。\n配送日は12月1日の午前中でお願いします。', '配送日は12月1日の午前中でお願いします。'],
  ])('skips the salutation (%s): %j', (_locale, text, expected) => {
    expect(previewLine(text)).toBe(expected);
  });

  it('keeps a line that only starts like a greeting', () => {
    expect(previewLine('Hiking boots: do you ship to Norway?')).toBe('Hiking boots: do you ship to Norway?');
    expect(previewLine('Hey there is a bug in the checkout')).toBe('Hey there is a bug in the checkout');
    expect(previewLine('היום קיבלתי את החבילה')).toBe('היום קיבלתי את החבילה');
    expect(previewLine('Hejdå och tack')).toBe('Hejdå och tack');
    expect(previewLine('様子を教えてください')).toBe('様子を教えてください');
  });

  it('is the greeting when the message says nothing else', () => {
    expect(previewLine('Hej!')).toBe('Hej!');
    expect(previewLine('Hi Anna,\n> quoted question')).toBe('Hi Anna,');
  });

  it('skips quoted lines', () => {
    expect(previewLine('> On Monday you wrote:\n>> older\n  > indented quote\nThanks, that works.')).toBe('Thanks, that works.');
  });

  it('is empty for no text, only quotes or only blank lines', () => {
    expect(previewLine(null)).toBe('');
    expect(previewLine(undefined)).toBe('');
    expect(previewLine('')).toBe('');
    expect(previewLine('> quoted\n\n>')).toBe('');
    expect(previewLine(' \n\t\n')).toBe('');
  });

  it('keeps a line of exactly the maximum length whole', () => {
    expect(previewLine('x'.repeat(140))).toBe('x'.repeat(140));
  });

  it('shortens a longer line to the maximum, ending in an ellipsis without a space before it', () => {
    const line = `${'word '.repeat(40)}end`;
    const preview = previewLine(line, 20);
    expect(preview.length).toBeLessThanOrEqual(20);
    expect(preview.endsWith('…')).toBe(true);
    expect(preview).not.toMatch(/\s…$/);
    expect(line.startsWith(preview.slice(0, -1))).toBe(true);
  });

  it('keeps right-to-left and CJK text as it is', () => {
    expect(previewLine('תודה על התשובה, זה עזר')).toBe('תודה על התשובה, זה עזר');
    expect(previewLine('谢谢你的回复，很有帮助', 5)).toBe('谢谢你的…');
  });
});
