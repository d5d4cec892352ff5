// The referral's tasks (GET /tasks?referralId=…): the letter the team must send when the client was not
// reached appears here as soon as the API created it.
import { Badge, Table } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useFormatDateTime, useT } from '../../i18n/locale.tsx';
import { PagedSection, usePagedList } from '../../app/PagedSection.tsx';
import type { MessageId } from '../../i18n/messages.nl.ts';

export const referralTasksKey = (referralId: string) => ['tasks', 'referral', referralId] as const;

const TASK_STATUSES: Record<'open' | 'done' | 'cancelled', MessageId> = {
  open: 'referrals.tasks.status.open',
  done: 'referrals.tasks.status.done',
  cancelled: 'referrals.tasks.status.cancelled',
};

export function ReferralTasks({ referralId }: { referralId: string }) {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const tasks = usePagedList(referralTasksKey(referralId), async (after) =>
    unwrap(await api.GET('/tasks', { params: { query: { view: 'all', referralId, limit: 25, after } } })),
  );
  return (
    <PagedSection
      id="referral-tasks"
      texts={{
        title: 'referrals.tasks.title',
        loading: 'referrals.tasks.loading',
        empty: 'referrals.tasks.empty',
        error: 'referrals.tasks.error',
      }}
      list={tasks}
    >
      {(items) => (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('referrals.tasks.task')}</Table.Th>
              <Table.Th>{t('referrals.tasks.due')}</Table.Th>
              <Table.Th>{t('referrals.tasks.state')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((task) => (
              <Table.Tr key={task.id}>
                <Table.Td>{task.title}</Table.Td>
                <Table.Td>{formatDateTime(task.dueAt)}</Table.Td>
                <Table.Td>
                  <Badge color={task.status === 'open' && task.overdue ? 'red' : 'gray'}>{t(TASK_STATUSES[task.status])}</Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </PagedSection>
  );
}
