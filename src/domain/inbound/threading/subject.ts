// Subject lines as a threading key, and the out-of-office subjects mail clients write.
// Pure string work, identical on Workers, Node and Deno.
import { escapeRegex } from '../../regex.ts';

/**
 * Reply and forward prefixes mail clients put in front of a subject, in many languages
 * (Outlook, Gmail, Apple Mail, Thunderbird, Lotus Notes, Foxmail, Naver …). Matched
 * case-insensitively and only when followed by an optional counter and a colon, so a word
 * like "Ref" or "Tr" inside a subject is never touched.
 */
const PREFIX_WORDS = [
  // English and most clients; Outlook's localized reply / forward pairs
  're',
  'fw',
  'fwd',
  'aw',
  'wg', // German
  'sv',
  'vs',
  'vb',
  'fs', // Swedish, Norwegian, Danish, Icelandic (VS is also Finnish "vastaus")
  'vl', // Finnish forward
  'antw',
  'doorst', // Dutch
  'tr',
  'réf',
  'ref', // French
  'rif',
  'r', // Italian
  'rv', // Spanish forward
  'res',
  'enc', // Portuguese
  'odp',
  'pd', // Polish
  'ynt',
  'ilt',
  'İlt', // Turkish
  'vá',
  'tov', // Hungarian
  'atb',
  'pārs',
  'ats',
  'pers', // Latvian, Lithuanian
  'bls',
  'trs', // Indonesian
  'odg',
  'одг',
  'прсл', // Croatian, Serbian
  'απ',
  'σχετ',
  'πρθ', // Greek
  'תשובה',
  'השב',
  'הועבר', // Hebrew
  'رد', // Arabic
  '回复',
  '回覆',
  '答复',
  '答覆',
  '转发',
  '轉寄',
  '轉發', // Chinese
  '返信',
  '転送', // Japanese
  '회신',
  '전달', // Korean
];

const PREFIX_ALTERNATION = [...new Set(PREFIX_WORDS)]
  // Longest first, so "fwd" wins over "fw" and "antwort" over "antw".
  .sort((a, b) => b.length - a.length)
  .map(escapeRegex)
  .join('|');

/**
 * One prefix at the start: any "[TAG]" labels (only when a prefix follows them), the prefix
 * word, an optional counter "[2]", "(3)" or "^2", then an ASCII or full-width colon. No two
 * unbounded runs of the same characters sit next to each other, so a failing match is linear
 * (a subject of "Re" and 100 000 spaces must not take seconds).
 */
const LEADING_PREFIX = new RegExp(
  String.raw`[\s\u00a0]*(?:\[[^\[\]\r\n]{0,64}\][\s\u00a0]*)*(?:${PREFIX_ALTERNATION})[ \t\u00a0]*` +
    String.raw`(?:(?:\[\d{1,4}\]|\(\d{1,4}\)|\^\d{1,4})[ \t\u00a0]*)?[:：]`,
  // sticky: matched at a moving position instead of slicing the string after every prefix
  'iuy',
);

const WHITESPACE_RUN = /[\s\u00a0\u3000]+/gu;

/**
 * The subject as a threading key: reply/forward prefixes stripped (repeatedly, so
 * "Re: Fwd: AW: x" → "x"), whitespace collapsed, trimmed and lower-cased. "[EXTERNAL]"-style
 * tags stay unless a prefix follows them ("[EXTERNAL] RE: x" → "x", "[dev] x" → "[dev] x").
 */
export function normalizeSubject(subject: string | null | undefined): string {
  if (!subject) return '';
  let position = 0;
  // Each match consumes at least the colon, so this ends after at most subject.length passes.
  for (;;) {
    LEADING_PREFIX.lastIndex = position;
    if (!LEADING_PREFIX.test(subject)) break;
    position = LEADING_PREFIX.lastIndex;
  }
  const rest = position > 0 ? subject.slice(position) : subject;
  return rest.replace(WHITESPACE_RUN, ' ').trim().toLowerCase();
}

/**
 * Subjects that out-of-office and other auto-responders put in front of (or instead of) the
 * original subject. "Strong" phrases only ever mean an automatic reply and may be followed by
 * anything; "weak" words ("Absence", "不在") could start a human subject, so they count only
 * when a colon or dash follows or they are the whole subject.
 */
