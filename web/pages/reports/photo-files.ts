import type { UploadFile } from 'antd';
import type { Dispatch, SetStateAction } from 'react';
import { PHOTO_MAX_BYTES, photoMimeTypes } from '#domain/schemas/progress-reports.ts';
import type { UploadProgress } from '../../api/client.ts';

const extensions = ['jpg', 'jpeg', 'png', 'heic'];

/**
 * The browser's own check before a photo is sent (the server checks the bytes again). Phones often give a HEIC
 * file no MIME type, so the name's extension counts too.
 */
export function isAcceptedPhoto(file: File): 'type' | 'size' | undefined {
  const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
  const typeOk = file.type
    ? (photoMimeTypes as readonly string[]).includes(file.type)
    : extensions.includes(extension);
  if (!typeOk) return 'type';
  if (file.size > PHOTO_MAX_BYTES) return 'size';
  return undefined;
}

/**
 * Uploads the photos not yet sent, one request each, so that every photo shows its own progress and a failed one
 * can be retried alone. Returns how many failed.
 */
export async function uploadPhotoQueue(
  list: UploadFile[],
  upload: (file: File, progress: UploadProgress) => Promise<unknown>,
  setPhotos: Dispatch<SetStateAction<UploadFile[]>>,
): Promise<number> {
  let failed = 0;
  const update = (uid: string, patch: Partial<UploadFile>) =>
    setPhotos((all) => all.map((p) => (p.uid === uid ? { ...p, ...patch } : p)));
  for (const item of list) {
    if (item.status === 'done' || !item.originFileObj) continue;
    update(item.uid, { status: 'uploading', percent: 0, response: undefined });
    try {
      await upload(item.originFileObj, { onProgress: (percent) => update(item.uid, { percent }) });
      update(item.uid, { status: 'done', percent: 100 });
    } catch (e) {
      failed += 1;
      const text = e instanceof Error ? e.message : String(e);
      update(item.uid, { status: 'error', response: text, error: new Error(text) });
    }
  }
  return failed;
}
