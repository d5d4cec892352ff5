// A fresh factor check before a sensitive action (POST /auth/reauthenticate): a code from the app or a
// recovery code; for 10 minutes the session may then change its factors.
import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { api, ProblemError, unwrap } from '../../api/client.ts';
import { useT } from '../../i18n/locale.tsx';
import { FactorCodeInput, FactorMethodSwitch, type FactorMethod } from './FactorCode.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { useFieldErrors } from '../../app/forms.ts';

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
          <FactorCodeInput method={method} value={code} onChange={setCode} error={errors.code} />
          <Group>
            <Button type="submit" loading={confirm.isPending}>
              {t('identity.reauthenticate.submit')}
            </Button>
            <FactorMethodSwitch
              method={method}
              onSwitch={(next) => {
                setMethod(next);
                setCode('');
                setErrors({});
              }}
            />
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
