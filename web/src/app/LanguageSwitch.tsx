// The language switch: before sign-in it only changes what this browser shows; after sign-in the frame
// (Shell.tsx) passes onChosen to keep the choice with her account, and a save that failed is said here.
import { NativeSelect } from '@mantine/core';
import { LANGUAGES, useLanguage, useT, type Language } from '../i18n/locale.tsx';

export function LanguageSwitch({ onChosen, notSaved = false }: { onChosen?: (language: Language) => void; notSaved?: boolean }) {
  const t = useT();
  const { language, choose } = useLanguage();
  return (
    <NativeSelect
      size="xs"
      label={t('language.label')}
      value={language}
      onChange={(event) => {
        const next = event.currentTarget.value as Language;
        choose(next);
        onChosen?.(next);
      }}
      data={LANGUAGES.map((value) => ({ value, label: t(`language.${value}`) }))}
      error={notSaved ? t('language.notSaved') : undefined}
    />
  );
}
