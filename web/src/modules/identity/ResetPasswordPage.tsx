// The page the reset mail links to (/reset-password#token=...): a new password
// (POST /auth/password-reset/complete), then the second factor on the sign-in screen, which picks up
// the sign-in the server has started (a reset never signs in by itself).
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { Anchor, Stack, Text } from '@mantine/core';
import { api, ProblemError, rememberCsrfToken, unwrap } from '../../api/client.ts';
import { useT } from '../../i18n/locale.tsx';
import { rememberCsrfOfThisBrowser, sessionQuery } from './session.ts';
import { CenteredPage } from '../../app/CenteredPage.tsx';
import { PasswordField } from '../../app/PasswordField.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { problemFieldErrors, useFieldErrors } from '../../app/forms.ts';
import { SubmitButton } from '../../app/SubmitButton.tsx';

function tokenFromLink(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
}

export function ResetPasswordPage() {
  const t = useT();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [token] = useState(tokenFromLink);
  const [newPassword, setNewPassword] = useState('');
  const { errors, setErrors, formRef } = useFieldErrors();
  const complete = useMutation({
    mutationFn: async () => {
      await rememberCsrfOfThisBrowser(queryClient);
      return unwrap(await api.POST('/auth/password-reset/complete', { body: { token, newPassword } }));
    },
    onSuccess: async ({ csrfToken }) => {
      rememberCsrfToken(csrfToken);
      // Every session of the user has ended, this browser's too.
      queryClient.removeQueries({ queryKey: sessionQuery.queryKey });
      await navigate({ to: '/sign-in', replace: true });
    },
    onError: (error) =>
      setErrors(problemFieldErrors(error, (field) => (field === 'newPassword' ? t('setup.password.rejected') : t('form.invalid')))),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (newPassword === '') return setErrors({ newPassword: t('form.required') });
    setErrors({});
    complete.mutate();
  };
  const linkUnusable = !token || (complete.error instanceof ProblemError && complete.error.code === 'invalid-or-expired-link');

  return (
    <CenteredPage title={t('identity.reset.title')} step={linkUnusable ? 'unusable' : 'password'}>
      {linkUnusable ? (
        <Stack>
          <Text role="alert">{t('identity.reset.linkUnusable')}</Text>
          <Anchor component={Link} to="/forgot-password">
            {t('identity.reset.askAgain')}
          </Anchor>
        </Stack>
      ) : (
        <form ref={formRef} onSubmit={submit} noValidate>
          <Stack>
            <Text>{t('identity.reset.intro')}</Text>
            {complete.isError && !errors.newPassword && <ProblemAlert error={complete.error} />}
            <PasswordField
              id="reset-password"
              label={t('identity.reset.newPassword')}
              description={t('setup.password.description')}
              autoComplete="new-password"
              value={newPassword}
              onChange={(event) => setNewPassword(event.currentTarget.value)}
              error={errors.newPassword}
              required
            />
            <SubmitButton pending={complete.isPending}>{t('identity.reset.submit')}</SubmitButton>
          </Stack>
        </form>
      )}
    </CenteredPage>
  );
}
