// Writing and reading blobs (raw MIME, attachment bodies) for the use cases: the key is made
// here, the digest is taken here, and what comes back is checked against the row's size and
// SHA-256, so a missing or damaged blob is named as such instead of surfacing as bad mail.
import type { Deps } from '../deps.ts';

/** What blob reads and writes need (the CLI has no mailer or templates). */
export type BlobDeps = Pick<Deps, 'blobs' | 'clock' | 'ids' | 'log'>;
import { AppError } from '../domain/errors.ts';
import { sha256HexOf } from '../domain/sha256.ts';
import { errorFields } from '../log.ts';
import { blobKey, type BlobKind, type BlobRef, type PutOptions } from '../store/blob-store.ts';

/** Stores the bytes under a fresh key; resolves once they are durable (see PutOptions for `derived`). Throws StorageUnavailable. */
export async function storeBlob(deps: BlobDeps, kind: BlobKind, bytes: Uint8Array, options: PutOptions = {}): Promise<BlobRef> {
  const ref = { key: blobKey(kind, deps.clock.now(), deps.ids.next('blob')), size: bytes.byteLength, sha256: sha256HexOf(bytes) };
  try {
    await deps.blobs.put(ref.key, bytes, ref.sha256, options);
  } catch (error) {
    deps.log.error('blobs: write failed', { ...errorFields(error), key: ref.key, bytes: ref.size, store: deps.blobs.name });
    throw new AppError('StorageUnavailable', 'the blob store could not take the data; try again later');
  }
  return ref;
}

/**
 * The bytes of a blob a row points at. `what` names it for people ("the raw message of inb_…").
 * Throws BlobMissing when the store has no such blob or returns other bytes, StorageUnavailable
 * when the store cannot be read.
 */
export async function readBlob(deps: BlobDeps, ref: BlobRef, what: string): Promise<Uint8Array> {
  let bytes: Uint8Array | null;
  try {
    bytes = await deps.blobs.get(ref.key);
  } catch (error) {
    deps.log.error('blobs: read failed', { ...errorFields(error), key: ref.key, store: deps.blobs.name });
    throw new AppError('StorageUnavailable', `${what} could not be read from the blob store; try again later`);
  }
  if (!bytes) {
    deps.log.error('blobs: missing', { key: ref.key, what, store: deps.blobs.name });
    throw new AppError('BlobMissing', `${what} is missing from the blob store`);
  }
  if (bytes.byteLength !== ref.size || sha256HexOf(bytes) !== ref.sha256) {
    deps.log.error('blobs: content does not match its row', { key: ref.key, what, bytes: bytes.byteLength, expected: ref.size });
    throw new AppError('BlobMissing', `${what} in the blob store does not match its recorded size and SHA-256`);
  }
  return bytes;
}

/** Removes blobs no row points at for certain (a redelivery's, or written before a failed write). Failing here is logged only. */
export async function discardBlobs(deps: BlobDeps, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  try {
    await deps.blobs.delete(keys);
  } catch (error) {
    deps.log.warn('blobs: could not remove unreferenced blobs', { ...errorFields(error), keys: keys.length });
  }
}
