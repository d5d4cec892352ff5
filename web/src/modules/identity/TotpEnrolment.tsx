// Setting up an authenticator app: POST /auth/totp/enrolment gives the key and its otpauth:// URI (the
// QR code is drawn here, in the browser: the key never leaves for a third party), then a code confirms it.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Code, Image, Loader, Stack, Text, TextInput } from '@mantine/core';
import QRCode from 'qrcode';
import { api, rememberCsrfToken, unwrap } from '../../api/client.ts';
import { useT } from '../../i18n/locale.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { useFieldErrors } from '../../app/forms.ts';
import { SubmitButton } from '../../app/SubmitButton.tsx';

export function TotpEnrolment({ onConfirmed }: { onConfirmed: (recoveryCodes: string[]) => void }) {
  const t = useT();
  const [qr, setQr] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const { errors, setErrors, formRef } = useFieldErrors();
  const begin = useMutation({
    mutationFn: async () => unwrap(await api.POST('/auth/totp/enrolment', { body: {} })),
    onSuccess: async ({ uri }) => setQr(await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 220 })),
  });
  const confirm = useMutation({
    mutationFn: async (value: string) => unwrap(await api.POST('/auth/totp/enrolment/confirm', { body: { code: value } })),
    onSuccess: ({ csrfToken, recoveryCodes }) => {
      rememberCsrfToken(csrfToken);
      onConfirmed(recoveryCodes);
    },
    onError: () => setErrors({ code: t('totp.wrongCode') }),
  });
  // Once per enrolment screen (React's development mode runs effects twice).
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    begin.mutate();
  }, [begin]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (code.trim() === '') return setErrors({ code: t('form.required') });
    setErrors({});
    confirm.mutate(code.trim());
  };

  if (begin.isError) return <ProblemAlert error={begin.error} />;
  if (!begin.data || !qr) return <Loader aria-label={t('app.loading')} />;
  return (
    <Stack>
      <Text>{t('totp.intro')}</Text>
      <Image src={qr} alt={t('totp.qrAlt')} w={220} h={220} />
      <div>
        <Text size="sm" fw={500} id="totp-secret-label">
          {t('totp.secret')}
        </Text>
        <Code aria-labelledby="totp-secret-label" data-testid="totp-secret">
          {begin.data.secret}
        </Code>
      </div>
      <form ref={formRef} onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label={t('totp.code')}
            description={t('totp.code.description')}
            inputMode="numeric"
            autoComplete="one-time-code"
            value={code}
            onChange={(event) => setCode(event.currentTarget.value)}
            error={errors.code}
            required
          />
          <SubmitButton pending={confirm.isPending}>{t('totp.confirm')}</SubmitButton>
        </Stack>
      </form>
    </Stack>
  );
}
