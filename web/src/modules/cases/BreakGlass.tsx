// Break the glass (POST /cases/break-glass): time-limited access to a case one may not see, after giving
// a reason. Offered where such a user lands, the "not found" state of the case screen, to holders of
// cases.break-glass; the number is asked (the screen cannot tell a case one may not see from no case).
// The panel says plainly that the access is logged and reviewed. A shielded case does not open at once:
// the answer is a pending request that the case's team lead or a security officer decides, and the panel
// shows that state. Not a modal: an inline panel that takes the focus, as SignInAgain does.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { Alert, Button, Group, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { api, ProblemError, unwrap } from '../../api/client.ts';
import { useFormatDateTime, useT } from '../../i18n/locale.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { emptyFields, problemFieldErrors, useFieldErrors } from '../../app/forms.ts';
import { useSignInAgain } from '../identity/SignInAgain.tsx';
import { caseOverviewKey } from './overview.ts';
import { AlertText } from './AlertText.tsx';
import { SubmitButton } from '../../app/SubmitButton.tsx';

const EMPTY = { caseNumber: '', reason: '' };

export function BreakGlass({ onCancel }: { onCancel: () => void }) {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const heading = useRef<HTMLHeadingElement>(null);
  const [values, setValues] = useState(EMPTY);
  const [pending, setPending] = useState<{ expiresAt: string } | null>(null);
  const { errors, setErrors, formRef } = useFieldErrors();
  const signInAgain = useSignInAgain();
  useEffect(() => heading.current?.focus(), [pending]);
  const breakGlass = useMutation({
    mutationFn: async () => {
      const result = await api.POST('/cases/break-glass', { body: { caseNumber: values.caseNumber.trim(), reason: values.reason.trim() } });
      return { status: result.response.status, data: unwrap(result) };
    },
    onSuccess: async ({ data }) => {
      if ('caseId' in data) {
        await queryClient.invalidateQueries({ queryKey: caseOverviewKey(data.caseId) });
        await navigate({ to: '/cases/$caseId', params: { caseId: data.caseId } });
      } else {
        setPending({ expiresAt: data.expiresAt });
      }
    },
    onError: (error) => {
      if (signInAgain.caught(error)) return;
      if (error instanceof ProblemError && error.problem.status === 404)
        return setErrors({ caseNumber: t('cases.breakGlass.unknownNumber') });
      setErrors(problemFieldErrors(error, (field) => (field === 'caseNumber' ? t('cases.breakGlass.unknownNumber') : t('form.invalid'))));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const empty = emptyFields(values, ['caseNumber', 'reason']);
    if (empty.length > 0) return setErrors(Object.fromEntries(empty.map((name) => [name, t('form.required')])));
    setErrors({});
    breakGlass.mutate();
  };
  const field = (name: keyof typeof EMPTY) => ({
    value: values[name],
    onChange: (event: { currentTarget: { value: string } }) => setValues({ ...values, [name]: event.currentTarget.value }),
    error: errors[name],
  });

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="break-glass-title" data-testid="break-glass" maw={560}>
      <Stack>
        <Title order={2} size="h3" id="break-glass-title" ref={heading} tabIndex={-1}>
          {pending ? t('cases.breakGlass.pendingTitle') : t('cases.breakGlass.title')}
        </Title>
        {pending ? (
          <>
            <Alert color="orange" role="status">
              {t('cases.breakGlass.pending', { until: formatDateTime(pending.expiresAt) })}
            </Alert>
            <Button variant="light" w="fit-content" onClick={onCancel}>
              {t('cases.breakGlass.close')}
            </Button>
          </>
        ) : (
          <>
            <Alert color="orange">
              <AlertText title={t('cases.breakGlass.loggedTitle')} text={t('cases.breakGlass.logged')} />
            </Alert>
            {signInAgain.panel(() => breakGlass.reset())}
            <form ref={formRef} onSubmit={submit} noValidate>
              <Stack>
                {breakGlass.isError && !signInAgain.ended && Object.keys(errors).length === 0 && <ProblemAlert error={breakGlass.error} />}
                <TextInput
                  id="break-glass-number"
                  label={t('cases.breakGlass.number')}
                  required
                  autoComplete="off"
                  {...field('caseNumber')}
                />
                <Textarea id="break-glass-reason" label={t('cases.breakGlass.reason')} required autosize minRows={3} {...field('reason')} />
                <Text size="sm">{t('cases.breakGlass.shieldedNote')}</Text>
                <Group>
                  <SubmitButton color="red" pending={breakGlass.isPending} disabled={signInAgain.ended}>
                    {t('cases.breakGlass.submit')}
                  </SubmitButton>
                  <Button type="button" variant="subtle" onClick={onCancel}>
                    {t('cases.cancel')}
                  </Button>
                </Group>
              </Stack>
            </form>
          </>
        )}
      </Stack>
    </Paper>
  );
}
