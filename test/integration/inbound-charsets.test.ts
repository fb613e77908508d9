// Charsets: every message is stored as the text its sender wrote, whatever the charset
// (UTF-8, ISO-8859-1, Windows-1252, ISO-8859-8, Windows-1255, GB2312, GBK, GB18030, Big5,
// Shift_JIS, ISO-2022-JP) and transfer encoding (quoted-printable, base64, 7bit, 8bit), in the
// body, in the RFC 2047 subject and in the sender's display name.
import { previewLine } from '../../src/domain/inbox/preview.ts';
import { describe, expect, it } from 'vitest';
import { contactRow, conversationRow, deliver, fixture, rawFixture, storedMessage, withHeader } from '../support/inbound-helpers.ts';
import { useTestContext } from '../support/contexts.ts';

const t = useTestContext();

interface CharsetCase {
  fixture: string;
  vars?: Record<string, string>;
  charset: string;
  encoding: string;
  from: string;
  name: string;
  subject: string;
  reply: string;
  /** More text of the full body (the quoted part) that must be there, decoded. */
  alsoInText: string;
}

const cases: CharsetCase[] = [
  {
    fixture: 'gmail-sv-reply-token.eml',
    vars: { TO_ADDRESS: 'support@acme.example' },
    charset: 'UTF-8',
    encoding: 'quoted-printable, Q subject',
    from: 'astrid.lindqvist@example.se',
    name: 'Astrid Lindqvist',
    subject: 'Re: Din order SE-10442 är skickad',
    reply: 'Hej!\n\nTack, då hämtar jag paketet på fredag. Går det bra att min sambo hämtar det?\n\nVänliga hälsningar\nAstrid',
    alsoInText: '> Din order SE-10442 är skickad och kan hämtas hos ombudet från onsdag.',
  },
  {
    fixture: 'thunderbird-de-delivered-to.eml',
    vars: { DELIVERED_TO: 'support@acme.example' },
    charset: 'UTF-8',
    encoding: '8bit, format=flowed',
    from: 'katrin.schaefer@mailbox.org',
    name: 'Katrin Schäfer',
    subject: 'Re: Ihre Lieferadresse wurde geändert',
    reply: 'Hallo,\n\nvielen Dank für die schnelle Antwort. Die Lieferadresse ist jetzt richtig.\n\nViele Grüße\nKatrin Schäfer',
    alsoInText: '> wir haben Ihre Lieferadresse geändert.',
  },
  {
    fixture: 'gmail-he-plain-reply.eml',
    charset: 'UTF-8',
    encoding: 'base64, B subject',
    from: 'noa.levi.7781@gmail.com',
    name: 'נועה לוי',
    subject: 'Re: ההזמנה שלך 7781 נשלחה',
    reply: 'שלום,\n\nקיבלתי את החבילה אבל חסר בה מטען. אפשר לשלוח אותו בנפרד?\n\nתודה,\nנועה לוי',
    alsoInText: '> ההזמנה שלך 7781 נשלחה היום.',
  },
  {
    fixture: 'thunderbird-sv-iso-8859-1-qp.eml',
    charset: 'ISO-8859-1',
    encoding: 'quoted-printable, Q subject',
    from: 'asa.oberg@bredband.example.se',
    name: 'Åsa Öberg',
    subject: 'Re: Fråga om återbetalning för order 4471',
    reply:
      'Hej,\n\nJag har fortfarande inte fått återbetalningen på 349 kr för tröjan jag\n' +
      'skickade tillbaka. Kan ni se vad som hänt?\n\nHälsningar\nÅsa Öberg',
    alsoInText: '> Vi har tagit emot din retur och återbetalar inom 5 dagar.',
  },
  {
    fixture: 'outlook-de-windows-1252-in-reply-to.eml',
    vars: { PARENT_ID: 'msg_01UNKNOWN@reply.acme.example' },
    charset: 'windows-1252',
    encoding: 'quoted-printable (text and HTML), Q subject with „ “ – €',
    from: 'juergen.weiss@example.de',
    name: 'Jürgen Weiß',
    subject: 'AW: Ihre Rechnung „Herbst“ – 80 € offen',
    reply:
      'Hallo Acme-Team,\n\n' +
      'die Rechnung über 80 € habe ich heute überwiesen – Verwendungszweck „RE-2026-117“.\n' +
      'Können Sie mir bitte eine Quittung schicken?\n\nMit freundlichen Grüßen\nJürgen Weiß',
    alsoInText: 'Betreff: Ihre Rechnung „Herbst“ – 80 € offen',
  },
  {
    fixture: 'zimbra-fr-windows-1252-base64.eml',
    charset: 'windows-1252',
    encoding: 'base64, B subject with – and œ',
    from: 'cecile.lefevre@laposte.example',
    name: 'Cécile Lefèvre',
    subject: 'Re: Remboursement – commande n° 5521 (sœur)',
    reply:
      'Bonjour,\n\nJe n’ai toujours pas reçu le remboursement de 45,90 € pour la commande n° 5521.\n' +
      'C’était un cadeau pour ma sœur. Pourriez-vous vérifier ? Merci d’avance.\n\nBien à vous,\n' +
      'Cécile Lefèvre',
    alsoInText: '> Votre remboursement a été effectué.',
  },
  {
    fixture: 'outlook-he-windows-1255-base64.eml',
    charset: 'windows-1255',
    encoding: 'base64, B subject, ₪',
    from: 'yossi.avraham@example.co.il',
    name: 'יוסי אברהם',
    subject: 'השב: החזר כספי להזמנה 7781',
    reply: 'שלום רב,\n\nביקשתי החזר של 149.90 ₪ על ההזמנה 7781 ועדיין לא קיבלתי אותו.\nאשמח לעדכון.\n\nבברכה,\nיוסי אברהם',
    alsoInText: 'ההחזר יבוצע תוך 5 ימי עסקים.',
  },
  {
    fixture: 'oe6-he-iso-8859-8-qp-new-sender.eml',
    charset: 'iso-8859-8',
    encoding: 'quoted-printable, B subject and name',
    from: 'dana.cohen@netvision.example.net.il',
    name: 'דנה כהן',
    subject: 'שאלה לגבי משלוח לאילת',
    reply: 'שלום,\n\nהאם אתם שולחים גם לאילת? כמה זמן לוקח המשלוח?\n\nתודה,\nדנה כהן',
    alsoInText: 'כמה זמן לוקח המשלוח?',
  },
  {
    fixture: 'foxmail-zh-gb2312-base64.eml',
    charset: 'gb2312',
    encoding: 'base64, B subject with a full-width colon',
    from: 'lina.li@foxmail.com',
    name: '李娜',
    subject: '回复：订单 1234 的发票',
    reply: '您好！\n\n请把发票抬头改为“北京星辰科技有限公司”，税号 91110108MA01ABCD2X。\n\n谢谢！\n李娜',
    alsoInText: '您好，发票已经开好了。',
  },
  {
    fixture: 'netease163-zh-gbk-qp.eml',
    charset: 'GBK',
    encoding: 'quoted-printable, Q subject, 喆 (GBK only, not GB2312)',
    from: 'zhangzhe_bj@163.com',
    name: '张喆',
    subject: 'Re:订单 1234 什么时候到？',
    reply: '您好：\n\n我的订单 1234 还没有收到，快递单号是 SF1234567890。请帮我查一下，谢谢！\n\n张喆',
    alsoInText: '> 您的订单 1234 已经发货。',
  },
  {
    fixture: 'qqmail-zh-gb18030-base64.eml',
    charset: 'gb18030',
    encoding: 'base64 (text and HTML), B subject, 4-byte sequence (👍)',
    from: '2720458391@qq.com',
    name: '王芳',
    subject: '咨询：退货运费谁承担？👍',
    reply: '你好，\n\n我想退掉上周买的保温杯（订单 5678），退货运费是你们承担吗？👍\n\n王芳',
    alsoInText: '保温杯（订单 5678）',
  },
  {
    fixture: 'outlook-zh-tw-big5-qp.eml',
    charset: 'big5',
    encoding: 'quoted-printable, B subject, 許/功 (second byte 0x5C)',
    from: 'jiahao.hsu@example.com.tw',
    name: '許家豪',
    subject: '回覆: 功能問題：報表無法匯出',
    reply:
      '您好：\n\n我們公司的帳號（許家豪）還是無法匯出報表，點「匯出」後沒有任何反應。\n請協助處理，謝謝。\n\n許家豪\n星辰科技股份有限公司',
    alsoInText: '您好，請問您使用的是哪個瀏覽器？',
  },
  {
    fixture: 'outlook-ja-shift_jis-base64.eml',
    charset: 'shift_jis',
    encoding: 'base64, B subject, 表/ソ (second byte 0x5C)',
    from: 'ken.sato@example.co.jp',
    name: '佐藤 健',
    subject: 'RE: 表示エラーについて（ソフトウェア更新後）',
    reply:
      'Acme サポート ご担当者様\n\nお世話になっております。佐藤です。\n\nソフトウェアを更新した後も、請求書の表示エラーが続いています。\nご確認をお願いいたします。\n\nよろしくお願いいたします。\n佐藤 健',
    alsoInText: 'ソフトウェアを最新版に更新してください。',
  },
  {
    fixture: 'iphone-ja-iso-2022-jp.eml',
    charset: 'iso-2022-jp',
    encoding: '7bit with escape sequences, B subject and name',
    from: 'hanako.suzuki@icloud.com',
    name: '鈴木 花子',
    subject: 'Re: ご注文の配送日について',
    reply: 'お世話になっております。\n\n配送日は12月1日（月）の午前中でお願いします。\n\n鈴木',
    alsoInText: '> ご注文ありがとうございます。配送日をお知らせください。',
  },
];

