// importContacts: streams a CSV (100k rows and more) into contacts. Valid rows are
// upserted in chunks; invalid rows are reported with their line and field and never
// stop the valid ones.
import { once } from 'node:events';
import { parse } from 'csv-parse';
import type { Deps } from '../deps.ts';
import { contactFromCsvRow, normalizeHeader } from '../domain/contact-csv.ts';
import type { ContactCreateInput } from '../domain/contact-input.ts';
import { AppError, type FieldIssue } from '../domain/errors.ts';
import { upsertContactsBulk } from '../store/contact-import.ts';

const CHUNK_ROWS = 500;
/** Errors beyond this many are counted, not listed, so a broken file cannot blow up the report. */
export const MAX_LISTED_ERRORS = 1000;

export interface ImportRowError {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  field: string;
  message: string;
}

export interface ImportReport {
  rows: number;
  created: number;
  updated: number;
  failed: number;
  errors: ImportRowError[];
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
  const report: ImportReport = { rows: 0, created: 0, updated: 0, failed: 0, errors: [] };
  let pending: { input: ContactCreateInput; line: number }[] = [];
  let sawEmailColumn = false;

  const flush = async () => {
    if (pending.length === 0) return;
    const now = deps.clock.now();
    const result = await upsertContactsBulk(
      deps.db,
      pending.map(({ input }) => ({
        id: deps.ids.next('con'),
        email: input.email,
        name: input.name ?? null,
        locale: input.locale ?? null,
        timezone: input.timezone ?? null,
        attributes: input.attributes ?? {},
        marketingConsent: input.consent?.marketing ?? 'unknown',
        consentSource: input.consent?.source ?? null,
        consentUpdatedAt: input.consent ? now : null,
        consentGiven: input.consent !== undefined,
        createdAt: now,
        updatedAt: now,
      })),
    );
    report.created += result.created;
    report.updated += result.updated;
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
      if (!sawEmailColumn) throw new AppError('ValidationFailed', 'the CSV has no email column', [{ field: 'email', message: 'expected a header row with an "email" column' }]);
      return names;
    },
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
  });
  void (async () => {
    try {
      for await (const chunk of csv as unknown as AsyncIterable<Uint8Array>) {
        if (!parser.write(chunk)) await once(parser, 'drain');
      }
      parser.end();
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();
  const records = parser as AsyncIterable<CsvRecord>;

  try {
    for await (const { record, info } of records as unknown as AsyncIterable<CsvRecord>) {
      report.rows++;
      const row = contactFromCsvRow(record);
      if (row.ok) pending.push({ input: row.input, line: info.lines });
      else fail(info.lines, row.issues);
      if (pending.length >= CHUNK_ROWS) await flush();
      if (onProgress && report.rows % progressEvery === 0) await onProgress(report);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    await flush();
    const message = error instanceof Error ? error.message : String(error);
    throw new AppError('ValidationFailed', `the CSV could not be read after ${report.rows} rows: ${message}`, [{ field: 'body', message: 'expected valid CSV (RFC 4180)' }]);
  }
  await flush();
  if (!sawEmailColumn && report.rows === 0) {
    throw new AppError('ValidationFailed', 'the CSV is empty', [{ field: 'body', message: 'expected a header row with an "email" column and data rows' }]);
  }
  deps.log.info('contacts: import finished', { rows: report.rows, created: report.created, updated: report.updated, failed: report.failed });
  return report;
}
