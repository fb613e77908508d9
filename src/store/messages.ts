import type { InStatement, InValue } from '@libsql/client';
import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, ne, or, type SQL, sql } from 'drizzle-orm';
import { messages } from '../../db/schema.ts';
import type { Db } from './db.ts';
import { perDatabase } from './per-database.ts';
import { jsonRow } from './json-rows.ts';
import { inJsonList } from './statements.ts';

export type MessageRow = typeof messages.$inferSelect;
export type NewMessage = typeof messages.$inferInsert;

export async function insertMessage(db: Db, row: NewMessage): Promise<void> {
  await db.insert(messages).values(row);
}

/** One multi-row insert, as a statement for the caller's db.batch. */
export function insertMessagesQuery(db: Db, rows: NewMessage[]) {
  return db.insert(messages).values(rows);
}

export async function getMessageById(db: Db, id: string): Promise<MessageRow | undefined> {
  const rows = await db.select().from(messages).where(eq(messages.id, id)).limit(1);
  return rows[0];
}

export async function getMessagesByIds(db: Db, ids: string[]): Promise<MessageRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(messages).where(inArray(messages.id, ids));
}

/** The message a provider knows by this id (Resend's email id). */
export async function findMessageByProviderId(db: Db, providerId: string): Promise<MessageRow | undefined> {
  const rows = await db.select().from(messages).where(eq(messages.providerId, providerId)).limit(1);
  return rows[0];
}

export async function findMessageByIdempotencyKey(db: Db, key: string): Promise<MessageRow | undefined> {
  const rows = await db.select().from(messages).where(eq(messages.idempotencyKey, key)).limit(1);
  return rows[0];
}

/** Message-IDs of a conversation's emails (not notes), oldest first: the References chain. */
export async function threadMessageIds(db: Db, conversationId: string): Promise<string[]> {
  const rows = await db
    .select({ id: messages.messageIdHeader })
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.kind, 'email'), isNotNull(messages.messageIdHeader)))
    .orderBy(asc(messages.createdAt), asc(messages.id));
  return rows.map((r) => r.id!);
}

export async function updateMessage(db: Db, id: string, patch: Partial<NewMessage>): Promise<void> {
  await db.update(messages).set(patch).where(eq(messages.id, id));
}

/** A conversation's messages and notes, oldest first. */
export async function listConversationMessages(db: Db, conversationId: string): Promise<MessageRow[]> {
  return db.select().from(messages).where(eq(messages.conversationId, conversationId)).orderBy(asc(messages.createdAt), asc(messages.id));
}

const messageJson = jsonRow(messages);

/**
 * The thread's pages as prepared queries, built once per database (building the 32-column select was half its CPU),
 * each row as one JSON value (reading 31 wide rows column by column was the other half).
 */
function buildThreadPages(db: Db) {
  const page = (before: SQL | undefined) =>
    db
      .select({ row: messageJson.select })
      .from(messages)
      .where(and(eq(messages.conversationId, sql.placeholder('conversationId')), before))
      .orderBy(desc(messages.createdAt), desc(messages.id))
      .limit(sql.placeholder('limit'))
      .prepare();
  return {
    newest: page(undefined),
    before: page(sql`(${messages.createdAt}, ${messages.id}) < (${sql.placeholder('createdAt')}, ${sql.placeholder('id')})`),
  };
}

const threadPages = perDatabase(buildThreadPages);

/** One page of a conversation's messages and notes, newest first: the latest, or those before `before` (keyset). */
export async function listConversationMessagesBefore(
  db: Db,
  conversationId: string,
  query: { limit: number; before?: { createdAt: number; id: string } | undefined },
): Promise<MessageRow[]> {
  const pages = threadPages(db);
  const { before, limit } = query;
  const rows = await (before
    ? pages.before.all({ conversationId, limit, createdAt: before.createdAt, id: before.id })
    : pages.newest.all({ conversationId, limit }));
  return rows.map((r) => messageJson.decode(r.row));
}

export async function findMessageByInboundId(db: Db, inboundEmailId: string): Promise<MessageRow | undefined> {
  const rows = await db.select().from(messages).where(eq(messages.inboundEmailId, inboundEmailId)).limit(1);
  return rows[0];
}

/**
 * What arrived in a conversation after `afterCreatedAt` that an agent must read before their reply
 * goes out: the customer's messages, and replies other agents sent meanwhile.
 */
