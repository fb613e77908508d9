// FAQ files (the faqs.yaml format of the FAQ corpora): a YAML list of entries, each
//   - id: opening-hours
//     questions: { sv: ["När har ni öppet?"], en: When are you open? }   # a list or one text per locale
//     answer: { sv: "…", en: "…" }                                        # Liquid, per locale
//     mode: auto | suggest        # optional, default auto
//     tags: [hours]               # optional
//     enabled: true               # optional, default true
// The one reader of the format (import, `faq match`, the bench): each entry is checked as the API checks
// it (Liquid included); a bad one is left out and reported at its field's line, the good ones are kept.
import * as v from 'valibot';
import { LineCounter, isCollection, isNode, isScalar, isSeq, parseDocument } from 'yaml';
import { FaqEntryCreateSchema, type FaqEntryCreate } from './entry-input.ts';

export interface FaqFileProblem {
  line: number;
  /** The entry's id when it has one. */
  id: string | null;
  field: string;
  message: string;
}

export interface ParsedFaqFile {
  entries: (FaqEntryCreate & { id: string; line: number })[];
  problems: FaqFileProblem[];
  /** How many entries were left out for their problems. */
  rejected: number;
}

const FILE_FIELDS = new Set(['id', 'questions', 'answer', 'mode', 'tags', 'enabled']);

/** Every valid entry with its line, and every problem (an entry with problems is left out). */
export function parseFaqFile(text: string): ParsedFaqFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset: number | undefined) => (offset === undefined ? 1 : lines.linePos(offset).line);
  if (doc.errors.length > 0) {
    return {
      entries: [],
      rejected: 0,
      problems: doc.errors.map((e) => ({ line: lineOf(e.pos[0]), id: null, field: '', message: e.message.split('\n')[0]! })),
    };
  }
  const empty = doc.contents === null || (isScalar(doc.contents) && (doc.contents.value === null || doc.contents.value === ''));
  if (empty) return { entries: [], rejected: 0, problems: [] };
  if (!isSeq(doc.contents)) {
    return { entries: [], rejected: 0, problems: [{ line: 1, id: null, field: '', message: 'expected a list of FAQ entries (- id: …)' }] };
  }
  const entries: ParsedFaqFile['entries'] = [];
  const problems: FaqFileProblem[] = [];
  const seen = new Map<string, number>();
  let rejected = 0;
  for (const node of doc.contents.items) {
    const line = lineOf(isNode(node) ? node.range?.[0] : undefined);
    const raw: unknown = isNode(node) ? node.toJSON() : node;
    const before = problems.length;
    const id = raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : null;
    // A problem is reported at its field's own line where the field is there, else at the entry's.
    const fieldLine = (field: string) => {
      const at = field && isCollection(node) ? node.getIn(field.split('.'), true) : undefined;
      return isNode(at) ? lineOf(at.range?.[0]) : line;
    };
    const issue = (field: string, message: string) => problems.push({ line: fieldLine(field), id, field, message });
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      issue('', 'expected an entry with id, questions and answer');
      continue;
    }
    const { answer, questions, ...rest } = raw as Record<string, unknown>;
    if (!id) issue('id', 'expected an id (like cancel-reschedule)');
    const result = v.safeParse(FaqEntryCreateSchema, { ...rest, questions: questionLists(questions), answers: answer });
    if (!result.success) {
      for (const i of result.issues) {
        const field = (v.getDotPath(i) ?? '').replace(/^answers\b/, 'answer');
        issue(field, FILE_FIELDS.has(field.split('.')[0]!) ? i.message : `unknown field; expected ${[...FILE_FIELDS].join(', ')}`);
      }
    }
    if (id && seen.has(id)) issue('id', `the id ${id} is already used on line ${seen.get(id)}`);
    if (id) seen.set(id, line);
    if (result.success && id && problems.length === before) entries.push({ ...result.output, id, line });
    else rejected++;
  }
  return { entries, problems, rejected };
}

/** One example question may be written as a text instead of a list of one. */
function questionLists(questions: unknown): unknown {
  if (!questions || typeof questions !== 'object' || Array.isArray(questions)) return questions;
  return Object.fromEntries(Object.entries(questions).map(([locale, q]) => [locale, typeof q === 'string' ? [q] : q]));
}

/** One line per problem, "FILE:LINE: id: field: message". */
export function formatFaqFileProblems(file: string, problems: readonly FaqFileProblem[]): string {
  return problems.map((p) => `${file}:${p.line}: ${p.id ?? '(entry)'}: ${p.field || '(entry)'}: ${p.message}`).join('\n');
}
