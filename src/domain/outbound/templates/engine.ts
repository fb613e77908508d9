// The Liquid engines message templates are parsed and rendered with: self-contained (no file
// system, no include/render/layout), strict about filters, lenient about missing variables,
// with Samtal's formatting filters; and parse errors as file lines.
import { Liquid, LiquidError, type Template } from 'liquidjs';
import { compileTemplates } from './compile.ts';
import { registerFormatFilters } from './format.ts';
import type { LineProblem } from './front-matter.ts';

export type Render = (scope: object) => string;

export interface Engines {
  text: Liquid;
  html: Liquid;
}

/** The compiled closures when the template allows, else liquidjs's own renderer. */
export function renderer(engine: Liquid, templates: Template[]): Render {
  return compileTemplates(templates, engine) ?? ((scope) => String(engine.renderSync(templates, scope)));
}

const SELF_CONTAINED = 'each message template stands alone; write the text out in this file';

/**
 * A Liquid engine for one kind of part. Missing variables render empty (or their `| default:`),
 * unknown filters fail when the template is parsed, only own properties are visible, and
 * nothing is ever looked up on a file system: `include`, `render` and `layout` are refused
 * when parsing and the template store is empty.
 */
export function createTemplateEngine(escapeHtml: boolean): Liquid {
  const liquid = new Liquid({
    strictVariables: false,
    strictFilters: true,
    ownPropertyOnly: true,
    ...(escapeHtml ? { outputEscape: 'escape' as const } : {}),
    templates: {},
    relativeReference: false,
    locale: 'en',
    timezoneOffset: 0,
  });
  for (const tag of ['include', 'render', 'layout']) {
    liquid.registerTag(tag, {
      parse() {
        throw new Error(`{% ${tag} %} is not available: ${SELF_CONTAINED}`);
      },
      render() {
        return '';
      },
    });
  }
  registerFormatFilters(liquid);
  return liquid;
}

/** A Liquid parse error's message without liquidjs's ", line:X, col:Y" and its line. */
export function liquidFailure(error: unknown, lineOffset: number): LineProblem {
  if (LiquidError.is(error)) {
    const [line = 1] = error.token.getPosition();
    const message = (error.originalError?.message ?? error.message).replace(/, (?:file:[^,]*, )?line:\d+, col:\d+$/, '');
    return { line: line + lineOffset, message };
  }
  return { line: 1 + lineOffset, message: error instanceof Error ? error.message : String(error) };
}

export function parseLiquid(
  engine: Liquid,
  source: string,
  path: string,
  lineOffset: number,
): { templates: Template[] | null; problem: LineProblem | null } {
  try {
    return { templates: engine.parse(source, path), problem: null };
  } catch (error) {
    return { templates: null, problem: liquidFailure(error, lineOffset) };
  }
}
