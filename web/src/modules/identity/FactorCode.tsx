// The code of a second factor, as sign-in, signing in again and confirming it is you ask for it: a code from
// the authenticator app or, switched to, a recovery code. One place, so the three steps read and behave alike.
import { Anchor, TextInput } from '@mantine/core';
import { useT } from '../../i18n/locale.tsx';

export type FactorMethod = 'totp' | 'recovery-code';

export function FactorCodeInput({
  method,
  value,
  onChange,
  error,
}: {
  method: FactorMethod;
  value: string;
  onChange: (code: string) => void;
  error: string | undefined;
}) {
  const t = useT();
  return (
    <TextInput
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

/** Switches between the app's code and a recovery code; the caller clears the code and its error. */
export function FactorMethodSwitch({ method, onSwitch }: { method: FactorMethod; onSwitch: (next: FactorMethod) => void }) {
  const t = useT();
  return (
    <Anchor component="button" type="button" onClick={() => onSwitch(method === 'totp' ? 'recovery-code' : 'totp')}>
      {method === 'totp' ? t('signIn.useRecoveryCode') : t('signIn.useTotp')}
    </Anchor>
  );
}
