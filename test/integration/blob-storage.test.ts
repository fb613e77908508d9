// Raw MIME and attachment bodies live in the blob store (files under a temp dir here, as under
// data/blobs on Node): the row keeps key, size and SHA-256 and its old column is empty. A blob
// that cannot be written answers 503 and loses nothing acknowledged; a missing blob is named;
// downloads, the HTML viewer, re-processing and erasure go through the store; `blobs migrate`
// moves rows kept before the store, resumably.
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { attachments, inboundEmails } from '../../db/schema.ts';
import { migrateBlobs, type BlobMigrationProgress } from '../../src/services/migrateBlobs.ts';
import { STALE_RECEIVED_MS, retryStaleInbound } from '../../src/services/retryStaleInbound.ts';
import type { BlobStore } from '../../src/store/blob-store.ts';
import { useApiContext } from '../support/contexts.ts';
import {
  attachmentRows,
  deliver,
  inboundRow,
  keptContent,
  keptRaw,
  messageWithAttachments,
  noise,
  postInbound,
  rawFixture,
} from '../support/inbound-helpers.ts';
import type { TestContext } from '../support/test-deps.ts';

const { t, api } = useApiContext();

const FROM = 'erik.johansson@foretaget.example.se';
const photo = noise(180 * 1024, 3);
const invoice = noise(42 * 1024, 5);
const withAttachments = (messageId: string) =>
  messageWithAttachments(
    [
      { filename: 'IMG_2041.jpg', contentType: 'image/jpeg', bytes: photo },
      { filename: 'Faktura_88213.pdf', contentType: 'application/pdf', bytes: invoice },
    ],
    { messageId },
  );

/** Every blob file in the test's store (temporary files excluded). */
function blobFiles(t: TestContext): string[] {
  const walk = (dir: string, prefix: string): string[] =>
    existsSync(dir)
      ? readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
          e.name === '.tmp' ? [] : e.isDirectory() ? walk(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
        )
      : [];
  return walk(t.blobDir, '').sort();
}

/** Makes every blob write fail for real: the store's temporary directory becomes a file. */
/** Makes the blob store's writes of one kind fail, as a full or broken disk would; returns the repair. */
function breakBlobWrites(t: TestContext, kind: 'raw' | 'att' = 'raw'): () => void {
  const store = t.deps.blobs;
  const put = store.put.bind(store);
  const broken: typeof store.put = async (key, ...rest) => {
    if (key.startsWith(`${kind}/`)) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    return put(key, ...rest);
  };
  Object.assign(store, { put: broken });
  return () => Object.assign(store, { put });
}

