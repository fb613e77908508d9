// Broadcasts as drafts: one message (a template, or inline Liquid) to a segment (saved, or an inline
// rule) of a topic. Every reference is checked when it is written, so a draft always names things
// that existed then; only drafts may change or go.
import type { Deps } from '../deps.ts';
import { parseInline } from '../domain/broadcasts/inline.ts';
import { AppError, type FieldIssue } from '../domain/errors.ts';
import {
  type BroadcastRow,
  deleteDraftRow,
  findBroadcastById,
  insertBroadcast,
  listBroadcastRows,
  updateDraftRow,
} from '../store/broadcasts.ts';
import { findSegmentById } from '../store/segments.ts';
import { findTopicByKey } from '../store/topics.ts';
import { parseSegmentRule } from './segments.ts';

export interface BroadcastInput {
  name: string;
  template?: string | null | undefined;
  subject?: string | null | undefined;
  text?: string | null | undefined;
  html?: string | null | undefined;
  segmentId?: string | null | undefined;
  rule?: unknown;
  topic?: string | null | undefined;
}

type Content = Pick<BroadcastRow, 'template' | 'subject' | 'text' | 'html' | 'segmentId' | 'rule' | 'topic'>;

const invalid = (issues: FieldIssue[]) =>
  new AppError('ValidationFailed', issues.map((i) => `${i.field}: ${i.message}`).join('; '), issues);

/** Checks what a draft names: one message (template xor subject + text), one audience (segment_id xor rule), a topic. */
async function checkContent(deps: Deps, content: Content): Promise<void> {
  const issues: FieldIssue[] = [];
  const inline = content.subject !== null || content.text !== null || content.html !== null;
  if (content.template !== null) {
    if (inline) issues.push({ field: 'template', message: 'expected either a template or subject and text, not both' });
    else if (!deps.templates.has(content.template)) {
      issues.push({ field: 'template', message: `expected one of: ${deps.templates.names().join(', ')}` });
    }
  } else if (content.subject === null || content.text === null) {
    issues.push({ field: content.subject === null ? 'subject' : 'text', message: 'expected a template, or subject and text' });
  } else {
    const parsed = parseInline({ subject: content.subject, text: content.text, html: content.html });
    if (!parsed.ok) issues.push({ field: parsed.field, message: `expected Liquid: ${parsed.message}` });
  }
  if (content.segmentId !== null && content.rule !== null) {
    issues.push({ field: 'segment_id', message: 'expected either segment_id or rule, not both' });
  } else if (content.segmentId !== null) {
    if (!(await findSegmentById(deps.db, content.segmentId))) issues.push({ field: 'segment_id', message: 'expected an existing segment' });
  } else if (content.rule !== null) {
    parseSegmentRule(content.rule);
  } else {
    issues.push({ field: 'segment_id', message: 'expected a segment_id or an inline rule' });
  }
  if (content.topic !== null && !(await findTopicByKey(deps.db, content.topic))) {
    issues.push({ field: 'topic', message: 'expected the key of an existing topic' });
  }
  if (issues.length > 0) throw invalid(issues);
}

const contentOf = (input: Partial<BroadcastInput>, base: Content): Content => ({
  template: input.template === undefined ? base.template : input.template,
  subject: input.subject === undefined ? base.subject : input.subject,
  text: input.text === undefined ? base.text : input.text,
  html: input.html === undefined ? base.html : input.html,
  segmentId: input.segmentId === undefined ? base.segmentId : input.segmentId,
  rule: input.rule === undefined ? base.rule : input.rule,
  topic: input.topic === undefined ? base.topic : input.topic,
});

const EMPTY: Content = { template: null, subject: null, text: null, html: null, segmentId: null, rule: null, topic: null };

export async function createBroadcast(deps: Deps, input: BroadcastInput): Promise<BroadcastRow> {
  const content = contentOf(input, EMPTY);
  await checkContent(deps, content);
  const now = deps.clock.now();
  const id = deps.ids.next('brd');
  await insertBroadcast(deps.db, { id, name: input.name, status: 'draft', ...content, createdAt: now, updatedAt: now });
  return getBroadcast(deps, id);
}

export function listBroadcasts(deps: Pick<Deps, 'db'>): Promise<BroadcastRow[]> {
  return listBroadcastRows(deps.db);
}

export async function getBroadcast(deps: Pick<Deps, 'db'>, id: string): Promise<BroadcastRow> {
  const broadcast = await findBroadcastById(deps.db, id);
  if (!broadcast) throw new AppError('NotFound', `no broadcast with id ${id}`);
  return broadcast;
}

const notDraft = (broadcast: BroadcastRow) =>
  new AppError('Conflict', `broadcast ${broadcast.id} is ${broadcast.status}; only a draft can be changed or deleted`);

/** A draft, or 404 / 409. */
export async function getDraft(deps: Pick<Deps, 'db'>, id: string): Promise<BroadcastRow> {
  const broadcast = await getBroadcast(deps, id);
  if (broadcast.status !== 'draft') throw notDraft(broadcast);
  return broadcast;
}

/** Changes a draft; a change of content makes the last pre-flight stale, so it is dropped. */
export async function updateBroadcast(deps: Deps, id: string, patch: Partial<BroadcastInput>): Promise<BroadcastRow> {
  const broadcast = await getDraft(deps, id);
  const content = contentOf(patch, broadcast);
  await checkContent(deps, content);
  const written = await updateDraftRow(deps.db, id, {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...content,
    preflight: null,
    preflightAt: null,
    acknowledgedWarnings: [],
    updatedAt: deps.clock.now(),
  });
  if (!written) throw notDraft(await getBroadcast(deps, id));
  return getBroadcast(deps, id);
}

export async function deleteBroadcast(deps: Pick<Deps, 'db'>, id: string): Promise<void> {
  const broadcast = await getDraft(deps, id);
  if (!(await deleteDraftRow(deps.db, id))) throw notDraft(await getBroadcast(deps, broadcast.id));
}
