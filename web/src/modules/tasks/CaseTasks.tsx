// Tasks on the case screen: the open ones (the first five come with the overview; all of them, paged,
// from GET /tasks?view=all&caseId=), add one (with tasks.create), complete or cancel one as that task's
// allowedActions say (cancelling: the team or whoever made it, with a reason).
import { useState, type FormEvent } from 'react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Group, Loader, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useFormatDateTime, useT } from '../../i18n/locale.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { SubmitButton } from '../../app/SubmitButton.tsx';
import { useFocusOnOpen, useReturnFocus } from '../../app/focus.ts';
import { problemFieldErrors, useFieldErrors, type FieldErrors } from '../../app/forms.ts';
import { useSignInAgain } from '../identity/SignInAgain.tsx';
import { sessionQuery } from '../identity/session.ts';
import { caseOverviewKey, type CaseDetails, type CaseOverview } from '../cases/overview.ts';
import { ReasonForm } from '../cases/ReasonForm.tsx';

type OpenTask = CaseOverview['openTasks']['items'][number];

export function CaseTasks({ kase, openTasks }: { kase: CaseDetails; openTasks: CaseOverview['openTasks'] }) {
  const t = useT();
  const queryClient = useQueryClient();
  const permissions = useQuery(sessionQuery).data?.permissions;
  const [all, setAll] = useState(false);
  const [adding, setAdding] = useState(false);
  const addButton = useReturnFocus<HTMLButtonElement>(adding);
  const listKey = ['case', kase.id, 'tasks'] as const;
  const list = useInfiniteQuery({
    queryKey: listKey,
    queryFn: async ({ pageParam }) =>
      unwrap(await api.GET('/tasks', { params: { query: { view: 'all', caseId: kase.id, status: 'open', limit: 25, after: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    enabled: all,
    refetchOnWindowFocus: false,
  });
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: caseOverviewKey(kase.id) });
    if (all) await queryClient.invalidateQueries({ queryKey: listKey });
  };
  const items: OpenTask[] = all ? (list.data?.pages.flatMap((p) => p.items) ?? []) : openTasks.items;
  const mayAdd = (permissions?.['tasks.create']?.length ?? 0) > 0 && kase.closedAt === null;

  return (
    <Stack component="section" aria-labelledby="case-tasks-title" data-testid="case-tasks">
      <Group justify="space-between">
        <Title order={2} size="h3" id="case-tasks-title">
          {t('tasks.case.title', { count: openTasks.count })}
        </Title>
        {mayAdd && !adding && (
          <Button ref={addButton} size="xs" onClick={() => setAdding(true)}>
            {t('tasks.case.add')}
          </Button>
        )}
      </Group>
      {adding && (
        <AddTask
          kase={kase}
          onDone={async () => {
            setAdding(false);
            await refresh();
          }}
          onCancel={() => setAdding(false)}
        />
      )}
      {all && list.isPending ? (
        <Loader aria-label={t('tasks.mine.loading')} role="status" />
      ) : all && list.isError && items.length === 0 ? (
        <Alert color="red" role="alert">
          <Stack align="flex-start">
            {t('tasks.case.error')}
            <Button size="xs" variant="light" onClick={() => void list.refetch()}>
              {t('tasks.retry')}
            </Button>
          </Stack>
        </Alert>
      ) : items.length === 0 ? (
        <Text>{t('tasks.case.empty')}</Text>
      ) : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('tasks.column.title')}</Table.Th>
              <Table.Th>{t('tasks.column.due')}</Table.Th>
              <Table.Th>{t('tasks.case.assignee')}</Table.Th>
              <Table.Th>{t('tasks.case.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((task) => (
              <TaskRow key={task.id} task={task} kase={kase} onChanged={refresh} />
            ))}
          </Table.Tbody>
        </Table>
      )}
      {!all && openTasks.count > openTasks.items.length && (
        <Button variant="light" size="xs" w="fit-content" onClick={() => setAll(true)}>
          {t('tasks.case.all', { count: openTasks.count })}
        </Button>
      )}
      {all && list.hasNextPage && (
        <Button variant="light" size="xs" w="fit-content" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {t('list.more')}
        </Button>
      )}
    </Stack>
  );
}

