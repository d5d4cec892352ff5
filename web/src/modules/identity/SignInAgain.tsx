// When a save answers 401 because the session has ended (idle, expired, ended elsewhere), the form shows
// this panel instead of leaving the page: the same user signs in again (password, then the second
// factor: a passkey, the app's code or a recovery code) and the form's input, still in memory, can be
// saved again. Not a modal: Mantine's Modal locks the scroll with an injected <style> that the CSP
// refuses (web/README.md); the panel takes the focus instead.
import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Paper, Stack, Text, Title } from '@mantine/core';
import { api, ProblemError, rememberCsrfToken, unwrap } from '../../api/client.ts';
import { useT } from '../../i18n/locale.tsx';
import { FactorCheck, type FactorMethod } from './FactorCode.tsx';
import { PasswordField } from '../../app/PasswordField.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { useFieldErrors } from '../../app/forms.ts';
import { sessionQuery } from './session.ts';
import { SubmitButton } from '../../app/SubmitButton.tsx';

/** A 401 answer because the session is gone (not the 401 asking for a fresh factor check). */
export function isSessionEnded(error: unknown): boolean {
  return error instanceof ProblemError && error.problem.status === 401 && error.code !== 'reauthentication-required';
}

/**
 * For every form whose save may find the session ended. `caught(error)` in the mutation's onError says
 * whether the error was that (then `panel(onSignedIn)`, rendered above the form, shows SignInAgain for
 * the user who was signed in: the session query may already say "nobody" by then); after signing in
 * again `onSignedIn` runs (reset the mutation, or save again) and the form's input, in its own state, is
 * still there. `ended` disables the form's submit meanwhile.
 */
export function useSignInAgain(): {
  caught: (error: unknown) => boolean;
  panel: (onSignedIn?: () => void) => ReactNode;
  ended: boolean;
} {
  const username = useQuery(sessionQuery).data?.user.username;
  const lastUsername = useRef<string | null>(null);
  useEffect(() => {
    if (username) lastUsername.current = username;
  }, [username]);
  const [endedFor, setEndedFor] = useState<string | null>(null);
  const caught = useCallback((error: unknown) => {
    if (!isSessionEnded(error) || !lastUsername.current) return false;
    setEndedFor(lastUsername.current);
    return true;
  }, []);
  const panel = (onSignedIn?: () => void) =>
    endedFor ? (
      <SignInAgain
        username={endedFor}
        onSignedIn={() => {
          setEndedFor(null);
          onSignedIn?.();
        }}
      />
    ) : null;
  return { caught, panel, ended: endedFor !== null };
}

export function SignInAgain({ username, onSignedIn }: { username: string; onSignedIn: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const heading = useRef<HTMLHeadingElement>(null);
  // The factors she has set up, from the password step's answer: then the second step.
  const [methods, setMethods] = useState<FactorMethod[] | null>(null);
  // Too many failed second steps ended that sign-in: back to the password, saying why.
  const [ended, setEnded] = useState(false);
  const [password, setPassword] = useState('');
  const { errors, setErrors, formRef } = useFieldErrors();
  useEffect(() => heading.current?.focus(), [methods]);

  const signIn = useMutation({
    mutationFn: async () => unwrap(await api.POST('/auth/sign-in', { body: { username, password } })),
    onSuccess: ({ next, csrfToken, methods: set }) => {
      rememberCsrfToken(csrfToken);
      setPassword('');
      // Setting up a first factor belongs on the sign-in page, not in the middle of a form.
      if (next === 'second-factor') setMethods(set);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password === '') return setErrors({ password: t('form.required') });
    setErrors({});
    signIn.mutate();
  };

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="sign-in-again-title">
      <Stack>
        <Title order={2} size="h3" id="sign-in-again-title" ref={heading} tabIndex={-1}>
          {t('identity.signInAgain.title')}
        </Title>
        <Text>{t('identity.signInAgain.intro', { username })}</Text>
        {methods === null ? (
          <form ref={formRef} onSubmit={submit} noValidate>
            <Stack>
              {signIn.isError && <ProblemAlert error={signIn.error} messages={{ 'sign-in-failed': 'signIn.failed' }} />}
              {signIn.isSuccess && <Text role="alert">{t('identity.signInAgain.needsSetup')}</Text>}
              {ended && !signIn.isError && !signIn.isSuccess && <Text role="alert">{t('signIn.ended')}</Text>}
              <PasswordField
                id="sign-in-again-password"
                label={t('signIn.password')}
                autoComplete="current-password"
                value={password}
                onChange={(event) => setPassword(event.currentTarget.value)}
                error={errors.password}
                required
              />
              <SubmitButton pending={signIn.isPending}>{t('signIn.submit')}</SubmitButton>
            </Stack>
          </form>
        ) : (
          <FactorCheck
            purpose="sign-in"
            methods={methods}
            onPassed={async (csrfToken) => {
              rememberCsrfToken(csrfToken);
              await queryClient.invalidateQueries({ queryKey: sessionQuery.queryKey });
              onSignedIn();
            }}
            onEnded={() => {
              signIn.reset();
              setEnded(true);
              setMethods(null);
            }}
          />
        )}
      </Stack>
    </Paper>
  );
}
