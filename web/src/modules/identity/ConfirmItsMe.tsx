// A fresh factor check before a sensitive action (POST /auth/reauthenticate): a code from the app or a
// recovery code; for 10 minutes the session may then change its factors.
import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Anchor, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { api, ProblemError, unwrap } from '../../api/client.ts';
import { useT } from '../../i18n/locale.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { useFieldErrors } from '../../app/forms.ts';

type FactorMethod = 'totp' | 'recovery-code';

/** The server's 401 asking for that check (not a session that ended). */
export const asksForFactor = (error: unknown) => error instanceof ProblemError && error.code === 'reauthentication-required';

export function ConfirmItsMe({ onConfirmed }: { onConfirmed: () => void }) {
  const t = useT();
  const [method, setMethod] = useState<FactorMethod>('totp');
  const [code, setCode] = useState('');
  const { errors, setErrors, formRef } = useFieldErrors();
  const confirm = useMutation({
    mutationFn: async () => unwrap(await api.POST('/auth/reauthenticate', { body: { method, code: code.trim() } })),
    onSuccess: () => {
      setCode('');
      onConfirmed();
    },
    onError: () => setErrors({ code: t('signIn.factorFailed') }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (code.trim() === '') return setErrors({ code: t('form.required') });
    setErrors({});
    confirm.mutate();
  };

  return (
    <Paper withBorder p="md" radius="md">
      <form ref={formRef} onSubmit={submit} noValidate>
        <Stack>
          <Text>{method === 'totp' ? t('identity.reauthenticate.intro') : t('signIn.recoveryIntro')}</Text>
          {confirm.isError && !errors.code && <ProblemAlert error={confirm.error} />}
          <TextInput
            label={method === 'totp' ? t('signIn.code') : t('signIn.recoveryCode')}
            inputMode={method === 'totp' ? 'numeric' : 'text'}
            autoComplete="one-time-code"
            value={code}
            onChange={(event) => setCode(event.currentTarget.value)}
            error={errors.code}
            required
          />
          <Group>
            <Button type="submit" loading={confirm.isPending}>
              {t('identity.reauthenticate.submit')}
            </Button>
            <Anchor
              component="button"
              type="button"
              onClick={() => {
                setMethod(method === 'totp' ? 'recovery-code' : 'totp');
                setCode('');
                setErrors({});
              }}
            >
              {method === 'totp' ? t('signIn.useRecoveryCode') : t('signIn.useTotp')}
            </Anchor>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
