/**
 * Multilingual line patterns for reply trimming: quote headers ("On … wrote:"),
 * forwarded/original-message separators, Outlook header blocks, delimiters and
 * mobile signatures.
 *
 * The pattern families and most of the individual patterns are ported from
 * discourse/email_reply_trimmer (MIT, see THIRD_PARTY_NOTICES.md), adapted to
 * JavaScript regular expressions (bounded quantifiers so no pattern can
 * backtrack catastrophically) and extended with more languages (Swedish,
 * Hebrew, Japanese, Finnish, Czech, Turkish, Korean, Polish "W dniu", …).
 *
 * Every pattern is compiled once at module load. All patterns here are tested
 * against a single "classification line": bidi/zero-width marks removed,
 * NBSP turned into a space, quote prefixes normalised to ">".
 */

/** A letter, digit or underscore in any script: a Unicode-aware `\w`. */
const W = '[\\p{L}\\p{N}_]';
/** `alts` as whole words (Unicode-aware `\b…\b`). */
const word = (alts: string): string => `(?<!${W})(?:${alts})(?!${W})`;

interface OnDateSpec {
  /** Words that open the header ("On", "Le", "Am", …). */
  start: string;
  /** Separator between the opening word and the rest (default: blanks). */
  sep?: string;
  /** Words that must not appear inside the header body (defaults to start|end). */
  stop?: string;
  /** Words that close the header ("wrote", "a écrit", …), may carry a tail. */
  end: string;
}

/**
 * "On <date>, <someone> wrote:" style headers that may be wrapped over a few
 * lines. Source of `onDateSomeoneWrote` (single line) and of the
 * line-joining pass (whole text, multiline mode).
 */
const ON_DATE_SOMEONE_WROTE_SPECS: readonly OnDateSpec[] = [
  // Chinese (simplified / traditional): 在 2016年12月12日，下午8:45，X <x@y> 写道：
  { start: '在|於|于', sep: '[ \\t]*', end: '写道|寫道' },
  // Dutch: Op 24 aug. 2013 om 16:48 heeft X het volgende geschreven:
  { start: 'Op', stop: 'Op|het\\s+volgende\\s+geschreven|schreef', end: 'het\\s+volgende\\s+geschreven|schreef[^:]{1,200}' },
  // English: In message <…> X writes:
  { start: 'In\\s+message', end: 'writes' },
  // English: On Wed, Sep 25, 2013, at 03:57 PM, X wrote:   /  At 6/16/2016 08:32 PM, you wrote:
  { start: 'On|At', stop: 'On|wrote|writes|says|said', end: 'wrote|writes|says|said' },
  // French: Le 4 janv. 2016 19:03, "X" <x@y> a écrit :
  { start: 'Le', stop: 'Le|nous\\s+a\\s+dit|a\\s+écrit', end: 'nous\\s+a\\s+dit|a\\s+écrit' },
  // German: Am 03.02.2016 schrieben Sie:   /   Am 03.02.2016 3:35 nachm. schrieb X <x@y>:
  { start: 'Am', stop: 'Am|schrieben\\s+Sie', end: 'schrieben\\s+Sie' },
  { start: 'Am', stop: 'Am|geschrieben', end: 'geschrieben|schrieb[^:]{1,200}' },
  // Italian: Il 26 marzo 2016 alle 13.16 X <x@y> ha scritto:
  { start: 'Il', stop: 'Il|ha\\s+scritto', end: 'ha\\s+scritto' },
  // Polish: Dnia 14 lip 2015 o godz. 00:25 X napisał(a):   /   W dniu 5.06.2017 o 12:22, X napisał:
  { start: 'Dnia|Dňa|W\\s+dniu', stop: 'Dnia|Dňa|dniu|napisał|napisała|pisze', end: 'napisał\\(a\\)|napisała|napisał|pisze' },
  // Czech: Dne 5. 6. 2017 v 12:22 X <x@y> napsal(a):
  { start: 'Dne', stop: 'Dne|napsal|napsala', end: 'napsal\\(a\\)|napsala|napsal' },
  // Portuguese: Em seg, 27 de jul de 2015 17:13, X <x@y> escreveu:
  { start: 'Em', stop: 'Em|escreveu', end: 'escreveu' },
  // Spanish: El jueves, 21 de noviembre de 2013, X escribió:
  { start: 'El', stop: 'El|escribió', end: 'escribió' },
  // Swedish / Danish / Norwegian: Den 5 juni 2017 kl. 12:22 skrev X <x@y>:
  { start: 'Den', sep: '[ \\t]+(?=[^\\n]{0,40}\\d)', stop: 'Den|skrev', end: 'skrev[^:]{0,200}' },
  // Hebrew (Gmail): בתאריך יום ב׳, 5 ביוני 2017 ב-12:22 מאת X <x@y>:
  { start: 'בתאריך', stop: 'בתאריך', end: 'מאת[^:]{1,200}|כתב\\/ה|כתבה|כתב' },
  // Hebrew (Apple Mail): ב-5 ביוני 2017, בשעה 12:22, X <x@y> כתב/ה:
  { start: 'ב-?(?=\\d)', sep: '', stop: 'כתב|כתבה', end: 'כתב\\/ה|כתבה|כתב' },
  // Japanese (Apple Mail): 2017/06/05 12:22、X <x@y>のメッセージ:
  { start: '\\d{4}[\\/年.-]', sep: '', stop: 'のメッセージ', end: 'のメッセージ' },
  // Finnish (Gmail): ma 5. kesäk. 2017 klo 12.22 X <x@y> kirjoitti:
  { start: 'ma|ti|ke|to|pe|la|su', sep: '\\.?[ \\t]+(?=\\d)', stop: 'kirjoitti', end: 'kirjoitti' },
];

