/**
 * A deliberately tiny i18n: two typed dictionaries, `{name}` placeholders, and the language kept in
 * localStorage. Switching also switches the API's Accept-Language, dayjs and zod's built-in messages.
 */
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { z } from 'zod';
import { en as zodEn, zhCN as zodZhCN } from 'zod/locales';
import type { Label, Locale } from '#domain/codelists.ts';
import { setApiLocale } from '../api/client.ts';
import { en } from './en.ts';
import { type MessageKey, type Messages, zhCN } from './zh-CN.ts';

const STORAGE_KEY = 'gj.locale';
const dictionaries: Record<Locale, Messages> = { 'zh-CN': zhCN, en };

export type TranslateVars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: TranslateVars) => string;

function readStoredLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

/** Everything outside React that depends on the language. */
function applyLocale(locale: Locale) {
  setApiLocale(locale);
  dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
  z.config(locale === 'en' ? zodEn() : zodZhCN());
  document.documentElement.lang = locale;
  document.title = `${translate(locale, 'app.name')} · ${translate(locale, 'app.title')}`;
}

export function translate(locale: Locale, key: MessageKey, vars?: TranslateVars): string {
  const text = dictionaries[locale][key];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

type I18nValue = {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
  /** The text of a bilingual label from the domain (code lists, field labels). */
  pick: (label: Label) => string;
};

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    const stored = readStoredLocale();
    applyLocale(stored);
    return stored;
  });

  const setLocale = useCallback((next: Locale) => {
    applyLocale(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private browsing may refuse storage; the choice then lasts for this page only.
    }
    setLocaleState(next);
  }, []);

  const value = useMemo<I18nValue>(
    () => ({
      locale,
      setLocale,
      t: (key, vars) => translate(locale, key, vars),
      pick: (label) => (locale === 'en' ? label.en : label.zh),
    }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

export function useT(): Translate {
  return useI18n().t;
}
