// Explicit access (POST /cases/{caseId}/access-grants): with allowedActions `grantAccess`
// (cases.grant-access in the case's unit) a colleague is given access to this case, with a reason and
// optionally an end date: the way into a shielded case for someone who does not work on it. Never to
// oneself (the API refuses it). The API has no read of a case's grants yet, so only the one just given is
// confirmed here; reviewers see grants on their own screens.
import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Group, Paper, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useT } from '../../i18n/locale.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { problemFieldErrors, useFieldErrors, type FieldErrors } from '../../app/forms.ts';
import { useSignInAgain } from '../identity/SignInAgain.tsx';
import type { CaseDetails } from './overview.ts';
import { UserPicker } from './UserPicker.tsx';

export function CaseAccessGrant({ kase }: { kase: CaseDetails }) {
  const t = useT();
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
                <Button type="submit" size="xs" loading={grant.isPending} disabled={signInAgain.ended}>
                  {t('cases.access.submit')}
                </Button>
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