function onDateSource(spec: OnDateSpec): string {
  const sep = spec.sep ?? '[ \\t]+';
  const stop = spec.stop ?? `${spec.start}|${spec.end}`;
  return (
    `^[ \\t<>-]*(?:${spec.start})${sep}` +
    `(?:(?!${word(stop)})[\\s\\S]){1,400}?` +
    `(?:${spec.end})[ \\t.:：>-]*$`
  );
}

const ON_DATE_SOMEONE_WROTE_SOURCES = ON_DATE_SOMEONE_WROTE_SPECS.map(onDateSource);

/** "Op 10 dec. 2015 18:35 schreef X <x@y>:", "Am 18.09.2013 um 16:24 schrieb X <x@y>:", "søn. 30. apr. 2017 kl. 00.26 skrev X <x@y>:" */
const ON_DATE_WROTE_SOMEONE_SOURCES = [
  '^[ \\t>]*Op\\s.{1,300}\\sschreef\\s[^:]{1,300}:',
  '^[ \\t>]*Am\\s.{1,300}\\sschrieb\\s[^:]{1,300}:',
  '^[ \\t>]*Den\\s.{1,300}\\sskrev\\s[^:]{1,300}:',
  // Scandinavian without "Den": søn. 30. apr. 2017 kl. 00.26 skrev …  /  mån 5 juni 2017 kl 12:22 skrev …
  '^[ \\t>]*\\p{L}{2,4}\\.?\\s(?=\\d).{1,200}\\skl\\.?\\s.{1,300}\\sskrev\\s[^:]{1,300}:',
];

/**
 * Unanchored "date … someone … wrote:" headers (may wrap once).
 * Russian "… пользователь X написал:", Polish "… napisał(a):", Ukrainian "… пише:".
 */
const DATE_SOMEONE_WROTE_SOURCES = [
  '\\d{4}.{1,80}пользователь.{0,80}\\n?.{0,80}?написал(?:а|\\(а\\))?:',
  '\\d{4}.{1,80}\\n?.{0,80}?napisał\\(a\\):',
  '\\d{4}.{1,80}\\n?.{0,80}?пише:',
];

