// New-text extraction as stored: reply_text (what the customer just wrote), quoted_text (the
// history and quote header that were cut), signature, and the full text/html kept untouched.
import { previewLine } from '../../src/domain/inbox/preview.ts';
import { describe, expect, it } from 'vitest';
import { conversationRow, deliver, fixture, storedMessage } from '../support/inbound-helpers.ts';
import { useTestContext } from '../support/contexts.ts';

const t = useTestContext();

interface ReplyCase {
  fixture: string;
  shape: string;
  vars?: Record<string, string>;
  from: string;
  reply: string;
  /** Fragments that must be in quoted_text (the cut history and its header). */
  quoted: string[] | null;
  signature?: string;
  /** HTML markers that must still be in the stored html (the full original is kept). */
  htmlKeeps?: string;
}

const cases: ReplyCase[] = [
  {
    fixture: 'gmail-sv-reply-token.eml',
    shape: 'Gmail HTML (div.gmail_quote), Swedish',
    vars: { TO_ADDRESS: 'support@acme.example' },
    from: 'astrid.lindqvist@example.se',
    reply: 'Hej!\n\nTack, då hämtar jag paketet på fredag. Går det bra att min sambo hämtar det?\n\nVänliga hälsningar\nAstrid',
    quoted: ['skrev Acme Support', 'Din order SE-10442 är skickad och kan hämtas hos ombudet från onsdag.'],
    htmlKeeps: 'gmail_quote',
  },
  {
    fixture: 'outlook-en-token-cc.eml',
    shape: 'Outlook on the web HTML (#divRplyFwdMsg after <hr>), English',
    vars: { CC_ADDRESS: 'support@acme.example' },
    from: 'james.oconnor@contoso.example',
    reply: 'Hi,\n\nThanks – could you also send the invoice as a PDF with our VAT number (GB 123 4567 89) on it?\n\nBest regards,\nJames',
    quoted: ['From: Acme Support', 'Your invoice INV-2026-0042 is attached.'],
    htmlKeeps: 'divRplyFwdMsg',
  },
  {
    fixture: 'outlook-de-windows-1252-in-reply-to.eml',
    shape: 'Outlook desktop HTML (border-top:solid #E1E1E1 header block), German',
    vars: { PARENT_ID: 'msg_01UNKNOWN@reply.acme.example' },
    from: 'juergen.weiss@example.de',
    reply:
      'Hallo Acme-Team,\n\n' +
      'die Rechnung über 80 € habe ich heute überwiesen – Verwendungszweck „RE-2026-117“.\n' +
      'Können Sie mir bitte eine Quittung schicken?\n\nMit freundlichen Grüßen\nJürgen Weiß',
    quoted: ['Gesendet:', 'Guten Tag Herr Weiß,'],
    htmlKeeps: 'border-top:solid #E1E1E1',
  },
  {
    fixture: 'applemail-fr-blockquote.eml',
    shape: 'Apple Mail HTML (blockquote type=cite), French',
    from: 'elodie.martin@icloud.com',
    reply:
      'Bonjour,\n\nMerci pour votre réponse rapide. Pourriez-vous m’envoyer la facture corrigée avec ' +
      'l’adresse de l’entreprise ?\n\nCordialement,\nÉlodie Martin',
    quoted: ['a écrit', 'Voici votre facture n° 2026-118.'],
    htmlKeeps: 'type="cite"',
  },
  {
    fixture: 'thunderbird-en-moz-cite.eml',
    shape: 'Thunderbird HTML (div.moz-cite-prefix + blockquote), English',
    from: 'oliver@oliverhayes.example.co.uk',
    reply: 'Hello,\n\nthe parcel arrived today, but the lid of the teapot is broken. Photo to follow.\n\nRegards,\nOliver',
    quoted: ['Acme Support wrote:', 'your parcel is on its way.'],
    htmlKeeps: 'moz-cite-prefix',
  },
  {
    fixture: 'yahoo-en-support.eml',
    shape: 'Yahoo HTML (div.yahoo_quoted; the text part quotes without ">")',
    from: 'linda.moore@yahoo.com',
    reply: 'Hi there,\n\nI never received the refund for order 5521. Can you check?\n\nLinda',
    quoted: ['Acme Support <support@acme.example> wrote:', 'Hi Linda, your refund has been issued.'],
    htmlKeeps: 'yahoo_quoted',
  },
  {
    fixture: 'thunderbird-sv-iso-8859-1-qp.eml',
    shape: 'plain text, Swedish "Den … skrev:"',
    from: 'asa.oberg@bredband.example.se',
    reply:
      'Hej,\n\nJag har fortfarande inte fått återbetalningen på 349 kr för tröjan jag\n' +
      'skickade tillbaka. Kan ni se vad som hänt?\n\nHälsningar\nÅsa Öberg',
    quoted: ['Den 2026-11-23 kl. 10:00, skrev Acme Support:', '> Vi har tagit emot din retur och återbetalar inom 5 dagar.'],
  },
  {
    fixture: 'thunderbird-de-delivered-to.eml',
    shape: 'plain text, German "Am … schrieb …:"',
    vars: { DELIVERED_TO: 'support@acme.example' },
    from: 'katrin.schaefer@mailbox.org',
    reply: 'Hallo,\n\nvielen Dank für die schnelle Antwort. Die Lieferadresse ist jetzt richtig.\n\nViele Grüße\nKatrin Schäfer',
    quoted: ['Am 23.11.26 um 10:00 schrieb Acme Support:', '> wir haben Ihre Lieferadresse geändert.'],
  },
  {
    fixture: 'zimbra-fr-windows-1252-base64.eml',
    shape: 'plain text, French "Le … a écrit :"',
    from: 'cecile.lefevre@laposte.example',
    reply:
      'Bonjour,\n\nJe n’ai toujours pas reçu le remboursement de 45,90 € pour la commande n° 5521.\n' +
      'C’était un cadeau pour ma sœur. Pourriez-vous vérifier ? Merci d’avance.\n\nBien à vous,\n' +
      'Cécile Lefèvre',
    quoted: ['Acme Support <support@acme.example> a écrit :', '> Votre remboursement a été effectué.'],
  },
  {
    fixture: 'netease163-zh-gbk-qp.eml',
    shape: 'plain text, Chinese "在 … 写道："',
    from: 'zhangzhe_bj@163.com',
    reply: '您好：\n\n我的订单 1234 还没有收到，快递单号是 SF1234567890。请帮我查一下，谢谢！\n\n张喆',
    quoted: ['<support@acme.example> 写道：', '> 您的订单 1234 已经发货。'],
  },
  {
    fixture: 'gmail-he-plain-reply.eml',
    shape: 'plain text, Hebrew "בתאריך … מאת …:" with bidi marks',
    from: 'noa.levi.7781@gmail.com',
    reply: 'שלום,\n\nקיבלתי את החבילה אבל חסר בה מטען. אפשר לשלוח אותו בנפרד?\n\nתודה,\nנועה לוי',
    quoted: ['בתאריך', '> ההזמנה שלך 7781 נשלחה היום.'],
  },
  {
    fixture: 'outlook-sv-subject-prefixes.eml',
    shape: 'plain text, Outlook header block (Från:/Skickat:/Till:/Ämne:), Swedish',
    from: 'erik.johansson@foretaget.example.se',
    reply:
      'Hej igen,\n\nJag har fortfarande inte fått någon bekräftelse på order 1234. Har den skickats?\n\n' +
      'Med vänlig hälsning\nErik Johansson\nInköp, Företaget AB',
    quoted: ['Från: Li Wei <li.wei@foretaget.example.se>', 'Skickat: den 23 november 2026 09:30', 'Erik, kan du jaga Acme om detta?'],
  },
  {
    fixture: 'outlook-he-windows-1255-base64.eml',
    shape: 'plain text, Outlook header block in Hebrew (מאת:/נשלח:/אל:/נושא:)',
    from: 'yossi.avraham@example.co.il',
    reply: 'שלום רב,\n\nביקשתי החזר של 149.90 ₪ על ההזמנה 7781 ועדיין לא קיבלתי אותו.\nאשמח לעדכון.\n\nבברכה,\nיוסי אברהם',
    quoted: ['מאת: Acme Support <support@acme.example>', 'ההחזר יבוצע תוך 5 ימי עסקים.'],
  },
  {
    fixture: 'outlook-zh-tw-big5-qp.eml',
    shape: 'plain text, Outlook header block in Traditional Chinese (寄件者:/寄件日期:)',
    from: 'jiahao.hsu@example.com.tw',
    reply:
      '您好：\n\n我們公司的帳號（許家豪）還是無法匯出報表，點「匯出」後沒有任何反應。\n請協助處理，謝謝。\n\n許家豪\n星辰科技股份有限公司',
    quoted: ['寄件者: Acme Support <support@acme.example>', '您好，請問您使用的是哪個瀏覽器？'],
  },
  {
    fixture: 'outlook-ja-shift_jis-base64.eml',
    shape: 'plain text, Outlook header block in Japanese (差出人:/送信日時:)',
    from: 'ken.sato@example.co.jp',
    reply:
      'Acme サポート ご担当者様\n\nお世話になっております。佐藤です。\n\nソフトウェアを更新した後も、請求書の表示エラーが続いています。\nご確認をお願いいたします。\n\nよろしくお願いいたします。\n佐藤 健',
    quoted: ['差出人: Acme Support <support@acme.example>', 'ソフトウェアを最新版に更新してください。'],
  },
  {
    fixture: 'foxmail-zh-gb2312-base64.eml',
    shape: 'plain text, Foxmail/QQ "------------------ 原始邮件 ------------------" block',
    from: 'lina.li@foxmail.com',
    reply: '您好！\n\n请把发票抬头改为“北京星辰科技有限公司”，税号 91110108MA01ABCD2X。\n\n谢谢！\n李娜',
    quoted: ['原始邮件', '发件人: "Acme Support"<support@acme.example>;', '您好，发票已经开好了。'],
  },
  {
    fixture: 'mutt-en-references-inline.eml',
    shape: 'plain text, inline answers between quoted lines, "-- " signature',
    vars: { REFERENCED_ID: 'msg_01UNKNOWN@reply.acme.example' },
    from: 'tom@tombecker.example.org',
    reply: [
      'Hi,',
      '',
      '> Which size would you like instead, M or L?',
      '',
      'L, please.',
      '',
      '> And should we send it to the same address?',
      '',
      'Yes, same address as before.',
      '',
      'Thanks,',
      'Tom',
    ].join('\n'),
    quoted: ['On Mon, Nov 23, 2026 at 09:00:00AM +0000, Acme Support wrote:'],
    signature: 'Tom Becker\nhttps://tombecker.example.org',
  },
  {
    fixture: 'iphone-sv-order-1234.eml',
    shape: 'plain text, "Skickat från min iPhone" footer',
    from: 'erik.johansson@foretaget.example.se',
    reply: 'Hej,\n\nJag undrar när order 1234 skickas? Vi behöver varorna till måndag.',
    quoted: null,
    signature: 'Skickat från min iPhone',
  },
  {
    fixture: 'iphone-ja-iso-2022-jp.eml',
    shape: 'plain text, iPhone Japanese footer and "…のメッセージ:" header',
    from: 'hanako.suzuki@icloud.com',
    reply: 'お世話になっております。\n\n配送日は12月1日（月）の午前中でお願いします。\n\n鈴木',
    quoted: ['Acme Support <support@acme.example>のメッセージ:', '> ご注文ありがとうございます。配送日をお知らせください。'],
    signature: 'iPhoneから送信',
  },
  {
    fixture: 'iphone-he-marketing-reply-subject.eml',
    shape: 'plain text, Hebrew iPhone footer "נשלח מה-iPhone שלי"',
    from: 'noa.levi@icloud.com',
    reply: 'האם ההנחה תקפה גם בחנות באילת?\n\nנועה',
    quoted: null,
    signature: 'נשלח מה-iPhone שלי',
  },
];

