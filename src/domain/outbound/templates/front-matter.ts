// The YAML front matter at the top of a message template's text file: splitting it from the
// Liquid body (keeping file line numbers), parsing it and checking its fields. Pure.
import { isMap, isScalar, parseDocument, type Node } from 'yaml';
import { MESSAGE_CATEGORIES, type MessageCategory } from '../../vocabulary.ts';
import type { Rule } from '../../rules/ast.ts';
import { parseRule } from '../../rules/parse.ts';

/** A problem before it is tied to a file: a 1-based line of that file and a message. */
export interface LineProblem {
  line: number;
  message: string;
}

export interface SplitSource {
  /** The YAML between the `---` lines, or null when the file has no front matter. */
  yaml: string | null;
  /** The Liquid after the front matter (the whole file without one). */
  body: string;
  /** How many file lines come before the body: body line N is file line N + bodyOffset. */
  bodyOffset: number;
  /** Set when a front matter was opened but never closed (the whole file is then the body). */
  unterminated: boolean;
}

const DELIMITER = /^---[ \t]*\r?$/;
const CLOSER = /^(?:---|\.\.\.)[ \t]*\r?$/;

/** Splits `---`-delimited front matter from the body. The YAML's first line is file line 2. */
export function splitFrontMatter(source: string): SplitSource {
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const lines = text.split('\n');
  if (!DELIMITER.test(lines[0] ?? '')) return { yaml: null, body: text, bodyOffset: 0, unterminated: false };
  for (let i = 1; i < lines.length; i++) {
    if (CLOSER.test(lines[i] ?? '')) {
      return {
        yaml: lines.slice(1, i).join('\n'),
        body: lines.slice(i + 1).join('\n'),
        bodyOffset: i + 1,
        unterminated: false,
      };
    }
  }
  return { yaml: null, body: text, bodyOffset: 0, unterminated: true };
}

export interface FrontMatter {
  subject: string;
  /** File line of the `subject:` field, for problems in the subject's Liquid. */
  subjectLine: number;
  category: MessageCategory;
  categoryLine: number;
  topic: string | null;
  topicLine: number;
  defaultLocale: string | null;
  defaultLocaleLine: number;
  audience: Audience | null;
  audienceLine: number;
}

/** Who a template may go to: a rule of the rule language (src/domain/rules) and how it was written. */
export interface Audience {
  rule: Rule;
  /** The rule as written (the text, or JSON for a map), for messages and for comparing locales. */
  text: string;
}

const KNOWN_FIELDS = new Set(['subject', 'category', 'topic', 'default_locale', 'audience']);
const KNOWN_LIST = 'subject, category, topic, default_locale, audience';
const TOPIC = /^[a-z0-9][a-z0-9_.-]*$/;

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Parses and checks a text file's front matter. `yaml` is the text between the `---` lines,
 * whose first line is file line 2. Returns the fields when they are all valid, and every
 * problem found either way.
 */
export function parseFrontMatter(yaml: string): { value: FrontMatter | null; problems: LineProblem[] } {
  const problems: LineProblem[] = [];
  const fileLine = (offset: number): number => lineAt(yaml, offset) + 1;
  const doc = parseDocument(yaml, { prettyErrors: false, uniqueKeys: true, strict: true });
  // The first error only: YAML's later ones are mostly echoes of it.
  const error = doc.errors[0] ?? doc.warnings[0];
  if (error) {
    const first = error.message.split('\n')[0] ?? error.message;
    const offending = yaml.split('\n')[lineAt(yaml, error.pos[0]) - 1] ?? '';
    const hint = /\{\{|\{%/.test(offending)
      ? `; a value with Liquid in it is safest in single quotes, e.g. subject: 'Hi {{ contact.first_name | default: "there" }}'`
      : '';
    problems.push({ line: fileLine(error.pos[0]), message: `front matter: ${first}${hint}` });
  }
  if (doc.errors.length > 0) return { value: null, problems };

  const contents = doc.contents as Node | null;
  const fields = new Map<string, { value: unknown; line: number }>();
  if (contents === null) {
    // Empty front matter: every required field is reported missing below.
  } else if (!isMap(contents)) {
    problems.push({ line: 2, message: `front matter must be "key: value" lines (${KNOWN_LIST})` });
    return { value: null, problems };
  } else {
    for (const pair of contents.items) {
      const keyNode = pair.key as Node | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
      const line = fileLine(keyNode?.range?.[0] ?? 0);
      if (!KNOWN_FIELDS.has(key)) {
        problems.push({ line, message: `front matter: unknown field "${key}" (known: ${KNOWN_LIST})` });
        continue;
      }
      const valueNode = pair.value as Node | null;
      fields.set(key, { value: valueNode === null ? null : valueNode.toJSON(), line });
    }
  }

  const subject = fields.get('subject');
  if (!subject) problems.push({ line: 1, message: 'front matter: "subject" is required' });
  else if (typeof subject.value !== 'string' || subject.value.trim() === '') {
    problems.push({ line: subject.line, message: 'front matter: "subject" must be non-empty text' });
  }

  const category = fields.get('category');
  if (!category) problems.push({ line: 1, message: `front matter: "category" is required (${MESSAGE_CATEGORIES.join(' | ')})` });
  else if (!MESSAGE_CATEGORIES.includes(category.value as MessageCategory)) {
    problems.push({
      line: category.line,
      message: `front matter: "category" must be one of ${MESSAGE_CATEGORIES.join(' | ')}, not ${JSON.stringify(category.value)}`,
    });
  }

  const topic = fields.get('topic');
  if (topic && topic.value !== null && (typeof topic.value !== 'string' || !TOPIC.test(topic.value))) {
    problems.push({
      line: topic.line,
      message: `front matter: "topic" must be a lower-case name such as "newsletter", not ${JSON.stringify(topic.value)}`,
    });
  }

  const defaultLocale = fields.get('default_locale');
  if (defaultLocale && defaultLocale.value !== null && (typeof defaultLocale.value !== 'string' || defaultLocale.value.trim() === '')) {
    problems.push({ line: defaultLocale.line, message: 'front matter: "default_locale" must be a locale such as "sv" or "en"' });
  }

  const audienceField = fields.get('audience');
  let audience: Audience | null = null;
  if (audienceField && audienceField.value !== null) {
    const parsed = parseRule(audienceField.value, { allowEvent: false, root: 'audience' });
    if (parsed.ok) {
      const text = typeof audienceField.value === 'string' ? audienceField.value : JSON.stringify(audienceField.value);
      audience = { rule: parsed.rule, text };
    } else {
      for (const issue of parsed.issues) {
        problems.push({ line: audienceField.line, message: `front matter: ${issue.field}: ${issue.message}` });
      }
    }
  }

  if (problems.length > 0 || !subject || !category) return { value: null, problems };
  return {
    value: {
      subject: subject.value as string,
      subjectLine: subject.line,
      category: category.value as MessageCategory,
      categoryLine: category.line,
      topic: typeof topic?.value === 'string' ? topic.value : null,
      topicLine: topic?.line ?? 1,
      defaultLocale: typeof defaultLocale?.value === 'string' ? defaultLocale.value.trim() : null,
      defaultLocaleLine: defaultLocale?.line ?? 1,
      audience,
      audienceLine: audienceField?.line ?? 1,
    },
    problems,
  };
}
