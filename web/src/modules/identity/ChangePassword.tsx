// Changing my password (POST /auth/password): the current one, then the new one; the other sessions end.
// A session that ended meanwhile asks to sign in again right here; the input stays, to be saved again.
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Group, Stack, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useT } from '../../i18n/locale.tsx';
import { PasswordField } from '../../app/PasswordField.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { emptyFields, problemFieldErrors, useFieldErrors } from '../../app/forms.ts';
import { useSignInAgain } from './SignInAgain.tsx';
import { mySessionsKey } from './MySessions.tsx';
import { SubmitButton } from '../../app/SubmitButton.tsx';

const EMPTY = { currentPassword: '', newPassword: '' };

export function ChangePassword() {
  const t = useT();
  const queryClient = useQueryClient();
  const [values, setValues] = useState(EMPTY);
  const { errors, setErrors, formRef } = useFieldErrors();
  // Only the user who was signed in may sign in again and save this input.
  const signInAgain = useSignInAgain();
  const change = useMutation({
    mutationFn: async () => unwrap(await api.POST('/auth/password', { body: values })),
    onSuccess: async () => {
      setValues(EMPTY);
      await queryClient.invalidateQueries({ queryKey: mySessionsKey });
    },
    onError: (error) => {
      if (signInAgain.caught(error)) return;
      setErrors(
        problemFieldErrors(error, (field) =>
          field === 'newPassword'
            ? t('setup.password.rejected')
            : field === 'currentPassword'
              ? t('identity.password.wrongCurrent')
              : t('form.invalid'),
        ),
      );
    },
  });
  const field = (name: keyof typeof EMPTY) => ({
    value: values[name],
    onChange: (event: { currentTarget: { value: string } }) => setValues({ ...values, [name]: event.currentTarget.value }),
    error: errors[name],
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const empty = emptyFields(values, ['currentPassword', 'newPassword']);
    if (empty.length > 0) return setErrors(Object.fromEntries(empty.map((name) => [name, t('form.required')])));
    setErrors({});
    change.mutate();
  };

  return (
    <Stack component="section" aria-labelledby="change-password-title" maw={480}>
      <Title order={2} size="h3" id="change-password-title">
        {t('identity.password.title')}
      </Title>
      {signInAgain.panel(() => {
        change.reset();
        void queryClient.invalidateQueries({ queryKey: mySessionsKey });
      })}
      <form ref={formRef} onSubmit={submit} noValidate>
        <Stack>
          {change.isSuccess && (
            <Alert color="green" role="status">
              {t('identity.password.changed')}
            </Alert>
          )}
          {change.isError && !signInAgain.ended && Object.keys(errors).length === 0 && <ProblemAlert error={change.error} />}
          <PasswordField
            id="current-password"
            label={t('identity.password.current')}
            autoComplete="current-password"
            required
            {...field('currentPassword')}
          />
          <PasswordField
            id="new-password"
            label={t('identity.reset.newPassword')}
            description={t('setup.password.description')}
            autoComplete="new-password"
            required
            {...field('newPassword')}
          />
          <Group>
            <SubmitButton pending={change.isPending} disabled={signInAgain.ended}>
              {t('identity.password.submit')}
            </SubmitButton>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
