// The condition strings of the rule language: `<path> <operator> [<value>]`, e.g.
//   attributes.city = "Göteborg"      attributes.age < 26        attributes.tags contains "vip"
//   contact.created_at after now - P30D                           event.total >= 500
//   attributes.plan in ["pro", "team"]   attributes.birthday exists   contact.name is not empty
// A small hand-written scanner, so every refusal says what it expected and what it found.
import { normalizeEmail } from '../people/email-address.ts';
import { CONTACT_TEXT_FIELDS, type Condition, type DateValue, type Literal, type Rule, type ValuePath } from './ast.ts';
import type { RuleIssueCode, RuleIssueParams } from './issues.ts';
import { parseDuration, parseLiteralDate } from './time.ts';

/** Which paths a condition may read. */
export type PathScope = { allowEvent: boolean; eventOnly: boolean };

export type ConditionResult = { ok: true; rule: Rule } | { ok: false; message: string; code: RuleIssueCode; params: RuleIssueParams };

class ConditionError extends Error {
  constructor(
    message: string,
    readonly code: RuleIssueCode,
    readonly params: RuleIssueParams,
  ) {
    super(message);
  }
}

const OPERATOR_HELP = '=, !=, <, <=, >, >=, contains, not contains, in, not in, exists, not exists, is empty, is not empty, before, after';
const SYMBOLS = new Set(['=', '!=', '<', '<=', '>', '>=']);
const SYMBOL_HINTS: Record<string, string> = { '==': '=', '===': '=', '<>': '!=', '=<': '<=', '=>': '>=', '!==': '!=' };
const IDENTIFIER = /^[\p{L}\p{N}_-]+$/u;
const WORD = /^[\p{L}_][\p{L}\p{N}_]*/u;
const BARE = /^[^\s,\][]+/;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const DATE_LIKE = /^\d{4}-\d{2}-\d{2}/;
const EVENT_ONLY = "only event.* paths (the counted event's properties) are allowed here";
const CONTACT_FIELD_HELP = [...CONTACT_TEXT_FIELDS, 'created_at'].map((f) => `contact.${f}`).join(', ');

function quote(text: string): string {
  return JSON.stringify(text);
}

class Scanner {
  pos = 0;
  constructor(readonly src: string) {}

  skipSpace(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos]!)) this.pos++;
  }
  atEnd(): boolean {
    this.skipSpace();
    return this.pos >= this.src.length;
  }
  rest(): string {
    return this.src.slice(this.pos);
  }
  /** The next word-ish piece, for "found …" in messages. */
  found(): string {
    return this.piece() || 'the end of the condition';
  }
  /** The next piece quoted, or '' at the end: what a message's `found` parameter holds. */
  piece(): string {
    this.skipSpace();
    if (this.pos >= this.src.length) return '';
    const piece = /^(?:[=!<>]+|"[^"]*"?|'[^']*'?|[^\s]+)/.exec(this.rest())![0];
    return quote(piece.length > 40 ? `${piece.slice(0, 40)}…` : piece);
  }
  word(): string | null {
    this.skipSpace();
    const m = WORD.exec(this.rest());
    return m ? m[0] : null;
  }
  take(text: string): void {
    this.pos += text.length;
  }
}

/** Parses one condition string into a rule (negated operators become `not`). */
export function parseCondition(text: string, scope: PathScope): ConditionResult {
  try {
    return { ok: true, rule: parse(text, scope) };
  } catch (error) {
    if (error instanceof ConditionError) return { ok: false, message: error.message, code: error.code, params: error.params };
    throw error;
  }
}

function fail(code: RuleIssueCode, params: RuleIssueParams, message: string): never {
  throw new ConditionError(message, code, params);
}

function parse(text: string, scope: PathScope): Rule {
  const s = new Scanner(text);
  s.skipSpace();
  if (s.atEnd()) fail('empty', {}, `expected a condition like attributes.city = "Göteborg", found an empty text`);
  const start = s.pos;
  const path = readPath(s, scope);
  const pathText = text.slice(start, s.pos);
  const condition = readOperatorAndValue(s, path, pathText, text.trim());
  if (!s.atEnd()) {
    const after = quote(text.slice(start, s.pos).trim());
    fail('unexpected', { found: s.piece(), after }, `unexpected ${s.found()} after ${after}`);
  }
  return condition;
}

