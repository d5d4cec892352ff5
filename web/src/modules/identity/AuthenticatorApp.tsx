// Replacing my authenticator app (a new phone): confirm it is me with the current app or a recovery
// code, then the same enrolment as the first time (POST /auth/totp/enrolment and /confirm); the old
// key stops working once the new one is confirmed.
import { useState } from 'react';
import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useT } from '../../i18n/locale.tsx';
import { ConfirmItsMe } from './ConfirmItsMe.tsx';
import { TotpEnrolment } from './TotpEnrolment.tsx';
import { RecoveryCodes } from './RecoveryCodes.tsx';

type Step = { name: 'idle' | 'confirm' | 'enrol' | 'done' } | { name: 'recovery'; codes: string[] };

export function AuthenticatorApp() {
  const t = useT();
  const [step, setStep] = useState<Step>({ name: 'idle' });
  return (
    <Stack component="section" aria-labelledby="authenticator-app-title" maw={480}>
      <Title order={2} size="h3" id="authenticator-app-title">
        {t('identity.authenticatorApp.title')}
      </Title>
      {step.name === 'confirm' ? (
        <ConfirmItsMe onConfirmed={() => setStep({ name: 'enrol' })} />
      ) : step.name === 'enrol' ? (
        <TotpEnrolment onConfirmed={(codes) => setStep(codes.length > 0 ? { name: 'recovery', codes } : { name: 'done' })} />
      ) : step.name === 'recovery' ? (
        <RecoveryCodes codes={step.codes} onContinue={() => setStep({ name: 'done' })} />
      ) : (
        <>
          {step.name === 'done' ? (
            <Alert color="green" role="status">
              {t('identity.authenticatorApp.replaced')}
            </Alert>
          ) : (
            <Text>{t('identity.authenticatorApp.intro')}</Text>
          )}
          <Group>
            <Button variant="outline" onClick={() => setStep({ name: 'confirm' })}>
              {t('identity.authenticatorApp.replace')}
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}
