/** Headers for files the API sends: one place, so that every download names its file the same way. */

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Content-Disposition per RFC 6266: an ASCII fallback for old clients (non-ASCII and quotes replaced, since a quote
 * would end the quoted string), then the UTF-8 name for everyone else.
 */
export function contentDisposition(kind: 'attachment' | 'inline', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
