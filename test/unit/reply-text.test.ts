import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractReply, extractReplyFromText } from '../../src/domain/inbound/reply-text/index.ts';

/** discourse/email_reply_trimmer's test corpus (MIT), copied into test/fixtures/corpora. */
const CORPUS = fileURLToPath(new URL('../fixtures/corpora/reply-trimming/', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/reply-text/', import.meta.url));

const norm = (s: string): string => s.replace(/\r\n/g, '\n').trim();
const corpusFile = (kind: 'emails' | 'trimmed' | 'elided', name: string): string => readFileSync(`${CORPUS}${kind}/${name}.txt`, 'utf8');
const corpusCase = (name: string) => extractReplyFromText(corpusFile('emails', name));
const fixture = (name: string): string => readFileSync(`${FIXTURES}${name}`, 'utf8');

describe('reply-trimming corpus (discourse/email_reply_trimmer)', () => {
  it('is present in the repository', () => {
    expect(existsSync(`${CORPUS}emails`), `corpus not found at ${CORPUS}`).toBe(true);
    expect(readdirSync(`${CORPUS}emails`).filter((f) => f.endsWith('.txt'))).toHaveLength(64);
  });

  it('keeps an inline answer after a quote and cuts the header line (embedded_email_7)', () => {
    const r = corpusCase('embedded_email_7');
    expect(norm(r.reply)).toBe(norm(corpusFile('trimmed', 'embedded_email_7')));
    expect(r.reply).toContain('> This is the embedded email.\n\nThis is some text');
    expect(r.reply).not.toContain('Some One wrote:');
    expect(r.quoted.startsWith('On Tue, 2011-03-01 at 18:02 +0530, Some One wrote:')).toBe(true);
    expect(r.quoted).toContain('C> This is another part of the embedded email.');
    expect(r.signature).toBe("And here's my signature.");
  });

  it('keeps the new text written below the quote (embedded_email_17)', () => {
    const r = corpusCase('embedded_email_17');
    expect(norm(r.reply)).toBe(norm(corpusFile('trimmed', 'embedded_email_17')));
    expect(r.quoted).toContain('On 15 May 2017 19:32, "Nomadic Sprite" <nomadic.sprite01@gmail.com> wrote:');
    expect(r.quoted).toContain('On 8 May 2017 6:51 pm, "Andy Jones" <Andy.Jones@jameshall.co.uk> wrote:');
  });

  it('joins a quote header wrapped over two lines and splits a trailing "--" signature (embedded_ception)', () => {
    const r = corpusCase('embedded_ception');
    expect(r.reply).toBe('This is the reply.\n\nThanks,\nSome One');
    expect(r.quoted.startsWith('On Mon, Feb 1, 2016 at 6:32 PM, Jeff Atwood <info@discourse.org>\nwrote:')).toBe(true);
    expect(r.quoted).toContain('>>>>> Hello :waves_hand:');
    expect(r.signature).toBe('Some One\nCommunity Manager\nfoo@bar.com\n(123) 456-7890');
  });

  it('cuts an Outlook header block with its separator (email_headers_1, email_headers_2)', () => {
    const one = corpusCase('email_headers_1');
    expect(one.reply).toBe('This is a reply from Outlook!');
    expect(one.quoted).toContain('*From:* Outlook user');
    expect(one.quoted).toContain('of the embedded email...');
    const two = corpusCase('email_headers_2');
    expect(two.reply).toBe('This is a reply from Outlook!');
    expect(two.quoted.startsWith('________________________________________\nFrom: Discourse')).toBe(true);
  });

  it('handles Swedish Outlook headers and Chinese quote headers from the corpus', () => {
    const sv = corpusCase('embedded_email_swedish');
    expect(norm(sv.reply)).toBe(norm(corpusFile('trimmed', 'embedded_email_swedish')));
    expect(sv.quoted.startsWith('Från: Foo Bar [mailto:noreply@foo.bar]\nSkickat: den 5 juni 2017 12:22')).toBe(true);
    const zh = corpusCase('embedded_email_chinese');
    expect(zh.reply).toBe('Hi Erlend Sogge Heggen,\nThank you for your reply.');
    expect(zh.quoted.startsWith('> 在 2016年12月12日，下午8:45，Erlend Sogge Heggen <meta@discoursemail.com> 写道：')).toBe(true);
  });

  it('separates every mobile footer into the signature (signatures)', () => {
    const r = corpusCase('signatures');
    expect(r.reply).toBe('This email was sent from way too much different devices ;)');
    expect(r.quoted).toBe('');
    expect(r.signature.split('\n')).toHaveLength(28);
    expect(r.signature).toContain('Sent from my iPhone');
    expect(r.signature).toContain('從我的 iPhone 傳送');
  });

  it('returns nothing as new text for a message that is only quote headers (spam_1)', () => {
    const r = corpusCase('spam_1');
    expect(r.reply).toBe('');
    expect(r.quoted.split('\n').length).toBeGreaterThan(70);
  });

  it('keeps fenced code blocks intact (block_code_spacers)', () => {
    const r = corpusCase('block_code_spacers');
    expect(norm(r.reply)).toBe(norm(corpusFile('trimmed', 'block_code_spacers')));
    expect(r.reply).toContain('####\nCode code code\n```');
  });
});

describe('extractReplyFromText: own fixtures', () => {
  it('Swedish Gmail reply "Den … skrev …:" wrapped over two lines', () => {
    const r = extractReplyFromText(fixture('swedish-gmail.txt'));
    expect(r.reply).toBe('Hej!\n\nTack för snabbt svar. Jag kommer på mötet på torsdag.\n\nVänliga hälsningar\nAnna');
    expect(r.quoted.startsWith('Den tis 6 juni 2017 kl 09:15 skrev Samtal Support <support@samtal.example\n>:')).toBe(true);
    expect(r.quoted).toContain('> Passar det med ett möte på torsdag kl. 10?');
    expect(r.signature).toBe('');
  });

  it('Swedish Outlook header block (Från/Skickat/Till/Ämne)', () => {
    const r = extractReplyFromText(fixture('swedish-outlook.txt'));
    expect(r.reply).toBe('Hej,\n\nFakturan är betald nu.\n\n/Erik');
    expect(r.quoted.startsWith('Från: Samtal Support <support@samtal.example>\nSkickat: den 5 juni 2017 12:22')).toBe(true);
    expect(r.quoted).toContain('Vi har inte fått betalt för faktura 2017-118 ännu.');
  });

  it('Hebrew (RTL) Gmail reply with bidi marks and a Hebrew iPhone footer', () => {
    const r = extractReplyFromText(fixture('hebrew-gmail.txt'));
    expect(r.reply).toBe('שלום,\nתודה רבה על העזרה, הכל עובד עכשיו.');
    expect(r.signature).toBe('נשלח מה-iPhone שלי');
    expect(r.quoted).toContain('בתאריך יום ב׳, 5 ביוני 2017 ב-12:22 מאת');
    expect(r.quoted).toContain('> האם הבעיה נפתרה?');
    expect(r.reply).not.toContain('היי דני');
  });

  it('Chinese Apple Mail reply "在 … 写道：" with a "发自我的iPhone" footer', () => {
    const r = extractReplyFromText(fixture('chinese-apple.txt'));
    expect(r.reply).toBe('好的，谢谢！我明天下午三点前把合同寄回。');
    expect(r.signature).toBe('发自我的iPhone');
    expect(r.quoted.startsWith('> 在 2017年6月5日，下午12:22，Samtal 客服 <support@samtal.example> 写道：')).toBe(true);
    expect(r.quoted).toContain('> 合同已经准备好了，请签字后寄回。');
  });

  it('Chinese header without ">" quoting: the unquoted history below it is cut', () => {
    const r = extractReplyFromText(
      '收到，谢谢。\n\n在 2017年6月5日 12:22，Samtal 客服<support@samtal.example> 写道：\n\n王先生您好，\n合同已经准备好了。\n',
    );
    expect(r.reply).toBe('收到，谢谢。');
    expect(r.quoted).toBe('在 2017年6月5日 12:22，Samtal 客服<support@samtal.example> 写道：\n\n王先生您好，\n合同已经准备好了。');
  });

  it('German Outlook: -----Ursprüngliche Nachricht----- and Von/Gesendet/An/Betreff', () => {
    const r = extractReplyFromText(fixture('german-outlook.txt'));
    expect(r.reply).toBe('Hallo zusammen,\n\nvielen Dank, die Lieferung ist heute angekommen.\n\nViele Grüße\nJonas Becker');
    expect(r.quoted.startsWith('-----Ursprüngliche Nachricht-----\nVon: Samtal Support <support@samtal.example>\nGesendet: Montag')).toBe(
      true,
    );
    expect(r.quoted).toContain('Ihre Bestellung 4711 wurde heute versandt.');
    expect(r.signature).toBe('');
  });

  it('German Outlook header block without separator and with a wrapped "An:" line', () => {
    const r = extractReplyFromText(fixture('german-outlook-no-separator.txt'));
    expect(r.reply.replace(/[ \t]+$/gm, '')).toBe('Passt, danke!\n\nJonas');
    expect(r.quoted.startsWith('Von: Samtal Support <support@samtal.example>')).toBe(true);
    expect(r.quoted).toContain(' Team Einkauf <einkauf@example.de>\nCc: Buchhaltung');
    expect(r.quoted).toContain('die Rechnung liegt bei.');
  });

  it('interleaved inline answers stay in the reply, the header and trailing quote do not', () => {
    const r = extractReplyFromText(fixture('interleaved.txt'));
    expect(r.reply).toBe(
      [
        'Hi Maria,',
        '',
        'answers inline below.',
        '',
        '> 1. Which plan are you on?',
        '',
        'The Team plan, since March.',
        '',
        '> 2. Does the problem happen on mobile too?',
        '',
        'Yes, on Android only.',
      ].join('\n'),
    );
    expect(r.quoted).toBe('On Mon, Jun 5, 2017 at 12:22 PM, Samtal Support <support@samtal.example> wrote:\n> Thanks,\n> Samtal Support');
  });

  it('splits a "-- " signature from the reply and the quoted history', () => {
    const r = extractReplyFromText(fixture('signature-dashes.txt'));
    expect(r.reply).toBe('Thanks, that fixed it!\n\nI will let the team know.');
    expect(r.signature).toBe('Erik Lindqvist\nLindqvist Bygg AB\n+46 70 123 45 67');
    expect(r.quoted).toBe(
      'On Mon, Jun 5, 2017 at 12:22 PM, Samtal Support <support@samtal.example> wrote:\n\n> Could you try clearing the cache?',
    );
  });

  const header = 'On Mon, Jun 5, 2017 at 12:22 PM, Samtal Support <support@samtal.example> wrote:';
  it.each([
    'Sent from my iPhone',
    'Skickat från min iPhone',
    'Von meinem iPhone gesendet',
    'Envoyé de mon iPhone',
    'Envoyé depuis mon iPad',
    '发自我的iPhone',
    'נשלח מה-iPhone שלי',
    'iPhoneから送信',
    'Enviado desde mi iPhone',
    'Inviato da iPhone',
    'Verstuurd vanaf mijn iPhone',
    'Sendt fra min iPhone',
    'Lähetetty iPhonesta',
    'Wysłane z iPhone’a',
    'Отправлено с iPhone',
    'Get Outlook for Android',
  ])('mobile footer %s goes to the signature', (footer) => {
    const r = extractReplyFromText(`Thanks, see you then.\n\n${footer}\n\n${header}\n> Shall we meet at 10?\n`);
    expect(r.reply).toBe('Thanks, see you then.');
    expect(r.signature).toBe(footer);
    expect(r.quoted).toBe(`${header}\n> Shall we meet at 10?`);
  });

  it('does not mistake ordinary sentences for mobile footers', () => {
    const text =
      'From my perspective, the second option is better.\n' +
      'Sent from the office this morning, the parcel should arrive tomorrow.\n\nRegards\nKim';
    const r = extractReplyFromText(text);
    expect(r.reply).toBe(text);
    expect(r.signature).toBe('');
    expect(r.quoted).toBe('');
  });

  it('does not mistake everyday sentences for quote headers', () => {
    const text = [
      'Am Ende schrieb er mir:',
      'alles erledigt.',
      'Le client a écrit :',
      'merci beaucoup.',
      'Den här veckan skrev jag:',
      'det fungerar nu.',
      'On second thought, John said:',
      'let us wait.',
    ].join('\n');
    expect(extractReplyFromText(text)).toEqual({ reply: text, quoted: '', signature: '' });
  });

  it.each([
    ['French', 'Le lun. 5 juin 2017 à 12:22, Samtal Support <support@samtal.example> a écrit :'],
    ['Spanish', 'El lun., 5 jun. 2017 a las 12:22, Samtal Support (<support@samtal.example>) escribió:'],
    ['Italian', 'Il giorno lun 5 giu 2017 alle ore 12:22 Samtal Support <support@samtal.example> ha scritto:'],
    ['Dutch', 'Op ma 5 jun. 2017 om 12:22 schreef Samtal Support <support@samtal.example>:'],
    ['German', 'Am Mo., 5. Juni 2017 um 12:22 Uhr schrieb Samtal Support <support@samtal.example>:'],
    ['Portuguese', 'Em seg., 5 de jun. de 2017 às 12:22, Samtal Support <support@samtal.example> escreveu:'],
    ['Polish', 'W dniu 5.06.2017 o 12:22, Samtal Support pisze:'],
    ['Polish Gmail', 'pon., 5 cze 2017 o 12:22 Samtal Support <support@samtal.example> napisał(a):'],
    ['Finnish', 'ma 5. kesäk. 2017 klo 12.22 Samtal Support <support@samtal.example> kirjoitti:'],
    ['Finnish Outlook', 'Samtal Support kirjoitti 5.6.2017 kello 12.22:'],
    ['Japanese Apple Mail', '2017/06/05 12:22、Samtal Support <support@samtal.example>のメッセージ:'],
    ['Japanese Gmail', '2017年6月5日(月) 12:22 Samtal Support <support@samtal.example>:'],
    ['Hebrew Apple Mail', 'ב-5 ביוני 2017, בשעה 12:22, Samtal Support <support@samtal.example> כתב/ה:'],
    ['Traditional Chinese', '於 2017年6月5日 下午12:22，Samtal Support <support@samtal.example> 寫道：'],
    ['Danish', 'Den 5. jun. 2017 kl. 12.22 skrev Samtal Support <support@samtal.example>:'],
    ['Norwegian', 'man. 5. jun. 2017 kl. 12:22 skrev Samtal Support <support@samtal.example>:'],
    ['Russian', 'пн, 5 июн. 2017 г. в 12:22, Samtal Support <support@samtal.example>:'],
    ['Czech', 'Dne 5. 6. 2017 v 12:22 Samtal Support <support@samtal.example> napsal(a):'],
  ])('%s quote header', (_lang, line) => {
    const r = extractReplyFromText(`New text here.\n\n${line}\n\n> Old text.\n> More old text.\n`);
    expect(r.reply).toBe('New text here.');
    expect(r.quoted).toBe(`${line}\n\n> Old text.\n> More old text.`);
  });

  it('French Outlook header block with "De :" / "Envoyé :" / "À :" / "Objet :"', () => {
    const r = extractReplyFromText(
      'Bonjour,\n\nc’est noté, merci.\n\nDe : Samtal Support <support@samtal.example>\n' +
        'Envoyé : lundi 5 juin 2017 12:22\nÀ : Claire Dubois <claire@example.fr>\nObjet : Votre commande\n\n' +
        'Bonjour Claire,\nvotre commande est prête.\n',
    );
    expect(r.reply).toBe('Bonjour,\n\nc’est noté, merci.');
    expect(r.quoted.startsWith('De : Samtal Support')).toBe(true);
    expect(r.quoted).toContain('votre commande est prête.');
  });

  it('English Outlook -----Original Message----- block', () => {
    const r = extractReplyFromText(
      'Approved.\r\n\r\n-----Original Message-----\r\n' +
        'From: Samtal Support [mailto:support@samtal.example]\r\nSent: Monday, June 5, 2017 12:22 PM\r\n' +
        'To: Dana <dana@example.com>\r\nSubject: Approval needed\r\n\r\nPlease approve the quote.\r\n',
    );
    expect(r.reply).toBe('Approved.');
    expect(r.quoted).toBe(
      '-----Original Message-----\nFrom: Samtal Support [mailto:support@samtal.example]\n' +
        'Sent: Monday, June 5, 2017 12:22 PM\nTo: Dana <dana@example.com>\nSubject: Approval needed\n\n' +
        'Please approve the quote.',
    );
  });

  it('returns empty parts for empty input and keeps plain text untouched', () => {
    expect(extractReplyFromText('')).toEqual({ reply: '', quoted: '', signature: '' });
    expect(extractReplyFromText(' \n\t\n')).toEqual({ reply: '', quoted: '', signature: '' });
    expect(extractReplyFromText('Just one line.')).toEqual({ reply: 'Just one line.', quoted: '', signature: '' });
  });
});

describe('extractReply', () => {
  it('uses the text rules when there is no HTML', () => {
    const r = extractReply({ text: fixture('interleaved.txt'), html: null });
    expect(r.reply.startsWith('Hi Maria,')).toBe(true);
    expect(r.quoted).toContain('> Samtal Support');
    expect(extractReply({})).toEqual({ reply: '', quoted: '', signature: '' });
  });
});

describe('large and hostile input', () => {
  // A 10 KB reply: a short answer on top of a long quoted thread.
  const thread = corpusFile('emails', 'embedded_email_dutch_2');
  let typical =
    'Hi,\n\nthanks for the quick answer, that works for us.\n\nBest regards\nAnna\n\n' +
    'On Mon, Jun 5, 2017 at 12:22 PM, Samtal Support <support@samtal.example> wrote:\n';
  while (typical.length < 10_000) typical += thread.replace(/^/gm, '> ');

  /** Nothing is lost: the parts, joined by line breaks, are the input. */
  const joinedParts = (r: { reply: string; quoted: string; signature: string }) =>
    [r.reply, r.quoted, r.signature].filter(Boolean).join('\n');

  // Speed is measured by `npm run bench`, not asserted here.
  it('extracts the answer from a typical 10 KB reply', () => {
    expect(extractReplyFromText(typical).reply).toBe('Hi,\n\nthanks for the quick answer, that works for us.\n\nBest regards\nAnna');
  });

  // Inputs that make backtracking patterns blow up; a blow-up shows as the test timeout. The
  // protection itself is the bounds tested below (line length, text length).
  it.each([
    ['one 100 000-character line full of header words', 'On '.padEnd(100_000, 'x wrote on 2017 a b '), 'whole'],
    ['3000 lines of digits and brackets', Array.from({ length: 3000 }, () => '2017 1234 5678 <foo bar baz @ x').join('\n'), 'whole'],
    ['an address of 100 000 characters', `${'a'.repeat(50_000)}@${'b'.repeat(50_000)} wrote`, 'whole'],
    [
      'alternating header fields and text',
      Array.from({ length: 3000 }, (_, i) => (i % 2 ? 'From: someone' : 'text line')).join('\n'),
      'first line',
    ],
    [
      'alternating quote headers and text',
      Array.from({ length: 3000 }, (_, i) => (i % 2 ? 'On Mon, Jun 5, 2017, X wrote:' : 'text line')).join('\n'),
      'first line',
    ],
    ['3000 near-miss English quote headers', Array.from({ length: 3000 }, (_, i) => `On line ${i} someone said`).join('\n'), 'any'],
    [
      '3000 near-miss Swedish quote headers',
      Array.from({ length: 3000 }, () => 'Den 5 2017 skrev skrev skrev och sedan').join('\n'),
      'any',
    ],
  ])('splits %s without losing text', (_, input, reply) => {
    const result = extractReplyFromText(input);
    // Compared as booleans so a failure does not print 100 000 characters.
    expect(joinedParts(result) === input).toBe(true);
    if (reply === 'whole') expect(result.reply === input).toBe(true);
    if (reply === 'first line') expect(result.reply).toBe('text line');
  });

  it('never reads a line over 1000 characters as a quote header', () => {
    const header = 'On Mon, Jun 5, 2017 at 12:22 PM, Samtal Support <support@samtal.example> wrote:';
    expect(extractReplyFromText(`Thanks!\n\n${header}\n> old`).reply).toBe('Thanks!');
    const long = header.replace('Samtal Support', `Samtal Support ${'x'.repeat(1000)}`);
    expect(extractReplyFromText(`Thanks!\n\n${long}\n> old`).reply.includes(long)).toBe(true);
  });

  it('analyses only the first 256 KB and returns the rest as quoted, whole', () => {
    const tail = Array.from({ length: 30_000 }, (_, i) => `line ${i} of a very long text`).join('\n');
    const input = `Thanks, that works.\n\n${tail}`;
    expect(input.length).toBeGreaterThan(256 * 1024);
    const result = extractReplyFromText(input);
    expect(result.reply.startsWith('Thanks, that works.')).toBe(true);
    expect(result.reply.length).toBeLessThanOrEqual(256 * 1024);
    expect(result.quoted.length).toBeGreaterThan(0);
    expect(joinedParts(result) === input).toBe(true);
  });
});
