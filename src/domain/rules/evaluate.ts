// Evaluates a parsed rule for one contact in memory. Two-valued: every condition is true or
// false, a comparison with a missing value is false and `not` of it is true (the SQL compiler
// wraps each condition so NULL never leaks into its logic either).
import type { Condition, EventRule, Literal, Rule, ValuePath } from './ast.ts';
import { isReply, isSentEmail, isSubscribedToTopic, messageTime, type RuleFacts } from './facts.ts';
import { resolveDate, windowStart } from './time.ts';
import { asDate, asNumber, containsLiteral, equalsLiteral, isEmptyValue, isMissing, lookup, type ResolvedLiteral } from './values.ts';

interface Scope {
  facts: RuleFacts;
  now: number;
  /** Properties that `event.*` reads: the triggering event's, or the counted one's inside `where`. */
  event: Record<string, unknown> | undefined;
}

export function evaluateRule(rule: Rule, facts: RuleFacts, now: number): boolean {
  return evaluate(rule, { facts, now, event: facts.event?.data });
}

function evaluate(rule: Rule, scope: Scope): boolean {
  switch (rule.kind) {
    case 'all':
      return rule.rules.every((r) => evaluate(r, scope));
    case 'any':
      return rule.rules.some((r) => evaluate(r, scope));
    case 'not':
      return !evaluate(rule.rule, scope);
    case 'condition':
      return evaluateCondition(rule, scope);
    case 'event':
      return countMatches(countEvents(rule, scope), rule.count);
    case 'last_message': {
      const since = windowStart(scope.now, rule.within);
      return scope.facts.messages.some(
        (m) => isSentEmail(m) && (rule.category === null || m.category === rule.category) && inWindow(messageTime(m), since, scope.now),
      );
    }
    case 'replied': {
      const since = rule.within ? windowStart(scope.now, rule.within) : null;
      return scope.facts.messages.some((m) => isReply(m) && (since === null || inWindow(messageTime(m), since, scope.now)));
    }
    case 'consent':
      return scope.facts.contact.marketingConsent === 'subscribed';
    case 'topic':
      return isSubscribedToTopic(scope.facts.topics, rule.key);
  }
}

/** "Within P30D" is the closed window [now − 30 days, now]. */
function inWindow(at: number, since: number, now: number): boolean {
  return at >= since && at <= now;
}

function countEvents(rule: EventRule, scope: Scope): number {
  const since = rule.within ? windowStart(scope.now, rule.within) : null;
  let count = 0;
  for (const e of scope.facts.events) {
    if (e.name !== rule.name || (since !== null && !inWindow(e.occurredAt, since, scope.now))) continue;
    if (rule.where && !evaluate(rule.where, { ...scope, event: e.data })) continue;
    count++;
  }
  return count;
}

export function countMatches(count: number, { op, n }: EventRule['count']): boolean {
  switch (op) {
    case '>=':
      return count >= n;
    case '<=':
      return count <= n;
    case '>':
      return count > n;
    case '<':
      return count < n;
    case '=':
      return count === n;
  }
}

/** A JSON value, or an epoch (contact.created_at, the one date column). */
type Value = { json: unknown } | { epoch: number };

function valueAt(path: ValuePath, scope: Scope): Value {
  switch (path.source) {
    case 'attributes':
      return { json: lookup(scope.facts.contact.attributes, path.keys) };
    case 'event':
      return { json: lookup(scope.event, path.keys) };
    case 'contact':
      return path.field === 'created_at' ? { epoch: scope.facts.contact.createdAt } : { json: scope.facts.contact[path.field] };
  }
}

function resolve(literal: Literal, now: number): ResolvedLiteral {
  return literal.type === 'date' ? { type: 'date', at: resolveDate(literal.date, now) } : literal;
}

function evaluateCondition(c: Condition, scope: Scope): boolean {
  const value = valueAt(c.path, scope);
  if ('epoch' in value) return compareEpoch(c, value.epoch, scope.now);
  const v = value.json;
  switch (c.op) {
    case 'exists':
      return !isMissing(v);
    case 'empty':
      return isEmptyValue(v);
    case 'eq':
      return equalsLiteral(v, resolve(c.value, scope.now));
    case 'in':
      return c.values.some((literal) => equalsLiteral(v, literal));
    case 'contains':
      return containsLiteral(v, c.value);
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge': {
      const target = c.value.type === 'number' ? c.value.value : resolveDate(c.value.date, scope.now);
      const actual = c.value.type === 'number' ? asNumber(v) : asDate(v);
      return actual !== null && compare(actual, c.op, target);
    }
  }
}

/** contact.created_at: always present; the parser allows only date literals on it. */
function compareEpoch(c: Condition, epoch: number, now: number): boolean {
  switch (c.op) {
    case 'exists':
      return true;
    case 'empty':
      return false;
    case 'eq':
      return c.value.type === 'date' && epoch === resolveDate(c.value.date, now);
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
      return c.value.type === 'date' && compare(epoch, c.op, resolveDate(c.value.date, now));
    case 'in':
    case 'contains':
      return false;
  }
}

function compare(actual: number, op: 'lt' | 'le' | 'gt' | 'ge', target: number): boolean {
  switch (op) {
    case 'lt':
      return actual < target;
    case 'le':
      return actual <= target;
    case 'gt':
      return actual > target;
    case 'ge':
      return actual >= target;
  }
}
