// The rule language's refusals by name, with the parts of the rule they quote, so that a page can word them in its
// agent's language. The English `message` beside them stays the API's words.
import type { FieldIssue } from '../errors.ts';

export const RULE_ISSUE_CODES = [
  'empty',
  'unexpected',
  'pathUnclosedQuote',
  'pathEmptyName',
  'path',
  'nameAfter',
  'nameAfterRoot',
  'eventNotAllowed',
  'eventOnly',
  'contactField',
  'pathRoot',
  'operatorSymbol',
  'operatorHint',
  'operator',
  'dateAfter',
  'numberOrDateAfter',
  'dateNotAllowed',
  'createdAtOperator',
  'createdAtDate',
  'contactText',
  'list',
  'listEmpty',
  'listDate',
  'listSeparator',
  'value',
  'valueKind',
  'valueQuotes',
  'dateInvalid',
  'nowDuration',
  'escape',
  'textUnclosed',
  'depth',
  'shape',
  'severalKeys',
  'noKey',
  'emptyObject',
  'keyNextTo',
  'eventOnlyKeywords',
  'ruleList',
  'duration',
  'eventName',
  'count',
  'category',
  'replied',
  'consent',
  'topicKey',
  'unknownKey',
  'required',
] as const;
export type RuleIssueCode = (typeof RULE_ISSUE_CODES)[number];

/** Values quoted from the rule; `found: ''` means the rule ended where more was expected. */
export type RuleIssueParams = Record<string, string>;

/** A rule problem as an issue: the English message, its code (`rule.<name>`) and what it quotes. */
export function ruleIssue(field: string, code: RuleIssueCode, params: RuleIssueParams, message: string): FieldIssue {
  return { field, message, code: `rule.${code}`, params };
}

/** The rule code of an issue, when it is one. */
export function ruleIssueCode(issue: FieldIssue): RuleIssueCode | null {
  const name = issue.code?.startsWith('rule.') ? issue.code.slice('rule.'.length) : null;
  return name !== null && (RULE_ISSUE_CODES as readonly string[]).includes(name) ? (name as RuleIssueCode) : null;
}