describe('new text, quoted history and signature are stored apart; the full text is kept', () => {
  it.each(cases)('$shape ($fixture)', async (c) => {
    const answer = await deliver(t, fixture(c.fixture, c.vars ?? {}), { from: c.from, to: 'support@acme.example' });
    const message = await storedMessage(t, answer);

    // What was cut, first: this does not depend on how the new text itself decoded.
    if (c.quoted === null) {
      expect(message.quotedText).toBeNull();
    } else {
      for (const fragment of c.quoted) expect(message.quotedText ?? '').toContain(fragment);
      for (const fragment of c.quoted) expect(message.replyText ?? '').not.toContain(fragment);
    }
    if (c.signature !== undefined) expect(message.signature).toBe(c.signature);

    expect(message.replyText).toBe(c.reply);

    // the whole message stays available
    for (const fragment of c.quoted ?? []) {
      if (!c.htmlKeeps) expect(message.text).toContain(fragment);
    }
    if (c.htmlKeeps) expect(message.html).toContain(c.htmlKeeps);
    expect(message.text).toContain(c.reply.split('\n')[0]);

    // the preview is the reply's first meaningful line (greeting skipped; see previewLine), from the new text, not the quote
    const preview = (await conversationRow(t, message.conversationId)).preview;
    expect(preview).toBe(previewLine(c.reply));
    expect(c.reply.split('\n').some((line) => line.includes(preview.replace(/…$/, '')))).toBe(true);
    expect(preview).not.toMatch(/^>/);
  });
});
