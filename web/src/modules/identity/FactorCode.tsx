// The second factor, as sign-in, signing in again and confirming it is you ask for it: a passkey, a code
// from the authenticator app or, switched to, a recovery code. One place, so the three steps read and
// behave alike. Sign-in step two (a pending session) and the fresh check before a sensitive action (a
// signed-in session) differ only in their endpoints and words.
import { useEffect, useRef, useState, type FormEvent, type Ref } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Anchor, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { api, ProblemError, unwrap } from '../../api/client.ts';
import { useT } from '../../i18n/locale.tsx';
import type { MessageId } from '../../i18n/messages.nl.ts';
import { ProblemAlert } from '../../app/problems.tsx';
import { useFieldErrors } from '../../app/forms.ts';
import { PasskeyCancelled, passkeysSupported, signWithPasskey } from './passkeys.ts';
import { SubmitButton } from '../../app/SubmitButton.tsx';

export type FactorMethod = 'webauthn' | 'totp' | 'recovery-code';
type CodeMethod = Exclude<FactorMethod, 'webauthn'>;

export function FactorCodeInput({
  method,
  value,
  onChange,
  error,
  inputRef,
}: {
  method: CodeMethod;
  value: string;
  onChange: (code: string) => void;
  error: string | undefined;
  inputRef?: Ref<HTMLInputElement>;
}) {
  const t = useT();
  return (
    <TextInput
      ref={inputRef}
      label={method === 'totp' ? t('signIn.code') : t('signIn.recoveryCode')}
      inputMode={method === 'totp' ? 'numeric' : 'text'}
      autoComplete="one-time-code"
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      error={error}
      required
    />
  );
}

const WORDS = {
  'sign-in': {
    webauthn: 'signIn.passkeyIntro',
    totp: 'signIn.factorIntro',
    passkeyButton: 'signIn.withPasskey',
    codeButton: 'signIn.verify',
  },
  reauthenticate: {
    webauthn: 'identity.reauthenticate.passkeyIntro',
    totp: 'identity.reauthenticate.intro',
    passkeyButton: 'identity.reauthenticate.withPasskey',
    codeButton: 'identity.reauthenticate.submit',
  },
} as const satisfies Record<string, Record<string, MessageId>>;

const ended = (error: unknown) => error instanceof ProblemError && error.code === 'sign-in-ended';

const SWITCH_LABELS: Record<FactorMethod, MessageId> = {
  webauthn: 'signIn.usePasskey',
  totp: 'signIn.useTotp',
  'recovery-code': 'signIn.useRecoveryCode',
};

/** The first of the offered methods this browser can use: a passkey first (the phishing-resistant one). */
function firstMethod(methods: readonly FactorMethod[]): FactorMethod {
  return methods.find((m) => m !== 'webauthn' || passkeysSupported()) ?? 'totp';
}

/**
 * The factor check. `purpose` 'sign-in': step two of a pending sign-in (POST /auth/second-factor or
 * /auth/webauthn/authentication; `onPassed` gets the new session's CSRF token). 'reauthenticate': a
 * signed-in session confirms it is her (POST /auth/reauthenticate or /auth/webauthn/reauthentication).
 * `methods`: what she has set up (the sign-in step names them; for re-authentication the caller knows).
 * `onEnded`: too many failures ended the pending sign-in (the caller goes back to the password).
 */
