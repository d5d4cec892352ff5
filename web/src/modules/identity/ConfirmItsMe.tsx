// A fresh factor check before a sensitive action: a passkey (POST /auth/webauthn/reauthentication), a
// code from the app or a recovery code (POST /auth/reauthenticate); for 10 minutes the session may then
// change its factors. A passkey is offered first when she has one (GET /auth/webauthn/credentials): the
// session does not say which factors she has, her passkeys list does.
import { useEffect, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Loader, Paper } from '@mantine/core';
import { api, ProblemError, unwrap } from '../../api/client.ts';
import { useT } from '../../i18n/locale.tsx';
import { FactorCheck, type FactorMethod } from './FactorCode.tsx';

/** The server's 401 asking for that check (not a session that ended). */
export const asksForFactor = (error: unknown) => error instanceof ProblemError && error.code === 'reauthentication-required';

/** Her passkeys; MyPasskeys lists the same query. */
export const passkeysKey = ['identity', 'my-passkeys'];
export const myPasskeysQuery = {
  queryKey: passkeysKey,
  queryFn: async () => unwrap(await api.GET('/auth/webauthn/credentials')),
  refetchOnWindowFocus: false,
};

export function ConfirmItsMe({ onConfirmed }: { onConfirmed: () => void }) {
  const t = useT();
  const passkeys = useQuery(myPasskeysQuery);
  // Without the list (still loading, or it failed) the codes are still there to use.
  const methods: FactorMethod[] = [...(passkeys.data?.items.length ? (['webauthn'] as const) : []), 'totp', 'recovery-code'];
  // The check appears because an action asked for it: the focus goes to where one answers it (the code
  // field, or the passkey button), once it is there.
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!passkeys.isPending) box.current?.querySelector<HTMLElement>('input, button')?.focus();
  }, [passkeys.isPending]);
  return (
    <Paper withBorder p="md" radius="md" ref={box}>
      {passkeys.isPending ? (
        <Loader aria-label={t('identity.passkeys.loading')} role="status" />
      ) : (
        <FactorCheck purpose="reauthenticate" methods={methods} onPassed={onConfirmed} />
      )}
    </Paper>
  );
}
