// My open tasks (GET /tasks?view=mine), overdue first as the API orders them, due moments in Dutch style.
import { Badge, Table } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useFormatDateTime, useT } from '../../i18n/locale.tsx';
import { PagedSection, usePagedList } from '../../app/PagedSection.tsx';

export function MyTasks() {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const tasks = usePagedList(['tasks', 'mine'], async (after) =>
    unwrap(await api.GET('/tasks', { params: { query: { view: 'mine', limit: 25, after } } })),
  );
  return (
    <PagedSection
      id="my-tasks"
      texts={{ title: 'tasks.mine.title', loading: 'tasks.mine.loading', empty: 'tasks.mine.empty', error: 'tasks.mine.error' }}
      list={tasks}
    >
      {(items) => (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('tasks.column.title')}</Table.Th>
              <Table.Th>{t('tasks.column.due')}</Table.Th>
              <Table.Th>{t('tasks.column.state')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((task) => (
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
    </PagedSection>
  );
}
