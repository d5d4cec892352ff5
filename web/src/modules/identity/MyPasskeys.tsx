// My passkeys (GET /auth/webauthn/credentials), adding one (AddPasskey) and removing one (DELETE, needs a
// fresh factor check; the server refuses to remove the last second factor).
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Loader, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useFormatDateTime, useT } from '../../i18n/locale.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { useSignInAgain } from './SignInAgain.tsx';
import { asksForFactor, ConfirmItsMe, myPasskeysQuery, passkeysKey } from './ConfirmItsMe.tsx';
import { AddPasskey } from './AddPasskey.tsx';
import { RecoveryCodes } from './RecoveryCodes.tsx';

export function MyPasskeys() {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const queryClient = useQueryClient();
  // The passkey waiting for the factor check before it can be removed.
  const [waiting, setWaiting] = useState<string | null>(null);
  const passkeys = useQuery(myPasskeysQuery);
  // The passkey just added (its name for the confirmation), with recovery codes when she had none left.
  const [added, setAdded] = useState<{ name: string; recoveryCodes: string[] } | null>(null);
  // A session that ended meanwhile asks to sign in again here.
  const signInAgain = useSignInAgain();
  const remove = useMutation({
    mutationFn: async (credentialId: string) =>
      unwrap(await api.DELETE('/auth/webauthn/credentials/{credentialId}', { params: { path: { credentialId } } })),
    onSuccess: () => {
      setAdded(null);
      return queryClient.invalidateQueries({ queryKey: passkeysKey });
    },
    onError: (error, credentialId) => {
      if (signInAgain.caught(error)) return;
      if (asksForFactor(error)) setWaiting(credentialId);
    },
  });

  return (
    <Stack component="section" aria-labelledby="passkeys-title" maw={720}>
      <Title order={2} size="h3" id="passkeys-title">
        {t('identity.passkeys.title')}
      </Title>
      {added && (
        <Alert color="green" role="status">
          {t('identity.passkeys.added', { name: added.name })}
        </Alert>
      )}
      {added && added.recoveryCodes.length > 0 && (
        <RecoveryCodes codes={added.recoveryCodes} onContinue={() => setAdded({ ...added, recoveryCodes: [] })} />
      )}
      {signInAgain.panel(() => remove.reset())}
      {remove.isError && !signInAgain.ended && !asksForFactor(remove.error) && (
        <ProblemAlert error={remove.error} messages={{ conflict: 'identity.passkeys.lastFactor' }} />
      )}
      {waiting && (
        <ConfirmItsMe
          onConfirmed={() => {
            setWaiting(null);
            remove.mutate(waiting);
          }}
        />
      )}
      {passkeys.isPending ? (
        <Loader aria-label={t('identity.passkeys.loading')} role="status" />
      ) : passkeys.isError ? (
        <ProblemAlert error={passkeys.error} />
      ) : passkeys.data.items.length === 0 ? (
        <Text>{t('identity.passkeys.none')}</Text>
      ) : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('identity.passkeys.name')}</Table.Th>
              <Table.Th>{t('identity.passkeys.createdAt')}</Table.Th>
              <Table.Th>{t('identity.passkeys.lastUsedAt')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('identity.passkeys.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {passkeys.data.items.map((passkey) => (
              <Table.Tr key={passkey.id}>
                <Table.Td>{passkey.name}</Table.Td>
                <Table.Td>{formatDateTime(passkey.createdAt)}</Table.Td>
                <Table.Td>{passkey.lastUsedAt ? formatDateTime(passkey.lastUsedAt) : t('identity.passkeys.neverUsed')}</Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="outline"
                    color="red.9"
                    disabled={waiting !== null}
                    loading={remove.isPending && remove.variables === passkey.id}
                    onClick={() => remove.mutate(passkey.id)}
                    aria-label={t('identity.passkeys.removeLabel', { name: passkey.name })}
                  >
                    {t('identity.passkeys.remove')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Title order={3} size="h4">
        {t('identity.passkeys.addTitle')}
      </Title>
      <AddPasskey
        onAdded={async ({ name, recoveryCodes }) => {
          setAdded({ name, recoveryCodes });
          await queryClient.invalidateQueries({ queryKey: passkeysKey });
        }}
      />
    </Stack>
  );
}
