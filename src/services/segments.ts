// Segments: a named rule over contacts, saved (CRUD) or given inline, and previewed as a count and
// a sample. The rule is checked when it is saved (every bad part named by its path) and parsed
// again when used, so a stored rule always means what the grammar says today.
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import type { Rule } from '../domain/rules/ast.ts';
import { parseRule } from '../domain/rules/parse.ts';
import { type ContactRow, getContactsByIds } from '../store/contacts.ts';
import { countAndSampleContactsMatching } from '../store/contacts-matching.ts';
import {
  deleteSegmentRow,
  findSegmentById,
  findSegmentByName,
  insertSegment,
  listSegmentRows,
  type SegmentRow,
  updateSegmentRow,
} from '../store/segments.ts';

export interface SegmentInput {
  name: string;
  description?: string | null | undefined;
  rule: unknown;
}

export interface SegmentPreview {
  count: number;
  sample: ContactRow[];
}

/** The rule's syntax tree, or a 400 naming every bad part (`rule.all[1].within`). */
export function parseSegmentRule(input: unknown, root = 'rule'): Rule {
  const parsed = parseRule(input, { allowEvent: false, root });
  if (parsed.ok) return parsed.rule;
  throw new AppError('ValidationFailed', parsed.issues.map((i) => `${i.field}: ${i.message}`).join('; '), parsed.issues);
}

export function listSegments(deps: Pick<Deps, 'db'>): Promise<SegmentRow[]> {
  return listSegmentRows(deps.db);
}

export async function getSegment(deps: Pick<Deps, 'db'>, id: string): Promise<SegmentRow> {
  const segment = await findSegmentById(deps.db, id);
  if (!segment) throw new AppError('NotFound', `no segment with id ${id}`);
  return segment;
}

const nameTaken = (name: string) =>
  new AppError('Conflict', `a segment named "${name}" exists already`, [
    { field: 'name', message: 'expected a name no other segment has' },
  ]);

export async function createSegment(deps: Deps, input: SegmentInput): Promise<SegmentRow> {
  parseSegmentRule(input.rule);
  const now = deps.clock.now();
  const id = deps.ids.next('seg');
  const written = await insertSegment(deps.db, {
    id,
    name: input.name,
    description: input.description ?? null,
    rule: input.rule,
    createdAt: now,
    updatedAt: now,
  });
  if (!written) throw nameTaken(input.name);
  return getSegment(deps, id);
}

export async function updateSegment(deps: Deps, id: string, patch: Partial<SegmentInput>): Promise<SegmentRow> {
  await getSegment(deps, id);
  if (patch.rule !== undefined) parseSegmentRule(patch.rule);
  if (patch.name !== undefined) {
    const other = await findSegmentByName(deps.db, patch.name);
    if (other && other.id !== id) throw nameTaken(patch.name);
  }
  await updateSegmentRow(deps.db, id, {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.description !== undefined ? { description: patch.description } : {}),
    ...(patch.rule !== undefined ? { rule: patch.rule } : {}),
    updatedAt: deps.clock.now(),
  });
  return getSegment(deps, id);
}

export async function deleteSegment(deps: Pick<Deps, 'db'>, id: string): Promise<void> {
  if (!(await deleteSegmentRow(deps.db, id))) throw new AppError('NotFound', `no segment with id ${id}`);
}

/** How many contacts the rule selects now, and the first `sampleSize` of them (by id). */
export async function previewRule(deps: Pick<Deps, 'db' | 'clock'>, rule: Rule, sampleSize: number): Promise<SegmentPreview> {
  const { count, ids } = await countAndSampleContactsMatching(deps.db, rule, deps.clock.now(), sampleSize);
  const byId = new Map((await getContactsByIds(deps.db, ids)).map((c) => [c.id, c]));
  return { count, sample: ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])) };
}

export async function previewSegment(deps: Pick<Deps, 'db' | 'clock'>, id: string, sampleSize: number): Promise<SegmentPreview> {
  const segment = await getSegment(deps, id);
  return previewRule(deps, parseSegmentRule(segment.rule), sampleSize);
}