describe('inbound mail in the blob store', () => {
  it('keeps the raw message as a blob: the row has key, size and sha256, and no bytes of its own', async () => {
    const raw = rawFixture('gmail-sv-attachments.eml');
    const answer = await deliver(t, raw, { from: 'astrid.lindqvist@example.se', to: 'support@acme.example' });
    const row = await inboundRow(t, answer.inbound_email_id);
    expect(row.raw.byteLength).toBe(0);
    expect(row.rawKey).toMatch(/^raw\/2026-11\/blob_[0-9A-Z]{34}$/);
    expect(row.rawKey).not.toContain(row.id.slice(4));
    expect(Buffer.compare(keptRaw(t, row), Buffer.from(raw))).toBe(0);
    const rows = await attachmentRows(t, answer.message_id!);
    expect(rows).toHaveLength(2);
    for (const a of rows) {
      expect(a.content).toBeNull();
      expect(a.contentKey).toMatch(/^att\/2026-11\/blob_/);
      expect(keptContent(t, a)!.byteLength).toBe(a.size);
    }
    expect(blobFiles(t)).toEqual([row.rawKey!, ...rows.map((a) => a.contentKey!)].sort());
  });

  it('a redelivery leaves no second blob behind', async () => {
    const raw = rawFixture('thunderbird-sv-iso-8859-1-qp.eml');
    const first = await deliver(t, raw, { from: 'a@example.se' });
    const again = await deliver(t, raw, { from: 'a@example.se' });
    expect(again).toMatchObject({ status: 'duplicate', inbound_email_id: first.inbound_email_id });
    expect(blobFiles(t)).toEqual([(await inboundRow(t, first.inbound_email_id)).rawKey]);
  });

  it('answers 503 when the raw blob cannot be written; nothing is half-stored and what was acknowledged stays', async () => {
    const before = await deliver(t, withAttachments('kept-1@example.se'), { from: FROM });
    const repair = breakBlobWrites(t);
    const refused = await postInbound(t, withAttachments('refused-1@example.se'), { from: FROM });
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatchObject({ code: 'StorageUnavailable' });
    expect(await t.deps.db.$count(inboundEmails)).toBe(1);
    // what was acknowledged before is whole: raw and attachments still read back
    expect(
      Buffer.compare(keptRaw(t, await inboundRow(t, before.inbound_email_id)), Buffer.from(withAttachments('kept-1@example.se'))),
    ).toBe(0);
    const download = await api.request('GET', `/api/v1/attachments/${(await attachmentRows(t, before.message_id!))[0]!.id}`);
    expect(download.status).toBe(200);
    repair();
    // the sender's retry is stored
    expect((await postInbound(t, withAttachments('refused-1@example.se'), { from: FROM })).status).toBe(202);
  });

  it('an attachment blob that cannot be written keeps the mail received (2xx), and the scheduler files it later', async () => {
    const repair = breakBlobWrites(t, 'att');
    const answer = await postInbound(t, withAttachments('att-fails@example.se'), { from: FROM });
    expect(answer.status).toBe(202);
    expect(answer.body.processing_error).toMatch(/blob store unavailable while processing; kept/);
    expect((await inboundRow(t, answer.body.inbound_email_id)).status).toBe('received');
    repair();
    t.clock.advance(STALE_RECEIVED_MS + 1000);
    expect(await retryStaleInbound(t.deps)).toMatchObject({ retried: 1, processed: 1 });
    const row = await inboundRow(t, answer.body.inbound_email_id);
    expect(row.status).toBe('processed');
    const stored = await attachmentRows(t, row.messageId!);
    expect(stored.map((a) => keptContent(t, a)!.equals(Buffer.from(a.filename === 'IMG_2041.jpg' ? photo : invoice)))).toEqual([
      true,
      true,
    ]);
  });

  it('a row that cannot be committed keeps its blob (the commit may have happened) and answers 503', async () => {
    const raw = rawFixture('yahoo-en-support.eml');
    t.client.close();
    expect((await postInbound(t, raw, { from: 'a@example.com' })).status).toBe(503);
    const [orphan] = blobFiles(t);
    expect(readFileSync(join(t.blobDir, orphan!)).equals(Buffer.from(raw))).toBe(true);
  });
});

