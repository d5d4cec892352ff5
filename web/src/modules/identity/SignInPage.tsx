// Sign-in: username and password (POST /auth/sign-in), or single sign-on at the organisation's identity
// provider when the server offers it (GET /auth/sso); then the second factor (a passkey, a code from the
// authenticator app or a recovery code: FactorCheck) — or, for someone without one yet, setting up the
// authenticator app or a passkey.
import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { Alert, Anchor, Button, Divider, Stack, Text, TextInput } from '@mantine/core';
import { api, rememberCsrfToken, unwrap } from '../../api/client.ts';
import { useT } from '../../i18n/locale.tsx';
import { FactorCheck, type FactorMethod } from './FactorCode.tsx';
import { CenteredPage } from '../../app/CenteredPage.tsx';
import { PasswordField } from '../../app/PasswordField.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { emptyFields, useFieldErrors } from '../../app/forms.ts';
import { TotpEnrolment } from './TotpEnrolment.tsx';
import { AddPasskey } from './AddPasskey.tsx';
import { passkeysSupported } from './passkeys.ts';
import { RecoveryCodes } from './RecoveryCodes.tsx';
import { sessionQuery } from './session.ts';
import { SubmitButton } from '../../app/SubmitButton.tsx';

type Step =
  | { name: 'password'; ended?: boolean }
  | { name: 'factor'; methods: FactorMethod[] }
  | { name: 'enrol' }
  | { name: 'recovery'; codes: string[] };

export function SignInPage() {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<Step>({ name: 'password' });
  const [credentials, setCredentials] = useState({ username: '', password: '' });
  const [enrolWith, setEnrolWith] = useState<'totp' | 'passkey'>('totp');
  const { errors, setErrors, formRef } = useFieldErrors();
  const sso = useQuery({ queryKey: ['identity', 'sso'], queryFn: async () => unwrap(await api.GET('/auth/sso')) });
  // A sign-in already waiting in this browser (a reload after the password, or back from single sign-on).
  useEffect(() => {
    void api.GET('/auth/pending').then(({ data }) => {
      if (!data) return;
      rememberCsrfToken(data.csrfToken);
      setStep((current) =>
        current.name !== 'password'
          ? current
          : data.next === 'enrol-second-factor'
            ? { name: 'enrol' }
            : { name: 'factor', methods: data.methods },
      );
    });
  }, []);

  const signedIn = async () => {
    queryClient.removeQueries({ queryKey: sessionQuery.queryKey });
    await navigate({ to: '/' });
  };
  const signIn = useMutation({
    mutationFn: async () => unwrap(await api.POST('/auth/sign-in', { body: credentials })),
    onSuccess: ({ next, csrfToken, methods }) => {
      rememberCsrfToken(csrfToken);
      setCredentials({ ...credentials, password: '' });
      setStep(next === 'enrol-second-factor' ? { name: 'enrol' } : { name: 'factor', methods });
    },
  });

  const submitPassword = (event: FormEvent) => {
    event.preventDefault();
    const empty = emptyFields(credentials, ['username', 'password']);
    if (empty.length > 0) return setErrors(Object.fromEntries(empty.map((name) => [name, t('form.required')])));
    setErrors({});
    signIn.mutate();
  };

  if (step.name === 'enrol') {
    const afterEnrolment = (codes: string[]) => (codes.length > 0 ? setStep({ name: 'recovery', codes }) : void signedIn());
    return (
      <CenteredPage title={enrolWith === 'passkey' ? t('signIn.enrolPasskeyTitle') : t('totp.title')} step={`enrol-${enrolWith}`}>
        {enrolWith === 'passkey' ? (
          <Stack>
            <Text>{t('signIn.enrolPasskeyIntro')}</Text>
            <AddPasskey
              onAdded={({ csrfToken, recoveryCodes }) => {
                rememberCsrfToken(csrfToken);
                afterEnrolment(recoveryCodes);
              }}
            />
          </Stack>
        ) : (
          <TotpEnrolment onConfirmed={afterEnrolment} />
        )}
        {passkeysSupported() && (
          <Anchor component="button" type="button" onClick={() => setEnrolWith(enrolWith === 'passkey' ? 'totp' : 'passkey')}>
            {enrolWith === 'passkey' ? t('signIn.enrolTotpInstead') : t('signIn.enrolPasskeyInstead')}
          </Anchor>
        )}
      </CenteredPage>
    );
  }
  if (step.name === 'recovery')
    return (
      <CenteredPage title={t('recovery.title')} step={step.name}>
        <RecoveryCodes codes={step.codes} onContinue={() => void signedIn()} />
      </CenteredPage>
    );
  if (step.name === 'factor')
    return (
      <CenteredPage title={t('signIn.factorTitle')} step={step.name}>
        <FactorCheck
          purpose="sign-in"
          methods={step.methods}
          onPassed={async (csrfToken) => {
            rememberCsrfToken(csrfToken);
            await signedIn();
          }}
          onEnded={() => setStep({ name: 'password', ended: true })}
        />
      </CenteredPage>
    );
  return (
    <CenteredPage title={t('signIn.title')} step={step.name}>
      <form ref={formRef} onSubmit={submitPassword} noValidate>
        <Stack>
          {signIn.isError && <ProblemAlert error={signIn.error} messages={{ 'sign-in-failed': 'signIn.failed' }} />}
          {step.ended && !signIn.isError && (
            <Alert color="red" role="alert">
              {t('signIn.ended')}
            </Alert>
          )}
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
          <SubmitButton pending={signIn.isPending}>{t('signIn.submit')}</SubmitButton>
          <Anchor component={Link} to="/forgot-password">
            {t('identity.reset.forgot')}
          </Anchor>
        </Stack>
      </form>
      {sso.data?.enabled && (
        <Stack>
          <Divider label={t('signIn.or')} labelPosition="center" />
          {/* A navigation, not a fetch: the server sends the browser on to the provider (and sets the cookie binding the sign-in to it). */}
          <Button component="a" href="/api/v1/auth/sso/start" variant="outline">
            {t('signIn.withSso', { name: sso.data.name ?? '' })}
          </Button>
        </Stack>
      )}
    </CenteredPage>
  );
}
