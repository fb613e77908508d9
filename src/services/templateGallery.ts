// The inbox's template pages: the template files (read-only; templates/NAME/LOCALE.liquid is the source of
// truth), a template rendered per locale for a chosen contact exactly as a send would render it, and a test
// send of that rendering to the agent's own address (transactional, subject "[Test] …").
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import type { RenderedMessage } from '../domain/outbound/templates/render.ts';
import { templateEntry } from '../domain/outbound/templates/set.ts';
import type { MessageCategory } from '../domain/vocabulary.ts';
import type { AgentRow } from '../store/agents.ts';
import { listContactDirectory } from '../store/contact-directory.ts';
import { type ContactRow, getContactByEmail } from '../store/contacts.ts';
import type { MessageRow } from '../store/messages.ts';
import { previewTemplate } from './previewTemplate.ts';
import { sendTestCopy } from './sendTestCopy.ts';

/** Where the files live, relative to the repository: what the page tells people to edit. */
export const TEMPLATES_FOLDER = 'templates';

export interface TemplateLocaleFile {
  locale: string;
  textPath: string;
  htmlPath: string | null;
  category: MessageCategory;
  topic: string | null;
}

export interface TemplateSummary {
  name: string;
  defaultLocale: string;
  locales: TemplateLocaleFile[];
}

export function listTemplateFiles(deps: Pick<Deps, 'templates'>): TemplateSummary[] {
  return deps.templates.names().map((name) => describeTemplate(deps, name));
}

export function describeTemplate(deps: Pick<Deps, 'templates'>, name: string): TemplateSummary {
  if (!deps.templates.has(name)) throw new AppError('NotFound', `no template "${name}"`);
  const entry = templateEntry(deps.templates, name);
  return {
    name,
    defaultLocale: entry.defaultLocale,
    locales: entry.locales.map((locale) => {
      const file = entry.byLocale.get(locale.toLowerCase())!;
      const path = (p: string) => `${TEMPLATES_FOLDER}/${p}`;
      return {
        locale,
        textPath: path(file.textPath),
        htmlPath: file.htmlPath ? path(file.htmlPath) : null,
        category: file.category,
        topic: file.topic,
      };
    }),
  };
}

export interface PreviewRequest {
  template: string;
  locale: string;
  /** The contact's address, or part of it to search by. */
  contact: string;
  data: Record<string, unknown>;
}

export type TemplatePreview =
  | { kind: 'rendered'; contact: ContactRow; rendered: RenderedMessage }
  /** No contact has exactly that address: the ones whose address or name contains it, to choose from. */
  | { kind: 'choose'; matches: ContactRow[] };

const MATCHES_SHOWN = 10;

async function chosenContact(deps: Deps, text: string): Promise<ContactRow | ContactRow[]> {
  const exact = await getContactByEmail(deps.db, text.trim().toLowerCase());
  if (exact) return exact;
  return listContactDirectory(deps.db, { text: text.trim(), now: deps.clock.now(), limit: MATCHES_SHOWN });
}

function assertLocale(summary: TemplateSummary, locale: string): void {
  if (!summary.locales.some((l) => l.locale === locale)) {
    throw new AppError('ValidationFailed', `template "${summary.name}" has no file for locale ${locale}`, [
      { field: 'locale', message: `expected one of: ${summary.locales.map((l) => l.locale).join(', ')}` },
    ]);
  }
}

export async function previewTemplateFor(deps: Deps, request: PreviewRequest): Promise<TemplatePreview> {
  assertLocale(describeTemplate(deps, request.template), request.locale);
  const found = await chosenContact(deps, request.contact);
  if (Array.isArray(found)) return { kind: 'choose', matches: found };
  const rendered = await previewTemplate(deps, {
    template: request.template,
    contactId: found.id,
    locale: request.locale,
    data: request.data,
  });
  return { kind: 'rendered', contact: found, rendered };
}

/** Sends the rendering to the agent's own address, once, through the outbox. */
export async function sendTemplateTest(deps: Deps, agent: AgentRow, request: PreviewRequest): Promise<MessageRow> {
  const preview = await previewTemplateFor(deps, request);
  if (preview.kind !== 'rendered') {
    throw new AppError('ValidationFailed', `no contact has the address ${request.contact}`, [
      { field: 'contact', message: 'expected the address of a contact (choose one from the matches)' },
    ]);
  }
  return sendTestCopy(deps, agent.email, () => preview.rendered);
}
