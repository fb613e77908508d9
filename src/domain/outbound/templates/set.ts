// A set of message templates: Liquid with YAML front matter, one file per locale
// (templates/NAME/LOCALE.liquid for the text part with the front matter,
// templates/NAME/LOCALE.html.liquid for an optional HTML part), checked and parsed into a
// TemplateSet. Pure: template sources come in as strings (from templates/ on Node and Deno, from
// the generated bundle on Workers); no file I/O here.
import { Output, toValueSync, type Template } from 'liquidjs';
import { createTemplateEngine, parseLiquid, renderer, type Engines, type Render } from './engine.ts';
import { canonicalLocale } from './format.ts';
import type { MessageCategory } from '../../vocabulary.ts';
import { parseFrontMatter, splitFrontMatter, type Audience, type LineProblem } from './front-matter.ts';

/** One template file: its path relative to templates/ ("welcome/sv.liquid") and its source. */
export interface TemplateFile {
  path: string;
  source: string;
}

/** A problem in a template file; `line` is 1-based in the file, front matter lines included. */
export interface TemplateProblem {
  path: string;
  line: number;
  message: string;
}

/** The parsed templates, by name and locale. Made by buildTemplateSet, used by renderTemplate. */
export interface TemplateSet {
  /** Template names, sorted. */
  names(): string[];
  /** The locales a template has, as its files spell them, sorted ([] for an unknown name). */
  locales(name: string): string[];
  has(name: string): boolean;
}

export interface LocaleEntry {
  locale: string;
  textPath: string;
  htmlPath: string | null;
  subject: Render;
  text: Render;
  html: Render | null;
  category: MessageCategory;
  topic: string | null;
  audience: Audience | null;
  /** Every variable path the subject, text and HTML read ("contact.attributes.city"), for pre-flight checks. */
  variables: string[];
}

export interface TemplateEntry {
  name: string;
  defaultLocale: string;
  locales: string[];
  /** Lower-cased locale → entry, for case-insensitive matching. */
  byLocale: Map<string, LocaleEntry>;
}

