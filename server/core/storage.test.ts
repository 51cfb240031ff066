import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalStorage, FileNotFoundError } from './storage.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'guanjia-storage-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('createLocalStorage', () => {
  const storage = createLocalStorage(root);

  it('stores, reads back and deletes a file by key, leaving no temporary file', async () => {
    await storage.put('progress-reports/r1/p1.jpg', Buffer.from('照片'), 'image/jpeg');
    const file = await storage.get('progress-reports/r1/p1.jpg');
    expect(file.size).toBe(Buffer.byteLength('照片'));
    expect(await text(file.body)).toBe('照片');
    expect(fs.readdirSync(path.join(root, 'progress-reports', 'r1'))).toEqual(['p1.jpg']);
    await storage.delete('progress-reports/r1/p1.jpg');
    await expect(storage.get('progress-reports/r1/p1.jpg')).rejects.toBeInstanceOf(FileNotFoundError);
  });

  it('treats deleting a missing key as done', async () => {
    await expect(storage.delete('progress-reports/none.jpg')).resolves.toBeUndefined();
  });

  it('refuses keys that could leave the folder', async () => {
    for (const key of ['../etc/passwd', 'a/../../b', '/abs', 'a//b', 'a/./b', '']) {
      await expect(storage.put(key, Buffer.from('x'), 'text/plain')).rejects.toThrow('invalid storage key');
    }
  });
});