const STRONG_OOO = [
  // English
  'out of (?:the )?office',
  'out-of-office',
  'ooo:',
  'automatic reply',
  'automated reply',
  'auto[- ]?reply',
  'auto[- ]?respon',
  'away from (?:the |my )?office',
  'vacation (?:reply|response|notice|message)',
  // Swedish, Norwegian, Danish, Finnish, Icelandic
  'autosvar',
  'automatiskt svar',
  'automatisk svar',
  'automatisk besvarelse',
  'frånvaromeddelande',
  'inte på kontoret',
  'fraværsmelding',
  'ikke på kontoret',
  'ikke til stede',
  'automaattinen vastaus',
  'poissa toimistolta',
  'sjálfvirkt svar',
  // German, Dutch
  'abwesenheitsnotiz',
  'automatische antwort',
  'abwesenheitsmeldung',
  'nicht im büro',
  'automatisch antwoord',
  'afwezigheidsbericht',
  'buiten kantoor',
  // French, Spanish, Portuguese, Italian, Romanian, Catalan
  'réponse automatique',
  'reponse automatique',
  "message d'absence",
  'absent du bureau',
  'respuesta automática',
  'respuesta automatica',
  'fuera de la oficina',
  'fuera de oficina',
  'resposta automática',
  'resposta automatica',
  'fora do escritório',
  'risposta automatica',
  'risposta:? non al computer',
  'fuori sede',
  "fuori dall'ufficio",
  'fuori ufficio',
  'răspuns automat',
  'resposta automàtica',
  // Polish, Czech, Slovak, Hungarian, Croatian, Slovenian, Turkish, Greek, Russian, Ukrainian
  'odpowiedź automatyczna',
  'automatyczna odpowiedź',
  'poza biurem',
  'automatická odpověď',
  'mimo kancelář',
  'automatická odpoveď',
  'automatikus válasz',
  'házon kívül',
  'automatski odgovor',
  'izvan ureda',
  'samodejni odgovor',
  'otomatik yanıt',
  'otomatik cevap',
  'ofis dışında',
  'αυτόματη απάντηση',
  'εκτός γραφείου',
  'автоматический ответ',
  'автоответ',
  'вне офиса',
  'автоматична відповідь',
  // Hebrew, Arabic, Persian
  'תשובה אוטומטית',
  'מחוץ למשרד',
  'رد تلقائي',
  'الرد التلقائي',
  'خارج المكتب',
  'پاسخ خودکار',
  // Chinese, Japanese, Korean, Thai, Vietnamese, Indonesian
  '自动回复',
  '自動回覆',
  '自動回復',
  '自动答复',
  '自動答覆',
  '自动应答',
  '不在办公室',
  '不在辦公室',
  '自動応答',
  '自動返信',
  '不在通知',
  '不在のお知らせ',
  '자동 ?회신',
  '자동 ?응답',
  '부재중',
  'ตอบกลับอัตโนมัติ',
  'trả lời tự động',
  'balasan otomatis',
];

const WEAK_OOO = [
  'absence',
  'absent',
  'abwesend',
  'abwesenheit',
  'afwezig',
  'ausente',
  'ausencia',
  'ausência',
  'assente',
  'assenza',
  'frånvaro',
  'nieobecność',
  'nepřítomnost',
  'odsoten',
  'היעדרות',
  'отпуск',
  'vacation',
  'urlaub',
  'vacances',
  'vacaciones',
  'férias',
  'congés',
  '不在',
  '休假',
  '请假',
];

const OOO_SUBJECT = new RegExp(
  String.raw`^[\s\u00a0]*(?:\[[^\[\]\r\n]{0,64}\][\s\u00a0]*)*` +
    String.raw`(?:(?:${STRONG_OOO.join('|')})|(?:${WEAK_OOO.map(escapeRegex).join('|')})` +
    String.raw`(?:[ \t\u00a0]*[:：]|[ \t\u00a0]+[-–—]|[ \t\u00a0]*$))`,
  'iu',
);

/** Lotus Notes' "AUTO: Name is out of the office": upper case only, "Auto: …" may be about a car. */
const NOTES_AUTO_SUBJECT = /^[\s\u00a0]*AUTO:[ \t\u00a0]/u;

/** Whether a subject reads like an out-of-office / automatic reply, in any common language. */
export function isOutOfOfficeSubject(subject: string | null | undefined): boolean {
  if (!subject) return false;
  return OOO_SUBJECT.test(subject) || NOTES_AUTO_SUBJECT.test(subject);
}
