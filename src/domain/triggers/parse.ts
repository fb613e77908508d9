// parseTriggerFile: one triggers/NAME.yaml into a TriggerDefinition, or every problem found, each
// with the file's line (YAML node ranges through a LineCounter) and what was expected. Pure; the
// grammar is documented in triggers/README.md.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import type { Duration, Rule } from '../rules/ast.ts';
import { parseCondition } from '../rules/condition-parser.ts';
import { parseRule } from '../rules/parse.ts';
import { parseDuration } from '../rules/time.ts';
import { EVENT_NAME, EVENT_NAME_EXPECTED } from '../events/event-input.ts';
import type {
  FollowUpStep,
  LocalMinute,
  SendWindow,
  StopCondition,
  TriggerDefinition,
  TriggerLimit,
  TriggerProblem,
  TriggerStart,
} from './definition.ts';

/** One trigger file: its name (the file name without .yaml), its path for messages ("triggers/welcome.yaml") and its text. */
export interface TriggerFile {
  name: string;
  path: string;
  text: string;
}

export type ParseTriggerResult = { definition: TriggerDefinition } | { problems: TriggerProblem[] };

/** Without a `limit:` a trigger reaches one contact at most once per 7 days. */
export const DEFAULT_LIMIT: TriggerLimit = { count: 1, within: parseDuration('P7D')! };
/** More follow-ups than this is a barrage, not a reminder. */
export const MAX_FOLLOW_UPS = 3;
const MAX_OFFSET_DAYS = 366;
const MAX_LIMIT_COUNT = 1000;

export const TRIGGER_NAME = /^[a-z0-9][a-z0-9_-]*$/;
const TEMPLATE_NAME = /^[a-z0-9][a-z0-9_-]*$/;
const TIME = /^(\d{2}):(\d{2})$/;
const WINDOW = /^\s*(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})\s*$/;
const DURATION_HELP = 'an ISO 8601 duration like P3D, PT12H or P1M (whole numbers)';
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const STOP_WORDS = ['replied', 'unsubscribed', 'agent_replied'] as const;

const STARTS = ['on', 'date', 'after'] as const;
type StartKey = (typeof STARTS)[number];
type Kind = TriggerStart['kind'];
const KIND_OF: Record<StartKey, Kind> = { on: 'event', date: 'date', after: 'after' };

const KEYS = [
  'description',
  'on',
  'date',
  'after',
  'when',
  'send',
  'delay',
  'dedupe_by',
  'at',
  'days_before',
  'days_after',
  'yearly',
  'unless',
  'limit',
  'window',
  'days',
  'follow_ups',
  'stop_if',
  'active',
] as const;
type Key = (typeof KEYS)[number];
const isKey = (key: string): key is Key => (KEYS as readonly string[]).includes(key);

/** Keys that belong to some kinds only, and what to say when they show up elsewhere. */
const ONLY_FOR: Partial<Record<Key, { kinds: Kind[]; message: string }>> = {
  at: { kinds: ['date'], message: 'only a date trigger (date: attributes.NAME) has a time of day' },
  days_before: { kinds: ['date'], message: 'only a date trigger (date: attributes.NAME) is sent days before' },
  days_after: { kinds: ['date'], message: 'only a date trigger (date: attributes.NAME) is sent days after' },
  yearly: { kinds: ['date'], message: 'only a date trigger (date: attributes.NAME) repeats yearly' },
  unless: { kinds: ['after'], message: 'only an after trigger (after: EVENT, delay: P3D) is cancelled by an event' },
  delay: { kinds: ['event', 'after'], message: 'a date trigger is timed by at and days_before / days_after, not by delay' },
  dedupe_by: { kinds: ['event', 'after'], message: 'a date trigger has no event to dedupe by' },
};

interface Entry {
  key: Key;
  keyLine: number;
  /** null for `key:` with nothing after it. */
  value: Node | null;
  line: number;
}

/** Parses and checks one trigger file; `knownTemplates` (when given) are the template names `send:` may use. */
export function parseTriggerFile(file: TriggerFile, knownTemplates?: ReadonlySet<string>): ParseTriggerResult {
  const reader = new TriggerReader(file, knownTemplates);
  const definition = reader.read();
  const problems = reader.problems.sort((a, b) => a.line - b.line);
  return definition && problems.length === 0 ? { definition } : { problems };
}

/** `key:` with nothing after it (YAML gives no node, or a null scalar). */
function isNothing(node: Node | null): boolean {
  return node === null || (isScalar(node) && node.value === null);
}

