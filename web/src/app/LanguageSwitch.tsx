import { NativeSelect } from '@mantine/core';
import { LANGUAGES, useLanguage, useT, type Language } from '../i18n/locale.tsx';

export function LanguageSwitch() {
  const t = useT();
  const { language, choose } = useLanguage();
  return (
    <NativeSelect
      size="xs"
      label={t('language.label')}
      value={language}
      onChange={(event) => choose(event.currentTarget.value as Language)}
      data={LANGUAGES.map((value) => ({ value, label: t(`language.${value}`) }))}
    />
  );
}
