// The text of delivery-failure notices as MTAs write it (Postfix, Exim, qmail, sendmail,
// Exchange, Gmail, Yahoo, Notes …, English and localized): status codes, hard and soft
// phrases, boilerplate, subjects and mailer-daemon senders. Every regex is linear.
import type { MailView } from './mail-view.ts';

/** An RFC 3463 enhanced status code, not part of an IP address or version number. */
export const ENHANCED_STATUS = /(?<![\w.])([245])\.(\d{1,3})\.(\d{1,3})(?![\w]|\.\d)/;
/** A basic SMTP reply code at the start of a reply ("550 ", "421-", "said: 554 "). */
export const SMTP_CODE = /(?:^|[\s:([])([45][0-5]\d)(?:[ -]|$)/m;

export const QUOTA = new RegExp(
  [
    String.raw`mail ?box (?:is |was )?(?:full|over|exceeded)|over ?quota|quota (?:exceeded|exceed|full|violation)`,
    String.raw`exceed(?:s|ed)? (?:the |their |its )?(?:storage|quota|mailbox)|insufficient (?:system )?storage`,
    String.raw`mailbox size limit|storage (?:space )?(?:exceeded|limit|full)|out of storage|disk (?:quota|full)`,
    String.raw`full mailbox|mailbox full|postfach (?:ist )?voll|boîte (?:aux lettres )?pleine`,
  ].join('|'),
  'i',
);
export const SOFT_TEXT = new RegExp(
  [
    String.raw`greylist|graylist|try (?:again|later)|temporar|deferred|delayed|delay\b|timed? ?out`,
    String.raw`still being retried|will (?:be )?retr|connection (?:refused|reset|lost|closed)|rate limit`,
    String.raw`too many (?:connections|messages|recipients|concurrent)|resources? (?:temporarily )?unavailable`,
    String.raw`could not send mail for (?:the )?past|not yet been delivered|retry|throttl`,
    String.raw`service (?:is )?(?:currently )?unavailable|queued`,
  ].join('|'),
  'i',
);
export const HARD_TEXT = new RegExp(
  [
    String.raw`user unknown|does(?: not|n't) exist|unknown user`,
    String.raw`no such (?:user|mailbox|recipient|address|account|domain|person)`,
    String.raw`(?:user|mailbox|recipient|address|account|e-?mail|domain)(?: name)? (?:does not|doesn't|did not|not) exist`,
    String.raw`(?:mailbox|account|address|recipient|user)(?: is| has been)? ` +
      String.raw`(?:unavailable|disabled|inactive|deactivated|closed|invalid|not found|` +
      String.raw`suspended|unknown|not valid|terminated|expired|locked)`,
    String.raw`invalid (?:recipient|address|mailbox|user|account)|recipient (?:address )?rejected`,
    String.raw`not listed in (?:the )?(?:domino )?directory|unrou?teable|host (?:or domain name )?not found`,
    String.raw`domain (?:not found|does not exist|is not)|name service error|host unknown|unknown host|no mx`,
    String.raw`mx (?:lookup|record)|bad (?:recipient|destination|address)|doesn't have an? .{0,60}account`,
    String.raw`is not a valid|unknown (?:recipient|address|local part|mailbox|alias|account)|address rejected`,
    String.raw`undeliverable address|not our customer|no mailbox|mailbox not available`,
    String.raw`relay(?:ing)? (?:access )?denied|does not accept mail|not accepting mail`,
    String.raw`permanent(?:ly)? (?:error|failure|failed)|failed permanently|fatal error`,
  ].join('|'),
  'i',
);
export const DELAY_SUBJECT =
  /\(delay\)|delayed|warning|still being retried|could not send mail for past|delivery status notification: warning/i;

/** The boilerplate of delivery-failure notices, in the text before the returned message. */
export const FAILURE_TEXT = new RegExp(
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
export const BOUNCE_SUBJECT = new RegExp(
  [
    String.raw`undeliver(?:ed|able)|non-?deliver|nondeliverable|not delivered|returned mail|returning message to sender`,
    String.raw`mail delivery (?:failed|failure|problem|error|system error)|delivery (?:has )?failed|delivery failure|failure notice`,
    String.raw`failed delivery|failure delivery|permanent delivery failure|` +
      String.raw`delivery (?:status )?notification(?![^\n]{0,20}\((?:success|relay|delivered|expanded)\))`,
    String.raw`mail (?:system error|could not be delivered|failure)|message (?:could not be delivered|delivery has failed|not delivered)`,
    String.raw`could not send (?:message|mail)|warning: message .{0,80} delayed|delayed mail|postmaster notify|delivery notification`,
    String.raw`message you sent blocked|there was an error sending your mail|returned to sender|bounced? (?:mail|message|email)`,
    String.raw`email delivery failure|mail delivery status|delivery report|mail failed|returning (?:message )?to sender|メールエラー|エラーメール`,
    // localized (Exchange and others)
    String.raw`unzustellbar|nicht zustellbar|zustellung fehlgeschlagen|non remis|non distribuable|onbestelbaar`,
    String.raw`kan ikke leveres|ikke levert`,
    String.raw`olevererbar|ej levererat|kunde inte levereras|ei voitu toimittaa|toimitus epäonnistui|no se puede entregar|no entregado`,
    String.raw`não entregue|não é possível entregar|impossibile recapitare|non recapitabile|nie można dostarczyć|nedoručitelné`,
    String.raw`nedoručeno|kézbesíthetetlen|teslim edilemedi|недоставляемое|не доставлено|не може бути доставлено|ανεπίδοτο`,
    String.raw`לא נמסר|לא ניתן למסור|配信不能|配信できません|送信エラー|メッセージを配信できません|无法投递|無法傳遞|退信|未能送达|无法送达`,
    String.raw`전달되지 않음|배달 실패`,
  ].join('|'),
  'i',
);

const DAEMON_LOCAL = new RegExp(
  String.raw`^(?:mailer[-_.]?daemon|mail[-_.]?daemon|post[-_.]?master|mail[-_.]?delivery[-_.]?(?:system|subsystem|service)?|mdaemon` +
    String.raw`|mail[-_.]?administrator|double-bounce|bounces?|mail\.delivery\.system)$`,
  'i',
);
const DAEMON_NAME = new RegExp(
  String.raw`^(?:"?)(?:mailer[- ]?daemon|mail delivery (?:system|subsystem|service)|mail deliver(?:y)? system|post ?master` +
    String.raw`|mail administrator|mail system|delivery status notification|system administrator)(?:"?)$`,
  'i',
);

export function isDaemonSender(view: MailView): boolean {
  const at = view.fromAddress.lastIndexOf('@');
  const local = at === -1 ? view.fromAddress : view.fromAddress.slice(0, at);
  if (local && DAEMON_LOCAL.test(local)) return true;
  return view.fromName !== '' && DAEMON_NAME.test(view.fromName.trim());
}