class CompiledTemplateSet implements TemplateSet {
  constructor(
    readonly entries: ReadonlyMap<string, TemplateEntry>,
    readonly engines: Engines,
  ) {}
  names(): string[] {
    return [...this.entries.keys()].sort(byCodeUnit);
  }
  locales(name: string): string[] {
    return [...(this.entries.get(name)?.locales ?? [])];
  }
  has(name: string): boolean {
    return this.entries.has(name);
  }
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether some `{{ … }}` in the templates outputs `unsubscribe_url` (filters allowed). */
function outputsUnsubscribeUrl(templates: Template[]): boolean {
  for (const node of templates) {
    if (node instanceof Output && /^\s*unsubscribe_url\s*(?:\||$)/.test(node.token.content)) return true;
    const walk = (node as Template).children?.(false, true);
    if (walk && outputsUnsubscribeUrl(toValueSync(walk) as Template[])) return true;
  }
  return false;
}

const FILE_PATH = /^([^/]+)\/([^/]+?)(\.html)?\.liquid$/;
const NAME = /^[a-z0-9][a-z0-9_-]*$/;
const LOCALE = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

interface LocaleFiles {
  locale: string;
  text: TemplateFile | null;
  html: TemplateFile | null;
}

interface CheckedLocale {
  files: LocaleFiles;
  entry: LocaleEntry | null;
  category: MessageCategory | null;
  categoryLine: number;
  topic: string | null;
  topicLine: number;
  audience: Audience | null;
  audienceLine: number;
  defaultLocale: string | null;
  defaultLocaleLine: number;
}

/**
 * Parses every file (Liquid parse, not render) and checks its front matter, collecting all
 * problems with file and line. The set holds every locale that has no problem; a template is in
 * it when at least one of its locales is, so one broken translation never stops the others.
 */
export function buildTemplateSet(files: TemplateFile[]): { set: TemplateSet; problems: TemplateProblem[] } {
  const engines: Engines = { text: createTemplateEngine(false), html: createTemplateEngine(true) };
  const problems: TemplateProblem[] = [];
  const report = (path: string, p: LineProblem): void => {
    problems.push({ path, line: p.line, message: p.message });
  };

  // Group by template and (case-insensitive) locale.
  const groups = new Map<string, Map<string, LocaleFiles>>();
  for (const file of files) {
    const match = FILE_PATH.exec(file.path);
    if (!match) {
      report(file.path, { line: 1, message: 'not a template file: expected NAME/LOCALE.liquid or NAME/LOCALE.html.liquid' });
      continue;
    }
    const [, name = '', locale = '', html] = match;
    if (!NAME.test(name)) {
      report(file.path, { line: 1, message: `template name "${name}" must be lower-case letters, digits, "-" or "_"` });
      continue;
    }
    if (!LOCALE.test(locale) || canonicalLocale(locale) === null) {
      report(file.path, { line: 1, message: `"${locale}" is not a locale (BCP 47, e.g. "sv", "en-GB", "zh-Hant")` });
      continue;
    }
    const byLocale = groups.get(name) ?? new Map<string, LocaleFiles>();
    groups.set(name, byLocale);
    const key = locale.toLowerCase();
    const slot = byLocale.get(key) ?? { locale, text: null, html: null };
    byLocale.set(key, slot);
    const kind = html ? 'html' : 'text';
    const existing = slot[kind];
    if (existing) {
      report(file.path, { line: 1, message: `duplicate of ${existing.path} (locales match case-insensitively)` });
      continue;
    }
    slot[kind] = file;
    if (kind === 'text') slot.locale = locale;
  }

  const entries = new Map<string, TemplateEntry>();
  for (const [name, byLocale] of [...groups].sort(([a], [b]) => byCodeUnit(a, b))) {
    const checked = [...byLocale.values()]
      .sort((a, b) => byCodeUnit(a.locale, b.locale))
      .map((files) => checkLocale(name, files, engines, report));
    const withText = checked.filter((c) => c.files.text !== null);

    // default_locale: wherever it is declared, it must name one of this template's locales and
    // every declaration must agree.
    let declared: { locale: string; path: string } | null = null;
    for (const c of withText) {
      if (c.defaultLocale === null || c.files.text === null) continue;
      const target = byLocale.get(c.defaultLocale.toLowerCase());
      if (!target?.text) {
        report(c.files.text.path, {
          line: c.defaultLocaleLine,
          message: `default_locale "${c.defaultLocale}" has no file ${name}/${c.defaultLocale}.liquid`,
        });
      } else if (declared && declared.locale.toLowerCase() !== target.locale.toLowerCase()) {
        report(c.files.text.path, {
          line: c.defaultLocaleLine,
          message: `default_locale "${c.defaultLocale}" disagrees with "${declared.locale}" in ${declared.path}`,
        });
      } else if (!declared) {
        declared = { locale: target.locale, path: c.files.text.path };
      }
    }

    // Category, topic and audience are properties of the template: every locale must say the same.
    const reference =
      withText.find((c) => c.files.locale.toLowerCase() === (declared?.locale ?? 'en').toLowerCase() && c.category !== null) ??
      withText.find((c) => c.category !== null);
    if (reference?.files.text) {
      for (const c of withText) {
        if (c === reference || c.category === null || c.files.text === null) continue;
        if (c.category !== reference.category) {
          report(c.files.text.path, {
            line: c.categoryLine,
            message:
              `category "${c.category}" differs from "${reference.category}" in ${reference.files.text.path}; ` +
              'all locales of a template must agree',
          });
          c.entry = null;
        } else if (c.topic !== reference.topic) {
          report(c.files.text.path, {
            line: c.topicLine,
            message:
              `topic ${JSON.stringify(c.topic)} differs from ${JSON.stringify(reference.topic)} in ${reference.files.text.path}; ` +
              'all locales of a template must agree',
          });
          c.entry = null;
        } else if ((c.audience?.text ?? null) !== (reference.audience?.text ?? null)) {
          const show = (a: Audience | null) => (a ? JSON.stringify(a.text) : 'none');
          report(c.files.text.path, {
            line: c.audienceLine,
            message:
              `audience ${show(c.audience)} differs from ${show(reference.audience)} in ${reference.files.text.path}; ` +
              'all locales of a template must agree',
          });
          c.entry = null;
        }
      }
    }

    const valid = checked.flatMap((c) => (c.entry ? [c.entry] : []));
    if (valid.length === 0) continue;
    const byLower = new Map(valid.map((e) => [e.locale.toLowerCase(), e] as const));
    const defaultLocale = (declared && byLower.get(declared.locale.toLowerCase())?.locale) ?? byLower.get('en')?.locale ?? valid[0]!.locale;
    entries.set(name, { name, defaultLocale, locales: valid.map((e) => e.locale), byLocale: byLower });
  }

  problems.sort((a, b) => byCodeUnit(a.path, b.path) || a.line - b.line);
  return { set: new CompiledTemplateSet(entries, engines), problems };
}

function checkLocale(name: string, files: LocaleFiles, engines: Engines, report: (path: string, p: LineProblem) => void): CheckedLocale {
  const result: CheckedLocale = {
    files,
    entry: null,
    category: null,
    categoryLine: 1,
    topic: null,
    topicLine: 1,
    audience: null,
    audienceLine: 1,
    defaultLocale: null,
    defaultLocaleLine: 1,
  };
  let ok = true;
  const fail = (path: string, p: LineProblem): void => {
    ok = false;
    report(path, p);
  };

  // HTML part: no front matter (an empty one is ignored), Liquid with HTML escaping.
  let html: Template[] | null = null;
  if (files.html) {
    const path = files.html.path;
    const split = splitFrontMatter(files.html.source);
    if (split.unterminated)
      fail(path, { line: 1, message: 'a "---" front matter opened on line 1 is never closed; an HTML part takes no front matter' });
    else if (split.yaml !== null && split.yaml.trim() !== '') {
      fail(path, { line: 2, message: `an HTML part takes no front matter: subject and category belong in ${name}/${files.locale}.liquid` });
    }
    const parsed = parseLiquid(engines.html, split.body, path, split.bodyOffset);
    if (parsed.problem) fail(path, parsed.problem);
    html = parsed.templates;
    if (!files.text)
      fail(path, { line: 1, message: `HTML part without a text part: add ${name}/${files.locale}.liquid (with the front matter)` });
  }
  if (!files.text) return result;

  // Text part: front matter, then Liquid without escaping.
  const path = files.text.path;
  const split = splitFrontMatter(files.text.source);
  let frontMatter = null;
  if (split.unterminated) fail(path, { line: 1, message: 'the front matter opened with "---" on line 1 is never closed with "---"' });
  else if (split.yaml === null)
    fail(path, { line: 1, message: 'missing front matter: start the file with "---", subject and category lines, and "---"' });
  else {
    const parsed = parseFrontMatter(split.yaml);
    for (const p of parsed.problems) fail(path, p);
    frontMatter = parsed.value;
  }

  let subject: Template[] | null = null;
  if (frontMatter) {
    result.category = frontMatter.category;
    result.categoryLine = frontMatter.categoryLine;
    result.topic = frontMatter.topic;
    result.topicLine = frontMatter.topicLine;
    result.audience = frontMatter.audience;
    result.audienceLine = frontMatter.audienceLine;
    result.defaultLocale = frontMatter.defaultLocale;
    result.defaultLocaleLine = frontMatter.defaultLocaleLine;
    const parsed = parseLiquid(engines.text, frontMatter.subject, path, 0);
    if (parsed.problem) fail(path, { line: frontMatter.subjectLine, message: `subject: ${parsed.problem.message}` });
    subject = parsed.templates;
  }

  const body = parseLiquid(engines.text, split.body, path, split.bodyOffset);
  if (body.problem) fail(path, body.problem);
  else if (split.body.trim() === '') fail(path, { line: split.bodyOffset + 1, message: 'the text part is empty' });

  if (frontMatter?.category === 'marketing') {
    const message = 'a marketing message must show {{ unsubscribe_url }}';
    if (body.templates && !outputsUnsubscribeUrl(body.templates))
      fail(path, { line: split.bodyOffset + 1, message: `${message} in its text part` });
    if (files.html && html && !outputsUnsubscribeUrl(html)) fail(files.html.path, { line: 1, message: `${message} in its HTML part` });
  }

  if (ok && frontMatter && subject && body.templates) {
    result.entry = {
      locale: files.locale,
      textPath: path,
      htmlPath: files.html?.path ?? null,
      subject: renderer(engines.text, subject),
      text: renderer(engines.text, body.templates),
      html: html ? renderer(engines.html, html) : null,
      category: frontMatter.category,
      topic: frontMatter.topic,
      audience: frontMatter.audience,
      variables: [...new Set([subject, body.templates, html ?? []].flatMap((t) => engines.text.globalFullVariablesSync(t)))],
    };
  }
  return result;
}

/** Every problem in the files: Liquid syntax, front matter, structure, unsubscribe links. */
export function checkTemplates(files: TemplateFile[]): TemplateProblem[] {
  return buildTemplateSet(files).problems;
}

/** "welcome/sv.liquid:7: message", one problem a line. */
export function formatProblems(problems: TemplateProblem[]): string {
  return problems.map((p) => `${p.path}:${p.line}: ${p.message}`).join('\n');
}

function compiled(set: TemplateSet): CompiledTemplateSet {
  if (!(set instanceof CompiledTemplateSet)) throw new TypeError('not a TemplateSet from buildTemplateSet()');
  return set;
}

/** The topic a template's mail belongs to (every locale says the same), or null. */
export function templateTopic(set: TemplateSet, name: string): string | null {
  const entry = compiled(set).entries.get(name);
  return entry ? ([...entry.byLocale.values()][0]?.topic ?? null) : null;
}

/** Who a template may go to (every locale says the same), or null when it may go to anyone. */
export function templateAudience(set: TemplateSet, name: string): Audience | null {
  const entry = compiled(set).entries.get(name);
  return entry ? ([...entry.byLocale.values()][0]?.audience ?? null) : null;
}

/** A template of the set by name; an unknown name fails, naming the known ones. */
export function templateEntry(set: TemplateSet, name: string): TemplateEntry {
  const entries = compiled(set).entries;
  const entry = entries.get(name);
  if (!entry) {
    const known = set.names();
    throw new Error(`unknown message template "${name}"${known.length ? ` (known: ${known.join(', ')})` : ' (no templates loaded)'}`);
  }
  return entry;
}