/**
 * "X <x@y> wrote on Mon, 5 Jun 2017 at 12:22:" / "X <x@y> schrieb am Fr., 28. Apr. 2017 um 11:53 Uhr:".
 * A digit must follow "on"/"am" (a date) and the line must end with ":".
 */
const SOMEONE_WROTE_ON_DATE_SOURCES = [
  `^[^\\n]{1,300}?${word('wrote')}\\s+on(?!${W})(?=[^:]{0,60}\\d)[\\s\\S]{1,300}?:[ \\t]*$`,
  `^[^\\n]{1,300}?${word('schrieb')}\\s+am(?!${W})(?=[^:]{0,60}\\d)[\\s\\S]{1,300}?:[ \\t]*$`,
];

/** "2015-10-18 0:17 GMT+03:00 X <x@y>:", "2013/10/2 X <x@y>", "вт, 5 янв. 2016 г. в 23:39, X <x@y>:" */
const DATE_SOMEONE_EMAIL_SOURCE = '\\d{4}.{1,80}\\s?<[^@<>]{1,200}@[^@<>.]{1,200}\\.[^@<>]{1,200}>:?$';

/** The patterns whose matches may span several lines and are joined into one line first. */
export const JOINABLE_HEADER_REGEXES: readonly RegExp[] = [
  ...ON_DATE_SOMEONE_WROTE_SOURCES,
  ...SOMEONE_WROTE_ON_DATE_SOURCES,
  ...DATE_SOMEONE_WROTE_SOURCES,
  DATE_SOMEONE_EMAIL_SOURCE,
].map((s) => new RegExp(s, 'gimu'));

/** Begin forwarded message / -----Original Message----- and friends. */
const SEPARATOR_NAMES = [
  'Forwarded\\s+message',
  'Original\\s+message',
  'Reply\\s+message',
  'Message\\s+transféré',
  'Message\\s+d.origine',
  'Message\\s+original',
  'Ursprüngliche\\s+Nachricht',
  'Weitergeleitete\\s+Nachricht',
  'Mensaje\\s+original',
  'Mensaje\\s+reenviado',
  'Mensagem\\s+original',
  'Mensagem\\s+encaminhada',
  'Messaggio\\s+originale',
  'Messaggio\\s+inoltrato',
  'Oorspronkelijk\\s+bericht',
  'Origineel\\s+bericht',
  'Doorgestuurd\\s+bericht',
  'Ursprungligt\\s+meddelande',
  'Vidarebefordrat\\s+meddelande',
  'Opprinnelig\\s+melding',
  'Videresendt\\s+melding',
  'Oprindelig\\s+meddelelse',
  'Videresendt\\s+meddelelse',
  'Alkuperäinen\\s+viesti',
  'Välitetty\\s+viesti',
  'Oryginalna\\s+wiadomość',
  'Wiadomość\\s+przekazana',
  'Původní\\s+zpráva',
  'Přeposlaná\\s+zpráva',
  'Исходное\\s+сообщение',
  'Пересылаемое\\s+сообщение',
  'Переслане\\s+повідомлення',
  'הודעה\\s+מקורית',
  'הודעה\\s+שהועברה',
  'הודעה\\s+מועברת',
  '原始邮件',
  '原始郵件',
  '转发的邮件',
  '轉寄的郵件',
  '元のメッセージ',
  '転送されたメッセージ',
  'Orijinal\\s+ileti',
  '원본\\s*메시지',
];

