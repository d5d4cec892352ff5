// New recovery codes (POST /auth/recovery-codes; the old ones stop working). The server wants a fresh
// factor check for it: when it asks (401 reauthentication-required), a code from the app or a recovery
// code confirms it is me (POST /auth/reauthenticate) and the codes are made.
import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Anchor, Button, Group, List, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { api, ProblemError, unwrap } from '../../api/client.ts';
import { useT } from '../../i18n/locale.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { useFieldErrors } from '../../app/forms.ts';

type FactorMethod = 'totp' | 'recovery-code';

const asksForFactor = (error: unknown) => error instanceof ProblemError && error.code === 'reauthentication-required';

export function NewRecoveryCodes() {
  const t = useT();
  const [method, setMethod] = useState<FactorMethod>('totp');
  const [code, setCode] = useState('');
  const { errors, setErrors, formRef } = useFieldErrors();
  const renew = useMutation({
    mutationFn: async () => unwrap(await api.POST('/auth/recovery-codes', { body: {} })).recoveryCodes,
  });
  const confirm = useMutation({
    mutationFn: async () => unwrap(await api.POST('/auth/reauthenticate', { body: { method, code: code.trim() } })),
    onSuccess: () => {
      setCode('');
      renew.mutate();
    },
    onError: () => setErrors({ code: t('signIn.factorFailed') }),
  });
  const submitCode = (event: FormEvent) => {
    event.preventDefault();
    if (code.trim() === '') return setErrors({ code: t('form.required') });
    setErrors({});
    confirm.mutate();
  };

  return (
    <Stack component="section" aria-labelledby="recovery-codes-title" maw={480}>
      <Title order={2} size="h3" id="recovery-codes-title">
        {t('identity.recoveryCodes.title')}
      </Title>
      <Text>{t('identity.recoveryCodes.intro')}</Text>
      {renew.isError && !asksForFactor(renew.error) && <ProblemAlert error={renew.error} />}
      {renew.isError && asksForFactor(renew.error) ? (
        <Paper withBorder p="md" radius="md">
          <form ref={formRef} onSubmit={submitCode} noValidate>
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
      ) : renew.isSuccess ? (
        <Stack>
          <Text role="status">{t('recovery.intro')}</Text>
          <List aria-label={t('recovery.listLabel')} ff="monospace" data-testid="new-recovery-codes">
            {renew.data.map((recoveryCode) => (
              <List.Item key={recoveryCode}>{recoveryCode}</List.Item>
            ))}
          </List>
          <Group>
            <Button onClick={() => renew.reset()}>{t('recovery.done')}</Button>
          </Group>
        </Stack>
      ) : (
        <Group>
          <Button variant="outline" onClick={() => renew.mutate()} loading={renew.isPending}>
            {t('identity.recoveryCodes.renew')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
