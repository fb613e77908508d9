// A broadcast written inline (subject, text and optional HTML as Liquid, as in POST /api/v1/messages):
// parsed with the message templates' engines, so it renders, escapes and is analysed the same way.
import type { Liquid, Template } from 'liquidjs';
import { createTemplateEngine, liquidFailure } from '../outbound/templates/engine.ts';

export interface InlineSources {
  subject: string;
  text: string;
  html: string | null;
}

export interface InlineMessage {
  render(scope: Record<string, unknown>): { subject: string; text: string; html: string | null };
  /** Every variable path the parts read. */
  variables: string[];
}

let engines: { text: Liquid; html: Liquid } | null = null;
const enginesOnce = () => (engines ??= { text: createTemplateEngine(false), html: createTemplateEngine(true) });

/** Parses the parts; a Liquid syntax error is returned with the part (subject, text or html) and line. */
export function parseInline(sources: InlineSources): { ok: true; message: InlineMessage } | { ok: false; field: string; message: string } {
  const { text, html } = enginesOnce();
  const parsed: Partial<Record<'subject' | 'text' | 'html', Template[]>> = {};
  for (const part of ['subject', 'text', 'html'] as const) {
    const source = sources[part];
    if (source === null) continue;
    try {
      parsed[part] = (part === 'html' ? html : text).parse(source);
    } catch (error) {
      const problem = liquidFailure(error, 0);
      return { ok: false, field: part, message: `line ${problem.line}: ${problem.message}` };
    }
  }
  const variables = [...new Set(Object.values(parsed).flatMap((t) => text.globalFullVariablesSync(t)))];
  return {
    ok: true,
    message: {
      variables,
      render(scope) {
        const subject = String(text.renderSync(parsed.subject!, scope)).replace(/\s+/g, ' ').trim();
        const withSubject = { ...scope, subject };
        return {
          subject,
          text: String(text.renderSync(parsed.text!, withSubject)),
          html: parsed.html ? String(html.renderSync(parsed.html, withSubject)) : null,
        };
      },
    },
  };
}