export function FactorCheck({
  purpose,
  methods,
  onPassed,
  onEnded,
}: {
  purpose: 'sign-in' | 'reauthenticate';
  methods: readonly FactorMethod[];
  onPassed: (csrfToken: string | null) => void | Promise<void>;
  onEnded?: () => void;
}) {
  const t = useT();
  const words = WORDS[purpose];
  const [method, setMethod] = useState<FactorMethod>(() => firstMethod(methods));
  const [code, setCode] = useState('');
  const { errors, setErrors, formRef } = useFieldErrors();
  // Switching to another method removes the link pressed: the new method's first control takes the focus
  // (not on the first render: the step's heading has it then).
  const codeInput = useRef<HTMLInputElement>(null);
  const passkeyButton = useRef<HTMLButtonElement>(null);
  const [switched, setSwitched] = useState(false);
  useEffect(() => {
    if (switched) (codeInput.current ?? passkeyButton.current)?.focus();
  }, [method, switched]);

  const verifyCode = useMutation({
    mutationFn: async (codeMethod: CodeMethod): Promise<string | null> => {
      const body = { method: codeMethod, code: code.trim() };
      if (purpose === 'sign-in') return unwrap(await api.POST('/auth/second-factor', { body })).csrfToken;
      unwrap(await api.POST('/auth/reauthenticate', { body }));
      return null;
    },
    onSuccess: async (csrfToken) => {
      setCode('');
      await onPassed(csrfToken);
    },
    onError: (error) => {
      if (ended(error)) onEnded?.();
      else setErrors({ code: t('signIn.factorFailed') });
    },
  });
  const passkey = useMutation({
    mutationFn: async (): Promise<string | null> => {
      if (purpose === 'sign-in') {
        const options = unwrap(await api.POST('/auth/webauthn/authentication/options', { body: {} }));
        const response = await signWithPasskey(options);
        return unwrap(await api.POST('/auth/webauthn/authentication', { body: { response } })).csrfToken;
      }
      const options = unwrap(await api.POST('/auth/webauthn/reauthentication/options', { body: {} }));
      const response = await signWithPasskey(options);
      unwrap(await api.POST('/auth/webauthn/reauthentication', { body: { response } }));
      return null;
    },
    onSuccess: async (csrfToken) => onPassed(csrfToken),
    onError: (error) => {
      if (ended(error)) onEnded?.();
    },
  });

  const switchTo = (next: FactorMethod) => {
    setSwitched(true);
    setMethod(next);
    setCode('');
    setErrors({});
    verifyCode.reset();
    passkey.reset();
  };
  const others = (['webauthn', 'totp', 'recovery-code'] as const).filter(
    (m) => m !== method && methods.includes(m) && (m !== 'webauthn' || passkeysSupported()),
  );
  const switches = others.map((m) => (
    <Anchor key={m} component="button" type="button" onClick={() => switchTo(m)}>
      {t(SWITCH_LABELS[m])}
    </Anchor>
  ));

  if (method === 'webauthn')
    return (
      <Stack>
        <Text>{t(words.webauthn)}</Text>
        {passkey.isError &&
          (passkey.error instanceof PasskeyCancelled ? (
            <Alert color="red" role="alert">
              {t('signIn.passkeyCancelled')}
            </Alert>
          ) : (
            <ProblemAlert
              error={passkey.error}
              messages={{ 'second-factor-failed': 'signIn.passkeyFailed', 'sign-in-ended': 'signIn.expired' }}
            />
          ))}
        <Button ref={passkeyButton} onClick={() => passkey.mutate()} loading={passkey.isPending}>
          {t(words.passkeyButton)}
        </Button>
        <Group gap="md">{switches}</Group>
      </Stack>
    );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (code.trim() === '') return setErrors({ code: t('form.required') });
    setErrors({});
    verifyCode.mutate(method);
  };
  return (
    <form ref={formRef} onSubmit={submit} noValidate>
      <Stack>
        <Text>{method === 'totp' ? t(words.totp) : t('signIn.recoveryIntro')}</Text>
        {verifyCode.isError && !errors.code && <ProblemAlert error={verifyCode.error} messages={{ 'sign-in-ended': 'signIn.expired' }} />}
        <FactorCodeInput method={method} value={code} onChange={setCode} error={errors.code} inputRef={codeInput} />
        <SubmitButton pending={verifyCode.isPending}>{t(words.codeButton)}</SubmitButton>
        <Group gap="md">{switches}</Group>
      </Stack>
    </form>
  );
}
