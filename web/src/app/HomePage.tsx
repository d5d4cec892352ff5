// The start page: my tasks, my cases and (with referrals.read-unit) my team's referral queue, each a
// list the API offers the signed-in user.
import { useQuery } from '@tanstack/react-query';
import { Stack, Text, Title } from '@mantine/core';
import { useT } from '../i18n/locale.tsx';
import { sessionQuery } from '../modules/identity/session.ts';
import { MyTasks } from '../modules/tasks/MyTasks.tsx';
import { MyCases } from '../modules/cases/MyCases.tsx';
import { ReferralQueue } from '../modules/referrals/ReferralQueue.tsx';

export function HomePage() {
  const t = useT();
  const session = useQuery(sessionQuery).data;
  return (
    <Stack maw={1100} gap="xl">
      <Title order={1}>{t('home.title')}</Title>
      {session && <Text>{t('home.welcome', { name: session.user.displayName })}</Text>}
      <MyTasks />
      <MyCases />
      {session?.permissions['referrals.read-unit'] && <ReferralQueue />}
    </Stack>
  );
}
