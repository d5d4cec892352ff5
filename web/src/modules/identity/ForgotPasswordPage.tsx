// "Forgot my password" (POST /auth/password-reset): the server answers the same for every username and
// mails a single-use link to /reset-password; this screen says so and never reveals whether the account exists.
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Alert, Anchor, Stack, Text, TextInput } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useT } from '../../i18n/locale.tsx';
import { rememberCsrfOfThisBrowser } from './session.ts';
import { CenteredPage } from '../../app/CenteredPage.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { useFieldErrors } from '../../app/forms.ts';
import { SubmitButton } from '../../app/SubmitButton.tsx';

export function ForgotPasswordPage() {
  const t = useT();
  const queryClient = useQueryClient();
  const [username, setUsername] = useState('');
  const { errors, setErrors, formRef } = useFieldErrors();
  const request = useMutation({
    mutationFn: async () => {
      await rememberCsrfOfThisBrowser(queryClient);
      return unwrap(await api.POST('/auth/password-reset', { body: { username: username.trim() } }));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (username.trim() === '') return setErrors({ username: t('form.required') });
    setErrors({});
    request.mutate();
  };
  const backToSignIn = (
    <Anchor component={Link} to="/sign-in">
      {t('identity.reset.backToSignIn')}
    </Anchor>
  );

  if (request.isSuccess)
    return (
      <CenteredPage title={t('identity.reset.requestTitle')} step="sent">
        <Alert color="blue" role="status">
          {t('identity.reset.sent')}
        </Alert>
        {backToSignIn}
      </CenteredPage>
    );
  return (
    <CenteredPage title={t('identity.reset.requestTitle')} step="request">
      <form ref={formRef} onSubmit={submit} noValidate>
        <Stack>
          <Text>{t('identity.reset.requestIntro')}</Text>
          {request.isError && <ProblemAlert error={request.error} messages={{ 'mail-not-configured': 'identity.reset.noMail' }} />}
          <TextInput
            label={t('signIn.username')}
            autoComplete="username"
            value={username}
            onChange={(event) => setUsername(event.currentTarget.value)}
            error={errors.username}
            required
          />
          <SubmitButton pending={request.isPending}>{t('identity.reset.send')}</SubmitButton>
          {backToSignIn}
        </Stack>
      </form>
    </CenteredPage>
  );
}
