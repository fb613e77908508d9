/**
 * Email header lines of a quoted message ("From: …", "Gesendet: …", "נושא: …") in many
 * languages. Ported from and extending discourse/email_reply_trimmer (MIT, see
 * THIRD_PARTY_NOTICES.md).
 */

/** Outlook-style header names whose value contains a date (upstream matches these case-sensitively). */
const HEADER_WITH_DATE_NAMES = [
  'Sendt',
  'Sent',
  'Date',
  'Le',
  'Gesendet',
  'Datum',
  'Enviada\\s+em',
  'Enviado',
  'Fecha',
  'Data',
  'Skickat',
  'Envoyé',
  'Envoyé\\s+le',
  'Verzonden',
  'Lähetetty',
  'Päivämäärä',
  'Wysłano',
  'Wysłane',
  'Odesláno',
  'Отправлено',
  'Дата',
  'Надіслано',
  'נשלח',
  'תאריך',
  '发送时间',
  '發送時間',
  '寄件日期',
  '日期',
  '時間',
  '送信日時',
  '日付',
  'Gönderildi',
  'Tarih',
  '보낸\\s*날짜',
];

/** Outlook-style header names with a text value. */
const HEADER_WITH_TEXT_NAMES = [
  // Danish / Norwegian
  'Fra',
  'Til',
  'Emne',
  'Kopi',
  'Svar\\s+til',
  // English
  'From',
  'To',
  'Cc',
  'Bcc',
  'Reply-To',
  'Subject',
  // French
  'De',
  'Expéditeur',
  'À',
  'Destinataire',
  'Répondre\\s+à',
  'Objet',
  'Cc\\s*',
  'Copie\\s+à',
  // German
  'Von',
  'An',
  'Betreff',
  'Kopie',
  'Antwort\\s+an',
  // Portuguese / Spanish
  'Para',
  'Assunto',
  'Asunto',
  'Responder\\s+a',
  // Italian
  'Da',
  'Risposta',
  'A',
  'Oggetto',
  // Dutch
  'Van',
  'Beantwoorden\\s+-\\s+Aan',
  'Aan',
  'Onderwerp',
  // Swedish
  'Från',
  'Till',
  'Ämne',
  'Kopia',
  'Svara\\s+till',
  // Finnish
  'Lähettäjä',
  'Vastaanottaja',
  'Aihe',
  'Kopio',
  // Polish / Czech
  'Od',
  'Do',
  'Temat',
  'DW',
  'Komu',
  'Předmět',
  // Russian / Ukrainian
  'От',
  'Кому',
  'Тема',
  'Копия',
  'Від',
  'Кому',
  // Hebrew
  'מאת',
  'אל',
  'נושא',
  'עותק',
  // Chinese
  '发件人',
  '收件人',
  '主题',
  '抄送',
  '寄件者',
  '收件者',
  '主旨',
  '副本',
  // Japanese
  '差出人',
  '宛先',
  '件名',
  // Turkish / Korean
  'Kimden',
  'Kime',
  'Konu',
  '보낸\\s*사람',
  '받는\\s*사람',
  '제목',
];

const HEADER_WITH_DATE_REGEX = new RegExp(`^[ \\t*]*(?:${HEADER_WITH_DATE_NAMES.join('|')})[ \\t*]*[:：].{0,300}\\d`, 'u');
const HEADER_WITH_TEXT_REGEX = new RegExp(`^[ \\t*]*(?:${HEADER_WITH_TEXT_NAMES.join('|')})[ \\t*]*[:：].{0,300}[\\p{L}\\p{N}_]`, 'iu');

/** Whether a classification line is an email header line ("From: …", "Gesendet: …", "נושא: …"). */
export function isEmailHeaderLine(line: string): boolean {
  return HEADER_WITH_DATE_REGEX.test(line) || HEADER_WITH_TEXT_REGEX.test(line);
}

/** Header names of the sender, the field a quoted header block opens with. */
const FROM_NAMES = [
  'From',
  'Von',
  'De',
  'Expéditeur',
  'Fra',
  'Från',
  'Van',
  'Da',
  'Od',
  'Lähettäjä',
  'От',
  'Від',
  'מאת',
  '发件人',
  '寄件者',
  '差出人',
  'Kimden',
  '보낸\\s*사람',
];
const FROM_HEADER_REGEX = new RegExp(`^[ \\t*]*(?:${FROM_NAMES.join('|')})[ \\t*]*[:：]`, 'iu');
/** A dated header field after other text on the line ("… Date: Thu, 24 Mar 2016"). */
const LATER_DATE_FIELD_REGEX = new RegExp(`\\s[*]?(?:${HEADER_WITH_DATE_NAMES.join('|')})[ \\t*]*[:：].{0,300}\\d`, 'u');

/** Whether a header line carries a date ("Date:", "Sent:", "Gesendet:", …). */
export function isDateHeaderLine(line: string): boolean {
  return HEADER_WITH_DATE_REGEX.test(line);
}

/** A whole header block on one line, as an HTML header block renders: "From: X Date: Thu, 24 Mar 2016 …". */
export function isOneLineHeaderBlock(line: string): boolean {
  return FROM_HEADER_REGEX.test(line) && LATER_DATE_FIELD_REGEX.test(line);
}
