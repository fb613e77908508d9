// parseRule: a rule as written in YAML or JSON (trigger files, template `audience:`, API bodies)
// into the syntax tree, or every problem found, each with the path of the bad part
// (`rule.all[2].within`). A rule is a condition string, or an object with one of the keys
// all, any, not, event, last_message, replied, consent, topic.
import * as v from 'valibot';
import { MESSAGE_CATEGORIES } from '../vocabulary.ts';
import type { FieldIssue } from '../errors.ts';
import type { CountOp, Duration, Rule } from './ast.ts';
import { parseCondition, type PathScope } from './condition-parser.ts';
import { type RuleIssueCode, type RuleIssueParams, ruleIssue } from './issues.ts';
import { parseDuration } from './time.ts';
import { isPlainObject } from '../json-value.ts';

export interface ParseRuleOptions {
  /** True where an event triggers the rule (trigger conditions): `event.*` paths are allowed. */
  allowEvent: boolean;
  /** The name of the whole rule in issue paths, e.g. "audience"; "rule" by default. */
  root?: string;
}

export type ParseRuleResult = { ok: true; rule: Rule } | { ok: false; issues: FieldIssue[] };

/** Deeper rules are refused rather than risking the stack (and very long SQL). */
const MAX_DEPTH = 32;
const KEYWORDS = ['all', 'any', 'not', 'event', 'last_message', 'replied', 'consent', 'topic'] as const;
type Keyword = (typeof KEYWORDS)[number];
const KEYWORD_LIST = KEYWORDS.join(', ');
const isKeyword = (key: string): key is Keyword => (KEYWORDS as readonly string[]).includes(key);
const EVENT_NAME = /^[\p{L}\p{N}_.:-]{1,100}$/u;
const EVENT_NAME_HELP = 'expected an event name of letters, digits and _ . : - (at most 100)';
const TOPIC_KEY = /^[a-z0-9][a-z0-9_.-]*$/;
const COUNT = /^\s*(>=|<=|>|<|=)?\s*(\d+)\s*$/;
const COUNT_HELP = 'expected a count like ">= 2", "<= 3", "= 0" or a whole number (at least that many)';
const DURATION_HELP = 'expected an ISO 8601 duration like P30D or PT12H';
const WHOLE_DURATION_HELP = 'expected an ISO 8601 duration like P30D, P1M or PT12H (whole numbers)';
const CATEGORY_HELP = `expected a category: ${MESSAGE_CATEGORIES.join(', ')}`;
const REPLIED_HELP = 'expected true or {within: P30D}';
const CONSENT_HELP = 'expected marketing (the only consent there is)';
const TOPIC_HELP = 'expected a topic key of lower-case letters, digits and _ . - like newsletter';

/** The schemas' own messages by the code a page words them with. */
const SCHEMA_CODES = new Map<string, [RuleIssueCode, RuleIssueParams?]>([
  [DURATION_HELP, ['duration']],
  [WHOLE_DURATION_HELP, ['duration']],
  ['expected an event name', ['eventName']],
  [EVENT_NAME_HELP, ['eventName']],
  [COUNT_HELP, ['count']],
  [CATEGORY_HELP, ['category', { options: MESSAGE_CATEGORIES.join(', ') }]],
  [REPLIED_HELP, ['replied']],
  [CONSENT_HELP, ['consent']],
  ['expected a topic key', ['topicKey']],
  [TOPIC_HELP, ['topicKey']],
]);

export function parseRule(input: unknown, options: ParseRuleOptions): ParseRuleResult {
  const issues: FieldIssue[] = [];
  const rule = new RuleParser(issues).rule(input, options.root ?? 'rule', { allowEvent: options.allowEvent, eventOnly: false }, 0);
  return rule && issues.length === 0 ? { ok: true, rule } : { ok: false, issues };
}

const DurationText = v.pipe(
  v.string(DURATION_HELP),
  v.check((text) => parseDuration(text) !== null, WHOLE_DURATION_HELP),
);

const EventShape = v.strictObject({
  event: v.pipe(v.string('expected an event name'), v.regex(EVENT_NAME, EVENT_NAME_HELP)),
  count: v.optional(
    v.union(
      [v.pipe(v.number(), v.integer(COUNT_HELP), v.minValue(0, COUNT_HELP)), v.pipe(v.string(), v.regex(COUNT, COUNT_HELP))],
      COUNT_HELP,
    ),
  ),
  within: v.optional(DurationText),
  where: v.optional(v.unknown()),
});

const LastMessageShape = v.strictObject({
  category: v.optional(v.picklist(MESSAGE_CATEGORIES, CATEGORY_HELP)),
  within: DurationText,
});

const RepliedShape = v.union([v.literal(true), v.strictObject({ within: v.optional(DurationText) })], REPLIED_HELP);

const ConsentShape = v.picklist(['marketing'] as const, CONSENT_HELP);

const TopicShape = v.pipe(v.string('expected a topic key'), v.regex(TOPIC_KEY, TOPIC_HELP));

function at(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : `${path}.${key}`;
}

class RuleParser {
  constructor(private readonly issues: FieldIssue[]) {}

  private problem(field: string, code: RuleIssueCode, params: RuleIssueParams, message: string): null {
    this.issues.push(ruleIssue(field, code, params, message));
    return null;
  }

