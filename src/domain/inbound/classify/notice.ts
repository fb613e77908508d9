// What a free-text failure notice says: the failed recipients, the status code, the
// diagnostic line, and whether the failure is permanent (hard) or temporary (soft).
import { DELAY_SUBJECT, ENHANCED_STATUS, HARD_TEXT, QUOTA, SMTP_CODE, SOFT_TEXT } from './bounce-patterns.ts';
import type { MailView } from './mail-view.ts';
import { splitAtOriginal } from './returned-message.ts';
import { ADDRESS_SOURCE, cleanAddress, findAddresses } from './text.ts';

const ADDRESS = ADDRESS_SOURCE;

interface RecipientPattern {
  re: RegExp;
  /** Strong patterns name the failed recipient for sure; only the notice's own sender is skipped. */
  strong: boolean;
}

const RECIPIENT_PATTERNS: RecipientPattern[] = [
  // "<user@host>:" (qmail, Yahoo, Postfix "<a@b> (expanded from <c@d>): host … said")
  { re: new RegExp(String.raw`^[ \t]*<(${ADDRESS})>(?:[ \t]*\(expanded from[^)\n]{0,300}\))?[ \t]*:`, 'gm'), strong: true },
  // a line holding just 'a@b:' or '"a@b":' (Exim, GMX, 1&1 list each failed address so)
  { re: new RegExp(String.raw`^[ \t]*"?(${ADDRESS})"?:[ \t]*$`, 'gm'), strong: true },
  // "Final-Recipient: rfc822; a@b", "Failed Recipient: a@b", "Recipient address: a@b", "Original-Recipient:"
  {
    re: new RegExp(
      String.raw`(?:final|original|failed|invalid|unknown|intended)?[- ]?recipient(?: address| email| e-mail)?` +
        String.raw`[ \t]*:[ \t]*(?:rfc822;[ \t]*)?<?(${ADDRESS})>?`,
      'gi',
    ),
    strong: true,
  },
  // "RCPT TO:<a@b>" in an SMTP transcript
  { re: new RegExp(String.raw`RCPT TO:[ \t]*<?(${ADDRESS})>?`, 'gi'), strong: true },
  // a line holding just the address (Exim, Gmail, mail.ru, Notes)
  { re: new RegExp(String.raw`^[ \t]*<?(${ADDRESS})>?[ \t]*$`, 'gm'), strong: false },
  // "a@b [User unknown]", "a@b: error", "<a@b>... User unknown", "a@b (reason)", "a@b on <date>" at a line start
  {
    re: new RegExp(String.raw`^[ \t]*<?(${ADDRESS})>?(?:[ \t]*\[|[ \t]*:|[ \t]*\.\.\.|[ \t]+\(|[ \t]+on[ \t]|,)`, 'gm'),
    strong: false,
  },
  // "… delivering your mail to <a@b>", "unable to deliver your message to the following address: a@b"
  {
    re: new RegExp(
      String.raw`(?:deliver(?:ing|ed|y)?|send(?:ing)?|sent|transfer(?:ring)?|recipients?|address(?:es)?(?:\(es\))?)` +
        String.raw`\b[^\n@<>]{0,80}?[ \t:(]<?(${ADDRESS})>?`,
      'gi',
    ),
    strong: false,
  },
];

/** Sender-side addresses in a transcript ("MAIL FROM:<a@b>", "envelope-from <a@b>"). */
const SENDER_CONTEXT = new RegExp(String.raw`(?:mail from:|envelope-from|from:?)[ \t]*<?(${ADDRESS})>?`, 'gi');
/** Message-IDs and queue ids look like addresses: "Message-ID: <x@y>", "with SMTP id <x@y>". */
const ID_CONTEXT = new RegExp(String.raw`(?:message-id:|\bid)[ \t]*<?(${ADDRESS})>?`, 'gi');
const DAEMON_ADDRESS = /^(?:mailer[-_.]?daemon|mail[-_.]?daemon|double-bounce|no-?reply)@/i;
const CONTACT_ADDRESS = /^(?:post[-_.]?master|abuse|support|help|hostmaster|webmaster)@/i;

