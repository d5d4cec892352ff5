// Explicit access, with allowedActions `grantAccess` (cases.grant-access in the case's unit): who holds
// access beyond working on the case (GET /cases/{caseId}/access-grants: explicit and break-the-glass grants,
// by name, with reason and end), and giving a colleague access (POST, with a reason and optionally an end
// date): the way into a shielded case for someone who does not work on it. Never to oneself (the API
// refuses it).
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Group, Loader, Paper, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useFormatDateTime, useT } from '../../i18n/locale.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { problemFieldErrors, useFieldErrors, type FieldErrors } from '../../app/forms.ts';
import { useSignInAgain } from '../identity/SignInAgain.tsx';
import type { CaseDetails } from './overview.ts';
import { UserPicker } from './UserPicker.tsx';
import { SubmitButton } from '../../app/SubmitButton.tsx';

export function CaseAccessGrant({ kase }: { kase: CaseDetails }) {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const queryClient = useQueryClient();
  const grantsKey = ['case', kase.id, 'access-grants'] as const;
  const grants = useQuery({
    queryKey: grantsKey,
    queryFn: async () => unwrap(await api.GET('/cases/{caseId}/access-grants', { params: { path: { caseId: kase.id } } })),
    refetchOnWindowFocus: false,
  });
  const [open, setOpen] = useState(false);
  const [userId, setUserId] = useState('');
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const { errors, setErrors, formRef } = useFieldErrors();
  const signInAgain = useSignInAgain();
  const grant = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/cases/{caseId}/access-grants', {
          params: { path: { caseId: kase.id } },
          // The end of the chosen day, Amsterdam time is what the user means; the browser's end of day is close enough for an expiry.
          body: { userId, reason: reason.trim(), ...(until ? { expiresAt: new Date(`${until}T23:59:59`).toISOString() } : {}) },
        }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: grantsKey });
      setOpen(false);
      setUserId('');
      setReason('');
      setUntil('');
    },
    onError: (error) => {
      if (signInAgain.caught(error)) return;
      setErrors(problemFieldErrors(error, (field) => (field === 'expiresAt' ? t('cases.access.untilInvalid') : t('form.invalid'))));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missing: FieldErrors = {};
    if (!userId) missing.userId = t('cases.users.chooseOne');
    if (reason.trim() === '') missing.reason = t('form.required');
    if (Object.keys(missing).length > 0) return setErrors(missing);
    setErrors({});
    grant.mutate();
  };
  return (
    <Stack component="section" aria-labelledby="case-access-title" data-testid="case-access">
      <Group justify="space-between">
        <Title order={2} size="h3" id="case-access-title">
          {t('cases.access.title')}
        </Title>
        {!open && (
          <Button size="xs" onClick={() => setOpen(true)}>
            {t('cases.access.give')}
          </Button>
        )}
      </Group>
      {grants.isPending ? (
        <Loader aria-label={t('cases.access.loading')} role="status" />
      ) : grants.isError ? (
        <Alert color="red" role="alert">
          <Stack align="flex-start">
            {t('cases.access.error')}
            <Button size="xs" variant="light" onClick={() => void grants.refetch()}>
              {t('tasks.retry')}
            </Button>
          </Stack>
        </Alert>
      ) : grants.data.items.length === 0 ? (
        <Text>{t('cases.access.empty')}</Text>
      ) : (
        <Table data-testid="case-access-grants">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('cases.access.who')}</Table.Th>
              <Table.Th>{t('cases.access.reason.column')}</Table.Th>
              <Table.Th>{t('cases.access.grantedBy')}</Table.Th>
              <Table.Th>{t('cases.access.untilColumn')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {grants.data.items.map((g) => (
              <Table.Tr key={g.id}>
                <Table.Td>
                  <Group gap="xs">
                    {g.displayName ?? t('cases.workers.unknown')}
                    {g.kind === 'break-glass' && <Badge color="red">{t('cases.access.breakGlass')}</Badge>}
                  </Group>
                </Table.Td>
                <Table.Td>{g.reason}</Table.Td>
                <Table.Td>
                  {t('cases.access.grantedByOn', {
                    name: g.grantedByName ?? t('cases.workers.unknown'),
                    when: formatDateTime(g.grantedAt),
                  })}
                </Table.Td>
                <Table.Td>{g.expiresAt ? formatDateTime(g.expiresAt) : t('cases.access.noEnd')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {grant.isSuccess && !open && (
        <Alert color="green" role="status">
          {t('cases.access.given')}
        </Alert>
      )}
      {open && (
        <Paper withBorder p="sm" radius="md">
          {signInAgain.panel(() => grant.reset())}
          <form ref={formRef} onSubmit={submit} noValidate>
            <Stack gap="xs">
              {grant.isError && !signInAgain.ended && Object.keys(errors).length === 0 && <ProblemAlert error={grant.error} />}
              <UserPicker id="grant" value={userId} onChange={setUserId} error={errors.userId} />
              <Textarea
                id="grant-reason"
                label={t('cases.access.reason')}
                required
                autosize
                minRows={2}
                value={reason}
                onChange={(event) => setReason(event.currentTarget.value)}
                error={errors.reason}
              />
              <TextInput
                id="grant-until"
                type="date"
                label={t('cases.access.until')}
                description={t('cases.access.untilHint')}
                value={until}
                onChange={(event) => setUntil(event.currentTarget.value)}
                error={errors.expiresAt}
              />
              <Group gap="xs">
                <SubmitButton size="xs" pending={grant.isPending} disabled={signInAgain.ended}>
                  {t('cases.access.submit')}
                </SubmitButton>
                <Button type="button" size="xs" variant="subtle" onClick={() => setOpen(false)}>
                  {t('cases.cancel')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      )}
    </Stack>
  );
}
