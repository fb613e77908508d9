// A service's refusal in the agent's language. Services and valibot schemas describe each field problem in
// English ("expected 1 to 100 characters"): the API keeps those words; the inbox reads them as patterns and says
// the same thing through the catalog (`problems.*`, field names in `fields.*`). A message no pattern knows is
// shown in English inside a translated sentence, so nothing the agent needs is lost.
import type { AppError, AppErrorName, FieldIssue } from '../../domain/errors.ts';
import { ruleIssueCode } from '../../domain/rules/issues.ts';
import type { MessageKey, Translate, Vars } from './i18n/catalog.ts';

type Expectation = readonly [pattern: RegExp, key: MessageKey];

const CHOICE = String.raw`"?[a-z0-9_]+"?`;
const CHOICES = new RegExp(`^expected (?<options>${CHOICE}(?:, ${CHOICE})*,? or ${CHOICE})$`);

const RULE_SYNTAX = new RegExp(
  '^expected (?:a condition|a closing|a name (?:between|after)|a path|an operator|text, |a list like|at least one value in the list|' +
    '"," or|a value after|an ISO 8601 duration|an event name|a count like|true or \\{within|marketing \\(the only|a topic key of|' +
    'rules nested|one of the keys|a list of at least one rule)',
);

/** First match wins: the specific patterns come before the general ones. Named groups become the message's placeholders. */
const EXPECTATIONS: readonly Expectation[] = [
  [/^expected text, not a file$/, 'problems.notFile'],
  [/^expected (?:1|yes)(?: \(the checkbox\))? or nothing$/, 'problems.checkbox'],
  [/^expected off, suggest, auto, or empty for the default$/, 'problems.faqModeOrDefault'],
  [/^expected (?:an attribute |a )name of 1 to (?<max>\d+) characters without quotes or control characters$/, 'problems.attributeName'],
  [/^expected a name for this value/, 'problems.attributeNameMissing'],
  [/^expected each name once; "(?<name>.*)" is given twice$/, 'problems.attributeTwice'],
  [/^expected at most (?<max>[\d,]+) bytes of attributes$/, 'problems.attributesSize'],
  [/^expected valid JSON \(or text not starting with/, 'problems.attributeJson'],
  [/^expected a tag of (?:at most|1 to) (?<max>\d+) characters$/, 'problems.tagLength'],
  [/^expected at most (?<max>\d+) tags in all \(it has (?<count>\d+)\)$/, 'problems.tagsInAll'],
  [/^expected at most (?<max>\d+) tags$/, 'problems.atMostTags'],
  [/^expected at most (?<max>\d+) files; (?<count>\d+) were attached$/, 'problems.tooManyFiles'],
  [/^expected at most (?<max>.+?) of files per message; these add up to (?<total>.+?)\.(?:\s|$)/, 'problems.filesTooLarge'],
  [/^expected at most (?<max>\d+) questions per locale$/, 'problems.atMostQuestions'],
  [/^expected at most (?<max>\d+) conversations$/, 'problems.atMostConversations'],
  [/^expected at most (?<max>[\d,]+) characters(?: \(got (?<count>\d+)\))?$/, 'problems.atMostCharacters'],
  [/^expected at least (?<min>\d+) characters$/, 'problems.atLeastCharacters'],
  [/^expected (?<min>\d+) to (?<max>[\d,]+) characters$/, 'problems.charactersBetween'],
  [/^expected a whole number from (?<min>\d+) to (?<max>\d+)$/, 'problems.wholeNumberBetween'],
  [/^expected (?<min>\d+) to (?<max>\d+)$/, 'problems.wholeNumberBetween'],
  [/^expected a number of days from (?<min>\d+) to (?<max>\d+)$/, 'problems.daysBetween'],
  [/^expected a number of hours from 0 \(no limit\) to (?<max>\d+), or empty for the default$/, 'problems.hoursLimitOrDefault'],
  [/^expected a number of hours from (?<min>[\d.]+) to (?<max>\d+)$/, 'problems.hoursBetween'],
  [/^expected a number from 0 to 1, like 0\.8, or empty for the default$/, 'problems.fractionOrDefault'],
  [/^expected at most (?<max>[\d,]+)$/, 'problems.atMost'],
  [/^expected at least (?<min>\d+)$/, 'problems.atLeast'],
  [/^expected (?:a number|a whole number|a number of seconds|a message time in milliseconds.*)$/, 'problems.number'],
  [/^expected an address that is not suppressed$/, 'problems.notSuppressed'],
  [/^expected an address that is not an agent yet$/, 'problems.alreadyAgent'],
  [/^expected an address no other contact has$/, 'problems.addressTaken'],
  [/^expected an agent's own address$/, 'problems.agentAddress'],
  [/^expected (?:the address of a contact \(choose one from the matches\)|a contact's address)$/, 'problems.contactAddress'],
  [/^expected (?:an email address|an address)(?: like .*)?$/, 'problems.email'],
  [/^expected (?:a name not used yet|a name no other segment has|an id not in use|a key no other topic has)$/, 'problems.inUse'],
  [/^expected a name without </, 'problems.senderName'],
  [/^expected an active agent$/, 'problems.activeAgent'],
  [/^expected another agent$/, 'problems.anotherAgent'],
  [/^expected plain text without control characters$/, 'problems.noControlCharacters'],
  [/^expected an IANA time zone like Europe\/Stockholm, or nothing/, 'problems.timeZoneOrEmpty'],
  [/^expected (?:an IANA time zone|a time zone)/, 'problems.timeZone'],
  [/^expected (?:a BCP 47 language tag|a language like)/, 'problems.language'],
  [/^expected a locale of the template$/, 'problems.templateLocale'],
  [/^expected a date and time that exists in (?<zone>.+)$/, 'problems.dateTimeInZone'],
  [/^expected a (?:local )?date and time (?:that exists|like (?<example>\S+))$/, 'problems.dateTime'],
  [/^expected until_local/, 'problems.snoozeUntil'],
  [/^expected (?:a date|a date like (?<example>\S+))$/, 'problems.date'],
  [/^expected (?:a date|an ISO 8601 date) \(/, 'problems.dateOrDateTime'],
  [/^expected From on or before To$/, 'problems.fromBeforeTo'],
  [/^expected (?:a time in the future|a time after (?<time>\S+))$/, 'problems.future'],
  [/^expected a JSON object/, 'problems.jsonObject'],
  [/^expected an object of topic keys to true or false$/, 'problems.topicChoices'],
  [/^expected valid Liquid: line (?<line>\d+): (?<detail>.*)$/, 'problems.liquidLine'],
  [/^expected Liquid: (?<detail>.*)$/, 'problems.liquid'],
  [/^expected letters and digits, with/, 'problems.tagCharacters'],
  [/^expected (?:a tag|a tag \(.*\)|a list of tags)$/, 'problems.tag'],
  [/^expected at least one tag$/, 'problems.atLeastOneTag'],
  [/^expected (?:at least one conversation|conversation ids)$/, 'problems.conversations'],
  [/^expected an answer in at least one locale$/, 'problems.answerLocale'],
  [/^expected (?:an id|an id of .*)$/, 'problems.faqId'],
  [/^expected (?:an FAQ entry|an existing FAQ entry|an enabled FAQ entry)$/, 'problems.faqEntry'],
  [/^expected a list of questions$/, 'problems.questions'],
  [/^expected (?:a saved segment|an existing segment)$/, 'problems.segment'],
  [/^expected (?:a topic key|the key of an existing topic)(?:: .*)?$/, 'problems.topic'],
  [/^expected a segment_id or an inline rule$/, 'problems.audience'],
  [/^expected either segment_id or rule, not both$/, 'problems.audienceBoth'],
  [/^expected a template, or subject and text$/, 'problems.content'],
  [/^expected either a template or subject and text, not both$/, 'problems.contentBoth'],
  [/^expected true, having read the warnings$/, 'problems.acknowledge'],
  [/^expected (?:a CSV file|text\/csv with a header row|a header row with an "email" column.*)$/, 'problems.csvHeader'],
  [/^expected valid CSV/, 'problems.csv'],
  [/^expected opening hours as HH:MM-HH:MM/, 'problems.openingHours'],
  [/^expected opening hours on at least one day$/, 'problems.openingDay'],
  [/^expected (?:HH:MM-HH:MM in the contact's local time|a local time range)/, 'problems.quietHours'],
  [
    /^expected (?:some text|text|what the customer writes|the (?:question|answer) text|a question|an answer)(?:, not empty text)?$/,
    'problems.text',
  ],
  [/^expected an existing conversation$/, 'problems.conversationExists'],
  [/^expected a conversation of contact \S+$/, 'problems.conversationOfContact'],
  [/^expected a contact with marketing consent "subscribed"$/, 'problems.marketingConsent'],
  [/^expected a topic other than "(?<topic>.*)"$/, 'problems.topicUnsubscribed'],
  [/^expected a contact under the frequency cap$/, 'problems.frequencyCap'],
  [/^expected a contact the audience rule .* selects$/, 'problems.inAudience'],
  [/^expected yes or no \(or blank to leave the topic as it is\), not "(?<value>.*)"$/, 'problems.topicYesNo'],
  [/^expected a key that is not a built-in JavaScript property name/, 'problems.jsonKey'],
  [/^expected a finite number$/, 'problems.number'],
  [/^expected a JSON value \(/, 'problems.jsonValue'],
  [/^expected at most (?<max>\d+) levels of nesting$/, 'problems.nesting'],
  [/^expected (?:the next_cursor of a previous page|the cursor of the earlier page)$/, 'problems.cursor'],
  [/^expected a raw RFC 5322 message$/, 'problems.rawMessage'],
  // The audience rule language reads English keywords and paths: its parser's own words say where it stopped.
  [RULE_SYNTAX, 'problems.rule'],
  [CHOICES, 'problems.oneOf'],
  // valibot's own words where a schema gave none
  [/^Invalid length: Expected <=(?<max>\d+) but received \d+$/, 'problems.atMostCharacters'],
  [/^Invalid length: Expected >=(?<min>\d+) but received \d+$/, 'problems.atLeastCharacters'],
  [/^Invalid type: Expected (?<expected>\S+) but received/, 'problems.type'],
];

/** The catalog key and placeholders for a field problem, or null when no pattern knows it. */
export function expectationOf(message: string): { key: MessageKey; vars: Vars } | null {
  for (const [pattern, key] of EXPECTATIONS) {
    const match = pattern.exec(message);
    if (!match) continue;
    const vars: Vars = {};
    for (const [name, value] of Object.entries(match.groups ?? {})) vars[name] = value ?? '';
    if (key === 'problems.oneOf') vars.options = choicesOf(String(vars.options));
    if (key === 'problems.rule') vars.detail = message;
    return { key, vars };
  }
  return null;
}

/** "open, pending or closed" → "open / pending / closed": the values as typed, without English joining words. */
function choicesOf(options: string): string {
  return options
    .split(/,? or |, /)
    .map((o) => o.replace(/^"|"$/g, ''))
    .join(' / ');
}

/** What a field expected, in the agent's language; the English words inside a translated sentence when unknown. */
export function expectationText(message: string, t: Translate): string {
  const known = expectationOf(message);
  return known ? t(known.key, known.vars) : t('problems.other', { detail: message });
}

const FIELD_LABELS: Partial<Record<string, MessageKey>> = {
  name: 'fields.name',
  email: 'fields.email',
  to: 'fields.email',
  role: 'fields.role',
  text: 'fields.text',
  body: 'fields.file',
  password: 'fields.password',
  locale: 'fields.language',
  timezone: 'fields.timeZone',
  time_zone: 'fields.timeZone',
  default_timezone: 'fields.timeZone',
  signature: 'fields.signature',
  attributes: 'fields.attributes',
  contact: 'fields.contact',
  data: 'fields.data',
  at: 'fields.sendAt',
  until: 'fields.snoozeUntil',
  until_local: 'fields.snoozeUntil',
  expires_at: 'fields.expires',
  template: 'fields.template',
  subject: 'fields.subject',
  html: 'fields.html',
  segment: 'fields.segment',
  segment_id: 'fields.segment',
  rule: 'fields.rule',
  topic: 'fields.topic',
  key: 'fields.topic',
  tag: 'fields.tag',
  tags: 'fields.tag',
  assignee: 'fields.assignee',
  assignee_id: 'fields.assignee',
  agent_id: 'fields.agent',
  ids: 'fields.conversations',
  id: 'fields.id',
  question: 'fields.question',
  questions: 'fields.question',
  answers: 'fields.answer',
  attachments: 'fields.attachments',
  acknowledge_warnings: 'fields.acknowledge',
  per_minute: 'fields.perMinute',
  local_time: 'fields.localTime',
  sender_name: 'settings.senderName',
  target_hours: 'settings.targetHours',
  quiet_hours: 'settings.quietHours',
  faq_mode: 'settings.faqMode',
  faq_min_confidence: 'settings.faqMinConfidence',
  faq_contact_limit_hours: 'settings.faqContactLimit',
  business_hours: 'settings.openingHours',
  from: 'fields.from',
};

/** A field's name as the agent knows it: "Attribute 2 name", "Name"; an unknown field keeps its form name. */
export function fieldLabel(field: string, t: Translate): string {
  const row = /^attributes\[(\d+)\]\.(name|value)$/.exec(field);
  if (row) return t(row[2] === 'name' ? 'contacts.attributeName' : 'contacts.attributeValue', { n: Number(row[1]) + 1 });
  const day = /^hours_(mon|tue|wed|thu|fri|sat|sun)$/.exec(field)?.[1] as 'mon' | undefined;
  if (day) return t(`settings.${day}`);
  const perLocale = /^(answers|questions)\.([\w-]+)/.exec(field);
  if (perLocale) return t(perLocale[1] === 'answers' ? 'fields.answerIn' : 'fields.questionsIn', { locale: perLocale[2] ?? '' });
  const attribute = /^attributes\.(.+)$/.exec(field);
  if (attribute) return t('fields.attribute', { name: attribute[1] ?? '' });
  const base = field.replace(/[.[].*$/, '');
  const key = FIELD_LABELS[field] ?? FIELD_LABELS[base];
  return key ? t(key) : field;
}

/** A rule problem the parser named by its code, in the agent's words (an empty `found` is where the rule ended). */
function ruleProblemText(issue: FieldIssue, t: Translate): string | null {
  const code = ruleIssueCode(issue);
  if (code === null) return null;
  const key: MessageKey = `problems.rule_${code}`;
  const params: Vars = { ...issue.params };
  if (params.found === '') params.found = t('problems.ruleEnd');
  return t(key, params);
}

/** One problem as a line: "Name: expected 1 to 100 characters", or only what was expected when it is about the whole form. */
export function issueText(issue: FieldIssue, t: Translate): string {
  const expected = ruleProblemText(issue, t) ?? expectationText(issue.message, t);
  return issue.field === '' ? expected : t('problems.issue', { field: fieldLabel(issue.field, t), expected });
}

const CODE_TEXT: Record<AppErrorName, MessageKey> = {
  ValidationFailed: 'problems.code_ValidationFailed',
  Unauthorized: 'errors.signInFirst',
  Forbidden: 'errors.forbidden',
  NotFound: 'errors.notFound',
  Conflict: 'problems.code_Conflict',
  TooManyRequests: 'errors.tooMany',
  PayloadTooLarge: 'errors.tooLarge',
  SuppressedRecipient: 'problems.code_SuppressedRecipient',
  NoMarketingConsent: 'problems.code_NoMarketingConsent',
  FrequencyCapped: 'problems.code_FrequencyCapped',
  NotInAudience: 'problems.code_NotInAudience',
  PreflightFailed: 'problems.code_PreflightFailed',
  WarningsNotAcknowledged: 'problems.code_WarningsNotAcknowledged',
  DatabaseUnavailable: 'errors.unavailable',
  StorageUnavailable: 'errors.unavailable',
  BlobMissing: 'errors.serverError',
  InboundDisabled: 'errors.unavailable',
};

/** What the refusal means, by its code alone. */
export function codeText(error: AppError, t: Translate): string {
  return t(CODE_TEXT[error.name]);
}

/** Codes whose meaning is in their field problems; for the others the code says it all and the issues repeat it. */
const SAID_BY_ISSUES: ReadonlySet<AppErrorName> = new Set(['ValidationFailed', 'Conflict']);

/**
 * A refused form as one line in the agent's language: the code's sentence, then each field's problem
 * ("Please check the form: Name: 1 to 100 characters"). The service's English message is not shown: its field
 * problems say the same, field by field. With `detail`, a refusal without field problems keeps the service's
 * words after its sentence (a technical reason an admin needs, such as why kept mail could not be processed).
 */
export function errorText(error: AppError, t: Translate, options: { detail?: boolean } = {}): string {
  if (SAID_BY_ISSUES.has(error.name) && error.issues.length > 0) {
    const issues = error.issues.map((issue) => issueText(issue, t));
    return t('problems.withIssues', { problem: codeText(error, t), issues: issues.join('; ') });
  }
  const sentence = error.name === 'ValidationFailed' || error.name === 'Conflict' ? t('errors.refused') : codeText(error, t);
  return options.detail ? `${sentence}. ${t('errors.detail', { detail: error.message })}` : sentence;
}

const DETAILS: readonly Expectation[] = [
  [/^no page at (?<path>\S+)$/, 'errors.noPage'],
  [/^no conversation with id (?<id>\S+)$/, 'errors.noConversation'],
  [/^no contact with id (?<id>\S+)$/, 'errors.noContact'],
  [/^no segment with id (?<id>\S+)$/, 'errors.noSegment'],
  [/^no broadcast with id (?<id>\S+)$/, 'errors.noBroadcast'],
  [/^no message with id (?<id>\S+)$/, 'errors.noMessage'],
  [/^no inbound email with id (?<id>\S+)$/, 'errors.noInbound'],
  [/^no FAQ entry with id (?<id>\S+)$/, 'errors.noFaq'],
  [/^no template (?<name>".*")$/, 'errors.noTemplate'],
];

/** What a refusal without field problems says (a 404's "no page at /x"), as a catalog message, or null when no form is known. */
export function detailOf(message: string): { key: MessageKey; vars: Record<string, string> } | null {
  for (const [pattern, key] of DETAILS) {
    const match = pattern.exec(message);
    if (match) return { key, vars: { ...match.groups } };
  }
  return null;
}
