// A set of trigger definitions, built from the files in triggers/ (read from disk on Node and
// Deno, from the generated bundle on Workers) and checked against the template names. Pure.
import type { TriggerDefinition, TriggerProblem } from './definition.ts';
import { parseTriggerFile, type TriggerFile } from './parse.ts';

/** The checked triggers, looked up the ways the engine needs them. byEvent, dates and afters hold active ones only. */
export interface TriggerSet {
  /** Every trigger, active or not, sorted by name. */
  all(): TriggerDefinition[];
  get(name: string): TriggerDefinition | undefined;
  /** Active triggers started by this event (`on: NAME`). */
  byEvent(eventName: string): TriggerDefinition[];
  /** Active date triggers (`date: attributes.NAME`). */
  dates(): TriggerDefinition[];
  /** Active after triggers waiting after this event (`after: NAME`). */
  afters(eventName: string): TriggerDefinition[];
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A set of definitions as they are (tests and tools that make their own). Names must be unique. */
export function triggerSetOf(definitions: readonly TriggerDefinition[]): TriggerSet {
  const sorted = [...definitions].sort((a, b) => byCodeUnit(a.name, b.name));
  const byName = new Map<string, TriggerDefinition>();
  const events = new Map<string, TriggerDefinition[]>();
  const afters = new Map<string, TriggerDefinition[]>();
  const dates: TriggerDefinition[] = [];
  for (const definition of sorted) {
    if (byName.has(definition.name)) throw new Error(`two triggers are named "${definition.name}"`);
    byName.set(definition.name, definition);
    if (!definition.active) continue;
    const start = definition.start;
    if (start.kind === 'event') push(events, start.event, definition);
    else if (start.kind === 'after') push(afters, start.event, definition);
    else dates.push(definition);
  }
  return {
    all: () => [...sorted],
    get: (name) => byName.get(name),
    byEvent: (eventName) => [...(events.get(eventName) ?? [])],
    dates: () => [...dates],
    afters: (eventName) => [...(afters.get(eventName) ?? [])],
  };
}

/**
 * Parses every file and collects all problems with file and line. `templateNames`, when given, are the
 * templates `send:` may name. The set holds every trigger without problems, so one broken file never
 * hides the others from a check; hosts refuse to start when there is any problem.
 */
export function buildTriggerSet(
  files: readonly TriggerFile[],
  templateNames?: Iterable<string>,
): { set: TriggerSet; problems: TriggerProblem[] } {
  const known = templateNames ? new Set(templateNames) : undefined;
  const problems: TriggerProblem[] = [];
  const definitions: TriggerDefinition[] = [];
  const seen = new Map<string, string>();
  for (const file of [...files].sort((a, b) => byCodeUnit(a.path, b.path))) {
    if (!file.path.endsWith('.yaml')) {
      problems.push({ file: file.path, line: 1, message: 'not a trigger file: expected NAME.yaml' });
      continue;
    }
    const earlier = seen.get(file.name);
    if (earlier !== undefined) {
      problems.push({ file: file.path, line: 1, message: `a second trigger named "${file.name}" (the first is ${earlier})` });
      continue;
    }
    seen.set(file.name, file.path);
    const parsed = parseTriggerFile(file, known);
    if ('definition' in parsed) definitions.push(parsed.definition);
    else problems.push(...parsed.problems);
  }
  return { set: triggerSetOf(definitions), problems };
}

/** Every problem in the trigger files, `send:` and follow-ups checked against these template names. */
export function checkTriggers(files: readonly TriggerFile[], templateNames: Iterable<string>): TriggerProblem[] {
  return buildTriggerSet(files, templateNames).problems;
}

/** The set, or an Error listing every problem: hosts refuse to start with broken trigger files. */
export function triggerSetOrThrow(files: readonly TriggerFile[], templateNames: Iterable<string>): TriggerSet {
  const { set, problems } = buildTriggerSet(files, templateNames);
  if (problems.length) throw new Error(`triggers have problems:\n${formatTriggerProblems(problems)}`);
  return set;
}

/** "triggers/welcome.yaml:7: message", one problem a line. */
export function formatTriggerProblems(problems: readonly TriggerProblem[]): string {
  return problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n');
}

/** What a trigger does, in a few words per column (the CLI's summary, lists of triggers). */
export interface TriggerSummary {
  name: string;
  kind: TriggerDefinition['start']['kind'];
  /** "signed_up", "attributes.birthday 09:00, 2 days before", "order_placed unless order_placed". */
  start: string;
  /** "review_request, then review_reminder after P4D". */
  send: string;
  delay: string;
  limit: string;
  active: boolean;
}

function clock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

export function summarizeTrigger(t: TriggerDefinition): TriggerSummary {
  const s = t.start;
  let start: string;
  if (s.kind === 'event') start = s.event;
  else if (s.kind === 'after') start = s.unless ? `${s.event} unless ${s.unless}` : s.event;
  else {
    const offset = s.offsetDays === 0 ? '' : `, ${Math.abs(s.offsetDays)} day(s) ${s.offsetDays < 0 ? 'before' : 'after'}`;
    start = `attributes.${s.attribute.join('.')} ${clock(s.at)}${offset}${s.yearly ? ', yearly' : ''}`;
  }
  const send = [t.send, ...t.followUps.map((f) => `then ${f.send} after ${f.delay.text}`)].join(', ');
  return {
    name: t.name,
    kind: s.kind,
    start,
    send,
    delay: t.delay?.text ?? '-',
    limit: t.limit ? `${t.limit.count} per ${t.limit.within.text}` : 'none',
    active: t.active,
  };
}
