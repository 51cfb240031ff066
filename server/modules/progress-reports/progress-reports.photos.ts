import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import exifr from 'exifr';
import sharp, { type Sharp } from 'sharp';
import type { PhotoMimeType } from '#domain/schemas/progress-reports.ts';
import { AppError } from '../../core/errors.ts';
import type { FileStorage } from '../../core/storage.ts';

/** Longest side of a thumbnail, in pixels: enough for a list on a phone or a grid on a desktop. */
const THUMBNAIL_SIZE = 400;

/**
 * Largest HEIC decoded, in pixels. 48 MP phone photos fit twice over; the limit keeps the decoder's RGBA output
 * (4 bytes a pixel, inside a WebAssembly memory of at most 2 GB) far from exhausting it.
 */
const HEIC_MAX_PIXELS = 100_000_000;

/** ISO-BMFF brands of HEIF files carrying HEVC images (what iPhones and many Android phones write). */
const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs']);

/**
 * The photo's real format, read from its first bytes; the file name and the declared MIME type are the
 * client's word and are not trusted. Undefined for anything that is not JPEG, PNG or HEIC.
 */
export function detectPhotoType(data: Buffer): PhotoMimeType | undefined {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (
    data.length >= 8 &&
    data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  )
    return 'image/png';
  // ISO-BMFF: [size][ftyp][major brand][minor version][compatible brands …]. A generic 'mif1' major brand
  // names HEIC among its compatible brands; AVIF shares the container but not the brands, and is refused.
  if (data.length >= 16 && data.toString('latin1', 4, 8) === 'ftyp') {
    const boxSize = Math.min(data.readUInt32BE(0), data.length, 256);
    const brands = [data.toString('latin1', 8, 12)];
    for (let offset = 16; offset + 4 <= boxSize; offset += 4)
      brands.push(data.toString('latin1', offset, offset + 4));
    if (brands.some((b) => HEIC_BRANDS.has(b))) return 'image/heic';
  }
  return undefined;
}

export type ProcessedPhoto = {
  mimeType: PhotoMimeType;
  width: number | null;
  height: number | null;
  takenAt: Date | null;
  latitude: number | null;
  longitude: number | null;
  /** JPEG, upright, without metadata. */
  thumbnail: Buffer;
};

export class UnreadablePhotoError extends Error {}

/** EXIF, when the camera wrote it. Values are read raw: see `exifTime` for why dates are not revived. */
async function readExif(data: Buffer) {
  type Raw = {
    DateTimeOriginal?: unknown;
    CreateDate?: unknown;
    OffsetTimeOriginal?: unknown;
    OffsetTimeDigitized?: unknown;
    latitude?: unknown;
    longitude?: unknown;
  };
  try {
    const raw = (await exifr.parse(data, {
      tiff: true,
      exif: true,
      gps: true,
      ifd1: false,
      interop: false,
      xmp: false,
      icc: false,
      iptc: false,
      jfif: false,
      reviveValues: false,
    })) as Raw | undefined;
    return raw ?? {};
  } catch {
    // A photo without readable EXIF (a screenshot, a stripped file) is still a photo.
    return {};
  }
}

/**
 * EXIF times are wall-clock times with no zone. The offset tags (EXIF 2.31) give it when present; otherwise the
 * photo was taken on a site in China, so UTC+8 is assumed rather than the server's own zone.
 */
