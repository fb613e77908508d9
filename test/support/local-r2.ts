// A real local R2 bucket for tests that call the Worker's handlers in Node: wrangler's platform
// proxy runs workerd with the bindings of wrangler.toml (BLOBS), kept in memory only.
import type { R2Bucket } from '@cloudflare/workers-types';
import { getPlatformProxy } from 'wrangler';
import { REPO_ROOT } from './processes.ts';

export interface LocalR2 {
  bucket: R2Bucket;
  dispose(): Promise<void>;
}

export async function startLocalR2(): Promise<LocalR2> {
  const proxy = await getPlatformProxy<{ BLOBS: R2Bucket }>({ configPath: `${REPO_ROOT}/wrangler.toml`, persist: false });
  return { bucket: proxy.env.BLOBS, dispose: () => proxy.dispose() };
}
