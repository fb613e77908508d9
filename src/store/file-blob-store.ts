// The blob store of the Node and Deno hosts: one file per blob under a directory (data/blobs
// beside the database by default). A put writes the file under its key, fsyncs it and fsyncs its directory, so the
// blob is durable when the put resolves; a put that fails removes what it wrote. No temporary file and rename: no
// row points at a key before its put resolved (the row is written after it), so a file cut short by a crash is
// never read as a blob (and readBlob checks size and SHA-256 anyway). Derived blobs (attachments, which the durable
// raw message holds) skip both fsyncs.
import { mkdir, open, readFile, rm, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { assertBlobKey, type BlobStore } from './blob-store.ts';

async function fsyncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Creates the file; its directory is made when missing (not cached: a directory removed under a running host is made again). */
async function createFile(path: string) {
  try {
    return await open(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    return open(path, 'wx', 0o600);
  }
}

export function createFileBlobStore(root: string): BlobStore {
  const pathOf = (key: string) => {
    assertBlobKey(key);
    return join(root, key);
  };

  return {
    name: 'files',
    async put(key, bytes, _sha256, options = {}) {
      const target = pathOf(key);
      const handle = await createFile(target);
      try {
        try {
          let written = 0;
          while (written < bytes.byteLength) {
            const { bytesWritten } = await handle.write(bytes, written, bytes.byteLength - written);
            written += bytesWritten;
          }
          if (!options.derived) await handle.sync();
        } finally {
          await handle.close();
        }
        if (!options.derived) await fsyncDirectory(dirname(target));
      } catch (error) {
        await rm(target, { force: true });
        throw error;
      }
    },
    async get(key) {
      try {
        const buffer = await readFile(pathOf(key));
        return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async delete(keys) {
      for (const key of keys) {
        try {
          await unlink(pathOf(key));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        }
      }
    },
  };
}
