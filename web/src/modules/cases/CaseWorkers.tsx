// Who works on the case (the case's live assignments, by name) and, with allowedActions `assign`
// (cases.assign in the case's unit), assigning a colleague in a role and ending an assignment with a
// reason. Every change answers with the case, which replaces the one on the screen.
import { Fragment, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Group, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useFormatDateTime, useT } from '../../i18n/locale.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { problemFieldErrors, useFieldErrors } from '../../app/forms.ts';
import { useSignInAgain } from '../identity/SignInAgain.tsx';
import { showChangedCase, type CaseDetails } from './overview.ts';
import { ASSIGNMENT_ROLES, useCaseLabels } from './labels.ts';
import { ReasonForm } from './ReasonForm.tsx';
import { UserPicker } from './UserPicker.tsx';
import { SubmitButton } from '../../app/SubmitButton.tsx';

export function CaseWorkers({ kase }: { kase: CaseDetails }) {
  const t = useT();
  const labels = useCaseLabels();
  const formatDateTime = useFormatDateTime();
  const queryClient = useQueryClient();
  const [ending, setEnding] = useState<string | null>(null);
  const [assigning, setAssigning] = useState(false);
  const mayAssign = kase.allowedActions.includes('assign');
  return (
    <Stack component="section" aria-labelledby="case-workers-title" data-testid="case-workers">
      <Group justify="space-between">
        <Title order={2} size="h3" id="case-workers-title">
          {t('cases.workers.title')}
        </Title>
        {mayAssign && !assigning && (
          <Button size="xs" onClick={() => setAssigning(true)}>
            {t('cases.workers.assign')}
          </Button>
        )}
      </Group>
      {kase.assignments.length === 0 ? (
        <Text>{t('cases.workers.empty')}</Text>
      ) : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('cases.workers.name')}</Table.Th>
              <Table.Th>{t('cases.workers.role')}</Table.Th>
              <Table.Th>{t('cases.workers.since')}</Table.Th>
              {mayAssign && <Table.Th>{t('cases.workers.actions')}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {kase.assignments.map((a) => (
              <Fragment key={a.id}>
                <Table.Tr data-testid="case-worker">
                  <Table.Td>{a.displayName ?? t('cases.workers.unknown')}</Table.Td>
                  <Table.Td>{labels.assignmentRole(a.role)}</Table.Td>
                  <Table.Td>{formatDateTime(a.assignedAt)}</Table.Td>
                  {mayAssign && (
                    <Table.Td>
                      {ending !== a.id && (
                        <Button
                          size="xs"
                          variant="subtle"
                          color="gray"
                          onClick={() => setEnding(a.id)}
                          aria-label={t('cases.workers.endOne', { name: a.displayName ?? t('cases.workers.unknown') })}
                        >
                          {t('cases.workers.end')}
                        </Button>
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
                {ending === a.id && (
                  <Table.Tr>
                    <Table.Td colSpan={4}>
                      <ReasonForm
                        id={`assignment-end-${a.id}`}
                        label={t('cases.workers.endReason', { name: a.displayName ?? t('cases.workers.unknown') })}
                        submitLabel={t('cases.workers.endSubmit')}
                        save={async (reason) =>
                          showChangedCase(
                            queryClient,
                            unwrap(
                              await api.POST('/cases/{caseId}/assignments/{assignmentId}/end', {
                                params: { path: { caseId: kase.id, assignmentId: a.id } },
                                body: { reason },
                              }),
                            ),
                          )
                        }
                        onDone={() => setEnding(null)}
                        onCancel={() => setEnding(null)}
                      />
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {assigning && <AssignWorker kase={kase} onDone={() => setAssigning(false)} />}
    </Stack>
  );
}

function AssignWorker({ kase, onDone }: { kase: CaseDetails; onDone: () => void }) {
  const t = useT();
  const labels = useCaseLabels();
  const queryClient = useQueryClient();
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState<(typeof ASSIGNMENT_ROLES)[number]>('worker');
  const { errors, setErrors, formRef } = useFieldErrors();
  const signInAgain = useSignInAgain();
  const assign = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/cases/{caseId}/assignments', { params: { path: { caseId: kase.id } }, body: { userId, role } })),
    onSuccess: (changed) => {
      showChangedCase(queryClient, changed);
      onDone();
    },
    onError: (error) => {
      if (signInAgain.caught(error)) return;
      setErrors(problemFieldErrors(error, () => t('form.invalid')));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!userId) return setErrors({ userId: t('cases.users.chooseOne') });
    setErrors({});
    assign.mutate();
  };
  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-labelledby="assign-title">
      <Title order={3} size="h4" id="assign-title" mb="xs">
        {t('cases.workers.assignTitle')}
      </Title>
      {signInAgain.panel(() => assign.reset())}
      <form ref={formRef} onSubmit={submit} noValidate>
        <Stack gap="xs">
          {assign.isError && !signInAgain.ended && Object.keys(errors).length === 0 && <ProblemAlert error={assign.error} />}
          <UserPicker id="assign" value={userId} onChange={setUserId} error={errors.userId} />
          <NativeSelect
            id="assign-role"
            label={t('cases.workers.role')}
            value={role}
            onChange={(event) => setRole(event.currentTarget.value as typeof role)}
            data={ASSIGNMENT_ROLES.map((r) => ({ value: r, label: labels.assignmentRole(r) }))}
          />
          <Group gap="xs">
            <SubmitButton size="xs" pending={assign.isPending} disabled={signInAgain.ended}>
              {t('cases.workers.assignSubmit')}
            </SubmitButton>
            <Button type="button" size="xs" variant="subtle" onClick={onDone}>
              {t('cases.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
