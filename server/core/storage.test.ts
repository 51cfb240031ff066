import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer, text } from 'node:stream/consumers';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { startS3Server, type TestS3Server } from '../test/s3-server.ts';
import { createS3Storage } from './s3-storage.ts';
import { createLocalStorage, FileNotFoundError, type FileStorage } from './storage.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'guanjia-storage-'));
let s3: TestS3Server;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3.close();
  fs.rmSync(root, { recursive: true, force: true });
});

// The same contract for every implementation; built lazily, since the S3 server starts in beforeAll.
describe.each([
  { name: 'createLocalStorage', build: () => createLocalStorage(root) },
  { name: 'createS3Storage', build: () => createS3Storage(s3.options) },
])('$name', ({ build }) => {
  let storage: FileStorage;
  beforeAll(() => {
    storage = build();
  });

  it('stores, streams back and deletes a file by key', async () => {
    await storage.put('progress-reports/r1/p1.jpg', Buffer.from('照片'), 'image/jpeg');
    const file = await storage.get('progress-reports/r1/p1.jpg');
    expect(file.body).toBeInstanceOf(Readable);
    expect(file.size).toBe(Buffer.byteLength('照片'));
    expect(await text(file.body)).toBe('照片');
    await storage.delete('progress-reports/r1/p1.jpg');
    await expect(storage.get('progress-reports/r1/p1.jpg')).rejects.toBeInstanceOf(FileNotFoundError);
  });

  it('keeps binary content intact, every byte value included, and replaces a file put twice', async () => {
    const data = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(300_000)]);
    await storage.put('progress-reports/r2/p2.heic', Buffer.from('old'), 'image/heic');
    await storage.put('progress-reports/r2/p2.heic', data, 'image/heic');
    const file = await storage.get('progress-reports/r2/p2.heic');
    expect(file.size).toBe(data.length);
    expect((await buffer(file.body)).equals(data)).toBe(true);
  });

  it('answers a missing key with FileNotFoundError, and treats deleting one as done', async () => {
    await expect(storage.get('progress-reports/none.jpg')).rejects.toBeInstanceOf(FileNotFoundError);
    await expect(storage.delete('progress-reports/none.jpg')).resolves.toBeUndefined();
  });

  it('refuses keys that could leave the folder', async () => {
    for (const key of ['../etc/passwd', 'a/../../b', '/abs', 'a//b', 'a/./b', '']) {
      await expect(storage.put(key, Buffer.from('x'), 'text/plain')).rejects.toThrow('invalid storage key');
      await expect(storage.get(key)).rejects.toThrow('invalid storage key');
      await expect(storage.delete(key)).rejects.toThrow('invalid storage key');
    }
  });
});

describe('createLocalStorage on disk', () => {
  it('leaves no temporary file beside the one written', async () => {
    const storage = createLocalStorage(root);
    await storage.put('inspections/i1/p1.jpg', Buffer.from('x'), 'image/jpeg');
    expect(fs.readdirSync(path.join(root, 'inspections', 'i1'))).toEqual(['p1.jpg']);
  });
});

describe('createS3Storage in the bucket', () => {
  it('keeps the content type on the object, for whoever reads the bucket directly', async () => {
    await createS3Storage(s3.options).put('progress-reports/r3/p3.png', Buffer.from('png'), 'image/png');
    const client = new S3Client({
      endpoint: s3.options.endpoint,
      region: s3.options.region,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.options.accessKeyId, secretAccessKey: s3.options.secretAccessKey },
    });
    const head = await client.send(
      new HeadObjectCommand({ Bucket: s3.options.bucket, Key: 'progress-reports/r3/p3.png' }),
    );
    client.destroy();
    expect(head.ContentType).toBe('image/png');
    expect(head.ContentLength).toBe(3);
  });

  it('reports a missing bucket as an error, never as a missing file', async () => {
    const storage = createS3Storage({ ...s3.options, bucket: 'no-such-bucket' });
    const err = await storage.get('progress-reports/r1/p1.jpg').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(FileNotFoundError);
  });
});

describe('loadConfig: STORAGE', () => {
  const s3Env = {
    STORAGE: 's3',
    S3_ENDPOINT: 'http://minio:9000',
    S3_BUCKET: 'guanjia-files',
    S3_ACCESS_KEY_ID: 'guanjia',
    S3_SECRET_ACCESS_KEY: 'secret-key-1234',
  };

  it('keeps files on disk unless told otherwise', () => {
    expect(loadConfig({}).storage).toEqual({ kind: 'disk' });
  });

  it('reads the S3 settings, with us-east-1 and path-style URLs by default', () => {
    expect(loadConfig(s3Env).storage).toEqual({
      kind: 's3',
      endpoint: 'http://minio:9000',
      region: 'us-east-1',
      bucket: 'guanjia-files',
      accessKeyId: 'guanjia',
      secretAccessKey: 'secret-key-1234',
      forcePathStyle: true,
    });
    expect(
      loadConfig({ ...s3Env, S3_REGION: 'oss-cn-hangzhou', S3_FORCE_PATH_STYLE: 'false' }).storage,
    ).toMatchObject({ region: 'oss-cn-hangzhou', forcePathStyle: false });
  });

  it('stops on an incomplete or bad S3 configuration, naming each variable', () => {
    expect(() => loadConfig({ STORAGE: 's3', S3_BUCKET: 'guanjia-files' })).toThrow(
      /S3_ENDPOINT: required when STORAGE=s3\n.*S3_ACCESS_KEY_ID: required[^\n]*\n.*S3_SECRET_ACCESS_KEY: required/,
    );
    expect(() => loadConfig({ ...s3Env, S3_ENDPOINT: 'minio:9000' })).toThrow(/S3_ENDPOINT: must be an http/);
    expect(() => loadConfig({ ...s3Env, S3_BUCKET: 'Guanjia_Files' })).toThrow(/S3_BUCKET: must be a bucket/);
    expect(() => loadConfig({ ...s3Env, S3_FORCE_PATH_STYLE: 'maybe' })).toThrow(/S3_FORCE_PATH_STYLE/);
    expect(() => loadConfig({ STORAGE: 'oss' })).toThrow(/STORAGE/);
  });
});
