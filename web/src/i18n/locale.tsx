// The interface language (Dutch first, English second) and the translation hook. The choice is kept in
// this browser's localStorage per user (casus.language.<userId>), and the last choice before sign-in.
// Dates and times follow Dutch conventions in both languages (nl-NL, en-NL), in Amsterdam time.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { IntlProvider, useIntl } from 'react-intl';
import { nl, type MessageId } from './messages.nl.ts';
import { en } from './messages.en.ts';

export const LANGUAGES = ['nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const CATALOGUES: Record<Language, Record<MessageId, string>> = { nl, en };
const FORMAT_LOCALES: Record<Language, string> = { nl: 'nl-NL', en: 'en-NL' };
const LAST_CHOICE_KEY = 'casus.language';
const userKey = (userId: string) => `${LAST_CHOICE_KEY}.${userId}`;

function stored(key: string): Language | null {
  const value = window.localStorage.getItem(key);
  return LANGUAGES.find((l) => l === value) ?? null;
}

interface LanguageChoice {
  language: Language;
  choose: (language: Language) => void;
  /** Switch to the language this user chose before (after sign-in), and remember later choices for them. */
  rememberFor: (userId: string | null) => void;
}

const LanguageContext = createContext<LanguageChoice | null>(null);

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setLanguage] = useState<Language>(() => stored(LAST_CHOICE_KEY) ?? 'nl');
  const [userId, setUserId] = useState<string | null>(null);
  const choose = useCallback(
    (next: Language) => {
      setLanguage(next);
      window.localStorage.setItem(LAST_CHOICE_KEY, next);
      if (userId) window.localStorage.setItem(userKey(userId), next);
    },
    [userId],
  );
  const rememberFor = useCallback((id: string | null) => {
    setUserId(id);
    const chosen = id ? stored(userKey(id)) : null;
    if (chosen) setLanguage(chosen);
  }, []);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo(() => ({ language, choose, rememberFor }), [language, choose, rememberFor]);
  return (
    <LanguageContext value={value}>
      <IntlProvider locale={FORMAT_LOCALES[language]} messages={CATALOGUES[language]} defaultLocale="nl-NL" timeZone="Europe/Amsterdam">
        {children}
      </IntlProvider>
    </LanguageContext>
  );
}

export function useLanguage(): LanguageChoice {
  const choice = useContext(LanguageContext);
  if (!choice) throw new Error('useLanguage outside LanguageProvider');
  return choice;
}

/** t(id, values): a text from the catalogue of the current language. */
export function useT(): (id: MessageId, values?: Record<string, string | number>) => string {
  const intl = useIntl();
  return useCallback((id, values) => intl.formatMessage({ id }, values), [intl]);
}

/** A moment as a Dutch-style date and time (e.g. 7 dec. 2026 14:30). */
export function useFormatDateTime(): (iso: string) => string {
  const intl = useIntl();
  return useCallback((iso) => intl.formatDate(iso, { dateStyle: 'medium', timeStyle: 'short' }), [intl]);
}

/** A calendar day (YYYY-MM-DD) as a Dutch-style date (e.g. 12 mrt. 1984). */
export function useFormatDate(): (day: string) => string {
  const intl = useIntl();
  return useCallback((day) => intl.formatDate(`${day}T12:00:00Z`, { dateStyle: 'medium' }), [intl]);
}