/** Failed recipients named in a free-text notice, best pattern first. */
export function recipientsFromText(notice: string, view: MailView, excluded: Iterable<string>): string[] {
  const weakSkip = new Set<string>([...excluded]);
  for (const address of view.toAddresses) weakSkip.add(address);
  for (const match of notice.matchAll(SENDER_CONTEXT)) {
    const address = cleanAddress(match[1]);
    if (address) weakSkip.add(address);
  }
  const ids = new Set<string>();
  for (const match of notice.matchAll(ID_CONTEXT)) {
    const id = cleanAddress(match[1]);
    if (id) ids.add(id);
  }
  const accept = (value: string | undefined, into: string[], strong: boolean): void => {
    const address = cleanAddress(value);
    if (!address || address === view.fromAddress || DAEMON_ADDRESS.test(address) || into.includes(address)) return;
    if (ids.has(address)) return;
    if (!strong && weakSkip.has(address)) return;
    into.push(address);
  };
  for (const { re, strong } of RECIPIENT_PATTERNS) {
    const found: string[] = [];
    for (const match of notice.matchAll(re)) accept(match[1], found, strong);
    if (found.length > 0) return found;
  }
  const any: string[] = [];
  for (const address of findAddresses(notice)) {
    if (!CONTACT_ADDRESS.test(address)) accept(address, any, false);
  }
  return any;
}

const CODE_LINE = /^[^\n]{0,400}?(?:(?<![\w.])[45]\.\d{1,3}\.\d{1,3}(?![\w]|\.\d)|(?:^|[\s:([])[45][0-5]\d[ -])[^\n]{0,400}/m;
const PHRASE_LINE = new RegExp(String.raw`^[^\n]{0,400}?(?:${QUOTA.source}|${HARD_TEXT.source})[^\n]{0,400}`, 'gim');
const GENERIC_FAILURE = /permanent(?:ly)? (?:error|failure|failed)|failed permanently|fatal error/i;

export function statusIn(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const match = ENHANCED_STATUS.exec(text);
  if (!match || match[1] === '2') return undefined;
  return `${match[1]}.${match[2]}.${match[3]}`;
}

/** The line of a notice that says what went wrong: an SMTP reply or status code, else a known phrase. */
export function diagnosticIn(notice: string): string | undefined {
  let line: string | undefined = CODE_LINE.exec(notice)?.[0];
  if (line === undefined) {
    for (const match of notice.matchAll(PHRASE_LINE)) {
      if (!GENERIC_FAILURE.test(match[0]) || HARD_TEXT.test(match[0].replace(GENERIC_FAILURE, ''))) {
        line = match[0];
        break;
      }
    }
  }
  if (line === undefined) return undefined;
  // Drop a leading "----- Transcript of session follows -----" style separator.
  const clean = line
    .replace(/\s+/g, ' ')
    .replace(/^[-=*_ ]{3,}[^-=*_]{0,80}[-=*_]{3,}\s*/, '')
    .trim();
  return (clean.length > 300 ? clean.slice(0, 300) : clean) || undefined;
}

/**
 * Permanent (hard) or temporary (soft). 4.x.x and "delayed" are soft; 5.x.x is hard except
 * for a full mailbox (5.2.2 / quota text), which clears up. Without a status code the
 * diagnostic text decides: "user unknown", "does not exist" … are hard; quota, greylisting,
 * timeouts … are soft; then a basic SMTP code (5xx hard, 4xx soft). Unknown stays soft, so an
 * address is never suppressed on a guess.
 */
export function decideHard(input: {
  status?: string | undefined;
  diagnostic?: string | undefined;
  action?: string | undefined;
  context?: string | undefined;
}): boolean {
  const { status, diagnostic = '', action, context = '' } = input;
  if (action === 'delayed' || action === 'delay') return false;
  if (status?.startsWith('4')) return false;
  if (status === '5.2.2' || QUOTA.test(diagnostic)) return false;
  if (status?.startsWith('5')) return true;
  if (diagnostic) {
    if (HARD_TEXT.test(diagnostic)) return true;
    if (SOFT_TEXT.test(diagnostic)) return false;
    const code = SMTP_CODE.exec(diagnostic);
    if (code) return code[1]!.startsWith('5');
  }
  if (context) {
    if (QUOTA.test(context) || DELAY_SUBJECT.test(context)) return false;
    if (HARD_TEXT.test(context)) return true;
  }
  return false;
}

/** The notice text (before the returned message), the returned message, and what the notice says. */
export function readNotice(view: MailView) {
  const body = view.body();
  const { notice, original } = splitAtOriginal(body);
  const head = notice.length > 64 * 1024 ? notice.slice(0, 64 * 1024) : notice;
  const diagnostic = diagnosticIn(head);
  return { body, notice: head, original, status: statusIn(diagnostic) ?? statusIn(head), diagnostic };
}