function describe(node: Node | null): string {
  if (node === null || isNothing(node)) return 'nothing';
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  const text = JSON.stringify(node.toJSON());
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

function scalarText(node: Node | null): string | null {
  return isScalar(node) && typeof node.value === 'string' ? node.value : null;
}

function isZero(d: Duration): boolean {
  return d.years + d.months + d.weeks + d.days + d.hours + d.minutes + d.seconds === 0;
}

/** "09:00" → 540; null when it is no HH:MM time of day. */
function localMinute(text: string): LocalMinute | null {
  const m = TIME.exec(text);
  if (!m) return null;
  const [h, min] = [Number(m[1]), Number(m[2])];
  return h <= 23 && min <= 59 ? h * 60 + min : null;
}

/** `when.all[2].within` → ["all", 2, "within"] (below the root). */
function pathSegments(field: string, root: string): (string | number)[] {
  const rest = field.startsWith(root) ? field.slice(root.length) : '';
  return [...rest.matchAll(/\.([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
}

/** The deepest YAML node along the path (the start when the path leads nowhere). */
function nodeAt(start: Node, segments: (string | number)[]): Node {
  let node = start;
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => scalarText(p.key as Node | null) === segment) as Pair<Node, Node | null> | undefined;
      if (!pair) break;
      if (pair.value === null) return pair.key;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment]) {
      node = node.items[segment] as Node;
    } else break;
  }
  return node;
}

class TriggerReader {
  readonly problems: TriggerProblem[] = [];
  private readonly lines = new LineCounter();
  private readonly templates: string | null;

  constructor(
    private readonly file: TriggerFile,
    private readonly knownTemplates: ReadonlySet<string> | undefined,
  ) {
    this.templates = knownTemplates ? [...knownTemplates].sort().join(', ') || '(none)' : null;
  }

  private problem(line: number, message: string): null {
    this.problems.push({ file: this.file.path, line, message });
    return null;
  }

  private lineOf(node: Node | null | undefined, fallback = 1): number {
    const offset = node?.range?.[0];
    return offset === undefined ? fallback : this.lines.linePos(offset).line;
  }

  read(): TriggerDefinition | null {
    if (!TRIGGER_NAME.test(this.file.name)) {
      this.problem(
        1,
        `trigger name "${this.file.name}" (the file name) must be lower-case letters, digits, _ or -, starting with a letter or digit`,
      );
    }
    const doc = parseDocument(this.file.text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true, strict: true });
    // The first error only: YAML's later ones are mostly echoes of it.
    const error = doc.errors[0] ?? doc.warnings[0];
    if (error) return this.problem(this.lines.linePos(error.pos[0]).line, `YAML: ${error.message.split('\n')[0]}`);
    const contents = doc.contents as Node | null;
    if (contents === null || isNothing(contents)) {
      return this.problem(1, 'the file is empty: expected on:, date: or after: (what starts the trigger) and send: TEMPLATE');
    }
    if (!isMap(contents)) {
      return this.problem(this.lineOf(contents), `expected "key: value" lines (on, date or after, send, …), found ${describe(contents)}`);
    }
    const entries = this.entries(contents.items as Pair<Node | null, Node | null>[]);
    return this.definition(entries);
  }

  private entries(pairs: Pair<Node | null, Node | null>[]): Map<Key, Entry> {
    const entries = new Map<Key, Entry>();
    for (const pair of pairs) {
      const keyLine = this.lineOf(pair.key);
      const key = scalarText(pair.key);
      if (key === null) {
        this.problem(keyLine, `expected a key such as send, found ${describe(pair.key)}`);
      } else if (!isKey(key)) {
        this.problem(keyLine, `unknown key "${key}"; expected one of ${KEYS.join(', ')}`);
      } else {
        entries.set(key, { key, keyLine, value: pair.value, line: this.lineOf(pair.value, keyLine) });
      }
    }
    return entries;
  }

  private definition(entries: Map<Key, Entry>): TriggerDefinition | null {
    const starts = STARTS.flatMap((key) => {
      const entry = entries.get(key);
      return entry ? [entry] : [];
    });
    if (starts.length === 0) {
      this.problem(1, 'expected exactly one of on: EVENT, date: attributes.NAME or after: EVENT (what starts the trigger)');
      return null;
    }
    if (starts.length > 1) {
      const names = starts.map((s) => s.key).join(', ');
      this.problem(starts[1]!.keyLine, `expected exactly one of on, date, after (what starts the trigger), found ${names}`);
      return null;
    }
    const startEntry = starts[0]!;
    const kind = KIND_OF[startEntry.key as StartKey];
    for (const entry of entries.values()) {
      const only = ONLY_FOR[entry.key];
      if (only && !only.kinds.includes(kind)) this.problem(entry.keyLine, `${entry.key}: ${only.message}`);
    }

    const start = this.start(kind, startEntry, entries);
    const send = this.template(entries.get('send'), 'send');
    if (!entries.has('send')) this.problem(1, 'send: TEMPLATE is required (the template of the first message)');
    const delayEntry = entries.get('delay');
    const delay = delayEntry && kind !== 'date' ? this.duration(delayEntry.value, 'delay', kind === 'after') : null;
    if (kind === 'after' && !delayEntry) {
      this.problem(startEntry.keyLine, 'an after trigger needs delay: how long to wait for the event that cancels it (e.g. delay: P3D)');
    }
    // Every field is read (and reports its problems) even when start or send already failed.
    const rest = {
      description: this.description(entries.get('description')),
      when: this.when(entries.get('when'), kind !== 'date'),
      dedupeBy: kind === 'date' ? null : this.dedupeBy(entries.get('dedupe_by')),
      limit: this.limit(entries.get('limit')),
      window: this.window(entries.get('window'), entries.get('days')),
      followUps: this.followUps(entries.get('follow_ups')),
      stopIf: this.stopIf(entries.get('stop_if')),
      active: this.boolean(entries.get('active'), true),
    };
    if (!start || !send) return null;
    return { name: this.file.name, start, send, delay, ...rest };
  }

  private start(kind: Kind, entry: Entry, entries: Map<Key, Entry>): TriggerStart | null {
    if (kind === 'event') {
      const event = this.eventName(entry.value, 'on');
      return event === null ? null : { kind, event };
    }
    if (kind === 'after') {
      const event = this.eventName(entry.value, 'after');
      const unlessEntry = entries.get('unless');
      const unless = unlessEntry ? this.eventName(unlessEntry.value, 'unless') : null;
      return event === null || (unlessEntry && unless === null) ? null : { kind, event, unless };
    }
    const attribute = this.attributePath(entry);
    const at = this.time(entries.get('at'));
    const offsetDays = this.offsetDays(entries.get('days_before'), entries.get('days_after'));
    const yearly = this.boolean(entries.get('yearly'), true);
    if (!entries.has('at'))
      this.problem(entry.keyLine, 'a date trigger needs at: "HH:MM", the local time it is sent at (e.g. at: "09:00")');
    return attribute && at !== null && offsetDays !== null ? { kind, attribute, at, offsetDays, yearly } : null;
  }

  private eventName(node: Node | null, key: string): string | null {
    const text = scalarText(node);
    if (text !== null && EVENT_NAME.test(text)) return text;
    return this.problem(this.lineOf(node), `${key}: ${EVENT_NAME_EXPECTED}, found ${describe(node)}`);
  }

  /** `date: attributes.birthday` → ["birthday"], read by the rule language's own path reader. */
  private attributePath(entry: Entry): string[] | null {
    const text = scalarText(entry.value);
    const parsed = text === null ? null : parseCondition(`${text} exists`, { allowEvent: false, eventOnly: false });
    if (parsed?.ok && parsed.rule.kind === 'condition' && parsed.rule.path.source === 'attributes') return parsed.rule.path.keys;
    return this.problem(entry.line, `date: expected a date attribute like attributes.birthday, found ${describe(entry.value)}`);
  }

  /** `dedupe_by: event.order_id` → ["order_id"]. */
  private dedupeBy(entry: Entry | undefined): string[] | null {
    if (!entry) return null;
    const text = scalarText(entry.value);
    const parsed = text === null ? null : parseCondition(`${text} exists`, { allowEvent: true, eventOnly: false });
    if (parsed?.ok && parsed.rule.kind === 'condition' && parsed.rule.path.source === 'event') return parsed.rule.path.keys;
    return this.problem(entry.line, `dedupe_by: expected a property of the event like event.order_id, found ${describe(entry.value)}`);
  }

  private time(entry: Entry | undefined): LocalMinute | null {
    if (!entry) return null;
    const text = scalarText(entry.value);
    const minute = text === null ? null : localMinute(text);
    if (minute !== null) return minute;
    return this.problem(
      entry.line,
      `at: expected a local time "HH:MM" from "00:00" to "23:59" like "09:00", found ${describe(entry.value)}`,
    );
  }

  private offsetDays(before: Entry | undefined, after: Entry | undefined): number | null {
    if (before && after) return this.problem(after.keyLine, 'days_after: give days_before or days_after, not both');
    const entry = before ?? after;
    if (!entry) return 0;
    const value = isScalar(entry.value) ? entry.value.value : undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_OFFSET_DAYS) {
      return this.problem(
        entry.line,
        `${entry.key}: expected a whole number of days from 0 to ${MAX_OFFSET_DAYS}, found ${describe(entry.value)}`,
      );
    }
    return entry === before ? -value : value;
  }

  private template(entry: Entry | undefined, key: string): string | null {
    if (!entry) return null;
    return this.templateName(entry.value, key, entry.line);
  }

  private templateName(node: Node | null, key: string, line = this.lineOf(node)): string | null {
    const text = scalarText(node);
    if (text === null || !TEMPLATE_NAME.test(text)) {
      return this.problem(line, `${key}: expected a template name (a folder of templates/, like welcome), found ${describe(node)}`);
    }
    if (this.knownTemplates && !this.knownTemplates.has(text)) {
      return this.problem(line, `${key}: no template "${text}" in templates/ (known: ${this.templates})`);
    }
    return text;
  }

  private duration(node: Node | null, key: string, positive: boolean): Duration | null {
    const text = scalarText(node);
    const duration = text === null ? null : parseDuration(text);
    if (duration === null) return this.problem(this.lineOf(node), `${key}: expected ${DURATION_HELP}, found ${describe(node)}`);
    if (positive && isZero(duration)) return this.problem(this.lineOf(node), `${key}: expected a duration longer than zero like P3D`);
    return duration;
  }

  private description(entry: Entry | undefined): string | null {
    if (!entry) return null;
    const text = scalarText(entry.value);
    if (text !== null && text.trim() !== '') return text.trim();
    return this.problem(entry.line, `description: expected text, found ${describe(entry.value)}`);
  }

  private boolean(entry: Entry | undefined, fallback: boolean): boolean {
    if (!entry) return fallback;
    const value = isScalar(entry.value) ? entry.value.value : undefined;
    if (typeof value === 'boolean') return value;
    this.problem(entry.line, `${entry.key}: expected true or false, found ${describe(entry.value)}`);
    return fallback;
  }

  /** The rule, with each of parseRule's issue paths mapped back to the line of that part of the YAML. */
  private when(entry: Entry | undefined, allowEvent: boolean): Rule | null {
    if (!entry) return null;
    if (entry.value === null || isNothing(entry.value))
      return this.problem(entry.line, 'when: expected a rule (see src/domain/rules/README.md), found nothing');
    const parsed = parseRule(entry.value.toJSON(), { allowEvent, root: 'when' });
    if (parsed.ok) return parsed.rule;
    for (const issue of parsed.issues) {
      const node = nodeAt(entry.value, pathSegments(issue.field, 'when'));
      this.problem(this.lineOf(node, entry.line), `${issue.field}: ${issue.message}`);
    }
    return null;
  }

  private limit(entry: Entry | undefined): TriggerLimit | null {
    if (!entry) return DEFAULT_LIMIT;
    const help = 'expected {count: 1, within: P7D} or none';
    if (scalarText(entry.value) === 'none') return null;
    if (!isMap(entry.value)) return this.problem(entry.line, `limit: ${help}, found ${describe(entry.value)}`) ?? DEFAULT_LIMIT;
    let count = 1;
    let within: Duration | null = null;
    for (const pair of entry.value.items as Pair<Node | null, Node | null>[]) {
      const key = scalarText(pair.key);
      const line = this.lineOf(pair.value, this.lineOf(pair.key));
      if (key === 'count') {
        const value = isScalar(pair.value) ? pair.value.value : undefined;
        if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_LIMIT_COUNT) count = value;
        else this.problem(line, `limit.count: expected a whole number from 1 to ${MAX_LIMIT_COUNT}, found ${describe(pair.value)}`);
      } else if (key === 'within') {
        within = this.duration(pair.value, 'limit.within', true);
      } else {
        this.problem(this.lineOf(pair.key), `limit: unknown key ${describe(pair.key)}; ${help}`);
      }
    }
    if (!entry.value.has('within')) this.problem(entry.line, `limit.within is required: ${help}`);
    return within ? { count, within } : DEFAULT_LIMIT;
  }

  private window(entry: Entry | undefined, daysEntry: Entry | undefined): SendWindow | null {
    if (!entry) {
      if (daysEntry) this.problem(daysEntry.keyLine, 'days: only together with window: "09:00-18:00" (the hours on those days)');
      return null;
    }
    const help = 'expected a local time range "HH:MM-HH:MM" like "09:00-18:00", start before end';
    const m = WINDOW.exec(scalarText(entry.value) ?? '');
    const start = m ? localMinute(m[1]!) : null;
    const end = m ? localMinute(m[2]!) : null;
    const days = this.days(daysEntry);
    if (start === null || end === null || start >= end) return this.problem(entry.line, `window: ${help}, found ${describe(entry.value)}`);
    return days ? { start, end, days } : null;
  }

  private days(entry: Entry | undefined): number[] | null {
    const help = `expected weekdays, every_day or a list of ${WEEKDAYS.join(', ')}`;
    if (!entry) return [1, 2, 3, 4, 5, 6, 7];
    const word = scalarText(entry.value);
    if (word === 'weekdays') return [1, 2, 3, 4, 5];
    if (word === 'every_day') return [1, 2, 3, 4, 5, 6, 7];
    if (!isSeq(entry.value) || entry.value.items.length === 0)
      return this.problem(entry.line, `days: ${help}, found ${describe(entry.value)}`);
    const days = new Set<number>();
    let ok = true;
    for (const item of entry.value.items as (Node | null)[]) {
      const index = WEEKDAYS.indexOf(scalarText(item) as (typeof WEEKDAYS)[number]);
      if (index < 0 || days.has(index + 1)) {
        ok = false;
        this.problem(this.lineOf(item, entry.line), `days: ${index < 0 ? help : 'each day once'}, found ${describe(item)}`);
      }
      days.add(index + 1);
    }
    return ok ? [...days].sort((a, b) => a - b) : null;
  }

  private followUps(entry: Entry | undefined): FollowUpStep[] {
    if (!entry) return [];
    const help = 'expected a list of {delay: P4D, send: TEMPLATE}';
    if (!isSeq(entry.value)) return this.problem(entry.line, `follow_ups: ${help}, found ${describe(entry.value)}`) ?? [];
    const items = entry.value.items as (Node | null)[];
    if (items.length > MAX_FOLLOW_UPS) {
      this.problem(this.lineOf(items[MAX_FOLLOW_UPS], entry.line), `follow_ups: at most ${MAX_FOLLOW_UPS} steps (more is a barrage)`);
    }
    const steps: FollowUpStep[] = [];
    items.forEach((item, i) => {
      const key = `follow_ups[${i}]`;
      const line = this.lineOf(item, entry.line);
      if (!isMap(item)) {
        this.problem(line, `${key}: ${help}, found ${describe(item)}`);
        return;
      }
      let delay: Duration | null = null;
      let send: string | null = null;
      for (const pair of item.items as Pair<Node | null, Node | null>[]) {
        const name = scalarText(pair.key);
        if (name === 'delay') delay = this.duration(pair.value, `${key}.delay`, true);
        else if (name === 'send') send = this.templateName(pair.value, `${key}.send`, this.lineOf(pair.value, this.lineOf(pair.key)));
        else this.problem(this.lineOf(pair.key), `${key}: unknown key ${describe(pair.key)}; ${help}`);
      }
      if (!item.has('delay')) this.problem(line, `${key}.delay is required (the time after the previous message, e.g. P4D)`);
      if (!item.has('send')) this.problem(line, `${key}.send is required (the template of this message)`);
      if (delay && send) steps.push({ delay, send });
    });
    return steps;
  }

  private stopIf(entry: Entry | undefined): StopCondition[] {
    if (!entry) return [];
    const help = `expected a list of ${STOP_WORDS.join(', ')} or {event: NAME}`;
    if (!isSeq(entry.value)) return this.problem(entry.line, `stop_if: ${help}, found ${describe(entry.value)}`) ?? [];
    const stops: StopCondition[] = [];
    const seen = new Set<string>();
    for (const item of entry.value.items as (Node | null)[]) {
      const line = this.lineOf(item, entry.line);
      const stop = this.stopCondition(item, line, help);
      if (!stop) continue;
      const id = stop.kind === 'event' ? `{event: ${stop.name}}` : stop.kind;
      if (seen.has(id)) this.problem(line, `stop_if: ${id} is listed twice`);
      else stops.push(stop);
      seen.add(id);
    }
    return stops;
  }

  private stopCondition(item: Node | null, line: number, help: string): StopCondition | null {
    const word = scalarText(item);
    if (word === 'replied' || word === 'unsubscribed' || word === 'agent_replied') return { kind: word };
    if (isMap(item) && item.items.length === 1 && item.has('event')) {
      const name = this.eventName(item.get('event', true) as Node | null, 'stop_if.event');
      return name === null ? null : { kind: 'event', name };
    }
    return this.problem(line, `stop_if: ${help}, found ${describe(item)}`);
  }
}
