/** The `next` query parameter, accepted only as a path on this site (never "//evil.example" or a full URL). */
export function safeNext(value: string | null, fallback = '/'): string {
  if (!value?.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  if (value.startsWith('/login') || value.startsWith('/change-password')) return fallback;
  return value;
}
