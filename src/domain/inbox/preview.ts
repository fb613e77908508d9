// The one line a conversation list shows: what the message says, not how it greets.
import { escapeRegex } from '../regex.ts';

/** Opening words of a salutation (lower case), in the languages customers write in. */
const GREETINGS = [
  // English
  'hi',
  'hello',
  'hey',
  'dear',
  'greetings',
  'good morning',
  'good afternoon',
  'good evening',
  'to whom it may concern',
  // Swedish
  'hej',
  'hejsan',
  'hallå',
  'tjena',
  'god morgon',
  'god dag',
  'goddag',
  'god kväll',
  'bästa',
  'kära',
  // German
  'hallo',
  'liebe',
  'lieber',
  'sehr geehrte',
  'sehr geehrter',
  'guten morgen',
  'guten tag',
  'guten abend',
  'moin',
  'servus',
  // French
  'bonjour',
  'bonsoir',
  'salut',
  'cher',
  'chère',
  'madame',
  'monsieur',
  // Hebrew
  'שלום',
  'היי',
  'הי',
  'בוקר טוב',
  'ערב טוב',
  'לכבוד',
  // Chinese
  '你好',
  '您好',
  '尊敬的',
  '亲爱的',
  '嗨',
];

const GREETING = `(?:${GREETINGS.map(escapeRegex).join('|')})`;
/** A name after the greeting: up to four words ("Anna", "Frau Müller", "Damen und Herren"). */
const NAME = String.raw`(?:\s+[\p{L}\p{M}][\p{L}\p{M}.'’-]*){0,4}`;
const PUNCTUATION = String.raw`[,!.:;，！。：、]`;
/** "Hi Anna," or "Hej!" or "Dear team" alone, or followed by the message on the same line. */
const SALUTATION = new RegExp(String.raw`^${GREETING}${NAME}\s*(?:${PUNCTUATION}+\s*(.*)|$)`, 'iu');
/** Chinese puts the name first: "王先生，您好！". */
const CHINESE_SALUTATION = new RegExp(String.raw`^[\p{Script=Han}\s，,]{0,8}(?:你好|您好)${PUNCTUATION}*\s*(.*)$`, 'u');
/** Japanese letters open with the addressee alone on a line ("Acme サポート ご担当者様") and a set phrase. */
const JAPANESE_ADDRESSEE = /^.{1,30}(?:様|御中)\s*[,、:：]?$/u;
const JAPANESE_OPENING = new RegExp(String.raw`^(?:いつも|大変)?(?:お世話になっております|お世話になります)${PUNCTUATION}*\s*(.*)$`, 'u');

/** The line without its salutation: "" when it is only a greeting, the line itself when it has none. */
export function withoutSalutation(line: string): string {
  if (JAPANESE_ADDRESSEE.test(line)) return '';
  const japanese = JAPANESE_OPENING.exec(line);
  if (japanese) return japanese[1]!.trim();
  const match = SALUTATION.exec(line) ?? CHINESE_SALUTATION.exec(line);
  if (!match) return line;
  // A greeting word that goes on without punctuation ("Hey there is a bug") is text, not a salutation.
  if (match[1] === undefined && line.split(/\s+/).length > 3) return line;
  return (match[1] ?? '').trim();
}

/**
 * The first meaningful line of a message, shortened for lists: quotes and the salutation
 * ("Hi,", "Hej Anna!", "שלום,", "您好！") skipped; the greeting itself when nothing else is there.
 */
export function previewLine(text: string | null | undefined, max = 140): string {
  const lines = (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('>'));
  const meaningful = lines.map(withoutSalutation).find((l) => l.length > 0);
  const line = meaningful ?? lines[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}
