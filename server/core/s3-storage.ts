import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { assertStorageKey, FileNotFoundError, type FileStorage } from './storage.ts';

export type S3StorageOptions = {
  /** e.g. `http://minio:9000`, `https://oss-cn-hangzhou.aliyuncs.com`. */
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `http://host/bucket/key` (MinIO and most self-hosted stores) rather than `http://bucket.host/key`. */
  forcePathStyle: boolean;
};

/**
 * Files in one bucket of an S3-compatible store (MinIO, OSS, COS, OBS), under the same keys as on disk. The
 * bucket must exist: it is created by whoever operates the store, and building the app touches nothing.
 */
export function createS3Storage(options: S3StorageOptions): FileStorage {
  const { bucket } = options;
  const client = new S3Client({
    endpoint: options.endpoint,
    region: options.region,
    forcePathStyle: options.forcePathStyle,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    // The SDK now adds CRC32 checksums to every request and asks for them in answers by default; not every
    // S3-compatible store understands them, and only the operations that require checksums get them here.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // An unreachable store should fail an upload in seconds, not after the operating system's TCP timeout.
    requestHandler: { connectionTimeout: 5_000 },
  });
  return {
    async put(key, data, contentType) {
      assertStorageKey(key);
      // A PUT replaces the object whole or not at all: what the disk storage gets from write-then-rename.
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: data,
          ContentType: contentType,
          ContentLength: data.length,
        }),
      );
    },
    async get(key) {
      assertStorageKey(key);
      try {
        const { Body, ContentLength } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        // In Node the body is the HTTP response itself, a Readable that is streamed on, never buffered here.
        if (!(Body instanceof Readable) || ContentLength === undefined) {
          throw new Error(`the S3 store answered ${key} without a body stream or a length`);
        }
        return { body: Body, size: ContentLength };
      } catch (err) {
        // Only a missing key: a missing bucket or refused credentials are configuration errors, not a 404.
        if (err instanceof NoSuchKey) throw new FileNotFoundError(key);
        throw err;
      }
    },
    async delete(key) {
      assertStorageKey(key);
      // S3 answers 204 for a key that does not exist, as the interface wants.
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
  };
}
