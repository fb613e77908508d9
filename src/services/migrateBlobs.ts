// `samtal blobs migrate`: moves raw messages and attachment bodies kept in the database (before
// the blob store) into the blob store, in batches. Each row: read its bytes, write the blob,
// read the blob back and compare its SHA-256 with the bytes' own, and only then point the row
// at the blob and empty the old column (one commit per batch). Safe to interrupt and run again:
// a row is moved or untouched, never half; an interruption between a blob write and its
// batch's commit leaves at most one batch of unreferenced blobs, and those rows are moved again.
import type { Deps } from '../deps.ts';
import { sha256HexOf } from '../domain/sha256.ts';
import type { BlobRef } from '../store/blob-store.ts';
import {
  BLOB_TABLES,
  countUnmovedBlobRows,
  listUnmovedBlobRows,
  markBlobMovedQuery,
  readUnmovedBytes,
  type BlobTable,
} from '../store/blob-migration.ts';
import { readBlob, storeBlob, type BlobDeps } from './blobs.ts';

type MigrationDeps = BlobDeps & Pick<Deps, 'db'>;

export interface BlobMigrationProgress {
  table: BlobTable;
  /** Rows moved in this table so far, this run. */
  moved: number;
  bytes: number;
  /** Rows of this table still in the database after this batch. */
  remaining: number;
}

export interface BlobMigrationOptions {
  batchSize?: number;
  /** Move at most this many rows this run (all when absent). */
  limit?: number;
  onBatch?: (progress: BlobMigrationProgress) => void;
}

export interface BlobMigrationReport {
  moved: Record<BlobTable, number>;
  bytes: number;
  remaining: Record<BlobTable, number>;
}

const KIND: Record<BlobTable, 'raw' | 'att'> = { inbound_emails: 'raw', attachments: 'att' };

/** Writes the row's bytes as a blob and reads them back: the blob is only trusted once its SHA-256 matches. */
async function copyToStore(deps: MigrationDeps, table: BlobTable, id: string, bytes: Uint8Array): Promise<BlobRef> {
  const expected = sha256HexOf(bytes);
  const blob = await storeBlob(deps, KIND[table], bytes);
  if (blob.sha256 !== expected) throw new Error(`${table} ${id}: the blob's SHA-256 differs from the row's bytes`);
  await readBlob(deps, blob, `the new blob of ${table} ${id}`);
  return blob;
}

export async function migrateBlobs(deps: MigrationDeps, options: BlobMigrationOptions = {}): Promise<BlobMigrationReport> {
  const batchSize = options.batchSize ?? 50;
  let budget = options.limit ?? Number.POSITIVE_INFINITY;
  const report: BlobMigrationReport = {
    moved: { inbound_emails: 0, attachments: 0 },
    bytes: 0,
    remaining: { inbound_emails: 0, attachments: 0 },
  };
  for (const table of BLOB_TABLES) {
    let afterId = '';
    while (budget > 0) {
      const ids = await listUnmovedBlobRows(deps.db, table, afterId, Math.min(batchSize, budget));
      if (ids.length === 0) break;
      afterId = ids[ids.length - 1]!;
      const moves = [];
      for (const id of ids) {
        const bytes = await readUnmovedBytes(deps.db, table, id);
        if (!bytes) continue;
        const blob = await copyToStore(deps, table, id, bytes);
        moves.push(markBlobMovedQuery(deps.db, table, id, blob));
        report.bytes += blob.size;
      }
      const [first, ...rest] = moves;
      if (first) await deps.db.batch([first, ...rest]);
      report.moved[table] += moves.length;
      budget -= ids.length;
      const remaining = await countUnmovedBlobRows(deps.db, table);
      options.onBatch?.({ table, moved: report.moved[table], bytes: report.bytes, remaining });
    }
    report.remaining[table] = await countUnmovedBlobRows(deps.db, table);
  }
  return report;
}