const FORWARDED_SOURCES = [
  '^[ \\t>]*Begin\\s+forwarded\\s+message\\s*:',
  '^[ \\t>]*Début\\s+du\\s+message\\s+(?:transféré|réexpédié)\\s*:',
  '^[ \\t>]*Anfang\\s+der\\s+weitergeleiteten\\s+(?:Nachricht|E-Mail)\\s*:',
  '^[ \\t>]*Inizio\\s+messaggio\\s+inoltrato\\s*:',
  '^[ \\t>]*Begin\\s+doorgestuurd\\s+bericht\\s*:',
  '^[ \\t>]*Vidarebefordrat\\s+brev\\s*:',
  '^[ \\t>]*Videresendt\\s+(?:meddelelse|melding)\\s*:',
  '^[ \\t>]*Comienzo\\s+del\\s+mensaje\\s+reenviado\\s*:',
  '^[ \\t>]*Início\\s+da\\s+mensagem\\s+reencaminhada\\s*:',
  '^[ \\t>]*Välitetty\\s+viesti\\s+alkaa\\s*:',
  '^[ \\t>]*Начало\\s+переадресованного\\s+сообщения\\s*:',
  '^[ \\t>]*תחילת\\s+הודעה\\s+שהועברה\\s*:',
  '^[ \\t>]*转发的邮件\\s*[:：]',
  '^[ \\t>]*転送されたメッセージ\\s*[:：]',
  `^[ \\t>*]*-{2,}[ \\t]*(?:${SEPARATOR_NAMES.join('|')})[ \\t]*-{2,}`,
];

/**
 * Everything that marks the start of an embedded (quoted or forwarded) email:
 * one regex per line, anchored patterns first.
 */
const EMBEDDED_SOURCES = [
  ...ON_DATE_SOMEONE_WROTE_SOURCES,
  ...ON_DATE_WROTE_SOMEONE_SOURCES,
  ...DATE_SOMEONE_WROTE_SOURCES,
  DATE_SOMEONE_EMAIL_SOURCE,
  ...SOMEONE_WROTE_ON_DATE_SOURCES,
  // 2016-03-03 17:21 GMT+01:00 Some One
  `^[ \\t>]*20\\d\\d-\\d\\d-\\d\\d \\d\\d:\\d\\d GMT\\+\\d\\d:\\d\\d [\\p{L}\\p{N}_ \\t]+$`,
  // codinghorror via Discourse Meta wrote:   /   X via Y <x@y> schrieb:
  '^(?=.{0,600}(?:wrote|schrieb):?[ \\t]*$).{1,300}? via .{1,300}?(?:wrote|schrieb):?[ \\t]*$',
  // Some One <info@discourse.org> wrote:   /   Gavin Sinclair (gsinclair@soyabean.com.au) wrote:
  '^(?=.{0,600}wrote:?$).{1,300}?(?<![\\w.+-])[\\w.+-]{1,64}@[\\w.-]{1,255}\\.\\w{2,}\\b.{1,300}?wrote:?$',
  // Posted by mpalmer on 01/21/2016
  '^[ \\t>]*Posted by .{1,200} on \\d{2}\\/\\d{2}\\/\\d{4}$',
  // Finnish (Outlook / Apple Mail): X kirjoitti 5.6.2017 kello 12.22:   /   X kirjoitti:
  `^[ \\t>]*.{1,250}?${word('kirjoitti')}[^:]{0,80}:[ \\t]*$`,
  // Hebrew: … X כתב: / כתבה: / כתב/ה:  (needs a date digit or an address on the line)
  '^(?=.{0,300}[\\d@])[ \\t>]*.{1,300}?(?<![\\p{L}])(?:כתב\\/ה|כתבה|כתב)[ \\t]*:[ \\t]*$',
  // Japanese: … X <x@y>のメッセージ:
  '^[ \\t>]*.{1,300}?のメッセージ[ \\t]*[:：][ \\t]*$',
  // Turkish: X <x@y>, 5 Haz 2017 Pzt, 12:22 tarihinde şunu yazdı:
  '^[ \\t>]*.{1,300}?şunu\\s+yazdı[ \\t]*:[ \\t]*$',
  // Korean: 2017년 6월 5일 (월) 오후 12:22, X <x@y>님이 작성:
  '^[ \\t>]*.{1,300}?님이\\s*작성[ \\t]*:[ \\t]*$',
  // Swedish etc. with the date first but no "Den": 5 juni 2017 12:22 skrev X <x@y>:
  `^[ \\t>]*.{0,100}\\d{4}.{0,100}?${word('skrev')}[^:]{0,200}:[ \\t]*$`,
  ...FORWARDED_SOURCES,
];

