// The FAQ file format (faqs.yaml): a YAML list of entries, each
//   - id: opening-hours
//     questions: { sv: ["När har ni öppet?"], en: [...] }   # a string or a list per locale
//     answer: { sv: "…", en: "…" }
//     mode: auto | suggest        # optional, default auto
//     tags: [hours]               # optional
//     enabled: true               # optional, default true
// Pure: parses text, reports every problem with its line; formats entries back to the same format.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, stringify, type Node } from 'yaml';
import { FAQ_MODES, LOCALE_PATTERN, type FaqEntry, type FaqMode } from './entry.ts';

export interface FaqFileIssue {
  /** 1-based line in the file (0 when the problem is the whole file). */
  line: number;
  /** Where in the entry, e.g. "[2].questions.sv"; "" for the file. */
  field: string;
  message: string;
}

export type FaqFileResult = { ok: true; entries: FaqEntry[] } | { ok: false; issues: FaqFileIssue[] };

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const KNOWN_KEYS = new Set(['id', 'questions', 'answer', 'mode', 'tags', 'enabled']);

/** Parses an FAQ file; every problem is reported (not only the first), each with its line. */
export function parseFaqFile(text: string): FaqFileResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const issues: FaqFileIssue[] = [];
  const lineOf = (node: Node | null | undefined) => (node?.range ? lines.linePos(node.range[0]).line : 0);
  for (const error of doc.errors) {
    issues.push({ line: error.linePos?.[0]?.line ?? lines.linePos(error.pos[0]).line, field: '', message: error.message });
  }
  if (issues.length) return { ok: false, issues };
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return { ok: true, entries: [] };
  if (!isSeq(root)) return { ok: false, issues: [{ line: lineOf(root), field: '', message: 'expected a list of FAQ entries (- id: …)' }] };

  const entries: FaqEntry[] = [];
  const seen = new Map<string, number>();
  root.items.forEach((item, index) => {
    const at = `[${index}]`;
    const issue = (node: Node | null | undefined, field: string, message: string): void => {
      issues.push({ line: lineOf(node) || lineOf(item as Node), field: field ? `${at}.${field}` : at, message });
    };
    if (!isMap(item)) {
      issue(item as Node, '', 'expected an entry (a mapping with id, questions and answer)');
      return;
    }
    const get = (key: string) => item.get(key, true) as Node | undefined;
    for (const pair of item.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!KNOWN_KEYS.has(key)) issue(pair.key as Node, key, `unknown key; expected one of ${[...KNOWN_KEYS].join(', ')}`);
    }
    const idNode = get('id');
    const id = isScalar(idNode) ? String(idNode.value ?? '') : '';
    if (!ID_PATTERN.test(id)) issue(idNode, 'id', 'expected an id of letters, digits, ".", "_" or "-" (at most 100), e.g. opening-hours');
    else if (seen.has(id)) issue(idNode, 'id', `duplicate id "${id}" (first on line ${seen.get(id)})`);
    else seen.set(id, lineOf(idNode));

    const questions = localeMap(get('questions'), 'questions', true, issue);
    const answers = localeMap(get('answer'), 'answer', false, issue);
    const modeNode = get('mode');
    const mode = modeNode === undefined ? 'auto' : isScalar(modeNode) ? String(modeNode.value) : '';
    if (!(FAQ_MODES as readonly string[]).includes(mode)) issue(modeNode, 'mode', `expected ${FAQ_MODES.join(' or ')}`);
    const tags = stringList(get('tags'), 'tags', issue) ?? [];
    const enabledNode = get('enabled');
    const enabled = enabledNode === undefined ? true : isScalar(enabledNode) ? enabledNode.value : null;
    if (typeof enabled !== 'boolean') issue(enabledNode, 'enabled', 'expected true or false');
    if (questions && answers && typeof enabled === 'boolean') {
      entries.push({ id, questions, answers: singleStrings(answers), mode: mode as FaqMode, tags, enabled });
    }
  });
  return issues.length ? { ok: false, issues } : { ok: true, entries };
}

type Report = (node: Node | null | undefined, field: string, message: string) => void;

/** locale → strings (questions: a string or a list each) or locale → one string (answer). */
function localeMap(node: Node | undefined, field: string, lists: boolean, issue: Report): Record<string, string[]> | null {
  const what = lists ? 'example questions' : 'the answer text';
  if (!isMap(node) || node.items.length === 0) {
    issue(node, field, `expected ${what} per locale, e.g. ${field}: { en: ${lists ? '["How do I …?"]' : '"…"'} }`);
    return null;
  }
  const out: Record<string, string[]> = {};
  let ok = true;
  for (const pair of node.items) {
    const locale = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as Node | null;
    if (!LOCALE_PATTERN.test(locale)) {
      issue(pair.key as Node, `${field}.${locale}`, 'expected a locale such as sv, en, en-GB or zh-Hant');
      ok = false;
      continue;
    }
    const texts = lists ? stringList(value, `${field}.${locale}`, issue, true) : singleString(value, `${field}.${locale}`, issue);
    if (texts === null) ok = false;
    else out[locale] = texts;
  }
  return ok ? out : null;
}

function singleString(node: Node | null, field: string, issue: Report): string[] | null {
  if (isScalar(node) && typeof node.value === 'string' && node.value.trim() !== '') return [node.value];
  issue(node, field, 'expected a non-empty text');
  return null;
}

/** A list of non-empty strings; with `allowOne`, a single string stands for a list of one. */
function stringList(node: Node | null | undefined, field: string, issue: Report, allowOne = false): string[] | null {
  if (node === undefined) return null;
  if (allowOne && isScalar(node) && typeof node.value === 'string' && node.value.trim() !== '') return [node.value];
  if (isSeq(node) && node.items.length > 0) {
    const values = node.items.map((item) => (isScalar(item) && typeof item.value === 'string' ? item.value : ''));
    const bad = values.findIndex((v) => v.trim() === '');
    if (bad < 0) return values;
    issue(node.items[bad] as Node, `${field}[${bad}]`, 'expected a non-empty text');
    return null;
  }
  issue(node, field, allowOne ? 'expected a text or a list of texts' : 'expected a list of texts, e.g. [hours, booking]');
  return null;
}

function singleStrings(map: Record<string, string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([locale, [text]]) => [locale, text!]));
}

/** One line per issue, "FILE:LINE: field: message". */
export function formatFaqFileIssues(file: string, issues: readonly FaqFileIssue[]): string {
  return issues.map((i) => `${file}:${i.line}: ${i.field ? `${i.field}: ` : ''}${i.message}`).join('\n');
}

/** Entries back to the file format (what `faq export` writes); defaults (mode auto, enabled, no tags) are left out. */
export function formatFaqFile(entries: readonly FaqEntry[]): string {
  const items = entries.map((e) => ({
    id: e.id,
    questions: e.questions,
    answer: e.answers,
    ...(e.mode !== 'auto' ? { mode: e.mode } : {}),
    ...(e.tags.length ? { tags: e.tags } : {}),
    ...(!e.enabled ? { enabled: false } : {}),
  }));
  return items.length ? stringify(items, { lineWidth: 0 }) : '[]\n';
}
