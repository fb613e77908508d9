// The inbox list: who has waited longest first. Two index range scans, so a page costs the
// same at 100 or 100,000 conversations: those waiting for a human (waiting_since asc), then
// the others (latest activity first).
import { and, asc, desc, eq, gt, isNotNull, isNull, lt, max, or, sql, type SQL } from 'drizzle-orm';
import { contacts, conversations } from '../../db/schema.ts';
import type { Db } from './db.ts';
import type { ConversationStatus } from '../domain/vocabulary.ts';
import { hasTag } from './conversation-tags.ts';

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
  const base = and(eq(conversations.status, query.status), assigneeCondition(query.assignee), tagCondition(query.tag));
  const run = (where: SQL | undefined, order: SQL[], limit: number) =>
    db
      .select(rowColumns)
      .from(conversations)
      .innerJoin(contacts, eq(contacts.id, conversations.contactId))
      .where(and(base, where))
      .orderBy(...order)
      .limit(limit);
  const rows: InboxRow[] = [];
  if (!query.after || query.after.waiting) {
    const after = query.after;
    const next = after
      ? or(
          gt(conversations.waitingSince, after.position),
          and(eq(conversations.waitingSince, after.position), gt(conversations.id, after.id)),
        )
      : undefined;
    rows.push(
      ...((await run(
        and(isNotNull(conversations.waitingSince), next),
        [asc(conversations.waitingSince), asc(conversations.id)],
        query.limit,
      )) as InboxRow[]),
    );
  }
  if (rows.length < query.limit) {
    const after = query.after && !query.after.waiting ? query.after : undefined;
    const next = after
      ? or(
          lt(conversations.lastMessageAt, after.position),
          and(eq(conversations.lastMessageAt, after.position), lt(conversations.id, after.id)),
        )
      : undefined;
    rows.push(
      ...((await run(
        and(isNull(conversations.waitingSince), next),
        [desc(conversations.lastMessageAt), desc(conversations.id)],
        query.limit - rows.length,
      )) as InboxRow[]),
    );
  }
  return rows as InboxRow[];
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
