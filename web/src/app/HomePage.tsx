// The start page: what the API already offers the signed-in user (for now: their open tasks).
import { useQuery } from '@tanstack/react-query';
import { Stack, Text, Title } from '@mantine/core';
import { useT } from '../i18n/locale.tsx';
import { sessionQuery } from '../modules/identity/session.ts';
import { MyTasks } from '../modules/tasks/MyTasks.tsx';

export function HomePage() {
  const t = useT();
  const session = useQuery(sessionQuery).data;
  return (
    <Stack maw={960}>
      <Title order={1}>{t('home.title')}</Title>
      {session && <Text>{t('home.welcome', { name: session.user.displayName })}</Text>}
      <MyTasks />
    </Stack>
  );
}
