/**
 * Signature material: delimiter lines, mobile / client footers ("Sent from my iPhone" in
 * many languages) and sign-off lines. Footer patterns ported from and extending
 * discourse/email_reply_trimmer (MIT, see THIRD_PARTY_NOTICES.md).
 */

/** Mobile / client footers ("Sent from my iPhone" in many languages); each is anchored at the line start (after blanks). */
const SIGNATURE_SOURCES = [
  // Chinese
  '從我的\\s?\\S{1,30}\\s?傳送',
  '发自我的',
  '發自我的',
  '从我的\\s?\\S{1,30}\\s?发送',
  // English
  '[\\p{L}\\p{N}_]+ from mobile',
  '[(<]*Sent (?:from|via|with|by) .+',
  'From my .{1,20}$',
  'Get Outlook for ',
  // French
  'Envoyé depuis (?:mon|ma|Yahoo Mail|Outlook)',
  'Envoyé de mon ',
  'Envoyé à partir de ',
  // German
  'Von meinem .+ gesendet',
  'Diese Nachricht wurde von .+ gesendet',
  'Gesendet von (?:meinem|Mail|Outlook|Yahoo|iPhone|iPad|Android)',
  // Italian / Norwegian / Danish / Portuguese / Spanish / Dutch
  'Inviato da ',
  'Sendt fra (?:min|Outlook|Mail)',
  'Enviado do meu ',
  'Enviado desde mi ',
  'Enviado desde (?:Outlook|Yahoo|Correo)',
  'Verzonden (?:met|vanaf) ',
  'Verstuurd vanaf mijn ',
  // Swedish
  'från min ',
  'Skickat från ',
  // Hebrew: נשלח מה-iPhone שלי / נשלח מ-Outlook
  'נשלח מ',
  // Japanese: iPhoneから送信
  '\\S{1,30}\\s?から送信[ \\t]*$',
  // Finnish / Polish / Czech / Russian / Turkish / Korean
  'Lähetetty \\S{1,30}(?:sta|stä)\\b',
  'Wysłane z ',
  'Wysłano z ',
  'Odesláno z ',
  'Отправлено с ',
  '\\S{1,30} gönderildi[ \\t.]*$',
  '\\S{1,30}에서 보냄[ \\t]*$',
];

/** All footer patterns as one alternation: one regex run per line. */
const SIGNATURE_REGEX = new RegExp(`^[ \\t]*(?:${SIGNATURE_SOURCES.join('|')})`, 'iu');
const MARKDOWN_LINK = /\[([^\]\n]{1,300})\]\([^)\n]{1,2000}\)/g;

/** Whether a classification line is a mobile / client signature line. */
export function isSignatureLine(line: string): boolean {
  if (line.length > 300) return false;
  const stripped = line.includes('](') ? line.replace(MARKDOWN_LINK, '$1') : line;
  return SIGNATURE_REGEX.test(stripped);
}

/** A line made only of delimiter characters: "--", "-- ", "____", "====", "ᐧ", "—", … */
export const DELIMITER_REGEX = /^[ \t]*[-_,=+~#*ᐧ—]+[ \t]*$/u;
/** A "-- " style signature delimiter. */
export const SIGNATURE_DELIMITER_REGEX = /^[ \t]*--[ \t]*$/;

/** Closing words that open a sign-off ("Regards, Roman", "Mit freundlichen Grüßen", "בברכה"). */
const SIGN_OFF_WORDS = [
  '(?:best|kind|warm|many)\\s+(?:regards|wishes|thanks)',
  'regards',
  'thanks',
  'thank\\s+you',
  'cheers',
  'sincerely',
  'yours(?:\\s+(?:truly|sincerely))?',
  'best',
  'cordialement',
  'bien\\s+à\\s+vous',
  'amicalement',
  'salutations',
  'saludos',
  'un\\s+saludo',
  'atentamente',
  'cumprimentos',
  'atenciosamente',
  'abraços',
  '(?:viele|liebe|beste|freundliche)\\s+grüße',
  'mit\\s+freundlichen\\s+grüßen',
  'grüße',
  'gruß',
  'mvh',
  'med\\s+vänlig\\s+hälsning',
  'vänliga\\s+hälsningar',
  'hälsningar',
  'hilsen',
  'med\\s+venlig\\s+hilsen',
  '(?:met\\s+)?vriendelijke\\s+groet(?:en)?',
  'groeten',
  'cordiali\\s+saluti',
  'distinti\\s+saluti',
  'saluti',
  'pozdrawiam',
  's\\s+pozdravem',
  'с\\s+уважением',
  'ystävällisin\\s+terveisin',
  'terveisin',
  'בברכה',
  'תודה',
  '谢谢',
  '此致',
  'よろしくお願いします',
];
/** A sign-off line: a closing word, then at most a short name ("Regards, Roman"), not a sentence. */
const SIGN_OFF_REGEX = new RegExp(`^[ \\t]*(?:${SIGN_OFF_WORDS.join('|')})(?=[\\s,.!]|$)[^\\n]{0,40}$`, 'iu');

/** Whether a classification line opens a sign-off. */
export function isSignOffLine(line: string): boolean {
  return SIGN_OFF_REGEX.test(line);
}