  /** Runs a valibot schema; its issues go in under `path`. */
  private check<S extends v.GenericSchema>(schema: S, input: unknown, path: string): v.InferOutput<S> | null {
    const result = v.safeParse(schema, input);
    if (result.success) return result.output;
    for (const issue of result.issues) {
      const dot = v.getDotPath(issue);
      const field = dot ? `${path}.${dot.replace(/\.(\d+)(?=\.|$)/g, '[$1]')}` : path;
      const strict = issue.kind === 'schema' && issue.type === 'strict_object';
      if (strict && issue.expected === 'never') {
        this.problem(field, 'unknownKey', { keys: expectedKeys(schema) }, `unknown key; expected ${expectedKeys(schema)}`);
      } else if (strict) {
        this.problem(field, 'required', {}, 'required');
      } else {
        const known = SCHEMA_CODES.get(issue.message);
        if (known) this.problem(field, known[0], known[1] ?? {}, issue.message);
        else this.issues.push({ field, message: issue.message });
      }
    }
    return null;
  }

  rule(input: unknown, path: string, scope: PathScope, depth: number): Rule | null {
    if (depth > MAX_DEPTH)
      return this.problem(path, 'depth', { max: String(MAX_DEPTH) }, `expected rules nested at most ${MAX_DEPTH} deep`);
    if (typeof input === 'string') {
      const parsed = parseCondition(input, scope);
      return parsed.ok ? parsed.rule : this.problem(path, parsed.code, parsed.params, parsed.message);
    }
    if (!isPlainObject(input)) {
      const message = `expected a condition like "attributes.city = \\"Göteborg\\"" or an object with one of ${KEYWORD_LIST}`;
      return this.problem(path, 'shape', { keywords: KEYWORD_LIST }, message);
    }
    const keys = Object.keys(input);
    // YAML reads `{attributes.tags contains "ski"}` as a map with that one key and no value.
    const only = keys[0];
    if (keys.length === 1 && only !== undefined && input[only] === null && !isKeyword(only)) return this.rule(only, path, scope, depth);
    const heads = keys.filter(isKeyword);
    if (heads.length > 1) {
      const params = { keywords: KEYWORD_LIST, found: heads.join(', ') };
      return this.problem(path, 'severalKeys', params, `expected one of ${KEYWORD_LIST}, found several: ${heads.join(', ')}`);
    }
    if (heads.length === 0) {
      const found = keys.map((k) => JSON.stringify(k)).join(', ');
      if (!found)
        return this.problem(
          path,
          'emptyObject',
          { keywords: KEYWORD_LIST },
          `expected one of the keys ${KEYWORD_LIST}, found an empty object`,
        );
      return this.problem(path, 'noKey', { keywords: KEYWORD_LIST, found }, `expected one of the keys ${KEYWORD_LIST}, found ${found}`);
    }
    const head = heads[0]!;
    if (head !== 'event') {
      const extra = keys.filter((k) => k !== head);
      if (extra.length) return this.problem(at(path, extra[0]!), 'keyNextTo', { key: head }, `unknown key next to "${head}"`);
    }
    if (scope.eventOnly && head !== 'all' && head !== 'any' && head !== 'not') {
      return this.problem(at(path, head), 'eventOnlyKeywords', {}, 'only conditions on event.* (with all, any, not) are allowed here');
    }
    return this.keyword(head, input, path, scope, depth);
  }

  private keyword(head: Keyword, input: Record<string, unknown>, path: string, scope: PathScope, depth: number): Rule | null {
    const value = input[head];
    const here = at(path, head);
    switch (head) {
      case 'all':
      case 'any': {
        if (!Array.isArray(value) || value.length === 0) return this.problem(here, 'ruleList', {}, 'expected a list of at least one rule');
        const rules = value.map((r, i) => this.rule(r, at(here, i), scope, depth + 1));
        return rules.every((r) => r !== null) ? { kind: head, rules: rules as Rule[] } : null;
      }
      case 'not': {
        const rule = this.rule(value, here, scope, depth + 1);
        return rule && { kind: 'not', rule };
      }
      case 'event':
        return this.event(input, path, depth);
      case 'last_message': {
        const shape = this.check(LastMessageShape, value, here);
        return shape && { kind: 'last_message', category: shape.category ?? null, within: parseDuration(shape.within)! };
      }
      case 'replied': {
        const shape = this.check(RepliedShape, value, here);
        if (shape === null) return null;
        return { kind: 'replied', within: shape === true || !shape.within ? null : parseDuration(shape.within)! };
      }
      case 'consent': {
        const purpose = this.check(ConsentShape, value, here);
        return purpose && { kind: 'consent', purpose };
      }
      case 'topic': {
        const key = this.check(TopicShape, value, here);
        return key === null ? null : { kind: 'topic', key };
      }
    }
  }

  private event(input: Record<string, unknown>, path: string, depth: number): Rule | null {
    const shape = this.check(EventShape, input, path);
    if (!shape) return null;
    const counted: PathScope = { allowEvent: true, eventOnly: true };
    const where = shape.where === undefined ? null : this.rule(shape.where, at(path, 'where'), counted, depth + 1);
    if (shape.where !== undefined && !where) return null;
    const within = shape.within ? (parseDuration(shape.within) as Duration) : null;
    return { kind: 'event', name: shape.event, count: parseCount(shape.count), within, where };
  }
}

function parseCount(count: number | string | undefined): { op: CountOp; n: number } {
  if (count === undefined) return { op: '>=', n: 1 };
  if (typeof count === 'number') return { op: '>=', n: count };
  const m = COUNT.exec(count)!;
  return { op: (m[1] as CountOp | undefined) ?? '>=', n: Number(m[2]) };
}

function expectedKeys(schema: v.GenericSchema): string {
  const entries = (schema as unknown as { entries?: Record<string, unknown> }).entries;
  return entries ? Object.keys(entries).join(', ') : 'known keys';
}
