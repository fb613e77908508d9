// Compiles a parsed rule (src/domain/rules) to a WHERE fragment over `contacts`, with the same
// meaning evaluateRule gives it in memory (test/integration/rules-agreement.test.ts runs one
// table of cases both ways). Every condition compiles to an expression that is 0 or 1, never
// NULL, so NOT and OR keep two-valued logic: a comparison with a missing value is 0 and its
// negation 1. All user input is bound as parameters; times are resolved in JS (src/domain/rules/time.ts).
import type { Condition, Duration, EventRule, Literal, Rule, ValuePath } from '../domain/rules/ast.ts';
import { countMatches } from '../domain/rules/evaluate.ts';
import { REPLY_CLASSIFICATIONS, UNSENT_STATUSES } from '../domain/rules/facts.ts';
import { resolveDate, windowStart } from '../domain/rules/time.ts';

export type SqlParam = string | number;

export interface CompiledRule {
  sql: string;
  params: SqlParam[];
}

export interface CompileOptions {
  /** The triggering event's properties, for rules with `event.*` paths. */
  event?: Record<string, unknown> | undefined;
}

class Frag {
  constructor(
    readonly sql: string,
    readonly params: SqlParam[],
  ) {}
}

/** A fragment: interpolated Frags are inlined, anything else becomes a bound parameter. */
function q(strings: TemplateStringsArray, ...parts: (Frag | SqlParam)[]): Frag {
  let sql = strings[0]!;
  const params: SqlParam[] = [];
  parts.forEach((part, i) => {
    if (part instanceof Frag) {
      sql += part.sql;
      params.push(...part.params);
    } else {
      sql += '?';
      params.push(part);
    }
    sql += strings[i + 1]!;
  });
  return new Frag(sql, params);
}

function join(frags: Frag[], separator: string): Frag {
  return new Frag(
    frags.map((f) => f.sql).join(separator),
    frags.flatMap((f) => f.params),
  );
}

/** A quoted constant from our own code (enum values), never from input. */
function constant(value: string): Frag {
  if (!/^[a-z_]+$/.test(value)) throw new Error(`not a safe SQL constant: ${value}`);
  return new Frag(`'${value}'`, []);
}

function constants(values: readonly string[]): Frag {
  return join(values.map(constant), ', ');
}

const TRUE = new Frag('1', []);
const FALSE = new Frag('0', []);
const EMPTY = new Frag('', []);

/** A JSON value in SQL: its json_type and its SQL value (text unquoted, numbers, 1/0 for booleans). */
interface JsonSlot {
  type: Frag;
  value: Frag;
}

/** A value inside a JSON document, which `contains` can also walk with json_each. */
interface DocumentSlot extends JsonSlot {
  each: Frag;
}

function jsonPath(keys: string[]): string {
  // The parser admits no `"` or `\` in keys, so quoting needs no escapes.
  return `$${keys.map((k) => `."${k}"`).join('')}`;
}

function documentSlot(doc: Frag, keys: string[]): DocumentSlot {
  const path = jsonPath(keys);
  return { type: q`json_type(${doc}, ${path})`, value: q`json_extract(${doc}, ${path})`, each: q`json_each(${doc}, ${path})` };
}

/** An array element in `contains`. */
const ELEMENT: JsonSlot = { type: new Frag('je.type', []), value: new Frag('je.value', []) };

// The typed readings of values.ts, spelled in SQL. CASE (not AND) guards json_type(text), which
// raises an error on text that is not JSON.
// Numbers compare as doubles, as in JS (an integer beyond 2^53 rounds the same way on both sides).
function numberOf(s: JsonSlot): Frag {
  const numericText = q`CASE WHEN json_type(${s.value}) IN ('integer', 'real')
    AND abs(json_extract(${s.value}, '$')) <= 1.7976931348623157e308 THEN json_extract(${s.value}, '$') END`;
  return q`CAST((CASE WHEN ${s.type} IN ('integer', 'real') THEN ${s.value}
    WHEN ${s.type} = 'text' THEN (CASE WHEN json_valid(${s.value}) THEN (${numericText}) END) END) AS REAL)`;
}

function booleanOf(s: JsonSlot): Frag {
  return q`(CASE ${s.type} WHEN 'true' THEN 1 WHEN 'false' THEN 0
    WHEN 'text' THEN (CASE lower(${s.value}) WHEN 'true' THEN 1 WHEN 'false' THEN 0 END) END)`;
}

