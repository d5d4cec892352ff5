// My account: my sessions, my password, my authenticator app, my passkeys and my recovery codes.
import { Stack, Title } from '@mantine/core';
import { useT } from '../../i18n/locale.tsx';
import { MySessions } from './MySessions.tsx';
import { ChangePassword } from './ChangePassword.tsx';
import { NewRecoveryCodes } from './NewRecoveryCodes.tsx';
import { AuthenticatorApp } from './AuthenticatorApp.tsx';
import { MyPasskeys } from './MyPasskeys.tsx';

export function AccountPage() {
  const t = useT();
  return (
    <Stack gap="xl">
      <Title order={1} size="h2">
        {t('identity.account.title')}
      </Title>
      <MySessions />
      <ChangePassword />
      <AuthenticatorApp />
      <MyPasskeys />
      <NewRecoveryCodes />
    </Stack>
  );
}
