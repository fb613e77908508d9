// The rule language's syntax tree: what parseRule produces and what evaluateRule and the SQL
// compiler (src/store/rules-sql.ts) both read. Negated operators (!=, not in, not contains,
// not exists, is not empty) are desugared by the parser into `not`/`all` nodes, so each
// operator's meaning is written once per evaluator.
import type { MessageCategory } from '../vocabulary.ts';

export type Rule =
  | { kind: 'all'; rules: Rule[] }
  | { kind: 'any'; rules: Rule[] }
  | { kind: 'not'; rule: Rule }
  | Condition
  | EventRule
  | LastMessageRule
  | RepliedRule
  | { kind: 'consent'; purpose: 'marketing' }
  | { kind: 'topic'; key: string };

export const CONTACT_TEXT_FIELDS = ['email', 'name', 'locale', 'timezone'] as const;
export type ContactTextField = (typeof CONTACT_TEXT_FIELDS)[number];

/** Where a condition's value comes from. JSON sources hold any JSON; contact fields have a known type. */
export type ValuePath =
  | { source: 'attributes'; keys: string[] }
  /** The triggering event's properties, or (inside an event rule's `where`) the counted event's. */
  | { source: 'event'; keys: string[] }
  | { source: 'contact'; field: ContactTextField }
  | { source: 'contact'; field: 'created_at' };

export type Literal =
  | { type: 'string'; value: string }
  | { type: 'number'; value: number }
  | { type: 'boolean'; value: boolean }
  | { type: 'date'; date: DateValue };

/** An instant: fixed (epoch ms), or relative to the `now` the rule is evaluated at. */
export type DateValue = { at: number } | { now: true; sign: 1 | -1; offset: Duration | null };

/** ISO 8601 duration parts, all non-negative integers. */
export interface Duration {
  text: string;
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

export type Comparison = 'lt' | 'le' | 'gt' | 'ge';

export type Condition = {
  kind: 'condition';
  path: ValuePath;
  /** The condition as written, for messages and display. */
  text: string;
} & (
  | { op: 'eq'; value: Literal }
  | { op: Comparison; value: Extract<Literal, { type: 'number' } | { type: 'date' }> }
  | { op: 'contains'; value: Exclude<Literal, { type: 'date' }> }
  | { op: 'in'; values: Exclude<Literal, { type: 'date' }>[] }
  | { op: 'exists' }
  | { op: 'empty' }
);

export type CountOp = '>=' | '<=' | '>' | '<' | '=';

/** `event X` happened `count` times (default at least once), within a window, matching `where`. */
export interface EventRule {
  kind: 'event';
  name: string;
  count: { op: CountOp; n: number };
  within: Duration | null;
  /** Over the counted event's properties (`event.*` paths only). */
  where: Rule | null;
}

/** An outbound message (of a category) went to the contact within the window. */
export interface LastMessageRule {
  kind: 'last_message';
  category: MessageCategory | null;
  within: Duration;
}

/** The contact wrote to us (a real reply, not an auto-reply or bounce), within the window or ever. */
export interface RepliedRule {
  kind: 'replied';
  within: Duration | null;
}
