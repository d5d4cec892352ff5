// /admin: the sections of administration the session's permissions open, each a link with what it is for.
import type { ReactElement } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Stack, Title } from '@mantine/core';
import { useT } from '../../../i18n/locale.tsx';
import { SectionList, type SectionLink } from '../../../app/SectionList.tsx';
import { sessionQuery } from '../session.ts';
import { opens, type Section } from './admin.ts';

const SECTIONS: (SectionLink & { section: Section })[] = [
  { section: 'units', to: '/admin/units', title: 'admin.units.title', about: 'admin.units.about' },
  { section: 'users', to: '/admin/users', title: 'admin.users.title', about: 'admin.users.about' },
  { section: 'groups', to: '/admin/groups', title: 'admin.groups.title', about: 'admin.groups.about' },
  { section: 'roles', to: '/admin/roles', title: 'admin.roles.title', about: 'admin.roles.about' },
  { section: 'grants', to: '/admin/grants', title: 'admin.grants.title', about: 'admin.grants.about' },
  { section: 'serviceAccounts', to: '/admin/service-accounts', title: 'admin.serviceAccounts.title', about: 'admin.serviceAccounts.about' },
  { section: 'accessReviews', to: '/admin/access-reviews', title: 'accessReviews.campaigns.title', about: 'accessReviews.campaigns.about' },
];

// The return type is written out: the router's type is made of the routes' components, and a page that
// links (typed by that router) would otherwise ask for its own type while it is being worked out.
export function AdminPage(): ReactElement {
  const t = useT();
  const permissions = useQuery(sessionQuery).data?.permissions;
  const open = SECTIONS.filter((entry) => opens(permissions, entry.section));
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('admin.title')}
      </Title>
      <SectionList sections={open} label="admin.sections" none="admin.nothing" />
    </Stack>
  );
}
