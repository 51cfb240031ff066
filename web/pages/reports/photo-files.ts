import { PHOTO_MAX_BYTES, photoMimeTypes } from '#domain/schemas/progress-reports.ts';

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
