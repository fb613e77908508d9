// The condition strings of the rule language: `<path> <operator> [<value>]`, e.g.
//   attributes.city = "Göteborg"      attributes.age < 26        attributes.tags contains "vip"
//   contact.created_at after now - P30D                           event.total >= 500
//   attributes.plan in ["pro", "team"]   attributes.birthday exists   contact.name is not empty
// A small hand-written scanner, so every refusal says what it expected and what it found.
import { normalizeEmail } from '../people/email-address.ts';
import { CONTACT_TEXT_FIELDS, type Condition, type DateValue, type Literal, type Rule, type ValuePath } from './ast.ts';
import { parseDuration, parseLiteralDate } from './time.ts';

/** Which paths a condition may read. */
export type PathScope = { allowEvent: boolean; eventOnly: boolean };

export type ConditionResult = { ok: true; rule: Rule } | { ok: false; message: string };

class ConditionError extends Error {}

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
    this.skipSpace();
    if (this.pos >= this.src.length) return 'the end of the condition';
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
    if (error instanceof ConditionError) return { ok: false, message: error.message };
    throw error;
  }
}

function fail(message: string): never {
  throw new ConditionError(message);
}

function parse(text: string, scope: PathScope): Rule {
  const s = new Scanner(text);
  s.skipSpace();
  if (s.atEnd()) fail(`expected a condition like attributes.city = "Göteborg", found an empty text`);
  const start = s.pos;
  const path = readPath(s, scope);
  const pathText = text.slice(start, s.pos);
  const condition = readOperatorAndValue(s, path, pathText, text.trim());
  if (!s.atEnd()) fail(`unexpected ${s.found()} after ${quote(text.slice(start, s.pos).trim())}`);
  return condition;
}

