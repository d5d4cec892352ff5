// My open tasks (GET /tasks?view=mine), overdue first as the API orders them.
import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Button, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useFormatDateTime, useT } from '../../i18n/locale.tsx';

export function MyTasks() {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const tasks = useQuery({
    queryKey: ['tasks', 'mine'],
    queryFn: async () => unwrap(await api.GET('/tasks', { params: { query: { view: 'mine', limit: 25 } } })),
  });
  return (
    <Stack component="section" aria-labelledby="my-tasks-title">
      <Title order={2} size="h3" id="my-tasks-title">
        {t('tasks.mine.title')}
      </Title>
      {tasks.isPending ? (
        <Loader aria-label={t('tasks.mine.loading')} role="status" />
      ) : tasks.isError ? (
        <Alert color="red" role="alert">
          <Stack align="flex-start">
            {t('tasks.mine.error')}
            <Button size="xs" variant="light" onClick={() => void tasks.refetch()}>
              {t('tasks.retry')}
            </Button>
          </Stack>
        </Alert>
      ) : tasks.data.items.length === 0 ? (
        <Text>{t('tasks.mine.empty')}</Text>
      ) : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('tasks.column.title')}</Table.Th>
              <Table.Th>{t('tasks.column.due')}</Table.Th>
              <Table.Th>{t('tasks.column.state')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tasks.data.items.map((task) => (
              <Table.Tr key={task.id}>
                <Table.Td>{task.title}</Table.Td>
                <Table.Td>{formatDateTime(task.dueAt)}</Table.Td>
                <Table.Td>
                  <Badge color={task.overdue ? 'red' : 'gray'}>{task.overdue ? t('tasks.overdue') : t('tasks.onTime')}</Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