const EMBEDDED_REGEXES: readonly RegExp[] = EMBEDDED_SOURCES.map((s) => new RegExp(s, 'iu'));
export const __EMBEDDED_REGEXES = EMBEDDED_REGEXES;

/** Whether a classification line opens an embedded email (quote header, forward/original separator). */
export function isEmbeddedEmailLine(line: string): boolean {
  for (const r of EMBEDDED_REGEXES) if (r.test(line)) return true;
  return false;
}

/** Outlook-style header names whose value contains a date (upstream matches these case-sensitively). */
const HEADER_WITH_DATE_NAMES = [
  'Sendt', 'Sent', 'Date', 'Le', 'Gesendet', 'Datum', 'Enviada\\s+em', 'Enviado', 'Fecha', 'Data',
  'Skickat', 'Envoyé', 'Envoyé\\s+le', 'Verzonden', 'Lähetetty', 'Päivämäärä', 'Wysłano', 'Wysłane',
  'Odesláno', 'Отправлено', 'Дата', 'Надіслано', 'נשלח', 'תאריך', '发送时间', '發送時間', '寄件日期',
  '日期', '時間', '送信日時', '日付', 'Gönderildi', 'Tarih', '보낸\\s*날짜',
];

/** Outlook-style header names with a text value. */
const HEADER_WITH_TEXT_NAMES = [
  // Danish / Norwegian
  'Fra', 'Til', 'Emne', 'Kopi', 'Svar\\s+til',
  // English
  'From', 'To', 'Cc', 'Bcc', 'Reply-To', 'Subject',
  // French
  'De', 'Expéditeur', 'À', 'Destinataire', 'Répondre\\s+à', 'Objet', 'Cc\\s*', 'Copie\\s+à',
  // German
  'Von', 'An', 'Betreff', 'Kopie', 'Antwort\\s+an',
  // Portuguese / Spanish
  'Para', 'Assunto', 'Asunto', 'Responder\\s+a',
  // Italian
  'Da', 'Risposta', 'A', 'Oggetto',
  // Dutch
  'Van', 'Beantwoorden\\s+-\\s+Aan', 'Aan', 'Onderwerp',
  // Swedish
  'Från', 'Till', 'Ämne', 'Kopia', 'Svara\\s+till',
  // Finnish
  'Lähettäjä', 'Vastaanottaja', 'Aihe', 'Kopio',
  // Polish / Czech
  'Od', 'Do', 'Temat', 'DW', 'Komu', 'Předmět',
  // Russian / Ukrainian
  'От', 'Кому', 'Тема', 'Копия', 'Від', 'Кому',
  // Hebrew
  'מאת', 'אל', 'נושא', 'עותק',
  // Chinese
  '发件人', '收件人', '主题', '抄送', '寄件者', '收件者', '主旨', '副本',
  // Japanese
  '差出人', '宛先', '件名',
  // Turkish / Korean
  'Kimden', 'Kime', 'Konu', '보낸\\s*사람', '받는\\s*사람', '제목',
];

const HEADER_WITH_DATE_REGEX = new RegExp(
  `^[ \\t*]*(?:${HEADER_WITH_DATE_NAMES.join('|')})[ \\t*]*[:：].{0,300}\\d`,
  'u',
);
const HEADER_WITH_TEXT_REGEX = new RegExp(
  `^[ \\t*]*(?:${HEADER_WITH_TEXT_NAMES.join('|')})[ \\t*]*[:：].{0,300}[\\p{L}\\p{N}_]`,
  'iu',
);

