// Changing my password (POST /auth/password): the current one, then the new one; the other sessions end.
// A session that ended meanwhile asks to sign in again right here; the input stays, to be saved again.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Group, Stack, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useT } from '../../i18n/locale.tsx';
import { PasswordField } from '../../app/PasswordField.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { emptyFields, problemFieldErrors, useFieldErrors } from '../../app/forms.ts';
import { isSessionEnded, SignInAgain } from './SignInAgain.tsx';
import { mySessionsKey } from './MySessions.tsx';
import { sessionQuery } from './session.ts';

const EMPTY = { currentPassword: '', newPassword: '' };

export function ChangePassword() {
  const t = useT();
  const queryClient = useQueryClient();
  const username = useQuery(sessionQuery).data?.user.username;
  // The session query may already say "nobody" when the save finds out: remember who it was.
  const lastUsername = useRef<string | null>(null);
  useEffect(() => {
    if (username) lastUsername.current = username;
  }, [username]);
  // Who was signed in when the session ended: only they may sign in again and save this input.
  const [endedFor, setEndedFor] = useState<string | null>(null);
  const [values, setValues] = useState(EMPTY);
  const { errors, setErrors, formRef } = useFieldErrors();
  const change = useMutation({
    mutationFn: async () => unwrap(await api.POST('/auth/password', { body: values })),
    onSuccess: async () => {
      setValues(EMPTY);
      await queryClient.invalidateQueries({ queryKey: mySessionsKey });
    },
    onError: (error) => {
      if (isSessionEnded(error) && lastUsername.current) return setEndedFor(lastUsername.current);
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
      {endedFor && (
        <SignInAgain
          username={endedFor}
          onSignedIn={() => {
            setEndedFor(null);
            change.reset();
            void queryClient.invalidateQueries({ queryKey: mySessionsKey });
          }}
        />
      )}
      <form ref={formRef} onSubmit={submit} noValidate>
        <Stack>
          {change.isSuccess && (
            <Alert color="green" role="status">
              {t('identity.password.changed')}
            </Alert>
          )}
          {change.isError && !endedFor && Object.keys(errors).length === 0 && <ProblemAlert error={change.error} />}
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
            <Button type="submit" loading={change.isPending} disabled={endedFor !== null}>
              {t('identity.password.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