export async function repliesAfter(db: Db, conversationId: string, afterCreatedAt: number, agentId: string): Promise<MessageRow[]> {
  return db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, conversationId),
        gt(messages.createdAt, afterCreatedAt),
        or(
          and(eq(messages.direction, 'in'), eq(messages.classification, 'message')),
          and(
            eq(messages.direction, 'out'),
            eq(messages.kind, 'email'),
            eq(messages.author, 'agent'),
            or(isNull(messages.authorAgentId), ne(messages.authorAgentId, agentId)),
          ),
        ),
      ),
    )
    .orderBy(asc(messages.createdAt));
}

export async function findMessagesByIdempotencyKeys(db: Db, keys: string[]): Promise<Map<string, MessageRow>> {
  if (keys.length === 0) return new Map();
  // The keys as one JSON list: a bulk call's thousand as drizzle parameters cost more to build than to look up.
  const rows = await db
    .select()
    .from(messages)
    .where(sql`${messages.idempotencyKey} in ${inJsonList(keys)}`);
  return new Map(rows.map((m) => [m.idempotencyKey!, m]));
}

/** An outbound message written by a bulk or broadcast plan: no conversation yet, its recipient on contact_id. */
export interface PlannedMessage {
  id: string;
  contactId: string;
  author: MessageRow['author'];
  authorAgentId: string | null;
  messageIdHeader: string;
  fromAddress: string;
  to: string;
  subject: string;
  headers: Record<string, string>;
  text: string;
  html: string | null;
  status: MessageRow['status'];
  statusReason: string | null;
  template: string | null;
  locale: string | null;
  category: MessageRow['category'];
  idempotencyKey: string | null;
  createdAt: number;
}

const PLANNED_COLUMNS = [
  'id',
  'contact_id',
  'author',
  'author_agent_id',
  'message_id_header',
  'from_address',
  'to_addresses',
  'subject',
  'headers',
  'text',
  'html',
  'reply_text',
  'status',
  'status_reason',
  'template',
  'locale',
  'category',
  'idempotency_key',
  'created_at',
] as const;

const PLANNED_ROW = `('email', 'out', 'api', ${PLANNED_COLUMNS.map(() => '?').join(', ')})`;
/** Rows per statement: 19 parameters each stays far below SQLite's 32,766. */
const PLANNED_PER_STATEMENT = 500;

/**
 * Many planned messages as multi-row inserts (500 rows a statement) for the caller's write batch.
 * Raw SQL: drizzle's building of a 20-column multi-row insert cost more than writing it, and
 * parameters beat a JSON array read by json_each, which parses each row's text once per column
 * (bench/outbound.ts's profile).
 */
export function insertPlannedMessagesStatements(rows: PlannedMessage[]): InStatement[] {
  const statements: InStatement[] = [];
  for (let start = 0; start < rows.length; start += PLANNED_PER_STATEMENT) {
    const part = rows.slice(start, start + PLANNED_PER_STATEMENT);
    const args: InValue[] = [];
    for (const m of part) {
      args.push(
        m.id,
        m.contactId,
        m.author,
        m.authorAgentId,
        m.messageIdHeader,
        m.fromAddress,
        JSON.stringify([m.to]),
        m.subject,
        JSON.stringify(m.headers),
        m.text,
        m.html,
        m.text,
        m.status,
        m.statusReason,
        m.template,
        m.locale,
        m.category,
        m.idempotencyKey,
        m.createdAt,
      );
    }
    statements.push({ sql: `${INSERT_PLANNED}${Array(part.length).fill(PLANNED_ROW).join(', ')}`, args });
  }
  return statements;
}

const INSERT_PLANNED = `insert into messages (kind, direction, thread_rule, ${PLANNED_COLUMNS.map((c) => `"${c}"`).join(', ')}) values `;

/** Runs statements (e.g. insertPlannedMessagesStatements' and the outbox's) as one write transaction. */
export async function writeStatements(db: Db, statements: InStatement[]): Promise<void> {
  if (statements.length) await db.$client.batch(statements, 'write');
}

/** The row as the database keeps an insert of `row`: its defaults filled in (so a new message need not be read back). */
export function asStoredMessage(row: NewMessage & { id: string; createdAt: number }): MessageRow {
  return {
    conversationId: null,
    contactId: null,
    kind: 'email',
    authorAgentId: null,
    messageIdHeader: null,
    inReplyTo: null,
    references: null,
    fromAddress: null,
    fromName: null,
    toAddresses: [],
    ccAddresses: [],
    subject: '',
    headers: null,
    text: null,
    html: null,
    replyText: null,
    quotedText: null,
    signature: null,
    statusReason: null,
    providerId: null,
    template: null,
    locale: null,
    category: 'support',
    threadRule: null,
    flag: null,
    classification: null,
    inboundEmailId: null,
    idempotencyKey: null,
    sentAt: null,
    deliveredAt: null,
    ...row,
  };
}