/** Text read as a date by SQLite, limited to the texts parseStoredDate reads the same way. */
function dateOf(s: JsonSlot): Frag {
  return q`(CASE WHEN ${s.type} = 'text' AND ${s.value} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'
    AND ${s.value} NOT GLOB '*[^0-9TZz:. +-]*' THEN CAST(round(unixepoch(${s.value}, 'subsec') * 1000) AS INTEGER) END)`;
}

type Resolved = Exclude<Literal, { type: 'date' }> | { type: 'date'; at: number };

function equals(s: JsonSlot, literal: Resolved): Frag {
  switch (literal.type) {
    case 'string':
      return q`coalesce(${s.type} = 'text' AND ${s.value} = ${literal.value}, 0)`;
    case 'number':
      return q`coalesce(${numberOf(s)} = ${literal.value}, 0)`;
    case 'boolean':
      return q`coalesce(${booleanOf(s)} = ${literal.value ? 1 : 0}, 0)`;
    case 'date':
      return q`coalesce(${dateOf(s)} = ${literal.at}, 0)`;
  }
}

const COMPARE = { lt: '<', le: '<=', gt: '>', ge: '>=' } as const;

interface Scope {
  now: number;
  /** The document `event.*` reads: the triggering event (a parameter), the counted row, or NULL. */
  event: Frag;
}

export function compileRule(rule: Rule, now: number, options: CompileOptions = {}): CompiledRule {
  // Without an event, event.* reads JSON NULL: missing, as in memory.
  const event = options.event ? q`${JSON.stringify(options.event)}` : new Frag('NULL', []);
  const frag = compile(rule, { now, event });
  return { sql: frag.sql, params: frag.params };
}

function compile(rule: Rule, scope: Scope): Frag {
  switch (rule.kind) {
    case 'all':
      return rule.rules.length
        ? q`(${join(
            rule.rules.map((r) => compile(r, scope)),
            ' AND ',
          )})`
        : TRUE;
    case 'any':
      return rule.rules.length
        ? q`(${join(
            rule.rules.map((r) => compile(r, scope)),
            ' OR ',
          )})`
        : FALSE;
    case 'not':
      return q`(NOT ${compile(rule.rule, scope)})`;
    case 'condition':
      return condition(rule, scope);
    case 'event':
      return eventCount(rule, scope);
    case 'last_message': {
      const category = rule.category ? q` AND m.category = ${rule.category}` : EMPTY;
      return memberOf(q`${CONTACT_MESSAGES} WHERE m.kind = 'email' AND m.direction = 'out'
        AND m.status NOT IN (${constants(UNSENT_STATUSES)})${category}${messageWindow(rule.within, scope.now)}`);
    }
    case 'replied': {
      return memberOf(q`${CONTACT_MESSAGES} WHERE m.kind = 'email' AND m.direction = 'in' AND m.author = 'contact'
        AND (m.classification IS NULL OR m.classification IN (${constants(REPLY_CLASSIFICATIONS)}))
        ${messageWindow(rule.within, scope.now)}`);
    }
    case 'consent':
      return q`(contacts.marketing_consent = 'subscribed')`;
    case 'topic': {
      // The topic's default decides whether the contact's own choice must be "subscribed" or only not "unsubscribed".
      const chose = (status: string) =>
        q`SELECT ts.contact_id FROM topic_subscriptions ts JOIN topics tp ON tp.id = ts.topic_id
          WHERE tp.key = ${rule.key} AND ts.status = ${constant(status)}`;
      return q`(CASE (SELECT tp.default_subscribed FROM topics tp WHERE tp.key = ${rule.key})
        WHEN 1 THEN ${notMemberOf(chose('unsubscribed'))} WHEN 0 THEN ${memberOf(chose('subscribed'))} ELSE 0 END)`;
    }
  }
}

// A message's contact: its conversation's, or (a bulk or broadcast send nobody answered yet) its own contact_id.
const CONTACT_MESSAGES = new Frag(
  'SELECT coalesce(cv.contact_id, m.contact_id) FROM messages m LEFT JOIN conversations cv ON cv.id = m.conversation_id',
  [],
);

/** A message's time is when it was sent, or created while not sent yet (queued, received). */
function messageWindow(within: Duration | null, now: number): Frag {
  return within ? q` AND coalesce(m.sent_at, m.created_at) BETWEEN ${windowStart(now, within)} AND ${now}` : EMPTY;
}

/**
 * Behaviour is matched set-wise: the subquery (not correlated with the contact) runs once and
 * the contacts are checked against its result, which at 100,000 contacts is several times faster
 * than one index probe per contact. Subqueries yield no NULL ids, so IN stays 0 or 1.
 */
function memberOf(contactIds: Frag): Frag {
  return q`(contacts.id IN (${contactIds}))`;
}

