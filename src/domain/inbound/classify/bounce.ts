// Bounce reading for classify.ts: structured reports (RFC 3464 DSN, Amazon SES
// notifications) and the free-text failure notices most MTAs still send (qmail, Exim,
// Gmail, Exchange, sendmail, Yahoo …). Everything here is pure and bounded: at most
// PART_DECODE_LIMIT characters of any part are looked at, and every regex is linear.
import { ADDRESS_SOURCE, addressesIn, cleanAddress, cleanMessageId, findAddresses, parseFieldGroups, parseHeaderBlock } from './text.ts';

/** What classify.ts knows about one message, computed once and shared by every check. */
export interface MailView {
  header(name: string): string | undefined;
  subject: string;
  fromAddress: string;
  fromName: string;
  toAddresses: string[];
  /** Lower-cased root Content-Type value with parameters. */
  contentType: string;
  nullSender: boolean;
  /** Plain text of the body (HTML reduced to text when there is no plain part), LF only. */
  body(): string;
  /** Decoded report parts and attached messages, by lower-cased MIME type. */
  parts: { mimeType: string; text: () => string }[];
}

export interface BounceInfo {
  kind: 'bounce';
  hard: boolean;
  recipients: string[];
  originalMessageId?: string;
  status?: string;
  diagnostic?: string;
  reason: string;
}

/** A success report (DSN "delivered"/"relayed", SES "Delivery"): machine mail, not a bounce. */
export interface DeliveryReport {
  kind: 'delivery_report';
}

// ---------------------------------------------------------------------------------------
// Shared patterns

const ADDRESS = ADDRESS_SOURCE;