export function exifTime(value: unknown, offset: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value.trim());
  if (!m) return null;
  const zone =
    typeof offset === 'string' && /^[+-]\d{2}:\d{2}$/.test(offset.trim()) ? offset.trim() : '+08:00';
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone}`);
  // Cameras with an unset clock write 0000:00:00 or 1970; neither is when a site photo was taken.
  return Number.isNaN(date.getTime()) || date.getUTCFullYear() < 2000 ? null : date;
}

function coordinate(value: unknown, limit: number): number | null {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= limit ? value : null;
}

/** The libheif-js bindings used here: the package types its raw WebAssembly exports, not these. */
type HeifError = { code: unknown; message: string };
type HeifContext = object;
type HeifImageHandle = object;
type HeifImage = {
  image: object;
  channels: { id: unknown; data: Uint8Array; width: number; height: number; stride: number }[];
};
type LibHeif = {
  heif_error_Ok: unknown;
  heif_colorspace_RGB: unknown;
  heif_chroma_interleaved_RGBA: unknown;
  heif_channel_interleaved: unknown;
  heif_context_alloc(): HeifContext;
  heif_context_free(context: HeifContext): void;
  heif_context_read_from_memory(context: HeifContext, data: Uint8Array): HeifError;
  heif_js_context_get_primary_image_handle(context: HeifContext): HeifImageHandle | HeifError;
  heif_image_handle_get_width(handle: HeifImageHandle): number;
  heif_image_handle_get_height(handle: HeifImageHandle): number;
  heif_image_handle_release(handle: HeifImageHandle): void;
  heif_js_decode_image2(handle: HeifImageHandle, colorspace: unknown, chroma: unknown): HeifImage | HeifError;
  heif_image_release(image: object): void;
};

let libheif: LibHeif | undefined;

/** Loaded at the first HEIC: compiling the WebAssembly decoder is work a server that sees none never does. */
function loadLibheif(): LibHeif {
  libheif ??= createRequire(import.meta.url)('libheif-js/wasm-bundle') as LibHeif;
  return libheif;
}

const isHeifError = (value: object): value is HeifError => 'code' in value;

/**
 * The primary image of a HEIC as RGBA pixels, decoded by libheif (with libde265) in WebAssembly, since the libvips
 * bundled with sharp has no HEVC decoder (patent licensing). libheif applies the file's own rotation and mirroring
 * (irot/imir): that is HEIF's orientation, and the EXIF Orientation phones also write must not be applied again.
 * It runs on the main thread, synchronously: about a second for a 12 MP photo on a 2-core server.
 */
function decodeHeic(data: Buffer): { pixels: Buffer; width: number; height: number } {
  const lib = loadLibheif();
  const context = lib.heif_context_alloc();
  let handle: HeifImageHandle | undefined;
  try {
    const read = lib.heif_context_read_from_memory(context, data);
    if (read.code !== lib.heif_error_Ok) throw new UnreadablePhotoError(read.message);
    const primary = lib.heif_js_context_get_primary_image_handle(context);
    if (isHeifError(primary)) throw new UnreadablePhotoError(primary.message);
    handle = primary;
    const pixelCount = lib.heif_image_handle_get_width(handle) * lib.heif_image_handle_get_height(handle);
    if (pixelCount > HEIC_MAX_PIXELS) throw new UnreadablePhotoError(`${pixelCount} pixels is too many`);
    const image = lib.heif_js_decode_image2(
      handle,
      lib.heif_colorspace_RGB,
      lib.heif_chroma_interleaved_RGBA,
    );
    if (isHeifError(image)) throw new UnreadablePhotoError(image.message);
    try {
      const plane = image.channels.find((c) => c.id === lib.heif_channel_interleaved);
      if (!plane) throw new UnreadablePhotoError('no interleaved RGBA plane');
      // The plane is a view into the decoder's memory, gone once the image is released: copy it, dropping any
      // padding at the end of each row, since sharp's raw input wants the rows packed.
      const row = plane.width * 4;
      const pixels = Buffer.alloc(row * plane.height);
      for (let y = 0; y < plane.height; y++)
        pixels.set(plane.data.subarray(y * plane.stride, y * plane.stride + row), y * row);
      return { pixels, width: plane.width, height: plane.height };
    } finally {
      lib.heif_image_release(image.image);
    }
  } finally {
    if (handle) lib.heif_image_handle_release(handle);
    lib.heif_context_free(context);
  }
}

/** Thumbnails of every format alike: at most THUMBNAIL_SIZE a side, never enlarged, a JPEG with no metadata. */
const thumbnailOf = (image: Sharp) =>
  image
    .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 80 })
    .toBuffer();

/**
 * Reads what the photo says about itself and makes its thumbnail. The original is stored untouched (EXIF
 * included); the thumbnail is rotated upright and carries no metadata, so a thumbnail never reveals a location.
 * A photo that does not decode, HEIC included, is refused (`UnreadablePhotoError`): a photo nobody can look at
 * is no evidence of progress.
 */
export async function processPhoto(data: Buffer, mimeType: PhotoMimeType): Promise<ProcessedPhoto> {
  const exif = await readExif(data);
  let latitude = coordinate(exif.latitude, 90);
  let longitude = coordinate(exif.longitude, 180);
  // Receivers without a fix write 0/0, which is in the Gulf of Guinea, not on a site.
  if (latitude === null || longitude === null || (latitude === 0 && longitude === 0)) {
    latitude = null;
    longitude = null;
  }
  const base = {
    mimeType,
    takenAt:
      exifTime(exif.DateTimeOriginal, exif.OffsetTimeOriginal) ??
      exifTime(exif.CreateDate, exif.OffsetTimeDigitized),
    latitude,
    longitude,
  };
  try {
    if (mimeType === 'image/heic') {
      const { pixels, width, height } = decodeHeic(data);
      const thumbnail = await thumbnailOf(sharp(pixels, { raw: { width, height, channels: 4 } }));
      return { ...base, width, height, thumbnail };
    }
    const image = sharp(data);
    const meta = await image.metadata();
    const thumbnail = await thumbnailOf(image.autoOrient());
    return {
      ...base,
      width: meta.autoOrient?.width ?? meta.width ?? null,
      height: meta.autoOrient?.height ?? meta.height ?? null,
      thumbnail,
    };
  } catch (err) {
    // Right magic bytes, but the image does not decode: truncated or forged.
    throw new UnreadablePhotoError((err as Error).message);
  }
}

/** One file of a multipart upload, as a service sees it: read lazily, so files are taken one at a time. */
export type PhotoUpload = { fileName: string | null; read(): Promise<Buffer> };

export const PHOTO_EXTENSIONS: Record<PhotoMimeType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/heic': 'heic',
};

/** A stored upload, ready to become a photo row of whatever record it belongs to. */
export type StoredPhoto = {
  id: string;
  storageKey: string;
  thumbnailKey: string;
  originalName: string | null;
  mimeType: PhotoMimeType;
  sizeBytes: number;
  width: number | null;
  height: number | null;
  takenAt: Date | null;
  latitude: number | null;
  longitude: number | null;
};

/**
 * Checks every uploaded file by its bytes, reads what it says about itself, makes its thumbnail and stores both
 * under `folder` (progress-reports/<id>, inspections/<id>). All or none: when a file is refused or anything fails,
 * the files already stored are removed, and `discard` removes them when the caller's own transaction fails.
 */
export async function storePhotos(
  storage: FileStorage,
  folder: string,
  files: AsyncIterable<PhotoUpload>,
): Promise<{ photos: StoredPhoto[]; discard(): Promise<void> }> {
  const written: string[] = [];
  const discard = async () => {
    await Promise.allSettled(written.map((key) => storage.delete(key)));
  };
  try {
    const photos: StoredPhoto[] = [];
    for await (const file of files) {
      const data = await file.read();
      const name = file.fileName ?? '';
      const mimeType = detectPhotoType(data);
      if (!mimeType) {
        const message = {
          zh: `${name || '文件'}不是 JPEG、PNG 或 HEIC 照片`,
          en: `${name || 'The file'} is not a JPEG, PNG or HEIC photo`,
        };
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', message, [{ field: 'file', message }]);
      }
      const photo = await processPhoto(data, mimeType).catch((err: unknown) => {
        if (!(err instanceof UnreadablePhotoError)) throw err;
        const message = {
          zh: `${name || '照片'}已损坏或不完整，无法读取`,
          en: `${name || 'The photo'} is damaged or incomplete and cannot be read`,
        };
        throw new AppError('BAD_REQUEST', message, [{ field: 'file', message }]);
      });
      const id = randomUUID();
      const storageKey = `${folder}/${id}.${PHOTO_EXTENSIONS[mimeType]}`;
      await storage.put(storageKey, data, mimeType);
      written.push(storageKey);
      const thumbnailKey = `${folder}/${id}.thumb.jpg`;
      await storage.put(thumbnailKey, photo.thumbnail, 'image/jpeg');
      written.push(thumbnailKey);
      photos.push({
        id,
        storageKey,
        thumbnailKey,
        originalName: name ? name.slice(0, 255) : null,
        mimeType,
        sizeBytes: data.length,
        width: photo.width,
        height: photo.height,
        takenAt: photo.takenAt,
        latitude: photo.latitude,
        longitude: photo.longitude,
      });
    }
    if (photos.length === 0) {
      throw new AppError('BAD_REQUEST', {
        zh: '请选择要上传的照片（字段 file）',
        en: 'Choose the photos to upload (field "file")',
      });
    }
    return { photos, discard };
  } catch (err) {
    await discard();
    throw err;
  }
}
