// First run: the setup link (/setup#token=…) creates the first administrator (POST /setup), who then
// sets up an authenticator app, sees the recovery codes once, and is signed in. The token stays in the
// URL fragment (never sent in a request line) and is removed from the address bar once used.
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { Alert, Stack, Text, TextInput } from '@mantine/core';
import { api, ProblemError, rememberCsrfToken, unwrap } from '../../api/client.ts';
import { useT } from '../../i18n/locale.tsx';
import { CenteredPage } from '../../app/CenteredPage.tsx';
import { PasswordField } from '../../app/PasswordField.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { emptyFields, problemFieldErrors, useFieldErrors } from '../../app/forms.ts';
import { TotpEnrolment } from './TotpEnrolment.tsx';
import { RecoveryCodes } from './RecoveryCodes.tsx';
import { sessionQuery } from './session.ts';
import { SubmitButton } from '../../app/SubmitButton.tsx';

type Step = { name: 'account' } | { name: 'totp' } | { name: 'recovery'; codes: string[] };
const REQUIRED = ['username', 'displayName', 'password'];

function tokenFromLink(): string | null {
  return new URLSearchParams(window.location.hash.slice(1)).get('token');
}

export function SetupPage() {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [token] = useState(tokenFromLink);
  const [step, setStep] = useState<Step>({ name: 'account' });
  const [values, setValues] = useState({ username: '', displayName: '', email: '', password: '' });
  const { errors, setErrors, formRef } = useFieldErrors();
  const create = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/setup', { body: { token: token ?? '', ...values, email: values.email.trim() || null } })),
    onSuccess: ({ csrfToken }) => {
      rememberCsrfToken(csrfToken);
      window.history.replaceState(null, '', window.location.pathname);
      setStep({ name: 'totp' });
    },
    onError: (error) =>
      setErrors(problemFieldErrors(error, (field) => (field === 'password' ? t('setup.password.rejected') : t('form.invalid')))),
  });
  const finish = async () => {
    queryClient.removeQueries({ queryKey: sessionQuery.queryKey });
    await navigate({ to: '/' });
  };

  const field = (name: keyof typeof values) => ({
    value: values[name],
    onChange: (event: { currentTarget: { value: string } }) => setValues({ ...values, [name]: event.currentTarget.value }),
    error: errors[name],
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const empty = emptyFields(values, REQUIRED);
    if (empty.length > 0) return setErrors(Object.fromEntries(empty.map((name) => [name, t('form.required')])));
    setErrors({});
    create.mutate();
  };

  if (step.name === 'totp')
    return (
      <CenteredPage title={t('totp.title')} step={step.name}>
        <TotpEnrolment onConfirmed={(codes) => setStep({ name: 'recovery', codes })} />
      </CenteredPage>
    );
  if (step.name === 'recovery')
    return (
      <CenteredPage title={t('recovery.title')} step={step.name}>
        <RecoveryCodes codes={step.codes} onContinue={() => void finish()} />
      </CenteredPage>
    );
  return (
    <CenteredPage title={t('setup.title')} step={step.name}>
      {!token ? (
        <Alert color="red" role="alert">
          {t('setup.noToken')}
        </Alert>
      ) : (
        <form ref={formRef} onSubmit={submit} noValidate>
          <Stack>
            <Text>{t('setup.intro')}</Text>
            {create.isError &&
              (create.error instanceof ProblemError && create.error.code === 'invalid-or-expired-link' ? (
                <Alert color="red" role="alert">
                  {t('setup.invalidLink')}
                </Alert>
              ) : (
                <ProblemAlert error={create.error} />
              ))}
            <TextInput
              label={t('setup.username')}
              description={t('setup.username.description')}
              autoComplete="username"
              required
              {...field('username')}
            />
            <TextInput label={t('setup.displayName')} autoComplete="name" required {...field('displayName')} />
            <TextInput label={t('setup.email')} type="email" autoComplete="email" {...field('email')} />
            <PasswordField
              id="setup-password"
              label={t('setup.password')}
              description={t('setup.password.description')}
              autoComplete="new-password"
              required
              {...field('password')}
            />
            <SubmitButton pending={create.isPending}>{t('setup.submit')}</SubmitButton>
          </Stack>
        </form>
      )}
    </CenteredPage>
  );
}