function TaskRow({ task, kase, onChanged }: { task: OpenTask; kase: CaseDetails; onChanged: () => Promise<void> }) {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const [cancelling, setCancelling] = useState(false);
  const cancelButton = useReturnFocus<HTMLButtonElement>(cancelling);
  const signInAgain = useSignInAgain();
  const complete = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/tasks/{taskId}/complete', { params: { path: { taskId: task.id } }, body: { version: task.version } })),
    onSuccess: onChanged,
    onError: (error) => signInAgain.caught(error),
  });
  const assignee = task.assigneeUserId
    ? (kase.assignments.find((a) => a.userId === task.assigneeUserId)?.displayName ?? t('tasks.case.colleague'))
    : t('tasks.case.team');
  return (
    <>
      <Table.Tr data-testid="case-task">
        <Table.Td>{task.title}</Table.Td>
        <Table.Td>
          <Group gap="xs">
            {formatDateTime(task.dueAt)}
            {task.overdue && <Badge color="red">{t('tasks.overdue')}</Badge>}
          </Group>
        </Table.Td>
        <Table.Td>{assignee}</Table.Td>
        <Table.Td>
          <Group gap="xs">
            {task.allowedActions.includes('complete') && (
              <Button
                size="xs"
                variant="light"
                loading={complete.isPending}
                disabled={signInAgain.ended}
                onClick={() => complete.mutate()}
                aria-label={t('tasks.case.completeOne', { title: task.title })}
              >
                {t('tasks.case.complete')}
              </Button>
            )}
            {task.allowedActions.includes('cancel') && !cancelling && (
              <Button
                ref={cancelButton}
                size="xs"
                variant="subtle"
                color="gray"
                onClick={() => setCancelling(true)}
                aria-label={t('tasks.case.cancelOne', { title: task.title })}
              >
                {t('tasks.case.cancel')}
              </Button>
            )}
          </Group>
        </Table.Td>
      </Table.Tr>
      {(cancelling || complete.isError || signInAgain.ended) && (
        <Table.Tr>
          <Table.Td colSpan={4}>
            {signInAgain.panel(() => complete.reset())}
            {complete.isError && !signInAgain.ended && (
              <ProblemAlert error={complete.error} messages={{ 'precondition-failed': 'cases.stale' }} />
            )}
            {cancelling && (
              <ReasonForm
                id={`task-cancel-${task.id}`}
                label={t('tasks.case.cancelReason', { title: task.title })}
                submitLabel={t('tasks.case.cancelSubmit')}
                save={async (reason) =>
                  unwrap(
                    await api.POST('/tasks/{taskId}/cancel', {
                      params: { path: { taskId: task.id } },
                      body: { version: task.version, reason },
                    }),
                  )
                }
                onDone={() => {
                  setCancelling(false);
                  void onChanged();
                }}
                onCancel={() => setCancelling(false)}
              />
            )}
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}

const EMPTY = { title: '', dueInWorkingDays: '5', assigneeUserId: '' };

function AddTask({ kase, onDone, onCancel }: { kase: CaseDetails; onDone: () => Promise<void>; onCancel: () => void }) {
  const t = useT();
  const [values, setValues] = useState(EMPTY);
  const titleField = useFocusOnOpen<HTMLInputElement>();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const { errors, setErrors, formRef } = useFieldErrors();
  const signInAgain = useSignInAgain();
  const add = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/tasks', {
          params: { header: { 'idempotency-key': idempotencyKey } },
          body: {
            caseId: kase.id,
            title: values.title.trim(),
            dueInWorkingDays: Number(values.dueInWorkingDays),
            assigneeUserId: values.assigneeUserId || null,
          },
        }),
      ),
    onSuccess: onDone,
    onError: (error) => {
      if (signInAgain.caught(error)) return;
      setErrors(problemFieldErrors(error, (field) => (field === 'dueInWorkingDays' ? t('tasks.case.dueInvalid') : t('form.invalid'))));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missing: FieldErrors = {};
    if (values.title.trim() === '') missing.title = t('form.required');
    if (values.dueInWorkingDays.trim() === '') missing.dueInWorkingDays = t('form.required');
    if (Object.keys(missing).length > 0) return setErrors(missing);
    setErrors({});
    add.mutate();
  };
  const field = (name: keyof typeof EMPTY) => ({
    id: `task-add-${name}`,
    value: values[name],
    onChange: (event: { currentTarget: { value: string } }) => setValues({ ...values, [name]: event.currentTarget.value }),
    error: errors[name],
  });
  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-labelledby="task-add-heading">
      <Title order={3} size="h4" id="task-add-heading" mb="xs">
        {t('tasks.case.addTitle')}
      </Title>
      {signInAgain.panel(() => add.reset())}
      <form ref={formRef} onSubmit={submit} noValidate>
        <Stack gap="xs">
          {add.isError && !signInAgain.ended && Object.keys(errors).length === 0 && <ProblemAlert error={add.error} />}
          <TextInput ref={titleField} label={t('tasks.case.field.title')} required maxLength={200} {...field('title')} />
          <Group grow align="flex-start">
            <TextInput type="number" inputMode="numeric" label={t('tasks.case.field.due')} required {...field('dueInWorkingDays')} />
            <NativeSelect
              label={t('tasks.case.assignee')}
              data={[
                { value: '', label: t('tasks.case.team') },
                ...kase.assignments.map((a) => ({ value: a.userId, label: a.displayName ?? t('tasks.case.colleague') })),
              ]}
              {...field('assigneeUserId')}
            />
          </Group>
          <Group gap="xs">
            <SubmitButton size="xs" pending={add.isPending} disabled={signInAgain.ended}>
              {t('tasks.case.addSubmit')}
            </SubmitButton>
            <Button type="button" size="xs" variant="subtle" onClick={onCancel}>
              {t('cases.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
