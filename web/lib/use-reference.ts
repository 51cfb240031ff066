import { useEffect, useState } from 'react';
import type { Locale } from '#domain/codelists.ts';
import type { RoleCode } from '#domain/permissions.ts';
import type { ReferenceItem } from '#domain/schemas/reference.ts';
import { api, type UserOption } from '../api/client.ts';

/** Code tables hardly ever change: one request per page load, shared by every component that asks. */
const cache = new Map<string, Promise<unknown>>();

function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  let promise = cache.get(key) as Promise<T> | undefined;
  if (!promise) {
    promise = load();
    cache.set(key, promise);
    // A failed load is not remembered, so the next mount tries again.
    promise.catch(() => cache.delete(key));
  }
  return promise;
}

type CachedList<T> = { items: T[]; loading: boolean; error: Error | undefined };

function useCachedList<T>(key: string, load: () => Promise<T[]>): CachedList<T> {
  const [state, setState] = useState<CachedList<T>>({ items: [], loading: true, error: undefined });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` identifies `load`.
  useEffect(() => {
    let current = true;
    cached(key, load).then(
      (items) => current && setState({ items, loading: false, error: undefined }),
      (error: unknown) =>
        current &&
        setState({
          items: [],
          loading: false,
          error: error instanceof Error ? error : new Error(String(error)),
        }),
    );
    return () => {
      current = false;
    };
  }, [key]);
  return state;
}

export type ReferenceKind = 'divisions' | 'industries' | 'leadingIndustries';

export function useReference(kind: ReferenceKind): CachedList<ReferenceItem> {
  return useCachedList(`reference:${kind}`, () => api.reference[kind]());
}

export function useUserOptions(role: RoleCode): CachedList<UserOption> {
  return useCachedList(`user-options:${role}`, () => api.reference.userOptions(role));
}

export function refName(item: ReferenceItem, locale: Locale): string {
  return locale === 'en' ? (item.nameEn ?? item.name) : item.name;
}

/** The name of a code in a reference list, or the code itself when the list does not know it. */
export function refNameOf(
  items: readonly ReferenceItem[],
  code: string | null | undefined,
  locale: Locale,
): string {
  if (!code) return '';
  const item = items.find((i) => i.code === code);
  return item ? refName(item, locale) : code;
}

/**
 * The name to show for a code the server already resolved (in Chinese): in English the reference table's
 * English name is preferred.
 */
export function localName(
  items: readonly ReferenceItem[],
  code: string | null | undefined,
  serverName: string | null | undefined,
  locale: Locale,
): string {
  if (!code) return '';
  const item = locale === 'en' ? items.find((i) => i.code === code) : undefined;
  return item?.nameEn ?? serverName ?? code;
}

/** "39 计算机、通信和其他电子设备制造业", or the bare code when its name is unknown. */
export function industryText(code: string, name: string): string {
  return name && name !== code ? `${code} ${name}` : code;
}