function readPath(s: Scanner, scope: PathScope): ValuePath {
  const keys: string[] = [];
  const start = s.pos;
  for (;;) {
    if (s.src[s.pos] === '"') {
      const end = s.src.indexOf('"', s.pos + 1);
      if (end < 0) fail('pathUnclosedQuote', { path: quote(s.rest()) }, `expected a closing " in the path ${quote(s.rest())}`);
      const key = s.src.slice(s.pos + 1, end);
      if (key === '' || /[\\\u0000-\u001f]/.test(key)) {
        const found = quote(s.src.slice(s.pos, end + 1));
        fail('pathEmptyName', { found }, `expected a name between the quotes in the path, found ${found}`);
      }
      keys.push(key);
      s.pos = end + 1;
    } else {
      const m = /^[^\s.=!<>"]+/.exec(s.rest());
      if (!m || !IDENTIFIER.test(m[0])) {
        if (keys.length === 0)
          fail('path', { found: s.piece() }, `expected a path like attributes.city, contact.email or event.total, found ${s.found()}`);
        const prefix = s.src.slice(start, s.pos);
        fail('nameAfter', { prefix, found: s.piece() }, `expected a name after "${prefix}", found ${s.found()}`);
      }
      keys.push(m[0]);
      s.take(m[0]);
    }
    if (s.src[s.pos] !== '.') break;
    s.pos++;
  }
  const written = s.src.slice(start, s.pos);
  const [root, ...rest] = keys;
  if (root === 'attributes' || root === 'event') {
    if (rest.length === 0) {
      const example = root === 'event' ? 'event.total' : 'attributes.city';
      fail('nameAfterRoot', { prefix: `${root}.`, example }, `expected a name after "${root}.", e.g. ${example}`);
    }
    if (root === 'event' && !scope.allowEvent && !scope.eventOnly) {
      fail(
        'eventNotAllowed',
        { path: quote(written) },
        `${quote(written)}: event.* paths are only allowed where an event triggers the rule`,
      );
    }
    if (root === 'attributes' && scope.eventOnly) fail('eventOnly', { path: quote(written) }, `${quote(written)}: ${EVENT_ONLY}`);
    return { source: root, keys: rest };
  }
  if (root === 'contact') {
    if (scope.eventOnly) fail('eventOnly', { path: quote(written) }, `${quote(written)}: ${EVENT_ONLY}`);
    const field = rest.join('.');
    if (field === 'created_at') return { source: 'contact', field };
    const known = CONTACT_TEXT_FIELDS.find((f) => f === field);
    if (!known) {
      const params = { path: quote(written), fields: CONTACT_FIELD_HELP };
      fail('contactField', params, `unknown contact field ${quote(written)}; expected ${CONTACT_FIELD_HELP}`);
    }
    return { source: 'contact', field: known };
  }
  return fail(
    'pathRoot',
    { path: quote(written) },
    `expected a path starting with attributes., contact. or event., found ${quote(written)}`,
  );
}

type Op =
  | 'eq'
  | 'ne'
  | 'lt'
  | 'le'
  | 'gt'
  | 'ge'
  | 'contains'
  | 'not contains'
  | 'in'
  | 'not in'
  | 'exists'
  | 'not exists'
  | 'empty'
  | 'not empty';

function readOperator(s: Scanner, pathText: string): { op: Op; text: string } {
  s.skipSpace();
  const symbol = /^[=!<>]+/.exec(s.rest())?.[0];
  if (symbol) {
    if (!SYMBOLS.has(symbol)) {
      const hint = SYMBOL_HINTS[symbol];
      const params = { path: quote(pathText), found: quote(symbol) };
      const message = `expected an operator after ${quote(pathText)}, found ${quote(symbol)}`;
      if (hint) fail('operatorHint', { ...params, hint }, `${message} (write ${hint})`);
      fail('operatorSymbol', params, message);
    }
    s.take(symbol);
    const ops: Record<string, Op> = { '=': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' };
    return { op: ops[symbol]!, text: symbol };
  }
  const words: string[] = [];
  const next = () => {
    const w = s.word();
    if (w) {
      s.take(w);
      words.push(w);
    }
    return w;
  };
  const first = next();
  const phrase = () => words.join(' ');
  const bad = (): never => {
    const found = words.length ? quote(phrase()) : s.piece();
    const message = `expected an operator (${OPERATOR_HELP}) after ${quote(pathText)}, found ${found || s.found()}`;
    return fail('operator', { operators: OPERATOR_HELP, path: quote(pathText), found }, message);
  };
  switch (first) {
    case 'contains':
    case 'in':
    case 'exists':
      return { op: first, text: first };
    case 'before':
      return { op: 'lt', text: first };
    case 'after':
      return { op: 'gt', text: first };
    case 'not': {
      const second = next();
      if (second === 'contains' || second === 'in' || second === 'exists') return { op: `not ${second}`, text: phrase() };
      return bad();
    }
    case 'is': {
      const second = next();
      if (second === 'empty') return { op: 'empty', text: phrase() };
      if (second === 'not' && next() === 'empty') return { op: 'not empty', text: phrase() };
      return bad();
    }
    default:
      return bad();
  }
}

function readOperatorAndValue(s: Scanner, path: ValuePath, pathText: string, text: string): Rule {
  const { op, text: opText } = readOperator(s, pathText);
  const condition = (body: DistributiveOmit<Condition, 'kind' | 'path' | 'text'>): Condition =>
    ({ kind: 'condition', path, text, ...body }) as Condition;
  const exists = condition({ op: 'exists' });
  const present = (rule: Rule): Rule => ({ kind: 'all', rules: [exists, { kind: 'not', rule }] });
  switch (op) {
    case 'exists':
      return exists;
    case 'not exists':
      return { kind: 'not', rule: exists };
    case 'empty':
      return condition({ op: 'empty' });
    case 'not empty':
      return { kind: 'not', rule: condition({ op: 'empty' }) };
    case 'eq':
    case 'ne': {
      const value = checkType(path, readLiteral(s, opText), opText);
      const eq = condition({ op: 'eq', value });
      return op === 'eq' ? eq : present(eq);
    }
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge': {
      const raw = readLiteral(s, opText);
      const value = raw.type === 'string' ? asDateLiteral(raw.value) : raw;
      const dateOnly = opText === 'before' || opText === 'after';
      if (!value || !(value.type === 'date' || (value.type === 'number' && !dateOnly))) {
        const found = raw.type === 'string' ? `${quote(raw.value)}, which is not a date` : describe(raw);
        const params = { op: quote(opText), found: written(raw) };
        fail(
          dateOnly ? 'dateAfter' : 'numberOrDateAfter',
          params,
          `expected ${dateOnly ? 'a date' : 'a number or a date'} after ${quote(opText)}, found ${found}`,
        );
      }
      return condition({ op, value: checkType(path, value, opText) as Extract<Literal, { type: 'number' | 'date' }> });
    }
    case 'contains':
    case 'not contains': {
      const value = readLiteral(s, opText);
      if (value.type === 'date')
        fail('dateNotAllowed', { op: quote(opText) }, `expected text, a number or true/false after ${quote(opText)}, found a date`);
      const rule = condition({ op: 'contains', value: checkType(path, value, opText) as Exclude<Literal, { type: 'date' }> });
      return op === 'contains' ? rule : present(rule);
    }
    case 'in':
    case 'not in': {
      const values = readList(s, opText).map((v) => checkType(path, v, opText) as Exclude<Literal, { type: 'date' }>);
      const rule = condition({ op: 'in', values });
      return op === 'in' ? rule : present(rule);
    }
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function asDateLiteral(text: string): Literal | null {
  const at = parseLiteralDate(text);
  return at === null ? null : { type: 'date', date: { at } };
}

/** A literal as it is written in a rule, for a message's parameters. */
function written(literal: Literal): string {
  if (literal.type === 'date') return 'at' in literal.date ? new Date(literal.date.at).toISOString() : 'now';
  return literal.type === 'string' ? quote(literal.value) : String(literal.value);
}

function describe(literal: Literal): string {
  if (literal.type === 'date') return 'a date';
  if (literal.type === 'string') return `the text ${quote(literal.value)}`;
  return literal.type === 'number' ? `the number ${literal.value}` : String(literal.value);
}

/** Contact fields have a known type; an email literal is normalized as stored emails are. */
function checkType(path: ValuePath, literal: Literal, opText: string): Literal {
  if (path.source !== 'contact') return literal;
  if (path.field === 'created_at') {
    const op = quote(opText);
    if (opText.endsWith('contains') || opText.endsWith('in'))
      fail('createdAtOperator', { op }, `contact.created_at is a date; ${op} does not apply to it`);
    const date = literal.type === 'string' ? asDateLiteral(literal.value) : literal;
    if (date?.type !== 'date') {
      fail(
        'createdAtDate',
        { op, found: written(literal) },
        `contact.created_at is a date; expected a date after ${op}, found ${describe(literal)}`,
      );
    }
    return date;
  }
  if (literal.type !== 'string') {
    const params = { path: `contact.${path.field}`, op: quote(opText), found: written(literal) };
    fail('contactText', params, `contact.${path.field} is text; expected "text" after ${quote(opText)}, found ${describe(literal)}`);
  }
  return path.field === 'email' ? { type: 'string', value: normalizeEmail(literal.value) } : literal;
}

function readList(s: Scanner, opText: string): Literal[] {
  s.skipSpace();
  const op = quote(opText);
  if (s.src[s.pos] !== '[') fail('list', { op, found: s.piece() }, `expected a list like ["a", "b"] after ${op}, found ${s.found()}`);
  s.pos++;
  const values: Literal[] = [];
  for (;;) {
    s.skipSpace();
    if (s.src[s.pos] === ']' && values.length === 0) fail('listEmpty', { op }, `expected at least one value in the list after ${op}`);
    const value = readLiteral(s, opText);
    if (value.type === 'date') fail('listDate', { op }, `expected text, numbers or true/false in the list after ${op}, found a date`);
    values.push(value);
    s.skipSpace();
    const c = s.src[s.pos];
    if (c === ',') {
      s.pos++;
      continue;
    }
    if (c === ']') {
      s.pos++;
      return values;
    }
    fail('listSeparator', { op, found: s.piece() }, `expected "," or "]" in the list after ${op}, found ${s.found()}`);
  }
}

function readLiteral(s: Scanner, opText: string): Literal {
  s.skipSpace();
  const c = s.src[s.pos];
  if (c === '"' || c === "'") return { type: 'string', value: readString(s, c) };
  const bare = BARE.exec(s.rest())?.[0];
  const op = quote(opText);
  if (!bare) fail('value', { op, found: s.piece() }, `expected a value after ${op}, found ${s.found()}`);
  if (bare === 'true' || bare === 'false') {
    s.take(bare);
    return { type: 'boolean', value: bare === 'true' };
  }
  if (NUMBER.test(bare)) {
    s.take(bare);
    return { type: 'number', value: Number(bare) };
  }
  if (DATE_LIKE.test(bare)) {
    const at = parseLiteralDate(bare);
    if (at === null)
      fail('dateInvalid', { found: quote(bare) }, `${quote(bare)} is not a date; expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]`);
    s.take(bare);
    return { type: 'date', date: { at } };
  }
  if (/^now(?![\p{L}\p{N}_])/u.test(bare)) return { type: 'date', date: readNow(s) };
  const message = `expected a value after ${op} ("text" in quotes, a number, true/false, a date or now), found ${quote(bare)}`;
  if (/^[\p{L}]/u.test(bare))
    fail('valueQuotes', { op, found: quote(bare), quoted: `"${bare}"` }, `${message} (text goes in quotes: "${bare}")`);
  fail('valueKind', { op, found: quote(bare) }, message);
}

/** `now`, `now - P30D`, `now + PT12H` (spaces optional). */
function readNow(s: Scanner): DateValue {
  s.take('now');
  s.skipSpace();
  const sign = s.src[s.pos];
  if (sign !== '+' && sign !== '-') return { now: true, sign: 1, offset: null };
  s.pos++;
  s.skipSpace();
  const text = BARE.exec(s.rest())?.[0] ?? '';
  const offset = parseDuration(text);
  if (!offset) {
    fail(
      'nowDuration',
      { after: `now ${sign}`, found: s.piece() },
      `expected an ISO 8601 duration like P30D or PT12H after "now ${sign}", found ${s.found()}`,
    );
  }
  s.take(text);
  return { now: true, sign: sign === '+' ? 1 : -1, offset };
}

const ESCAPES: Record<string, string> = { '"': '"', "'": "'", '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function readString(s: Scanner, delimiter: string): string {
  const start = s.pos;
  s.pos++;
  let out = '';
  while (s.pos < s.src.length) {
    const c = s.src[s.pos]!;
    if (c === delimiter) {
      s.pos++;
      return out;
    }
    if (c === '\\') {
      const e = s.src[s.pos + 1] ?? '';
      if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(s.src.slice(s.pos + 2, s.pos + 6))) {
        out += String.fromCharCode(parseInt(s.src.slice(s.pos + 2, s.pos + 6), 16));
        s.pos += 6;
        continue;
      }
      const escaped = ESCAPES[e];
      const starting = quote(s.src.slice(start, start + 20));
      if (escaped === undefined)
        fail('escape', { escape: `\\${e}`, start: starting }, `unknown escape "\\${e}" in the text starting ${starting}`);
      out += escaped;
      s.pos += 2;
      continue;
    }
    out += c;
    s.pos++;
  }
  const starting = quote(s.src.slice(start, start + 20));
  return fail('textUnclosed', { delimiter, start: starting }, `expected a closing ${delimiter} for the text starting ${starting}`);
}
