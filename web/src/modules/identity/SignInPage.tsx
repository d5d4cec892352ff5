// Sign-in: username and password (POST /auth/sign-in), then the second factor (POST /auth/second-factor,
// a TOTP code or a recovery code) — or, for someone without one yet, setting up the authenticator app.
import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { api, rememberCsrfToken, unwrap } from '../../api/client.ts';
import { useT } from '../../i18n/locale.tsx';
import { FactorCodeInput, FactorMethodSwitch, type FactorMethod } from './FactorCode.tsx';
import { CenteredPage } from '../../app/CenteredPage.tsx';
import { PasswordField } from '../../app/PasswordField.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { emptyFields, useFieldErrors } from '../../app/forms.ts';
import { TotpEnrolment } from './TotpEnrolment.tsx';
import { RecoveryCodes } from './RecoveryCodes.tsx';
import { sessionQuery } from './session.ts';

type Step = { name: 'password' } | { name: 'factor' } | { name: 'enrol' } | { name: 'recovery'; codes: string[] };

export function SignInPage() {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<Step>({ name: 'password' });
  const [credentials, setCredentials] = useState({ username: '', password: '' });
  const [method, setMethod] = useState<FactorMethod>('totp');
  const [code, setCode] = useState('');
  const { errors, setErrors, formRef } = useFieldErrors();
  // A sign-in already waiting in this browser (a reload after the password, or back from single sign-on).
  useEffect(() => {
    void api.GET('/auth/pending').then(({ data }) => {
      if (!data) return;
      rememberCsrfToken(data.csrfToken);
      setStep((current) =>
        current.name !== 'password' ? current : data.next === 'enrol-second-factor' ? { name: 'enrol' } : { name: 'factor' },
      );
    });
  }, []);

  const signedIn = async () => {
    queryClient.removeQueries({ queryKey: sessionQuery.queryKey });
    await navigate({ to: '/' });
  };
  const signIn = useMutation({
    mutationFn: async () => unwrap(await api.POST('/auth/sign-in', { body: credentials })),
    onSuccess: ({ next, csrfToken }) => {
      rememberCsrfToken(csrfToken);
      setCredentials({ ...credentials, password: '' });
      setStep(next === 'enrol-second-factor' ? { name: 'enrol' } : { name: 'factor' });
    },
  });
  const verify = useMutation({
    mutationFn: async () => unwrap(await api.POST('/auth/second-factor', { body: { method, code: code.trim() } })),
    onSuccess: async ({ csrfToken }) => {
      rememberCsrfToken(csrfToken);
      await signedIn();
    },
    onError: () => setErrors({ code: t('signIn.factorFailed') }),
  });

  const submitPassword = (event: FormEvent) => {
    event.preventDefault();
    const empty = emptyFields(credentials, ['username', 'password']);
    if (empty.length > 0) return setErrors(Object.fromEntries(empty.map((name) => [name, t('form.required')])));
    setErrors({});
    signIn.mutate();
  };
  const submitCode = (event: FormEvent) => {
    event.preventDefault();
    if (code.trim() === '') return setErrors({ code: t('form.required') });
    setErrors({});
    verify.mutate();
  };

  if (step.name === 'enrol')
    return (
      <CenteredPage title={t('totp.title')} step={step.name}>
        <TotpEnrolment onConfirmed={(codes) => (codes.length > 0 ? setStep({ name: 'recovery', codes }) : void signedIn())} />
      </CenteredPage>
    );
  if (step.name === 'recovery')
    return (
      <CenteredPage title={t('recovery.title')} step={step.name}>
        <RecoveryCodes codes={step.codes} onContinue={() => void signedIn()} />
      </CenteredPage>
    );
  if (step.name === 'factor')
    return (
      <CenteredPage title={t('signIn.factorTitle')} step={step.name}>
        <form ref={formRef} onSubmit={submitCode} noValidate>
          <Stack>
            <Text>{method === 'totp' ? t('signIn.factorIntro') : t('signIn.recoveryIntro')}</Text>
            {verify.isError && !errors.code && <ProblemAlert error={verify.error} />}
            <FactorCodeInput method={method} value={code} onChange={setCode} error={errors.code} />
            <Button type="submit" loading={verify.isPending}>
              {t('signIn.verify')}
            </Button>
            <FactorMethodSwitch
              method={method}
              onSwitch={(next) => {
                setMethod(next);
                setCode('');
                setErrors({});
              }}
            />
          </Stack>
        </form>
      </CenteredPage>
    );
  return (
    <CenteredPage title={t('signIn.title')} step={step.name}>
      <form ref={formRef} onSubmit={submitPassword} noValidate>
        <Stack>
          {signIn.isError && <ProblemAlert error={signIn.error} messages={{ 'sign-in-failed': 'signIn.failed' }} />}
          <TextInput
            label={t('signIn.username')}
            autoComplete="username"
            value={credentials.username}
            onChange={(event) => setCredentials({ ...credentials, username: event.currentTarget.value })}
            error={errors.username}
            required
          />
          <PasswordField
            id="sign-in-password"
            label={t('signIn.password')}
            autoComplete="current-password"
            value={credentials.password}
            onChange={(event) => setCredentials({ ...credentials, password: event.currentTarget.value })}
            error={errors.password}
            required
          />
          <Button type="submit" loading={signIn.isPending}>
            {t('signIn.submit')}
          </Button>
          <Anchor component={Link} to="/forgot-password">
            {t('identity.reset.forgot')}
          </Anchor>
        </Stack>
      </form>
    </CenteredPage>
  );
}
