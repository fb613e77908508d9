import { describe, expect, it } from 'vitest';
import { isOutOfOfficeSubject, normalizeSubject } from '../../src/domain/inbound/threading/subject.ts';

describe('normalizeSubject', () => {
  it('returns "" for null, undefined and empty subjects', () => {
    expect(normalizeSubject(null)).toBe('');
    expect(normalizeSubject(undefined)).toBe('');
    expect(normalizeSubject('')).toBe('');
    expect(normalizeSubject('   ')).toBe('');
  });

  it('lower-cases, trims and collapses whitespace of a plain subject', () => {
    expect(normalizeSubject('  Your  Order\t#1042 \n shipped ')).toBe('your order #1042 shipped');
    expect(normalizeSubject('ÄRENDE Ö')).toBe('ärende ö');
  });

  it.each([
    ['Re: Order #1042', 'order #1042'],
    ['RE: Order #1042', 'order #1042'],
    ['re:Order #1042', 'order #1042'],
    ['Fw: Order #1042', 'order #1042'],
    ['FW: Order #1042', 'order #1042'],
    ['Fwd: Order #1042', 'order #1042'],
    ['SV: Order #1042', 'order #1042'],
    ['VS: Order #1042', 'order #1042'],
    ['AW: Order #1042', 'order #1042'],
    ['WG: Order #1042', 'order #1042'],
    ['TR: Order #1042', 'order #1042'],
    ['Rif: Order #1042', 'order #1042'],
    ['R: Order #1042', 'order #1042'],
    ['Odp: Order #1042', 'order #1042'],
    ['YNT: Order #1042', 'order #1042'],
    ['Antw: Order #1042', 'order #1042'],
    ['Doorst: Order #1042', 'order #1042'],
    ['Ref: Order #1042', 'order #1042'],
    ['回复: Order #1042', 'order #1042'],
    ['回覆: Order #1042', 'order #1042'],
    ['答复: Order #1042', 'order #1042'],
    ['转发: Order #1042', 'order #1042'],
    ['轉寄: Order #1042', 'order #1042'],
    ['תשובה: Order #1042', 'order #1042'],
    ['השב: Order #1042', 'order #1042'],
    ['הועבר: Order #1042', 'order #1042'],
    ['ΑΠ: Order #1042', 'order #1042'],
    ['Απ: Order #1042', 'order #1042'],
    ['ΣΧΕΤ: Order #1042', 'order #1042'],
  ])('strips the prefix in %j', (subject, expected) => {
    expect(normalizeSubject(subject)).toBe(expected);
  });

  it('strips full-width colons, as Chinese and Japanese clients write them', () => {
    expect(normalizeSubject('回复：关于您的订单')).toBe('关于您的订单');
    expect(normalizeSubject('Re：Order')).toBe('order');
    expect(normalizeSubject('转发：回复：订单 #2231')).toBe('订单 #2231');
  });

  it('strips prefixes repeatedly, in any mix of languages and cases', () => {
    expect(normalizeSubject('Re: RE: re: Order')).toBe('order');
    expect(normalizeSubject('AW: WG: Re: Fwd: SV: Rechnung')).toBe('rechnung');
    expect(normalizeSubject('Re:Re:Re:Order')).toBe('order');
  });

  it('strips counters: Re[2]:, Re(3):, Re^4:, with space before the colon too', () => {
    expect(normalizeSubject('Re[2]: Order')).toBe('order');
    expect(normalizeSubject('RE(3): Order')).toBe('order');
    expect(normalizeSubject('Re^4: Order')).toBe('order');
    expect(normalizeSubject('Re [12] : Order')).toBe('order');
    expect(normalizeSubject('Re : Order')).toBe('order');
  });

  it('keeps [TAG] labels unless a prefix follows them', () => {
    expect(normalizeSubject('[EXTERNAL] Re: Order')).toBe('order');
    expect(normalizeSubject('[EXT] [SPAM?] RE: AW: Order')).toBe('order');
    expect(normalizeSubject('[EXTERNAL] Order')).toBe('[external] order');
    expect(normalizeSubject('[dev-list] New release')).toBe('[dev-list] new release');
    expect(normalizeSubject('Re: [dev-list] New release')).toBe('[dev-list] new release');
  });

  it('never strips words that merely start like a prefix', () => {
    expect(normalizeSubject('Rescheduled: meeting')).toBe('rescheduled: meeting');
    expect(normalizeSubject('Reply needed')).toBe('reply needed');
    expect(normalizeSubject('Tracking: parcel')).toBe('tracking: parcel');
    expect(normalizeSubject('Fwiw: a note')).toBe('fwiw: a note');
    expect(normalizeSubject('Regarding the invoice')).toBe('regarding the invoice');
    expect(normalizeSubject('Re-order: item 5')).toBe('re-order: item 5');
  });

  it('makes a reply and the original compare equal', () => {
    const original = 'Din beställning #1042 har skickats';
    for (const reply of [
      'SV: Din beställning #1042 har skickats',
      'Re:  din BESTÄLLNING #1042 har skickats',
      'VS: SV: Din beställning #1042 har skickats',
    ]) {
      expect(normalizeSubject(reply)).toBe(normalizeSubject(original));
    }
  });

  // Inputs that make a backtracking prefix pattern blow up; a blow-up shows as the test timeout.
  // Speed itself is measured by `npm run bench`, not asserted here. Results are compared as
  // booleans so a failure does not print 100 000 characters.
  it('gives the right answer on hostile input', () => {
    expect(normalizeSubject('Re' + ' '.repeat(100_000) + 'x')).toBe('re x');
    const tags = '[x] '.repeat(20_000) + 'y';
    expect(normalizeSubject(tags) === tags).toBe(true);
    expect(normalizeSubject('Re: '.repeat(10_000) + 'z') === 'z').toBe(true);
    expect(normalizeSubject('[' + 'a'.repeat(100_000)) === '[' + 'a'.repeat(100_000)).toBe(true);
  });
});

describe('isOutOfOfficeSubject', () => {
  it.each([
    'Out of Office: Your order',
    'Out of the office until Monday',
    'Automatic reply: Your order',
    'Auto-Reply: Your order',
    'AutoReply: Your order',
    'Autosvar: Din beställning',
    'Automatiskt svar: Din beställning',
    'Frånvaromeddelande: Din beställning',
    'Abwesenheitsnotiz: Ihre Anfrage',
    'Automatische Antwort: Ihre Anfrage',
    'Réponse automatique : Votre commande',
    'Absence: Votre commande',
    'Respuesta automática: Su pedido',
    'Fuori sede: Il suo ordine',
    'Risposta automatica: Il suo ordine',
    'Automatisch antwoord: Uw bestelling',
    '自动回复: 关于您的订单',
    '自動回覆：關於您的訂單',
    '不在: ご注文について',
    'תשובה אוטומטית: ההזמנה שלך',
    'Автоответ: ваш заказ',
    '[EXTERNAL] Automatic reply: Your order',
  ])('recognises %j', (subject) => {
    expect(isOutOfOfficeSubject(subject)).toBe(true);
  });

  it.each([
    'Re: Your order',
    'Question about my order',
    'Absence of the invoice in my account',
    'Absent-minded question',
    'Re: Out of office schedule for June',
    'Vacation rental booking',
    'Autosuggest feedback',
    '',
  ])('does not flag %j', (subject) => {
    expect(isOutOfOfficeSubject(subject)).toBe(false);
  });

  it('handles null and undefined', () => {
    expect(isOutOfOfficeSubject(null)).toBe(false);
    expect(isOutOfOfficeSubject(undefined)).toBe(false);
  });
});