describe('reading through the blob store', () => {
  it('downloads an attachment (API and inbox) byte for byte; a missing blob is a clear 500, not an empty file', async () => {
    const answer = await deliver(t, withAttachments('dl-1@example.se'), { from: FROM });
    const [jpg] = await attachmentRows(t, answer.message_id!);
    const res = await api.request('GET', `/api/v1/attachments/${jpg!.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('IMG_2041.jpg');
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(photo))).toBe(true);
    rmSync(join(t.blobDir, jpg!.contentKey!));
    const missing = await api.json('GET', `/api/v1/attachments/${jpg!.id}`);
    expect(missing.status).toBe(500);
    expect(missing.body.error).toEqual({
      code: 'BlobMissing',
      message: `the content of attachment ${jpg!.id} is missing from the blob store`,
    });
  });

  it('re-processes failed mail from its blob, and names a missing raw blob in the error it keeps', async () => {
    const answer = await deliver(t, rawFixture('no-sender.eml'), { from: '' });
    expect((await inboundRow(t, answer.inbound_email_id)).status).toBe('failed');
    const again = await api.json('POST', `/api/v1/inbound/${answer.inbound_email_id}/reprocess`);
    expect(again.status).toBe(200);
    expect(JSON.stringify(again.body)).toMatch(/sender/);
    rmSync(join(t.blobDir, (await inboundRow(t, answer.inbound_email_id)).rawKey!));
    const gone = await api.json('POST', `/api/v1/inbound/${answer.inbound_email_id}/reprocess`);
    expect(JSON.stringify(gone.body)).toContain(`the raw message of ${answer.inbound_email_id} is missing from the blob store`);
    expect((await inboundRow(t, answer.inbound_email_id)).error).toContain('missing from the blob store');
  });

  it('erasing a contact removes the blobs of their mail and attachments', async () => {
    const answer = await deliver(t, withAttachments('erase-1@example.se'), { from: FROM });
    const other = await deliver(t, rawFixture('yahoo-en-support.eml'), { from: 'someone.else@example.com' });
    expect(blobFiles(t)).toHaveLength(4);
    const contactId = (await api.json('GET', `/api/v1/contacts?email=${encodeURIComponent(FROM)}`)).body.data[0].id;
    expect((await api.request('DELETE', `/api/v1/contacts/${contactId}`)).status).toBeLessThan(300);
    expect(blobFiles(t)).toEqual([(await inboundRow(t, other.inbound_email_id)).rawKey]);
    expect(await t.deps.db.$count(inboundEmails, eq(inboundEmails.id, answer.inbound_email_id))).toBe(0);
  });
});

/** Puts rows back the way they were kept before the blob store: bytes in the row, no key, no blob. */
async function asBeforeTheBlobStore(t: TestContext): Promise<void> {
  for (const row of await t.deps.db.select().from(inboundEmails)) {
    const raw = keptRaw(t, row);
    await t.deps.db.update(inboundEmails).set({ raw, rawKey: null, rawSha256: null }).where(eq(inboundEmails.id, row.id));
  }
  for (const row of await t.deps.db.select().from(attachments)) {
    const content = keptContent(t, row);
    await t.deps.db.update(attachments).set({ content, contentKey: null, contentSha256: null }).where(eq(attachments.id, row.id));
  }
  rmSync(t.blobDir, { recursive: true, force: true });
}

describe('samtal blobs migrate', () => {
  it('moves old rows in batches, resumably: interrupted after 3, run again, everything moved and verified', async () => {
    const sent = [];
    for (let i = 0; i < 4; i++) sent.push(await deliver(t, withAttachments(`old-${i}@example.se`), { from: FROM }));
    await asBeforeTheBlobStore(t);
    // an old row is still read from its column meanwhile
    const [first] = await attachmentRows(t, sent[0]!.message_id!);
    expect(Buffer.from(await (await api.request('GET', `/api/v1/attachments/${first!.id}`)).arrayBuffer()).equals(Buffer.from(photo))).toBe(
      true,
    );

    const progress: BlobMigrationProgress[] = [];
    const partial = await migrateBlobs(t.deps, { batchSize: 2, limit: 3, onBatch: (p) => progress.push(p) });
    expect(partial.moved).toEqual({ inbound_emails: 3, attachments: 0 });
    expect(progress.map((p) => [p.table, p.moved, p.remaining])).toEqual([
      ['inbound_emails', 2, 2],
      ['inbound_emails', 3, 1],
    ]);
    const rows = await t.deps.db.select().from(inboundEmails);
    expect(rows.filter((r) => r.rawKey).length).toBe(3);
    expect(rows.filter((r) => !r.rawKey).every((r) => r.raw.byteLength > 0)).toBe(true);

    const rest = await migrateBlobs(t.deps, { batchSize: 2 });
    expect(rest.moved).toEqual({ inbound_emails: 1, attachments: 8 });
    expect(rest.remaining).toEqual({ inbound_emails: 0, attachments: 0 });
    for (const [i, answer] of sent.entries()) {
      expect(keptRaw(t, await inboundRow(t, answer.inbound_email_id)).equals(Buffer.from(withAttachments(`old-${i}@example.se`)))).toBe(
        true,
      );
      const [jpg, pdf] = await attachmentRows(t, answer.message_id!);
      expect(keptContent(t, jpg!)!.equals(Buffer.from(photo))).toBe(true);
      expect(keptContent(t, pdf!)!.equals(Buffer.from(invoice))).toBe(true);
    }
    expect(blobFiles(t)).toHaveLength(12);
    expect((await migrateBlobs(t.deps)).moved).toEqual({ inbound_emails: 0, attachments: 0 });
    // re-processing reads the moved raw message
    expect((await api.json('POST', `/api/v1/inbound/${sent[0]!.inbound_email_id}/reprocess`)).status).toBe(200);
  });

  it('does not clear a row whose blob does not read back with the same sha256', async () => {
    const answer = await deliver(t, withAttachments('verify-1@example.se'), { from: FROM });
    await asBeforeTheBlobStore(t);
    const real = t.deps.blobs;
    const damaging: BlobStore = {
      ...real,
      name: real.name,
      put: real.put,
      delete: real.delete,
      get: async (key) => {
        const bytes = await real.get(key);
        return bytes && Uint8Array.from(bytes, (b, i) => (i === 100 ? b ^ 1 : b));
      },
    };
    await expect(migrateBlobs({ ...t.deps, blobs: damaging })).rejects.toMatchObject({ name: 'BlobMissing' });
    const row = await inboundRow(t, answer.inbound_email_id);
    expect(row.rawKey).toBeNull();
    expect(row.raw.equals(Buffer.from(withAttachments('verify-1@example.se')))).toBe(true);
  });
});
