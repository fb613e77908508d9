// The file blob store of the Node and Deno hosts: a put resolves once the blob is whole and durable (the file and
// its directory fsynced; a derived blob, an attachment, without fsyncs), a failed put leaves nothing, keys cannot
// leave its directory, and a missing key is null. readBlob checks size and SHA-256 and names what is missing.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIds } from '../../src/domain/ids.ts';
import { silentLogger } from '../../src/log.ts';
import { readBlob, storeBlob } from '../../src/services/blobs.ts';
import { blobKey } from '../../src/store/blob-store.ts';
import { createFileBlobStore } from '../../src/store/file-blob-store.ts';

vi.mock(import('node:fs/promises'), async (importOriginal) => {
  const actual = await importOriginal();
  return { ...actual, open: vi.fn(actual.open) };
});
const realFs = await vi.importActual<typeof fs>('node:fs/promises');

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'samtal-blobs-'));
  vi.mocked(fs.open).mockReset().mockImplementation(realFs.open);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const NOW = Date.parse('2026-11-23T09:00:00Z');
const KEY = blobKey(
  'raw',
  NOW,
  createIds(
    () => NOW,
    (n) => new Uint8Array(n).fill(7),
  ).next('blob'),
);
const hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const bytes = new Uint8Array(Array.from({ length: 300_000 }, (_, i) => (i * 31) % 256));

/** Every file under the store's directory, as paths relative to it. */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

describe('file blob store', () => {
  it('keeps the bytes under the key, readable by the owner only, and nothing else', async () => {
    const store = createFileBlobStore(root);
    await store.put(KEY, bytes, hex(bytes));
    expect(Buffer.compare(Buffer.from((await store.get(KEY))!), Buffer.from(bytes))).toBe(0);
    expect(filesUnder(root)).toEqual([KEY]);
    expect(statSync(join(root, KEY)).mode & 0o777).toBe(0o600);
  });

  /** Records which paths were fsynced. */
  function recordSyncs(): string[] {
    const synced: string[] = [];
    vi.mocked(fs.open).mockImplementation(async (path, ...rest) => {
      const handle = await realFs.open(path, ...rest);
      const sync = handle.sync.bind(handle);
      handle.sync = async () => {
        synced.push(String(path));
        return sync();
      };
      return handle;
    });
    return synced;
  }

  it('writes the file under its key, fsyncs it, then fsyncs its directory: two fsyncs, no rename', async () => {
    const synced = recordSyncs();
    const store = createFileBlobStore(root);
    await store.put(KEY, bytes, hex(bytes));
    expect(synced).toEqual([join(root, KEY), join(root, KEY, '..')]);
    expect(filesUnder(root)).toEqual([KEY]);
  });

  it('writes a derived blob (an attachment, held by its durable raw message) without fsyncs', async () => {
    const synced = recordSyncs();
    const store = createFileBlobStore(root);
    await store.put(KEY, bytes, hex(bytes), { derived: true });
    expect(synced).toEqual([]);
    expect(Buffer.compare(Buffer.from((await store.get(KEY))!), Buffer.from(bytes))).toBe(0);
  });

  it('a write that fails half-way leaves nothing under the key and no temporary file', async () => {
    vi.mocked(fs.open).mockImplementation(async (path, ...rest) => {
      const handle = await realFs.open(path, ...rest);
      const write = handle.write.bind(handle) as (...a: unknown[]) => Promise<{ bytesWritten: number }>;
      let calls = 0;
      handle.write = (async (...args: unknown[]) => {
        if (calls++ > 0) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        // the first call writes only part of the bytes, as a short write may
        const [buffer, offset] = args as [Uint8Array, number];
        return write(buffer, offset, 1000);
      }) as typeof handle.write;
      return handle;
    });
    const store = createFileBlobStore(root);
    await expect(store.put(KEY, bytes, hex(bytes))).rejects.toThrow(/ENOSPC/);
    expect(await store.get(KEY)).toBeNull();
    expect(filesUnder(root)).toEqual([]);
  });

  it('an fsync that fails leaves the key missing', async () => {
    vi.mocked(fs.open).mockImplementation(async (path, ...rest) => {
      const handle = await realFs.open(path, ...rest);
      handle.sync = async () => {
        throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
      };
      return handle;
    });
    const store = createFileBlobStore(root);
    await expect(store.put(KEY, bytes, hex(bytes))).rejects.toThrow('EIO');
    expect(await store.get(KEY)).toBeNull();
    expect(filesUnder(root)).toEqual([]);
  });

  it('makes a directory removed under it again', async () => {
    const store = createFileBlobStore(root);
    await store.put(KEY, bytes, hex(bytes));
    rmSync(join(root, 'raw'), { recursive: true });
    await store.put(KEY, bytes, hex(bytes));
    expect(filesUnder(root)).toEqual([KEY]);
  });

  it('a missing key is null; delete removes blobs and ignores keys that are gone', async () => {
    const store = createFileBlobStore(root);
    expect(await store.get(KEY)).toBeNull();
    await store.put(KEY, bytes, hex(bytes));
    await store.delete([KEY, KEY]);
    expect(existsSync(join(root, KEY))).toBe(false);
  });

  it('refuses keys that are not blob keys (no way out of its directory)', async () => {
    const store = createFileBlobStore(root);
    for (const key of ['../secret.key', 'raw/2026-11/../../x', '/etc/passwd', 'raw/2026-11/inb_1', '']) {
      await expect(store.put(key, bytes, hex(bytes)), key).rejects.toThrow(/not a blob key/);
      await expect(store.get(key), key).rejects.toThrow(/not a blob key/);
    }
  });
});

describe('storeBlob and readBlob', () => {
  const deps = (blobs = createFileBlobStore(root)) => ({
    blobs,
    clock: { now: () => NOW },
    ids: createIds(
      () => NOW,
      (n) => crypto.getRandomValues(new Uint8Array(n)),
    ),
    log: silentLogger,
  });

  it('stores under a fresh, unguessable key with the size and SHA-256 of the bytes', async () => {
    const d = deps();
    const a = await storeBlob(d, 'att', bytes);
    const b = await storeBlob(d, 'att', bytes);
    expect(a).toEqual({ key: expect.stringMatching(/^att\/2026-11\/blob_[0-9A-Z]{34}$/), size: bytes.byteLength, sha256: hex(bytes) });
    expect(b.key).not.toBe(a.key);
    expect(Buffer.compare(readFileSync(join(root, a.key)), Buffer.from(bytes))).toBe(0);
  });

  it('names a missing blob, and a blob whose bytes do not match the row', async () => {
    const d = deps();
    const ref = await storeBlob(d, 'raw', bytes);
    expect(Buffer.from(await readBlob(d, ref, 'the raw message of inb_1')).equals(Buffer.from(bytes))).toBe(true);
    writeFileSync(join(root, ref.key), Buffer.from(bytes).fill(0, 0, 10));
    await expect(readBlob(d, ref, 'the raw message of inb_1')).rejects.toMatchObject({
      name: 'BlobMissing',
      message: 'the raw message of inb_1 in the blob store does not match its recorded size and SHA-256',
    });
    rmSync(join(root, ref.key));
    await expect(readBlob(d, ref, 'the raw message of inb_1')).rejects.toMatchObject({
      name: 'BlobMissing',
      message: 'the raw message of inb_1 is missing from the blob store',
    });
  });

  it('a store that cannot write is StorageUnavailable', async () => {
    writeFileSync(join(root, 'raw'), 'not a directory');
    await expect(storeBlob(deps(), 'raw', bytes)).rejects.toMatchObject({ name: 'StorageUnavailable' });
  });
});
