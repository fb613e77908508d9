// The raw message of a kept inbound row: from the blob store, or (rows kept before it, not yet
// moved by `samtal blobs migrate`) from the row itself.
import type { Deps } from '../deps.ts';
import type { InboundEmailRow } from '../store/inbound-emails.ts';
import { readBlob } from './blobs.ts';

export type KeptRaw = Pick<InboundEmailRow, 'id' | 'raw' | 'rawSize' | 'rawKey' | 'rawSha256'>;

export async function readInboundRaw(deps: Deps, row: KeptRaw): Promise<Uint8Array> {
  if (!row.rawKey) return new Uint8Array(row.raw.buffer, row.raw.byteOffset, row.raw.byteLength);
  const ref = { key: row.rawKey, size: row.rawSize, sha256: row.rawSha256 ?? '' };
  return readBlob(deps, ref, `the raw message of ${row.id}`);
}
