// importContacts: streams a CSV (100k rows and more) into contacts. Valid rows are
// upserted in chunks; invalid rows are reported with their line and field and never
// stop the valid ones. When reading stops part-way (malformed CSV, a body over the limit, the
// database gone), the chunks saved so far stay saved and the report says where it stopped.
// Columns `topic:KEY` (yes/no) set topic choices; each actual change is a consent-log entry with source "import".
import { once } from 'node:events';
import { parse } from 'csv-parse';
import type { Deps } from '../deps.ts';
import { chunk } from '../domain/chunk.ts';
import { contactFromCsvRow, type CsvTopicChoices, normalizeHeader, TOPIC_COLUMN_PREFIX } from '../domain/people/contact-csv.ts';
import { preferenceDiffs } from '../domain/people/preferences.ts';
import type { ContactCreateInput } from '../domain/people/contact-input.ts';
import { AppError, isAppError, type FieldIssue } from '../domain/errors.ts';
import { upsertContactsBulk } from '../store/contact-import.ts';
import { insertConsentLogQuery } from '../store/consent-log.ts';
import { getContactsByEmails } from '../store/contacts.ts';
import { listTopicRows, type TopicRow, topicChoicesOfMany, upsertTopicChoicesQuery } from '../store/topics.ts';
import { newContactRow } from './contacts.ts';

const CHUNK_ROWS = 500;
/** The consent log's source for choices an import made. */
export const IMPORT_CONSENT_SOURCE = 'import';
/** Rows per statement for topic choices and their log entries (well under SQLite's bound-parameter limit). */
const TOPIC_WRITE_ROWS = 500;

interface PendingRow {
  input: ContactCreateInput;
  line: number;
  topics?: CsvTopicChoices | undefined;
}

/** Issues for topic columns that name no topic: `topic:nuws` → expected one of the keys. */
function unknownTopicIssues(choices: CsvTopicChoices | undefined, topics: ReadonlyMap<string, TopicRow>): FieldIssue[] {
  const known = [...topics.keys()].join(', ') || 'none exist yet (create topics first)';
  return Object.keys(choices ?? {})
    .filter((key) => !topics.has(key))
    .map((key) => ({ field: `${TOPIC_COLUMN_PREFIX}${key}`, message: `expected a topic key: ${known}` }));
}

/**
 * Writes the topic choices of a saved chunk: only actual changes (as preferenceDiffs sees them), each
 * with a consent-log entry. The same address twice in a chunk: its later row wins, both are logged.
 */
async function saveTopicChoices(
  deps: Pick<Deps, 'db' | 'clock' | 'ids'>,
  rows: PendingRow[],
  topics: ReadonlyMap<string, TopicRow>,
  now: number,
): Promise<void> {
  const withTopics = rows.filter((r) => r.topics);
  if (withTopics.length === 0) return;
  const ids = new Map((await getContactsByEmails(deps.db, [...new Set(withTopics.map((r) => r.input.email))])).map((c) => [c.email, c.id]));
  const own = await topicChoicesOfMany(deps.db, [...ids.values()]);
  const choices = new Map<string, { contactId: string; topicId: string; status: CsvTopicChoices[string] }>();
  const log: Parameters<typeof insertConsentLogQuery>[1] = [];
  for (const row of withTopics) {
    const contactId = ids.get(row.input.email);
    if (!contactId) continue;
    const mine = own.get(contactId) ?? new Map();
    own.set(contactId, mine);
    const current = {
      marketing: 'unknown' as const,
      frequency: 'normal' as const,
      topics: Object.keys(row.topics!).map((key) => {
        const topic = topics.get(key)!;
        return { key, defaultSubscribed: topic.defaultSubscribed, own: mine.get(topic.id) ?? null };
      }),
    };
    for (const diff of preferenceDiffs(current, { topics: row.topics })) {
      const topic = topics.get(diff.topic!)!;
      const status = diff.value as CsvTopicChoices[string];
      mine.set(topic.id, status);
      choices.set(`${contactId} ${topic.id}`, { contactId, topicId: topic.id, status });
      log.push({ id: deps.ids.next('cst'), contactId, ...diff, source: IMPORT_CONSENT_SOURCE, createdAt: now });
    }
  }
  if (log.length === 0) return;
  const subscriptions = [...choices.values()].map((c) => ({ ...c, source: IMPORT_CONSENT_SOURCE, updatedAt: now }));
  const [first, ...rest] = [
    ...chunk(subscriptions, TOPIC_WRITE_ROWS).map((part) => upsertTopicChoicesQuery(deps.db, part)),
    ...chunk(log, TOPIC_WRITE_ROWS).map((part) => insertConsentLogQuery(deps.db, part)),
  ];
  await deps.db.batch([first!, ...rest]);
}
/** Errors beyond this many are counted, not listed, so a broken file cannot blow up the report. */
export const MAX_LISTED_ERRORS = 1000;

export interface ImportRowError {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  field: string;
  message: string;
}

export interface ImportStop {
  /** The last line read whole; nothing after it was read. */
  afterLine: number;
  error: AppError;
}

export interface ImportReport {
  rows: number;
  created: number;
  updated: number;
  failed: number;
  errors: ImportRowError[];
  /** Every row up to this line is saved or listed in errors; no row after it was saved. */
  savedThroughLine: number;
  /** Set when the import stopped before the end of the file. */
  stopped: ImportStop | null;
}