/** Whether a classification line is an email header line ("From: …", "Gesendet: …", "נושא: …"). */
export function isEmailHeaderLine(line: string): boolean {
  return HEADER_WITH_DATE_REGEX.test(line) || HEADER_WITH_TEXT_REGEX.test(line);
}

/** Mobile / client footers ("Sent from my iPhone" in many languages). */
const SIGNATURE_SOURCES = [
  // Chinese
  '^[ \\t]*從我的\\s?\\S{1,30}\\s?傳送',
  '^[ \\t]*发自我的',
  '^[ \\t]*發自我的',
  '^[ \\t]*从我的\\s?\\S{1,30}\\s?发送',
  // English
  '^[ \\t]*[\\p{L}\\p{N}_]+ from mobile',
  '^[ \\t]*[(<]*Sent (?:from|via|with|by) .+',
  '^[ \\t]*From my .{1,20}$',
  '^[ \\t]*Get Outlook for ',
  // French
  '^[ \\t]*Envoyé depuis (?:mon|ma|Yahoo Mail|Outlook)',
  '^[ \\t]*Envoyé de mon ',
  '^[ \\t]*Envoyé à partir de ',
  // German
  '^[ \\t]*Von meinem .+ gesendet',
  '^[ \\t]*Diese Nachricht wurde von .+ gesendet',
  '^[ \\t]*Gesendet von (?:meinem|Mail|Outlook|Yahoo|iPhone|iPad|Android)',
  // Italian / Norwegian / Danish / Portuguese / Spanish / Dutch
  '^[ \\t]*Inviato da ',
  '^[ \\t]*Sendt fra (?:min|Outlook|Mail)',
  '^[ \\t]*Enviado do meu ',
  '^[ \\t]*Enviado desde mi ',
  '^[ \\t]*Enviado desde (?:Outlook|Yahoo|Correo)',
  '^[ \\t]*Verzonden (?:met|vanaf) ',
  '^[ \\t]*Verstuurd vanaf mijn ',
  // Swedish
  '^[ \\t]*från min ',
  '^[ \\t]*Skickat från ',
  // Hebrew: נשלח מה-iPhone שלי / נשלח מ-Outlook
  '^[ \\t]*נשלח מ',
  // Japanese: iPhoneから送信
  '^[ \\t]*\\S{1,30}\\s?から送信[ \\t]*$',
  // Finnish / Polish / Czech / Russian / Turkish / Korean
  '^[ \\t]*Lähetetty \\S{1,30}(?:sta|stä)\\b',
  '^[ \\t]*Wysłane z ',
  '^[ \\t]*Wysłano z ',
  '^[ \\t]*Odesláno z ',
  '^[ \\t]*Отправлено с ',
  '^[ \\t]*\\S{1,30} gönderildi[ \\t.]*$',
  '^[ \\t]*\\S{1,30}에서 보냄[ \\t]*$',
];

const SIGNATURE_REGEXES: readonly RegExp[] = SIGNATURE_SOURCES.map((s) => new RegExp(s, 'iu'));
const MARKDOWN_LINK = /\[([^\]\n]{1,300})\]\([^)\n]{1,2000}\)/g;

/** Whether a classification line is a mobile / client signature line. */
export function isSignatureLine(line: string): boolean {
  if (line.length > 300) return false;
  const stripped = line.includes('](') ? line.replace(MARKDOWN_LINK, '$1') : line;
  for (const r of SIGNATURE_REGEXES) if (r.test(stripped)) return true;
  return false;
}

/** A line made only of delimiter characters: "--", "-- ", "____", "====", "ᐧ", "—", … */
export const DELIMITER_REGEX = /^[ \t]*[-_,=+~#*ᐧ—]+[ \t]*$/u;
/** A "-- " style signature delimiter. */
export const SIGNATURE_DELIMITER_REGEX = /^[ \t]*--[ \t]*$/;
export const EMPTY_REGEX = /^[ \t]*$/;
export const QUOTE_REGEX = /^[ \t]*>/;