/** An RFC 3463 enhanced status code, not part of an IP address or version number. */
const ENHANCED_STATUS = /(?<![\w.])([245])\.(\d{1,3})\.(\d{1,3})(?![\w]|\.\d)/;
/** A basic SMTP reply code at the start of a reply ("550 ", "421-", "said: 554 "). */
const SMTP_CODE = /(?:^|[\s:(\[])([45][0-5]\d)(?:[ -]|$)/m;

const QUOTA =
  /mail ?box (?:is |was )?(?:full|over|exceeded)|over ?quota|quota (?:exceeded|exceed|full|violation)|exceed(?:s|ed)? (?:the |their |its )?(?:storage|quota|mailbox)|insufficient (?:system )?storage|mailbox size limit|storage (?:space )?(?:exceeded|limit|full)|out of storage|disk (?:quota|full)|full mailbox|mailbox full|postfach (?:ist )?voll|boîte (?:aux lettres )?pleine/i;
const SOFT_TEXT =
  /greylist|graylist|try (?:again|later)|temporar|deferred|delayed|delay\b|timed? ?out|still being retried|will (?:be )?retr|connection (?:refused|reset|lost|closed)|rate limit|too many (?:connections|messages|recipients|concurrent)|resources? (?:temporarily )?unavailable|could not send mail for (?:the )?past|not yet been delivered|retry|throttl|service (?:is )?(?:currently )?unavailable|queued/i;
const HARD_TEXT =
  /user unknown|does(?: not|n't) exist|unknown user|no such (?:user|mailbox|recipient|address|account|domain|person)|(?:user|mailbox|recipient|address|account|e-?mail|domain)(?: name)? (?:does not|doesn't|did not|not) exist|(?:mailbox|account|address|recipient|user)(?: is| has been)? (?:unavailable|disabled|inactive|deactivated|closed|invalid|not found|suspended|unknown|not valid|terminated|expired|locked)|invalid (?:recipient|address|mailbox|user|account)|recipient (?:address )?rejected|not listed in (?:the )?(?:domino )?directory|unrou?teable|host (?:or domain name )?not found|domain (?:not found|does not exist|is not)|name service error|host unknown|unknown host|no mx|mx (?:lookup|record)|bad (?:recipient|destination|address)|doesn't have an? .{0,60}account|is not a valid|unknown (?:recipient|address|local part|mailbox|alias|account)|address rejected|undeliverable address|not our customer|no mailbox|mailbox not available|relay(?:ing)? (?:access )?denied|does not accept mail|not accepting mail|permanent(?:ly)? (?:error|failure|failed)|failed permanently|fatal error/i;
const DELAY_SUBJECT = /\(delay\)|delayed|warning|still being retried|could not send mail for past|delivery status notification: warning/i;

/** The boilerplate of delivery-failure notices, in the text before the returned message. */
const FAILURE_TEXT = new RegExp(
  [
    String.raw`this is the (?:qmail-send program|mail system at host|mail delivery (?:agent|system)|postfix program|dragonfly mail agent)`,
    String.raw`i'm afraid i wasn't able to deliver`,
    String.raw`(?:could not|couldn't|cannot|can't|was unable to|were unable to|unable to|wasn't able to|failed to) (?:be )?deliver`,
    String.raw`(?:was|were|has been|have been|could not be|couldn't be|cannot be|was not|wasn't) (?:successfully )?delivered`,
    String.raw`delivery (?:to (?:the following|one or more) recipients? )?(?:has )?(?:failed|failure|error|problem)`,
    String.raw`(?:failed|failure) (?:to deliver|delivery|notice)`,
    String.raw`failed permanently|permanent (?:fatal )?(?:error|failure)|fatal errors?`,
    String.raw`following (?:address(?:es)?|recipients?)(?:\(es\))? (?:had|failed|could not|were rejected|was rejected)`,
    String.raw`the following (?:address|recipient)(?:\(es\)|\(s\))? failed`,
    String.raw`undeliver(?:able|ed)|non-?deliver|not delivered|returned to sender|returning message to sender`,
    String.raw`user unknown|unknown user|no such user|recipient address rejected|mailbox (?:unavailable|not found|does not exist)`,
    String.raw`(?:is|'s) not a valid (?:user|recipient|mailbox|address)`,
    String.raw`(?:transcript of (?:the )?session|unsent message) follows|smtp error from remote|remote host said|said: [45]\d\d`,
    String.raw`delivery status notification|message you sent (?:was )?blocked|retry time not reached|has been delayed|could not send mail`,
    String.raw`message (?:delivery|transfer) (?:has )?failed|there was an error (?:sending|delivering)|mail system error`,
    String.raw`doesn't have an? .{0,60}account|not listed in (?:the )?(?:domino )?directory|message could not be sent`,
    String.raw`failed address(?:es)? follows?|no valid recipients|did not reach the following recipient|recipient name is not recognized`,
    // German, French, Spanish, Portuguese, Italian, Dutch, Swedish, Russian, Japanese, Chinese
    String.raw`konnte nicht (?:zugestellt|ausgeliefert)|unzustellbar|n'a pas pu être (?:remis|distribué)|non remis`,
    String.raw`no se (?:pudo|ha podido) entregar|não (?:foi possível entregar|pôde ser entregue)|non è stato possibile recapitare`,
    String.raw`kon niet worden bezorgd|onbestelbaar|kunde inte levereras|не (?:может быть|был[оа]?|удалось) (?:доставлен|доставить)`,
    String.raw`配信(?:でき|出来)ませんでした|配信できません|送信できませんでした|届きませんでした|宛先不明|无法(?:投递|送达)|退信|未能(?:送达|投递)`,
    // "550 5.1.1", "550-5.7.26", "421 4.4.2" at the start of a line or after "said:"
    String.raw`(?:^|said:?|error:?)[ \t]*[45]\d\d[ -][45]\.\d{1,3}\.\d{1,3}`,
  ].join('|'),
  'im',
);

/**
 * Subjects of failure notices (Postfix, Exim, qmail, sendmail, Exchange, Gmail, Yahoo, Notes,
 * Domino …), English and localized. Only counted together with another signal.
 */
const BOUNCE_SUBJECT = new RegExp(
  [
    String.raw`undeliver(?:ed|able)|non-?deliver|nondeliverable|not delivered|returned mail|returning message to sender`,
    String.raw`mail delivery (?:failed|failure|problem|error|system error)|delivery (?:has )?failed|delivery failure|failure notice`,
    String.raw`failed delivery|failure delivery|permanent delivery failure|delivery (?:status )?notification(?![^\n]{0,20}\((?:success|relay|delivered|expanded)\))`,
    String.raw`mail (?:system error|could not be delivered|failure)|message (?:could not be delivered|delivery has failed|not delivered)`,
    String.raw`could not send (?:message|mail)|warning: message .{0,80} delayed|delayed mail|postmaster notify|delivery notification`,
    String.raw`message you sent blocked|there was an error sending your mail|returned to sender|bounced? (?:mail|message|email)`,
    String.raw`email delivery failure|mail delivery status|delivery report|mail failed|returning (?:message )?to sender|メールエラー|エラーメール`,
    // localized (Exchange and others)
    String.raw`unzustellbar|nicht zustellbar|zustellung fehlgeschlagen|non remis|non distribuable|onbestelbaar|kan ikke leveres|ikke levert`,
    String.raw`olevererbar|ej levererat|kunde inte levereras|ei voitu toimittaa|toimitus epäonnistui|no se puede entregar|no entregado`,
    String.raw`não entregue|não é possível entregar|impossibile recapitare|non recapitabile|nie można dostarczyć|nedoručitelné`,
    String.raw`nedoručeno|kézbesíthetetlen|teslim edilemedi|недоставляемое|не доставлено|не може бути доставлено|ανεπίδοτο`,
    String.raw`לא נמסר|לא ניתן למסור|配信不能|配信できません|送信エラー|メッセージを配信できません|无法投递|無法傳遞|退信|未能送达|无法送达`,
    String.raw`전달되지 않음|배달 실패`,
  ].join('|'),
  'i',
);

const DAEMON_LOCAL =
  /^(?:mailer[-_.]?daemon|mail[-_.]?daemon|post[-_.]?master|mail[-_.]?delivery[-_.]?(?:system|subsystem|service)?|mdaemon|mail[-_.]?administrator|double-bounce|bounces?|mail\.delivery\.system)$/i;
const DAEMON_NAME =
  /^(?:"?)(?:mailer[- ]?daemon|mail delivery (?:system|subsystem|service)|mail deliver(?:y)? system|post ?master|mail administrator|mail system|delivery status notification|system administrator)(?:"?)$/i;

export function isDaemonSender(view: MailView): boolean {
  const at = view.fromAddress.lastIndexOf('@');
  const local = at === -1 ? view.fromAddress : view.fromAddress.slice(0, at);
  if (local && DAEMON_LOCAL.test(local)) return true;
  return view.fromName !== '' && DAEMON_NAME.test(view.fromName.trim());
}

// ---------------------------------------------------------------------------------------
// The returned message: its headers give the original Message-ID and recipients

const ORIGINAL_PART_TYPES = new Set([
  'message/rfc822',
  'message/global',
  'text/rfc822-headers',
  'text/rfc822-header',
  'message/rfc822-headers',
  'message/global-headers',
  'message/partial',
]);

/** Headers of the returned message when it is attached as its own part. */
export function attachedOriginalHeaders(view: MailView): Map<string, string> | undefined {
  for (const part of view.parts) {
    if (!ORIGINAL_PART_TYPES.has(part.mimeType)) continue;
    const headers = parseHeaderBlock(part.text());
    if (headers.size > 0) return headers;
  }
  return undefined;
}

/**
 * A line that introduces the returned message ("--- Below this line is a copy of the
 * message.", "------ This is a copy of the message, including all the headers. ------",
 * "----- Original message -----", "Message headers follow.", "----- Unsent message follows").
 */
const ORIGINAL_MARKER =
  /^[ \t>|]*(?:[-=_*#~]{2,}[ \t]*)?(?:(?:a |the )?copy of (?:the |your )?(?:original |returned )?message|(?:the )?(?:original|returned|unsent|undelivered|undeliverable|bounced|rejected) (?:e-?mail |mail )?message(?:'s)?(?: headers?)?|message headers?|(?:the )?headers? of (?:the |your )?(?:original|returned|undelivered) message|below this line is a copy of the message|this is a copy of the message|included is (?:the|a copy of the) (?:original|returned) message|message text follows|以下、?(?:送信|元の)(?:された)?メッセージ|原始邮件|原邮件)[^\n]{0,100}$/gim;
const MARKER_SHAPE =
  /^[ \t>|]*[-=_*#~]{2,}|(?:follows?|following|below|attached|enclosed|included|[-=_*#~]{2,}|:)[ \t.|]*$|メッセージ|邮件/i;

/** The body split at the line that introduces the returned message (or not split). */
export function splitAtOriginal(body: string): { notice: string; original: string } {
  ORIGINAL_MARKER.lastIndex = 0;
  for (let match = ORIGINAL_MARKER.exec(body); match; match = ORIGINAL_MARKER.exec(body)) {
    if (MARKER_SHAPE.test(match[0])) {
      return { notice: body.slice(0, match.index), original: body.slice(match.index + match[0].length) };
    }
  }
  return { notice: body, original: '' };
}

const MESSAGE_ID_LINE = /^[ \t>]*Message-I[Dd][ \t]*:\s*(<[^<>\s]{1,500}>|[^<>\s]{1,500}@[^<>\s]{1,500})/im;
const TO_LINE = /^[ \t>]*To[ \t]*:[ \t]*([^\n]{0,2000}(?:\n[ \t]+[^\n]{0,2000}){0,20})/im;

/** The returned message's Message-ID quoted in a text notice (after the marker, if any). */
export function quotedMessageId(body: string, original: string): string | undefined {
  const match = MESSAGE_ID_LINE.exec(original) ?? (original ? null : MESSAGE_ID_LINE.exec(body));
  return match ? cleanMessageId(match[1]) : undefined;
}

// ---------------------------------------------------------------------------------------
// Recipients, status and diagnostic from a free-text notice

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
      String.raw`(?:final|original|failed|invalid|unknown|intended)?[- ]?recipient(?: address| email| e-mail)?[ \t]*:[ \t]*(?:rfc822;[ \t]*)?<?(${ADDRESS})>?`,
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
      String.raw`(?:deliver(?:ing|ed|y)?|send(?:ing)?|sent|transfer(?:ring)?|recipients?|address(?:es)?(?:\(es\))?)\b[^\n@<>]{0,80}?[ \t:(]<?(${ADDRESS})>?`,
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

const CODE_LINE = /^[^\n]{0,400}?(?:(?<![\w.])[45]\.\d{1,3}\.\d{1,3}(?![\w]|\.\d)|(?:^|[\s:(\[])[45][0-5]\d[ -])[^\n]{0,400}/m;
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
function readNotice(view: MailView) {
  const body = view.body();
  const { notice, original } = splitAtOriginal(body);
  const head = notice.length > 64 * 1024 ? notice.slice(0, 64 * 1024) : notice;
  const diagnostic = diagnosticIn(head);
  return { body, notice: head, original, status: statusIn(diagnostic) ?? statusIn(head), diagnostic };
}

function originalSenderAddresses(headers: Map<string, string> | undefined, original: string): string[] {
  const out: string[] = [];
  if (headers) {
    out.push(...addressesIn(headers.get('from')), ...addressesIn(headers.get('return-path')), ...addressesIn(headers.get('sender')));
  } else if (original) {
    const from = /^[ \t>]*(?:From|Return-Path)[ \t]*:[ \t]*([^\n]{0,1000})/gim;
    for (const match of original.slice(0, 64 * 1024).matchAll(from)) out.push(...addressesIn(match[1]));
  }
  return out;
}

function originalRecipients(headers: Map<string, string> | undefined, original: string): string[] {
  if (headers) return addressesIn(headers.get('to'));
  const to = TO_LINE.exec(original.slice(0, 64 * 1024));
  return to ? addressesIn(to[1]) : [];
}

function unique(values: Iterable<string | undefined>): string[] {
  const out: string[] = [];
  for (const value of values) if (value && !out.includes(value)) out.push(value);
  return out;
}

// ---------------------------------------------------------------------------------------
// RFC 3464 delivery status notifications

interface DsnRecipient {
  final?: string | undefined;
  original?: string | undefined;
  action?: string | undefined;
  status?: string | undefined;
  diagnostic?: string | undefined;
}

export function parseDeliveryStatus(text: string): DsnRecipient[] {
  const out: DsnRecipient[] = [];
  for (const group of parseFieldGroups(text)) {
    let record: DsnRecipient | null = null;
    const open = (): DsnRecipient => {
      record = {};
      out.push(record);
      return record;
    };
    for (const [key, value] of group) {
      switch (key) {
        case 'final-recipient':
        case 'original-recipient': {
          const slot = key === 'final-recipient' ? 'final' : 'original';
          const current: DsnRecipient = record && record[slot] === undefined ? record : open();
          current[slot] = cleanAddress(value);
          break;
        }
        case 'action':
          (record ?? open()).action = value.toLowerCase().split(/[\s(;]/)[0];
          break;
        case 'status': {
          const current: DsnRecipient = record ?? open();
          current.status = statusIn(value) ?? (/^2\.\d/.test(value) ? value.trim().split(/\s/)[0] : current.status);
          break;
        }
        case 'diagnostic-code':
        case 'x-diagnostic-code': {
          const current: DsnRecipient = record ?? open();
          if (!current.diagnostic)
            current.diagnostic = value
              .replace(/^[\w-]{1,20};\s*/, '')
              .replace(/\s+/g, ' ')
              .trim();
          break;
        }
        default:
          break;
      }
    }
  }
  return out;
}

const FAILING_ACTIONS = new Set(['failed', 'failure', 'delayed', 'delay', 'expired', 'undeliverable', 'bounced']);
const SUCCESS_ACTIONS = new Set(['delivered', 'relayed', 'expanded', 'deliverable']);
const DSN_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);

/** A bounce from an RFC 3464 report, a success report, or undefined if this is not a DSN. */
export function fromDeliveryStatus(view: MailView): BounceInfo | DeliveryReport | undefined {
  const dsnParts = view.parts.filter((part) => DSN_TYPES.has(part.mimeType));
  const reportType = /^multipart\/report\b/.test(view.contentType) && /report-type\s*=\s*"?delivery-status/.test(view.contentType);
  if (dsnParts.length === 0 && !reportType) return undefined;

  const records = dsnParts.flatMap((part) => parseDeliveryStatus(part.text()));
  const failing = records.filter(
    (r) =>
      (r.action !== undefined && FAILING_ACTIONS.has(r.action)) ||
      (r.action === undefined && (r.status === undefined || /^[45]/.test(r.status))) ||
      (r.action !== undefined && !SUCCESS_ACTIONS.has(r.action) && r.status !== undefined && /^[45]/.test(r.status)),
  );
  if (
    records.length > 0 &&
    failing.length === 0 &&
    records.every((r) => (r.action !== undefined && SUCCESS_ACTIONS.has(r.action)) || r.status?.startsWith('2'))
  ) {
    return { kind: 'delivery_report' };
  }

  const headers = attachedOriginalHeaders(view);
  const notice = readNotice(view);
  const senders = originalSenderAddresses(headers, notice.original);
  let recipients = unique([...failingAddresses(failing), ...addressesIn(view.header('x-failed-recipients'))]);
  if (recipients.length === 0) recipients = recipientsFromText(notice.notice, view, senders);
  if (recipients.length === 0) recipients = originalRecipients(headers, notice.original);

  const first = failing.find((r) => r.status !== undefined) ?? failing[0];
  const status = refineStatus(first?.status, first?.diagnostic) ?? notice.status;
  const diagnostic = first?.diagnostic ?? notice.diagnostic;
  const hard =
    failing.length > 0
      ? failing.every((r) =>
          decideHard({
            status: refineStatus(r.status, r.diagnostic),
            diagnostic: r.diagnostic ?? notice.diagnostic,
            action: r.action,
            context: view.subject,
          }),
        )
      : decideHard({ status, diagnostic, context: `${view.subject}\n${notice.notice}` });

  return bounce({
    hard,
    recipients,
    originalMessageId:
      cleanMessageId(headers?.get('message-id')) ??
      quotedMessageId(notice.body, notice.original) ??
      // A Message-ID line is no DSN field: in a report part it is the returned message's
      // header block, run into the report when the MIME boundaries are broken.
      dsnParts.map((part) => quotedMessageId(part.text(), '')).find((id) => id !== undefined),
    status,
    diagnostic,
    reason: dsnParts.length > 0 ? 'dsn' : 'report-type',
  });
}

/** Original-Recipient is the address the sender used (before aliasing), so it comes first. */
/** "5.0.0" says little; the diagnostic often names the real code ("550 5.1.1 …") of the same class. */
function refineStatus(status: string | undefined, diagnostic: string | undefined): string | undefined {
  if (!status || !/^[45]\.0\.0$/.test(status)) return status;
  const specific = statusIn(diagnostic);
  return specific && specific[0] === status[0] ? specific : status;
}

function failingAddresses(records: DsnRecipient[]): (string | undefined)[] {
  return records.map((r) => r.original ?? r.final);
}

function bounce(info: Omit<BounceInfo, 'kind'>): BounceInfo {
  const out: BounceInfo = { kind: 'bounce', hard: info.hard, recipients: info.recipients, reason: info.reason };
  if (info.originalMessageId) out.originalMessageId = info.originalMessageId;
  if (info.status) out.status = info.status;
  if (info.diagnostic) out.diagnostic = info.diagnostic;
  return out;
}

// ---------------------------------------------------------------------------------------
// Amazon SES notifications delivered by email through SNS (JSON body)

interface SesRecipient {
  emailAddress?: unknown;
  status?: unknown;
  diagnosticCode?: unknown;
  action?: unknown;
}

export type SesResult =
  | BounceInfo
  | DeliveryReport
  | { kind: 'complaint'; recipients: string[]; originalMessageId?: string; feedbackType?: string };

const SES_TYPE = /\\?"notificationType\\?"\s*:\s*\\?"(Bounce|Complaint|Delivery)\\?"/;

/** The SES event, unwrapped from SNS's envelope ({"Type":"Notification","Message":"{…}"}). */
function parseSesJson(body: string): Record<string, unknown> | undefined {
  const start = body.indexOf('{');
  if (start === -1) return undefined;
  // The JSON is usually followed by SNS's unsubscribe footer: try the last few closing braces.
  let end = body.lastIndexOf('}');
  for (let attempt = 0; attempt < 8 && end > start; attempt++, end = body.lastIndexOf('}', end - 1)) {
    try {
      const data = JSON.parse(body.slice(start, end + 1)) as Record<string, unknown>;
      if (typeof data.Message === 'string') return parseSesJson(data.Message);
      return data;
    } catch {
      // a shorter slice, then
    }
  }
  return undefined;
}

/**
 * When the JSON does not parse (mail gateways wrap long lines), the few fields needed are
 * read by pattern: recipients with their status and diagnostic, and the bounce type.
 */
function sesFieldsByPattern(body: string): Record<string, unknown> {
  const text = body.replace(/\n[ \t]?/g, '').replace(/\\"/g, '"');
  const recipients: SesRecipient[] = [];
  const entry = /\{"emailAddress"\s*:\s*"([^"]{1,320})"([^{}]{0,2000})\}/g;
  for (const match of text.matchAll(entry)) {
    const rest = match[2] ?? '';
    recipients.push({
      emailAddress: match[1],
      status: /"status"\s*:\s*"([^"]{1,20})"/.exec(rest)?.[1],
      diagnosticCode: /"diagnosticCode"\s*:\s*"([^"]{1,1000})"/.exec(rest)?.[1],
    });
  }
  const bounceType = /"bounceType"\s*:\s*"(\w+)"/.exec(text)?.[1];
  const feedbackType = /"complaintFeedbackType"\s*:\s*"([\w-]+)"/.exec(text)?.[1];
  return {
    bounce: { bounceType, bouncedRecipients: recipients },
    complaint: { complainedRecipients: recipients, complaintFeedbackType: feedbackType },
  };
}

export function fromSesNotification(view: MailView): SesResult | undefined {
  const body = view.body();
  const type = SES_TYPE.exec(body.length > 64 * 1024 ? body.slice(0, 64 * 1024) : body);
  if (!type) return undefined;
  if (type[1] === 'Delivery') return { kind: 'delivery_report' };
  const data = parseSesJson(body) ?? sesFieldsByPattern(body);
  const mail = (data?.mail ?? {}) as { headers?: { name?: unknown; value?: unknown }[]; commonHeaders?: { messageId?: unknown } };
  const idHeader = Array.isArray(mail.headers)
    ? mail.headers.find((h) => typeof h.name === 'string' && h.name.toLowerCase() === 'message-id')?.value
    : undefined;
  const originalMessageId = cleanMessageId(
    typeof idHeader === 'string' ? idHeader : typeof mail.commonHeaders?.messageId === 'string' ? mail.commonHeaders.messageId : undefined,
  );
  if (type[1] === 'Complaint') {
    const complaint = (data?.complaint ?? {}) as { complainedRecipients?: SesRecipient[]; complaintFeedbackType?: unknown };
    const out: SesResult = {
      kind: 'complaint',
      recipients: unique((complaint.complainedRecipients ?? []).map((r) => cleanAddress(String(r.emailAddress ?? '')))),
    };
    if (originalMessageId) out.originalMessageId = originalMessageId;
    out.feedbackType = typeof complaint.complaintFeedbackType === 'string' ? complaint.complaintFeedbackType : 'abuse';
    return out;
  }
  const info = (data?.bounce ?? {}) as { bounceType?: unknown; bouncedRecipients?: SesRecipient[] };
  const recipients = info.bouncedRecipients ?? [];
  const first = recipients[0];
  const status = statusIn(typeof first?.status === 'string' ? first.status : undefined);
  const diagnostic = typeof first?.diagnosticCode === 'string' ? first.diagnosticCode.replace(/^[\w-]{1,20};\s*/, '') : undefined;
  return bounce({
    // SES decides permanence itself: "Permanent" vs "Transient" / "Undetermined".
    hard: info.bounceType === 'Permanent' && !QUOTA.test(diagnostic ?? ''),
    recipients: unique(recipients.map((r) => cleanAddress(String(r.emailAddress ?? '')))),
    originalMessageId,
    status,
    diagnostic,
    reason: 'ses-notification',
  });
}

// ---------------------------------------------------------------------------------------
// Free-text failure notices

/** Mailing-list managers (fml, ezmlm, Mailman, Sympa …) refusing a post. */
const LIST_MANAGER_LOCAL = /(?:^|[-_.])(?:admin|owner|request|bounces?|ctl|sympa|mailman|majordomo|listserv|ezmlm)$/i;
const LIST_REJECTION_SUBJECT =
  /\bnot (?:a )?member\b|\bnon-?member\b|posting (?:rejected|denied|not allowed)|(?:post|message|submission)[^\n]{0,40}\b(?:rejected|refused|denied|not accepted)\b|loop (?:alert|detected)|duplicated message-id/i;

/** A list's own service addresses, never the list a post went to. */
const LIST_CONTROL = /^[^@]*[-_.](?:ctl|request|admin|owner|help|subscribe|unsubscribe|bounces?)@/i;

function isListRejection(view: MailView): boolean {
  if (!LIST_REJECTION_SUBJECT.test(view.subject)) return false;
  const at = view.fromAddress.lastIndexOf('@');
  const local = at === -1 ? '' : view.fromAddress.slice(0, at);
  const listHeaders =
    view.header('x-mlserver') !== undefined ||
    view.header('mailing-list') !== undefined ||
    view.header('list-id') !== undefined ||
    view.header('list-subscribe') !== undefined ||
    view.header('x-ml-name') !== undefined;
  return listHeaders || LIST_MANAGER_LOCAL.test(local);
}

/**
 * A non-standard bounce needs two independent signals: a failure-notice subject, a
 * mailer-daemon/postmaster sender, a null sender, or failure boilerplate in the text before
 * the returned message. X-Failed-Recipients alone is enough, and so is a mailer-daemon or
 * postmaster message whose body could not be read at all (broken MIME). A person's reply has
 * none of these, so its body is never even scanned.
 */
export function fromFreeText(view: MailView): BounceInfo | undefined {
  const failedHeader = view.header('x-failed-recipients');
  const subjectHit = BOUNCE_SUBJECT.test(view.subject);
  const daemon = isDaemonSender(view);
  const listRejection = isListRejection(view);
  if (!failedHeader && !subjectHit && !daemon && !view.nullSender && !listRejection) return undefined;

  const { body, notice: head, original, status, diagnostic } = readNotice(view);
  const boilerplate = FAILURE_TEXT.test(head) || (head.trim() === '' && FAILURE_TEXT.test(view.subject));

  let reason: string;
  if (failedHeader) reason = 'x-failed-recipients';
  else if (subjectHit && (daemon || view.nullSender || boilerplate)) reason = 'bounce-subject';
  else if (daemon && boilerplate) reason = 'mailer-daemon';
  else if (view.nullSender && boilerplate) reason = 'null-sender';
  else if (daemon && body.trim() === '' && view.parts.length === 0) reason = 'mailer-daemon';
  else if (listRejection) reason = 'list-rejection';
  else return undefined;

  const headers = attachedOriginalHeaders(view);
  const senders = originalSenderAddresses(headers, original);
  let recipients = unique(addressesIn(failedHeader));
  if (recipients.length === 0) recipients = recipientsFromText(head, view, senders);
  if (recipients.length === 0) recipients = originalRecipients(headers, original);
  if (reason === 'list-rejection') recipients = recipients.filter((address) => !LIST_CONTROL.test(address));
  if (reason === 'list-rejection' && recipients.length === 0) {
    recipients = addressesIn(head).filter((a) => !LIST_CONTROL.test(a) && a !== view.fromAddress && !view.toAddresses.includes(a));
  }

  return bounce({
    hard: reason !== 'list-rejection' && decideHard({ status, diagnostic, context: `${view.subject}\n${head}` }),
    recipients,
    originalMessageId:
      cleanMessageId(headers?.get('message-id')) ?? quotedMessageId(body, original) ?? cleanMessageId(view.header('in-reply-to')),
    status,
    diagnostic,
    reason,
  });
}
