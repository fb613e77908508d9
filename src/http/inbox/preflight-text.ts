// A pre-flight finding in the agent's language: its code chooses the sentence, its params fill it (the API keeps
// the English `message`). A finding stored before params existed is shown by its message.
import type { Finding, FindingCode } from '../../domain/broadcasts/preflight.ts';
import type { MessageKey, Translate, Vars } from './i18n/catalog.ts';

/** Each finding code's sentence; the type makes a new code fail to compile until it has one. */
export const FINDING_TEXT: Record<FindingCode, MessageKey> = {
  UnknownVariable: 'preflight.UnknownVariable',
  UndefinedVariable: 'preflight.UndefinedVariable',
  EmptyPersonalization: 'preflight.EmptyPersonalization',
  LocaleFallback: 'preflight.LocaleFallback',
  RenderFailed: 'preflight.RenderFailed',
  EmptySubject: 'preflight.EmptySubject',
  MalformedLink: 'preflight.MalformedLink',
  InsecureLink: 'preflight.InsecureLink',
  DuplicateLinkText: 'preflight.DuplicateLinkText',
  MissingUnsubscribe: 'preflight.MissingUnsubscribe',
  AllCapsSubject: 'preflight.AllCapsSubject',
  SpamProneSubject: 'preflight.SpamProneSubject',
  LongSubject: 'preflight.LongSubject',
  PriceFormat: 'preflight.PriceFormat',
};

const PART: Record<string, MessageKey> = { text: 'preflight.partText', html: 'preflight.partHtml', both: 'preflight.partBoth' };
const SPAM: Record<string, MessageKey> = {
  exclamations: 'preflight.spamExclamations',
  currency: 'preflight.spamCurrency',
  percent: 'preflight.spamPercent',
  phrase: 'preflight.spamPhrase',
};

export function findingText(finding: Finding, t: Translate): string {
  const params = finding.params;
  if (!params) return finding.message;
  const vars: Vars = { ...params };
  const part = PART[String(params.part)];
  if (part) vars.part = t(part);
  const kind = SPAM[String(params.kind)];
  if (kind) vars.kind = t(kind);
  return t(FINDING_TEXT[finding.code], vars);
}
