// /audit: the sections of the audit trail the session's permissions open (search and export, detection
// alerts, verification), each a link with what it is for.
import type { ReactElement } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Stack, Text, Title } from '@mantine/core';
import { useT } from '../../i18n/locale.tsx';
import { SectionList } from '../../app/SectionList.tsx';
import { sessionQuery } from '../identity/session.ts';
import { AUDIT_SECTIONS, opensAuditSection } from './audit.ts';

// The return type is written out: the router's type is made of the routes' components.
export function AuditPage(): ReactElement {
  const t = useT();
  const permissions = useQuery(sessionQuery).data?.permissions;
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('audit.title')}
      </Title>
      <Text maw={720}>{t('audit.intro')}</Text>
      <SectionList
        sections={AUDIT_SECTIONS.filter((section) => opensAuditSection(permissions, section))}
        label="audit.sections"
        none="audit.nothing"
      />
    </Stack>
  );
}
