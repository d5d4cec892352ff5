// Adding a passkey (POST /auth/webauthn/registration/options, the browser creates it, POST
// /auth/webauthn/registration with a name she recognises): on my account, or as the first second factor
// while signing in. On my account the server wants a fresh factor check first when the last one is more
// than 10 minutes ago (ConfirmItsMe, then the same name is tried again), and a session that ended
// meanwhile asks to sign in again here (the name stays).
import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Stack, TextInput } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useT } from '../../i18n/locale.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { problemFieldErrors, useFieldErrors } from '../../app/forms.ts';
import { asksForFactor, ConfirmItsMe } from './ConfirmItsMe.tsx';
import { createPasskey, PasskeyAlreadyRegistered, PasskeyCancelled, passkeysSupported } from './passkeys.ts';
import { useSignInAgain } from './SignInAgain.tsx';
import { SubmitButton } from '../../app/SubmitButton.tsx';

type Registered = { csrfToken: string; recoveryCodes: string[]; name: string };

export function AddPasskey({ onAdded }: { onAdded: (registered: Registered) => void | Promise<void> }) {
  const t = useT();
  const [name, setName] = useState('');
  const { errors, setErrors, formRef } = useFieldErrors();
  const signInAgain = useSignInAgain();
  const add = useMutation({
    mutationFn: async (): Promise<Registered> => {
      const options = unwrap(await api.POST('/auth/webauthn/registration/options', { body: {} }));
      const response = await createPasskey(options);
      const registered = unwrap(await api.POST('/auth/webauthn/registration', { body: { name: name.trim(), response } }));
      return { csrfToken: registered.csrfToken, recoveryCodes: registered.recoveryCodes, name: registered.passkey.name };
    },
    onSuccess: async (registered) => {
      setName('');
      await onAdded(registered);
    },
    onError: (error) => {
      if (signInAgain.caught(error)) return;
      setErrors(problemFieldErrors(error, (field) => (field === 'name' ? t('identity.passkeys.nameRejected') : t('form.invalid'))));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '') return setErrors({ name: t('form.required') });
    setErrors({});
    add.mutate();
  };

  if (!passkeysSupported()) return <Alert color="gray">{t('identity.passkeys.unsupported')}</Alert>;
  const waitingForCheck = add.isError && asksForFactor(add.error);
  return (
    <Stack>
      {signInAgain.panel(() => add.reset())}
      {waitingForCheck && <ConfirmItsMe onConfirmed={() => add.mutate()} />}
      <form ref={formRef} onSubmit={submit} noValidate>
        <Stack>
          {add.isError &&
            !waitingForCheck &&
            !signInAgain.ended &&
            Object.keys(errors).length === 0 &&
            (add.error instanceof PasskeyCancelled ? (
              <Alert color="red" role="alert">
                {t('identity.passkeys.cancelled')}
              </Alert>
            ) : add.error instanceof PasskeyAlreadyRegistered ? (
              <Alert color="red" role="alert">
                {t('identity.passkeys.alreadyRegistered')}
              </Alert>
            ) : (
              <ProblemAlert
                error={add.error}
                messages={{ 'passkey-not-accepted': 'identity.passkeys.notAccepted', conflict: 'identity.passkeys.tooMany' }}
              />
            ))}
          <TextInput
            label={t('identity.passkeys.newName')}
            description={t('identity.passkeys.newName.description')}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={errors.name}
            maxLength={100}
            required
          />
          <SubmitButton pending={add.isPending} disabled={waitingForCheck || signInAgain.ended}>
            {t('identity.passkeys.add')}
          </SubmitButton>
        </Stack>
      </form>
    </Stack>
  );
}
