// /privacy: the privacy officer's sections the session's permissions open (data-subject requests, the
// processing register, destruction lists), each a link with what it is for.
import type { ReactElement } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Stack, Text, Title } from '@mantine/core';
import { useT } from '../../i18n/locale.tsx';
import { SectionList } from '../../app/SectionList.tsx';
import { sessionQuery } from '../identity/session.ts';
import { PRIVACY_SECTIONS, opensPrivacySection } from './privacy.ts';

// The return type is written out: the router's type is made of the routes' components.
export function PrivacyPage(): ReactElement {
  const t = useT();
  const permissions = useQuery(sessionQuery).data?.permissions;
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('privacy.title')}
      </Title>
      <Text maw={720}>{t('privacy.intro')}</Text>
      <SectionList
        sections={PRIVACY_SECTIONS.filter((section) => opensPrivacySection(permissions, section))}
        label="privacy.sections"
        none="privacy.nothing"
      />
    </Stack>
  );
}
