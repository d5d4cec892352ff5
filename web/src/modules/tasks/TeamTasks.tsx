// The team's tasks (GET /tasks?view=team: the units whose task list the caller reads), overdue first then
// by due moment as the API orders them, open ones unless another status is chosen. Who a task is for
// comes from the team's colleagues; a task for the team as a whole says so.
import { Anchor, Badge, NativeSelect, Table } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useFormatDateTime, useT } from '../../i18n/locale.tsx';
import type { MessageId } from '../../i18n/messages.nl.ts';
import { TASK_STATUSES, type TaskStatus } from '../../app/team/search.ts';
import { PagedSection, usePagedList } from '../../app/PagedSection.tsx';
import { VirtualTable } from '../../app/VirtualTable.tsx';
import { useColleagues } from '../identity/colleagues.ts';

const STATUS_TEXT: Record<TaskStatus, MessageId> = {
  open: 'team.taskStatus.open',
  done: 'team.taskStatus.done',
  cancelled: 'team.taskStatus.cancelled',
};

export function TeamTasks({ status, onStatusChange }: { status: TaskStatus; onStatusChange: (status: TaskStatus) => void }) {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const tasks = usePagedList(['tasks', 'team', status], async (after) =>
    unwrap(await api.GET('/tasks', { params: { query: { view: 'team', status, limit: 25, after } } })),
  );
  const items = tasks.data?.pages.flatMap((page) => page.items) ?? [];
  const colleagues = useColleagues(items.map((task) => task.owningUnitId));
  return (
    <>
      <NativeSelect
        id="team-task-status"
        label={t('team.tasks.status')}
        w="fit-content"
        value={status}
        onChange={(event) => onStatusChange(event.currentTarget.value as TaskStatus)}
        data={TASK_STATUSES.map((value) => ({ value, label: t(STATUS_TEXT[value]) }))}
      />
      <PagedSection
        id="team-tasks"
        texts={{ title: 'team.tasks.title', loading: 'team.tasks.loading', empty: 'team.tasks.empty', error: 'team.tasks.error' }}
        list={tasks}
      >
        {(items) => (
          <VirtualTable
            items={items}
            columns={5}
            head={
              <>
                <Table.Th>{t('tasks.column.title')}</Table.Th>
                <Table.Th>{t('team.tasks.about')}</Table.Th>
                <Table.Th>{t('team.tasks.assignee')}</Table.Th>
                <Table.Th>{t('tasks.column.due')}</Table.Th>
                <Table.Th>{t('tasks.column.state')}</Table.Th>
              </>
            }
            rowKey={(task) => task.id}
            row={(task) => (
              <>
                <Table.Td>{task.title}</Table.Td>
                <Table.Td>
                  {/* The case and referral screens are their own routes: plain links. */}
                  {task.caseId ? (
                    <Anchor href={`/cases/${task.caseId}`}>{t('team.tasks.case')}</Anchor>
                  ) : task.referralId ? (
                    <Anchor href={`/referrals/${task.referralId}`}>{t('team.tasks.referral')}</Anchor>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  {task.assigneeUserId ? (colleagues.nameOf(task.assigneeUserId) ?? t('team.person.unknown')) : t('team.tasks.forTeam')}
                </Table.Td>
                <Table.Td>{formatDateTime(task.dueAt)}</Table.Td>
                <Table.Td>
                  {task.status === 'open' ? (
                    <Badge color={task.overdue ? 'red' : 'gray'}>{task.overdue ? t('tasks.overdue') : t('tasks.onTime')}</Badge>
                  ) : (
                    t(STATUS_TEXT[task.status])
                  )}
                </Table.Td>
              </>
            )}
          />
        )}
      </PagedSection>
    </>
  );
}
