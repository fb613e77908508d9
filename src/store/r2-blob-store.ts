// The blob store of the Worker: an R2 bucket binding (BLOBS in wrangler.toml). R2 acknowledges
// a put only once the object is stored durably; the SHA-256 sent with it makes R2 refuse bytes
// that changed on the way.
import type { R2Bucket } from '@cloudflare/workers-types';
import { assertBlobKey, type BlobStore } from './blob-store.ts';

/** R2 deletes at most 1,000 keys per call. */
const DELETE_BATCH = 1000;

export function createR2BlobStore(bucket: R2Bucket): BlobStore {
  return {
    name: 'r2',
    async put(key, bytes, sha256) {
      assertBlobKey(key);
      await bucket.put(key, bytes, { sha256 });
    },
    async get(key) {
      assertBlobKey(key);
      const object = await bucket.get(key);
      return object ? new Uint8Array(await object.arrayBuffer()) : null;
    },
    async delete(keys) {
      keys.forEach(assertBlobKey);
      for (let i = 0; i < keys.length; i += DELETE_BATCH) await bucket.delete(keys.slice(i, i + DELETE_BATCH));
    },
  };
}