/** Replacement characters, C1 controls (a Windows-1252 byte decoded as Latin-1) and "?" runs. */
const MOJIBAKE = /[\uFFFD\u0080-\u009F]|\?\?|Ã.|â€/;

describe('charsets and transfer encodings', () => {
  it.each(cases)('$charset ($encoding): $fixture', async (c) => {
    const answer = await deliver(t, fixture(c.fixture, c.vars ?? {}), { from: c.from, to: 'support@acme.example' });
    expect(answer.status).toBe('stored');
    const message = await storedMessage(t, answer);

    expect(message.subject).toBe(c.subject);
    expect(message.fromAddress).toBe(c.from);
    expect(message.fromName).toBe(c.name);
    expect(message.replyText).toBe(c.reply);
    expect(message.text ?? '').not.toMatch(MOJIBAKE);
    expect(message.text).toContain(c.alsoInText);
    // the new text is in the full text too (flowed lines are joined by the decoder)
    expect(message.text).toContain(c.reply.split('\n\n')[1]!.split('\n')[0]!);

    const conversation = await conversationRow(t, message.conversationId);
    expect(conversation.subject).toBe(c.subject);
    // the preview is the reply's first meaningful line (greeting skipped; see previewLine), from the new text, not the quote
    const preview = conversation.preview;
    expect(preview).toBe(previewLine(c.reply));
    expect(c.reply.split('\n').some((line) => line.includes(preview.replace(/…$/, '')))).toBe(true);
    expect(preview).not.toMatch(/^>/);
    expect((await contactRow(t, c.from))?.name).toBe(c.name);
  });
});

describe('encoded words', () => {
  it('a subject split into several encoded words in the middle of a character (as Outlook folds long subjects) decodes whole', async () => {
    const subject = 'השב: החזר כספי להזמנה 7781 – עדיין לא התקבל, אנא בדקו בהקדם';
    const bytes = Buffer.from(subject, 'utf8');
    // split at odd byte offsets, so Hebrew letters (2 bytes) and the dash (3 bytes) are cut in two
    const cuts = [0, 15, 41, 70, bytes.length];
    const words = cuts.slice(1).map((end, i) => `=?utf-8?B?${bytes.subarray(cuts[i], end).toString('base64')}?=`);
    expect(words.some((_word, i) => i > 0 && (bytes[cuts[i]!]! & 0xc0) === 0x80)).toBe(true);
    const raw = withHeader(rawFixture('outlook-he-windows-1255-base64.eml'), 'Subject', words.join('\r\n '));
    const answer = await deliver(t, raw, { from: 'yossi.avraham@example.co.il', to: 'support@acme.example' });
    const message = await storedMessage(t, answer);
    expect(message.subject).toBe(subject);
  });
});
