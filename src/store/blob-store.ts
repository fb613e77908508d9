// Raw MIME and attachment bodies live outside the main database, in a blob store: R2 on
// Workers (r2-blob-store.ts), files under data/blobs on Node and Deno (file-blob-store.ts). A
// row keeps the blob's key, size and SHA-256.
//
// Keys are id-keyed, not content-addressed: "<kind>/<yyyy-mm>/<fresh id>", where the id is new
// for every blob (100 random bits, see domain/ids.ts) and never one that is shown anywhere else.
// So a key cannot be guessed from an inbound or attachment id, nor confirmed from a file someone
// already has (a content address would be the file's hash), and erasing one message's blobs
// never touches another's (no reference counting). Redeliveries are stored once anyway (the
// dedupe key), so content addressing would save little.

export interface BlobStore {
  /** "r2" or "files": for logs. */
  readonly name: string;
  /**
   * Resolves only once the bytes are durable under the key (with `derived`: once they are written, as durable as a
   * database commit); rejects otherwise. `sha256` is their hex digest.
   */
  put(key: string, bytes: Uint8Array, sha256: string, options?: PutOptions): Promise<void>;
  /** The bytes under the key, or null when there is no such blob. */
  get(key: string): Promise<Uint8Array | null>;
  /** Removes the blobs (a key that does not exist is no error). */
  delete(keys: string[]): Promise<void>;
}

export interface PutOptions {
  /**
   * The bytes can be derived again from a blob that is durable (an attachment from its raw message): the file store
   * writes them without fsyncs, which survives a crash of the process, as the database's commits do
   * (synchronous = NORMAL), but not necessarily a power loss.
   */
  derived?: boolean;
}

/** What a row keeps about its blob. */
export interface BlobRef {
  key: string;
  size: number;
  sha256: string;
}

export const BLOB_KINDS = ['raw', 'att'] as const;
export type BlobKind = (typeof BLOB_KINDS)[number];

/** A key as blobKey makes them: no "..", no leading slash, only characters safe in a path and an R2 key. */
const KEY_PATTERN = /^(?:raw|att)\/\d{4}-\d{2}\/blob_[0-9A-Z]{34}$/;

export function blobKey(kind: BlobKind, now: number, id: string): string {
  const key = `${kind}/${new Date(now).toISOString().slice(0, 7)}/${id}`;
  assertBlobKey(key);
  return key;
}

export function assertBlobKey(key: string): void {
  if (!KEY_PATTERN.test(key)) throw new Error(`not a blob key: ${JSON.stringify(key.slice(0, 80))}`);
}
