// The blob store of the Node and Deno hosts: one file per blob under a directory (data/blobs
// beside the database by default). A put writes a temporary file in the same directory tree,
// fsyncs it, renames it into place and fsyncs the directory, so a blob is either absent or
// complete and durable, never half-written, even if the process or the machine dies mid-way.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { assertBlobKey, type BlobStore } from './blob-store.ts';

const TEMP_DIR = '.tmp';

async function fsyncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function createFileBlobStore(root: string): BlobStore {
  // Not cached: a directory removed under a running host (a restore, a clean-up) is made again.
  // Next to the fsyncs a put makes, two mkdir calls cost nothing.
  const ensureDirectory = (path: string) => mkdir(path, { recursive: true, mode: 0o700 });
  const pathOf = (key: string) => {
    assertBlobKey(key);
    return join(root, key);
  };

  return {
    name: 'files',
    async put(key, bytes) {
      const target = pathOf(key);
      const temp = join(root, TEMP_DIR, `${randomBytes(12).toString('hex')}.part`);
      await ensureDirectory(join(root, TEMP_DIR));
      await ensureDirectory(dirname(target));
      const handle = await open(temp, 'wx', 0o600);
      try {
        try {
          let written = 0;
          while (written < bytes.byteLength) {
            const { bytesWritten } = await handle.write(bytes, written, bytes.byteLength - written);
            written += bytesWritten;
          }
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temp, target);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
      await fsyncDirectory(dirname(target));
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