/** What stopped an import, as a named error (csv-parse's errors carry a CSV_ code). */
function stopReason(error: unknown, rows: number): AppError {
  if (isAppError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof (error as { code?: unknown })?.code === 'string' && (error as { code: string }).code.startsWith('CSV_')) {
    return new AppError('ValidationFailed', `the CSV could not be read after ${rows} rows: ${message}`, [
      { field: 'body', message: 'expected valid CSV (RFC 4180)' },
    ]);
  }
  return new AppError('DatabaseUnavailable', `the import stopped after ${rows} rows: ${message}`);
}

interface CsvRecord {
  record: Record<string, string>;
  info: { lines: number };
}

export async function importContacts(
  deps: Pick<Deps, 'db' | 'clock' | 'ids' | 'log'>,
  csv: ReadableStream<Uint8Array>,
  onProgress?: (report: Readonly<ImportReport>) => void | Promise<void>,
  progressEvery = 5000,
): Promise<ImportReport> {
  const report: ImportReport = { rows: 0, created: 0, updated: 0, failed: 0, errors: [], savedThroughLine: 1, stopped: null };
  let pending: PendingRow[] = [];
  const topics = new Map((await listTopicRows(deps.db)).map((t) => [t.key, t]));
  let lastLine = 1;
  let sawEmailColumn = false;

  const flush = async () => {
    if (pending.length === 0) return;
    const now = deps.clock.now();
    const result = await upsertContactsBulk(
      deps.db,
      pending.map(({ input }) => ({
        ...newContactRow(deps, input, now),
        marketingConsent: input.consent?.marketing ?? 'unknown',
        consentSource: input.consent?.source ?? null,
        consentUpdatedAt: input.consent ? now : null,
        consentGiven: input.consent !== undefined,
      })),
    );
    await saveTopicChoices(deps, pending, topics, now);
    report.created += result.created;
    report.updated += result.updated;
    report.savedThroughLine = lastLine;
    pending = [];
  };

  const fail = (line: number, issues: FieldIssue[]) => {
    report.failed++;
    for (const issue of issues) if (report.errors.length < MAX_LISTED_ERRORS) report.errors.push({ line, ...issue });
  };

  // csv-parse's Node stream decodes UTF-8 itself, also across chunk boundaries. (Its WHATWG
  // stream wrapper queues records in a way that costs O(n) per record on Node.)
  const parser = parse({
    bom: true,
    columns: (header: string[]) => {
      const names = header.map(normalizeHeader);
      sawEmailColumn = names.includes('email');
      if (!sawEmailColumn)
        throw new AppError('ValidationFailed', 'the CSV has no email column', [
          { field: 'email', message: 'expected a header row with an "email" column' },
        ]);
      return names;
    },
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
    // A malformed record is reported here instead of failing the stream, which would drop the
    // records parsed before it that are still waiting to be read; the import stops at it.
    skip_records_with_error: true,
  });
  let malformed = null as { line: number; error: Error } | null;
  parser.on('skip', (error: Error & { lines?: number }) => {
    malformed ??= { line: error.lines ?? Number.MAX_SAFE_INTEGER, error };
  });
  void (async () => {
    try {
      for await (const chunk of csv as unknown as AsyncIterable<Uint8Array>) {
        if (parser.destroyed) break;
        if (!parser.write(chunk)) await Promise.race([once(parser, 'drain'), once(parser, 'close')]);
      }
      parser.end();
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();
  const records = parser as AsyncIterable<CsvRecord>;

  try {
    for await (const { record, info } of records as unknown as AsyncIterable<CsvRecord>) {
      if (malformed && info.lines >= malformed.line) break;
      report.rows++;
      lastLine = info.lines;
      const row = contactFromCsvRow(record);
      const topicIssues = row.ok ? unknownTopicIssues(row.topics, topics) : [];
      if (!row.ok) fail(info.lines, row.issues);
      else if (topicIssues.length) fail(info.lines, topicIssues);
      else pending.push({ input: row.input, line: info.lines, topics: row.topics });
      if (pending.length >= CHUNK_ROWS) await flush();
      if (onProgress && report.rows % progressEvery === 0) await onProgress(report);
    }
    await flush();
    if (malformed) throw malformed.error;
  } catch (error) {
    // A header without an email column: nothing was read, so nothing to report.
    if (!sawEmailColumn) throw stopReason(error, 0);
    const reason = stopReason(error, report.rows);
    try {
      await flush();
    } catch {
      // Those rows stay unsaved: savedThroughLine still names the last saved chunk.
    }
    report.stopped = { afterLine: lastLine, error: reason };
    deps.log.warn('contacts: import stopped part-way', {
      rows: report.rows,
      savedThroughLine: report.savedThroughLine,
      reason: reason.message,
    });
    return report;
  }
  if (!sawEmailColumn && report.rows === 0) {
    throw new AppError('ValidationFailed', 'the CSV is empty', [
      { field: 'body', message: 'expected a header row with an "email" column and data rows' },
    ]);
  }
  deps.log.info('contacts: import finished', {
    rows: report.rows,
    created: report.created,
    updated: report.updated,
    failed: report.failed,
  });
  return report;
}
