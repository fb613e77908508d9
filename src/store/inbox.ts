// The inbox list: who has waited longest first. Two index range scans, so a page costs the
// same at 100 or 100,000 conversations: those waiting for a human (waiting_since asc), then
// the others (latest activity first).
import { and, asc, desc, eq, gt, isNotNull, isNull, lt, max, or, sql, type SQL } from 'drizzle-orm';
import { contacts, conversations } from '../../db/schema.ts';
import type { Db } from './db.ts';
import { perDatabase } from './per-database.ts';
import type { ConversationStatus } from '../domain/vocabulary.ts';
import { hasTag } from './conversation-tags.ts';
import { jsonColumns } from './json-rows.ts';

export type AssigneeFilter = { kind: 'all' } | { kind: 'unassigned' } | { kind: 'agent'; agentId: string };

/** Where a page ends: in the waiting run or the rest, at which sort value and id. */
export interface InboxPosition {
  waiting: boolean;
  position: number;
  id: string;
}

export interface InboxRow {
  id: string;
  subject: string;
  status: ConversationStatus;
  assigneeId: string | null;
  preview: string;
  flag: string | null;
  messageCount: number;
  waitingSince: number | null;
  firstResponseDueAt: number | null;
  lastMessageAt: number;
  contactId: string;
  contactName: string | null;
  contactEmail: string;
}

const rowColumns = {
  id: conversations.id,
  subject: conversations.subject,
  status: conversations.status,
  assigneeId: conversations.assigneeId,
  preview: conversations.preview,
  flag: conversations.flag,
  messageCount: conversations.messageCount,
  waitingSince: conversations.waitingSince,
  firstResponseDueAt: conversations.firstResponseDueAt,
  lastMessageAt: conversations.lastMessageAt,
  contactId: conversations.contactId,
  contactName: contacts.name,
  contactEmail: contacts.email,
};

export function assigneeCondition(filter: AssigneeFilter): SQL | undefined {
  if (filter.kind === 'unassigned') return isNull(conversations.assigneeId);
  if (filter.kind === 'agent') return eq(conversations.assigneeId, filter.agentId);
  return undefined;
}

function tagCondition(tag: string | undefined): SQL | undefined {
  return tag === undefined ? undefined : hasTag(conversations.id, tag);
}

/** Which conversations a list shows: a status, an assignee, a tag (each optional). */
export interface ListFilter {
  status?: ConversationStatus | undefined;
  assignee?: AssigneeFilter | undefined;
  tag?: string | undefined;
}

export function listFilterCondition(filter: ListFilter): SQL | undefined {
  return and(
    filter.status ? eq(conversations.status, filter.status) : undefined,
    filter.assignee ? assigneeCondition(filter.assignee) : undefined,
    tagCondition(filter.tag),
  );
}

const inboxRowJson = jsonColumns(rowColumns);
const p = (name: string) => sql.placeholder(name);

/** What a page's statement depends on besides its bound values; one prepared statement per shape and database. */
interface PageShape {
  assignee: AssigneeFilter['kind'];
  tag: boolean;
  /** The run: those waiting for a human (oldest wait first), or the rest (latest activity first). */
  waiting: boolean;
  /** Continues after a position (keyset) rather than starting the run. */
  after: boolean;
}

function buildPage(db: Db, shape: PageShape) {
  const assignee =
    shape.assignee === 'unassigned'
      ? isNull(conversations.assigneeId)
      : shape.assignee === 'agent'
        ? eq(conversations.assigneeId, p('agentId'))
        : undefined;
  const sortColumn = shape.waiting ? conversations.waitingSince : conversations.lastMessageAt;
  const beyond = shape.waiting ? gt : lt;
  const after = shape.after
    ? or(beyond(sortColumn, p('position')), and(eq(sortColumn, p('position')), beyond(conversations.id, p('afterId'))))
    : undefined;
  const direction = shape.waiting ? asc : desc;
  return db
    .select({ row: inboxRowJson.select })
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .where(
      and(
        eq(conversations.status, p('status')),
        assignee,
        shape.tag ? hasTag(conversations.id, p('tag')) : undefined,
        shape.waiting ? isNotNull(conversations.waitingSince) : isNull(conversations.waitingSince),
        after,
      ),
    )
    .orderBy(direction(sortColumn), direction(conversations.id))
    .limit(p('limit'))
    .prepare();
}

type PreparedPage = ReturnType<typeof buildPage>;
const pages = perDatabase(() => new Map<string, PreparedPage>());

function preparedPage(db: Db, shape: PageShape): PreparedPage {
  const key = `${shape.assignee}/${shape.tag}/${shape.waiting}/${shape.after}`;
  const byShape = pages(db);
  const page = byShape.get(key) ?? buildPage(db, shape);
  byShape.set(key, page);
  return page;
}

/**
 * One page of the list: the waiting run first, then (while the page has room) the rest. Prepared statements with each
 * row as one JSON value (json-rows.ts): building the statement and reading 13 columns of 50 rows one by one cost more
 * CPU than SQLite's two index range scans.
 */
export async function listInboxRows(
  db: Db,
  query: {
    status: ConversationStatus;
    assignee: AssigneeFilter;
    limit: number;
    after?: InboxPosition | undefined;
    /** Only conversations with this (normalised) tag. */
    tag?: string | undefined;
  },
): Promise<InboxRow[]> {
  const values = {
    status: query.status,
    agentId: query.assignee.kind === 'agent' ? query.assignee.agentId : undefined,
    tag: query.tag,
  };
  const run = async (waiting: boolean, after: InboxPosition | undefined, limit: number): Promise<InboxRow[]> => {
    const page = preparedPage(db, { assignee: query.assignee.kind, tag: query.tag !== undefined, waiting, after: after !== undefined });
    const rows = await page.all({ ...values, limit, position: after?.position, afterId: after?.id });
    return rows.map((r) => inboxRowJson.decode(r.row) as InboxRow);
  };
  const rows: InboxRow[] = [];
  if (!query.after || query.after.waiting) rows.push(...(await run(true, query.after, query.limit)));
  if (rows.length < query.limit) {
    const after = query.after && !query.after.waiting ? query.after : undefined;
    rows.push(...(await run(false, after, query.limit - rows.length)));
  }
  return rows;
}

export function positionOf(row: InboxRow): InboxPosition {
  return row.waitingSince !== null
    ? { waiting: true, position: row.waitingSince, id: row.id }
    : { waiting: false, position: row.lastMessageAt, id: row.id };
}

/** Counts per status for the filter tabs (bounded: counting stops at `cap`). */
export async function countByStatus(
  db: Db,
  assignee: AssigneeFilter,
  cap: number,
  tag?: string,
): Promise<Record<ConversationStatus, number>> {
  const out = { open: 0, pending: 0, snoozed: 0, closed: 0 } as Record<ConversationStatus, number>;
  for (const status of ['open', 'pending', 'snoozed'] as const) {
    const rows = await db.all<{ n: number }>(
      sql`select count(*) as n from (select 1 from ${conversations}
        where ${and(eq(conversations.status, status), assigneeCondition(assignee), tagCondition(tag))} limit ${cap})`,
    );
    out[status] = Number(rows[0]?.n ?? 0);
  }
  return out;
}

/** Changes whenever any conversation changes: what the list polls for. */
export async function inboxVersion(db: Db): Promise<number> {
  const rows = await db.select({ v: max(conversations.updatedAt) }).from(conversations);
  return Number(rows[0]?.v ?? 0);
}