function readPath(s: Scanner, scope: PathScope): ValuePath {
  const keys: string[] = [];
  const start = s.pos;
  for (;;) {
    if (s.src[s.pos] === '"') {
      const end = s.src.indexOf('"', s.pos + 1);
      if (end < 0) fail(`expected a closing " in the path ${quote(s.rest())}`);
      const key = s.src.slice(s.pos + 1, end);
      if (key === '' || /[\\\u0000-\u001f]/.test(key)) {
        fail(`expected a name between the quotes in the path, found ${quote(s.src.slice(s.pos, end + 1))}`);
      }
      keys.push(key);
      s.pos = end + 1;
    } else {
      const m = /^[^\s.=!<>"]+/.exec(s.rest());
      if (!m || !IDENTIFIER.test(m[0])) {
        fail(
          keys.length === 0
            ? `expected a path like attributes.city, contact.email or event.total, found ${s.found()}`
            : `expected a name after "${s.src.slice(start, s.pos)}", found ${s.found()}`,
        );
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
    if (rest.length === 0) fail(`expected a name after "${root}.", e.g. ${root === 'event' ? 'event.total' : 'attributes.city'}`);
    if (root === 'event' && !scope.allowEvent && !scope.eventOnly) {
      fail(`${quote(written)}: event.* paths are only allowed where an event triggers the rule`);
    }
    if (root === 'attributes' && scope.eventOnly) fail(`${quote(written)}: ${EVENT_ONLY}`);
    return { source: root, keys: rest };
  }
  if (root === 'contact') {
    if (scope.eventOnly) fail(`${quote(written)}: ${EVENT_ONLY}`);
    const field = rest.join('.');
    if (field === 'created_at') return { source: 'contact', field };
    const known = CONTACT_TEXT_FIELDS.find((f) => f === field);
    if (!known) fail(`unknown contact field ${quote(written)}; expected ${CONTACT_FIELD_HELP}`);
    return { source: 'contact', field: known };
  }
  return fail(`expected a path starting with attributes., contact. or event., found ${quote(written)}`);
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
      fail(`expected an operator after ${quote(pathText)}, found ${quote(symbol)}${hint ? ` (write ${hint})` : ''}`);
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
  const bad = (): never =>
    fail(`expected an operator (${OPERATOR_HELP}) after ${quote(pathText)}, found ${words.length ? quote(phrase()) : s.found()}`);
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
        fail(`expected ${dateOnly ? 'a date' : 'a number or a date'} after ${quote(opText)}, found ${found}`);
      }
      return condition({ op, value: checkType(path, value, opText) as Extract<Literal, { type: 'number' | 'date' }> });
    }
    case 'contains':
    case 'not contains': {
      const value = readLiteral(s, opText);
      if (value.type === 'date') fail(`expected text, a number or true/false after ${quote(opText)}, found a date`);
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

function describe(literal: Literal): string {
  if (literal.type === 'date') return 'a date';
  if (literal.type === 'string') return `the text ${quote(literal.value)}`;
  return literal.type === 'number' ? `the number ${literal.value}` : String(literal.value);
}

/** Contact fields have a known type; an email literal is normalized as stored emails are. */
function checkType(path: ValuePath, literal: Literal, opText: string): Literal {
  if (path.source !== 'contact') return literal;
  if (path.field === 'created_at') {
    if (opText.endsWith('contains') || opText.endsWith('in')) fail(`contact.created_at is a date; ${quote(opText)} does not apply to it`);
    const date = literal.type === 'string' ? asDateLiteral(literal.value) : literal;
    if (date?.type !== 'date') fail(`contact.created_at is a date; expected a date after ${quote(opText)}, found ${describe(literal)}`);
    return date;
  }
  if (literal.type !== 'string') fail(`contact.${path.field} is text; expected "text" after ${quote(opText)}, found ${describe(literal)}`);
  return path.field === 'email' ? { type: 'string', value: normalizeEmail(literal.value) } : literal;
}

function readList(s: Scanner, opText: string): Literal[] {
  s.skipSpace();
  if (s.src[s.pos] !== '[') fail(`expected a list like ["a", "b"] after ${quote(opText)}, found ${s.found()}`);
  s.pos++;
  const values: Literal[] = [];
  for (;;) {
    s.skipSpace();
    if (s.src[s.pos] === ']' && values.length === 0) fail(`expected at least one value in the list after ${quote(opText)}`);
    const value = readLiteral(s, opText);
    if (value.type === 'date') fail(`expected text, numbers or true/false in the list after ${quote(opText)}, found a date`);
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
    fail(`expected "," or "]" in the list after ${quote(opText)}, found ${s.found()}`);
  }
}

function readLiteral(s: Scanner, opText: string): Literal {
  s.skipSpace();
  const c = s.src[s.pos];
  if (c === '"' || c === "'") return { type: 'string', value: readString(s, c) };
  const bare = BARE.exec(s.rest())?.[0];
  if (!bare) fail(`expected a value after ${quote(opText)}, found ${s.found()}`);
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
    if (at === null) fail(`${quote(bare)} is not a date; expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]`);
    s.take(bare);
    return { type: 'date', date: { at } };
  }
  if (/^now(?![\p{L}\p{N}_])/u.test(bare)) return { type: 'date', date: readNow(s) };
  const hint = /^[\p{L}]/u.test(bare) ? ` (text goes in quotes: "${bare}")` : '';
  fail(`expected a value after ${quote(opText)} ("text" in quotes, a number, true/false, a date or now), found ${quote(bare)}${hint}`);
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
  if (!offset) fail(`expected an ISO 8601 duration like P30D or PT12H after "now ${sign}", found ${s.found()}`);
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
      if (escaped === undefined) fail(`unknown escape "\\${e}" in the text starting ${quote(s.src.slice(start, start + 20))}`);
      out += escaped;
      s.pos += 2;
      continue;
    }
    out += c;
    s.pos++;
  }
  return fail(`expected a closing ${delimiter} for the text starting ${quote(s.src.slice(start, start + 20))}`);
}
