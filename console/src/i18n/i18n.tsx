import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { zhCN, type MessageKey } from './zh-CN';
import { enUS } from './en-US';

/**
 * Interface text in Chinese (the default) and English. Every string the console shows is a key
 * of the two catalogues; en-US is typed from zh-CN, so a key missing in either fails the build.
 */

export type Locale = 'zh-CN' | 'en-US';
export const LOCALES: Locale[] = ['zh-CN', 'en-US'];
const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };
const LOCALE_KEY = 'console.locale';

export interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  /** The text of `key` with {name} placeholders filled in. */
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** The label of an API enum value (`prefix.VALUE`), or the value itself when it has none. */
  label(prefix: string, value: string): string;
  dateTime(value: string | null | undefined): string;
  date(value: string | null | undefined): string;
  number(value: number): string;
  /** A decimal string with group separators, exactly as given (no float on the way). */
  decimal(amount: string): string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLocale(): Locale {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(LOCALE_KEY) : null;
  return saved === 'en-US' ? 'en-US' : 'zh-CN';
}

export function groupDigits(amount: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(amount.trim());
  if (!m) return amount;
  return `${m[1]}${m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}`;
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const setLocale = useCallback((l: Locale) => {
    localStorage.setItem(LOCALE_KEY, l);
    setLocaleState(l);
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const value = useMemo<I18n>(() => {
    const messages = CATALOGUES[locale];
    const fill = (text: string, params?: Record<string, string | number>) =>
      params ? text.replace(/\{(\w+)\}/g, (all, name: string) => (name in params ? String(params[name]) : all)) : text;
    const dt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    const d = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
    const n = new Intl.NumberFormat(locale);
    return {
      locale,
      setLocale,
      t: (key, params) => fill(messages[key] ?? key, params),
      label: (prefix, v) => (messages as Record<string, string>)[`${prefix}.${v}`] ?? v,
      dateTime: (v) => (v ? dt.format(new Date(v)) : '—'),
      date: (v) => (v ? d.format(new Date(v)) : '—'),
      number: (v) => n.format(v),
      decimal: groupDigits,
    };
  }, [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
