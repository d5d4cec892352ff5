// My sessions (GET /auth/sessions, live and recently ended): where and when, this one marked; a
// session elsewhere can be ended (DELETE /auth/sessions/{id}), e.g. a browser left signed in.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useFormatDateTime, useT } from '../../i18n/locale.tsx';
import { ProblemAlert } from '../../app/problems.tsx';

export const mySessionsKey = ['identity', 'my-sessions'];

// A sign-in halfway (before the second factor) is not a session of its own: it ends when it completes.
const signedIn = (session: { state: string }) => session.state === 'active';

export function MySessions() {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const queryClient = useQueryClient();
  const sessions = useQuery({
    queryKey: mySessionsKey,
    queryFn: async () => unwrap(await api.GET('/auth/sessions')),
    // A refetch answering 401 would send the whole page to sign-in, away from a form in progress.
    refetchOnWindowFocus: false,
  });
  const end = useMutation({
    mutationFn: async (sessionId: string) => unwrap(await api.DELETE('/auth/sessions/{sessionId}', { params: { path: { sessionId } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: mySessionsKey }),
  });
  return (
    <Stack component="section" aria-labelledby="my-sessions-title">
      <Title order={2} size="h3" id="my-sessions-title">
        {t('identity.sessions.title')}
      </Title>
      {end.isError && <ProblemAlert error={end.error} />}
      {sessions.isPending ? (
        <Loader aria-label={t('identity.sessions.loading')} role="status" />
      ) : sessions.isError ? (
        <ProblemAlert error={sessions.error} />
      ) : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('identity.sessions.device')}</Table.Th>
              <Table.Th>{t('identity.sessions.signedInAt')}</Table.Th>
              <Table.Th>{t('identity.sessions.lastSeenAt')}</Table.Th>
              <Table.Th>{t('identity.sessions.state')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sessions.data.items.filter(signedIn).map((session) => (
              <Table.Tr key={session.id} data-testid="my-session">
                <Table.Td>
                  <Text size="sm">{session.userAgent ?? t('identity.sessions.unknownDevice')}</Text>
                  <Text size="sm" c="dimmed">
                    {session.ip ?? ''}
                  </Text>
                </Table.Td>
                <Table.Td>{formatDateTime(session.createdAt)}</Table.Td>
                <Table.Td>{formatDateTime(session.lastSeenAt)}</Table.Td>
                <Table.Td>
                  {session.current ? (
                    <Badge color="blue.9">{t('identity.sessions.current')}</Badge>
                  ) : session.endedAt ? (
                    <Text size="sm">{t('identity.sessions.ended', { at: formatDateTime(session.endedAt) })}</Text>
                  ) : (
                    <Button
                      size="xs"
                      variant="outline"
                      color="red.9"
                      loading={end.isPending && end.variables === session.id}
                      onClick={() => end.mutate(session.id)}
                      aria-label={t('identity.sessions.endLabel', { device: session.userAgent ?? t('identity.sessions.unknownDevice') })}
                    >
                      {t('identity.sessions.end')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
