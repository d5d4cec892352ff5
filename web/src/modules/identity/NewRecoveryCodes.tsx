// New recovery codes (POST /auth/recovery-codes; the old ones stop working). The server wants a fresh
// factor check for it: when it asks (401 reauthentication-required), ConfirmItsMe, then the codes are made.
// A session that ended meanwhile asks to sign in again here.
import { useMutation } from '@tanstack/react-query';
import { Button, Group, List, Stack, Text, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useT } from '../../i18n/locale.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { asksForFactor, ConfirmItsMe } from './ConfirmItsMe.tsx';
import { useSignInAgain } from './SignInAgain.tsx';

export function NewRecoveryCodes() {
  const t = useT();
  const signInAgain = useSignInAgain();
  const renew = useMutation({
    mutationFn: async () => unwrap(await api.POST('/auth/recovery-codes', { body: {} })).recoveryCodes,
    onError: (error) => void signInAgain.caught(error),
  });

  return (
    <Stack component="section" aria-labelledby="recovery-codes-title" maw={480}>
      <Title order={2} size="h3" id="recovery-codes-title">
        {t('identity.recoveryCodes.title')}
      </Title>
      <Text>{t('identity.recoveryCodes.intro')}</Text>
      {signInAgain.panel(() => renew.reset())}
      {renew.isError && !signInAgain.ended && !asksForFactor(renew.error) && <ProblemAlert error={renew.error} />}
      {renew.isError && asksForFactor(renew.error) ? (
        <ConfirmItsMe onConfirmed={() => renew.mutate()} />
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
