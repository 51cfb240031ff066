import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

/** A stored file as read back: a stream, so that a 20 MB photo is not held in memory to be sent. */
export type StoredFile = { body: Readable; size: number };

/**
 * Where uploaded files (report photos, later documents) live, by key: `progress-reports/<report>/<photo>.jpg`.
 * The database keeps the key and the content type; the storage keeps the bytes.
 *
 * Implementations: `createLocalStorage` (a folder on disk, the default under `<DATA_DIR>/files`) and
 * `createS3Storage` in `s3-storage.ts` (a bucket of an S3-compatible store); `STORAGE` in the config chooses.
 */
export type FileStorage = {
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  /** Throws a `FileNotFoundError` when nothing is stored under the key. */
  get(key: string): Promise<StoredFile>;
  /** Removing a key that does not exist is not an error: cleanup after a failure may run twice. */
  delete(key: string): Promise<void>;
};

export class FileNotFoundError extends Error {
  constructor(key: string) {
    super(`no stored file under ${key}`);
    this.name = 'FileNotFoundError';
  }
}

// Keys are built by services, never taken from a request; the check is a second line against path traversal.
const KEY_SHAPE = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

export function assertStorageKey(key: string): void {
  if (!KEY_SHAPE.test(key) || key.split('/').some((part) => part === '..' || part === '.')) {
    throw new Error(`invalid storage key: ${key}`);
  }
}

/** Files under one folder, created on the first write (building the app has no side effects). */
export function createLocalStorage(root: string): FileStorage {
  const fileOf = (key: string) => {
    assertStorageKey(key);
    return path.join(root, ...key.split('/'));
  };
  return {
    async put(key, data) {
      const file = fileOf(key);
      await fsp.mkdir(path.dirname(file), { recursive: true });
      // Write beside, then rename: a crash mid-write never leaves a truncated file under the key.
      const temp = `${file}.${randomBytes(6).toString('hex')}.part`;
      try {
        await fsp.writeFile(temp, data, { flag: 'wx' });
        await fsp.rename(temp, file);
      } catch (err) {
        await fsp.rm(temp, { force: true });
        throw err;
      }
    },
    async get(key) {
      const file = fileOf(key);
      let size: number;
      try {
        size = (await fsp.stat(file)).size;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new FileNotFoundError(key);
        throw err;
      }
      return { body: fs.createReadStream(file), size };
    },
    async delete(key) {
      await fsp.rm(fileOf(key), { force: true });
    },
  };
}