function notMemberOf(contactIds: Frag): Frag {
  return q`(contacts.id NOT IN (${contactIds}))`;
}

/** Counts per contact; when zero events satisfy the count ("<= 1", "= 0"), contacts with no events match too. */
function eventCount(rule: EventRule, scope: Scope): Frag {
  const window = rule.within ? q` AND ev.occurred_at BETWEEN ${windowStart(scope.now, rule.within)} AND ${scope.now}` : EMPTY;
  const where = rule.where ? q` AND ${compile(rule.where, { ...scope, event: new Frag('ev.data', []) })}` : EMPTY;
  const rows = q`SELECT ev.contact_id FROM events ev WHERE ev.contact_id IS NOT NULL AND ev.name = ${rule.name}${window}${where}`;
  const { op, n } = rule.count;
  const count = q`count(*) ${new Frag(op, [])} ${n}`;
  if (countMatches(0, rule.count)) return notMemberOf(q`${rows} GROUP BY ev.contact_id HAVING NOT (${count})`);
  if ((op === '>=' && n === 1) || (op === '>' && n === 0)) return memberOf(rows);
  return memberOf(q`${rows} GROUP BY ev.contact_id HAVING ${count}`);
}

function slotFor(path: Extract<ValuePath, { keys: string[] }>, scope: Scope): DocumentSlot {
  return documentSlot(path.source === 'attributes' ? new Frag('contacts.attributes', []) : scope.event, path.keys);
}

function resolveLiteral(literal: Literal, now: number): Resolved {
  return literal.type === 'date' ? { type: 'date', at: resolveDate(literal.date, now) } : literal;
}

function condition(c: Condition, scope: Scope): Frag {
  if (c.path.source === 'contact') return contactCondition(c, c.path.field, scope.now);
  const s = slotFor(c.path, scope);
  switch (c.op) {
    case 'exists':
      return q`coalesce(${s.type} <> 'null', 0)`;
    case 'empty':
      return q`(CASE WHEN ${s.type} IS NULL OR ${s.type} = 'null' THEN 1 WHEN ${s.type} = 'text' THEN ${s.value} = ''
        WHEN ${s.type} IN ('array', 'object') THEN ${s.value} IN ('[]', '{}') ELSE 0 END)`;
    case 'eq':
      return equals(s, resolveLiteral(c.value, scope.now));
    case 'in':
      return q`(${join(
        c.values.map((v) => equals(s, v)),
        ' OR ',
      )})`;
    case 'contains': {
      const text = c.value.type === 'string' ? q`instr(${s.value}, ${c.value.value}) > 0` : FALSE;
      const element = q`EXISTS (SELECT 1 FROM ${s.each} AS je WHERE ${equals(ELEMENT, c.value)})`;
      return q`(CASE ${s.type} WHEN 'array' THEN ${element} WHEN 'text' THEN ${text} ELSE 0 END)`;
    }
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge': {
      const actual = c.value.type === 'number' ? numberOf(s) : dateOf(s);
      const target = c.value.type === 'number' ? c.value.value : resolveDate(c.value.date, scope.now);
      return q`coalesce(${actual} ${new Frag(COMPARE[c.op], [])} ${target}, 0)`;
    }
  }
}

/**
 * Contact columns have known types, so they compile to plain column tests that indexes serve
 * (contacts_email_unique, contacts_created_idx). email and created_at are NOT NULL.
 */
function contactCondition(c: Condition, field: Extract<ValuePath, { source: 'contact' }>['field'], now: number): Frag {
  const column = new Frag(`contacts.${field}`, []);
  const nullable = field !== 'email' && field !== 'created_at';
  const total = (f: Frag): Frag => (nullable ? q`coalesce(${f}, 0)` : q`(${f})`);
  const value = (literal: Literal): SqlParam => {
    if (literal.type === 'date') return resolveDate(literal.date, now);
    return literal.type === 'boolean' ? Number(literal.value) : literal.value;
  };
  switch (c.op) {
    case 'exists':
      return nullable ? q`(${column} IS NOT NULL)` : TRUE;
    case 'empty':
      return field === 'created_at' ? FALSE : q`(${column} IS NULL OR ${column} = '')`;
    case 'eq':
      return total(q`${column} = ${value(c.value)}`);
    case 'in':
      return total(
        q`${column} IN (${join(
          c.values.map((v) => q`${value(v)}`),
          ', ',
        )})`,
      );
    case 'contains':
      return total(q`instr(${column}, ${value(c.value)}) > 0`);
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
      return total(q`${column} ${new Frag(COMPARE[c.op], [])} ${value(c.value)}`);
  }
}
