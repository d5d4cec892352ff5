// The interface language (Dutch first, English second) and the translation hook. A signed-in person's
// choice is kept with her account on the server (GET /auth/session, PUT /auth/preferences: the frame
// after sign-in applies and saves it, app/Shell.tsx); this browser's localStorage keeps only the last
// language shown, for the screens before sign-in.
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

function stored(key: string): Language | null {
  const value = window.localStorage.getItem(key);
  return LANGUAGES.find((l) => l === value) ?? null;
}

interface LanguageChoice {
  language: Language;
  /** Shows the language, and remembers it in this browser for the screens before sign-in. */
  choose: (language: Language) => void;
  /**
   * Shows the language without remembering it in this browser: her account's choice after sign-in, which
   * should not become the sign-in screen's language for the next person on a shared computer.
   */
  show: (language: Language) => void;
}

const LanguageContext = createContext<LanguageChoice | null>(null);

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setLanguage] = useState<Language>(() => stored(LAST_CHOICE_KEY) ?? 'nl');
  const choose = useCallback((next: Language) => {
    setLanguage(next);
    window.localStorage.setItem(LAST_CHOICE_KEY, next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo(() => ({ language, choose, show: setLanguage }), [language, choose]);
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
