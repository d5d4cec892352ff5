// What went wrong, in the user's language: a problem+json answer or an unreachable server, as an alert
// that screen readers announce. Field errors are shown at their fields by the forms themselves.
import { Alert } from '@mantine/core';
import { ProblemError } from '../api/client.ts';
import { useT } from '../i18n/locale.tsx';
import type { MessageId } from '../i18n/messages.nl.ts';

export function ProblemAlert({ error, messages = {} }: { error: unknown; messages?: Record<string, MessageId> }) {
  const t = useT();
  let text: string;
  if (error instanceof ProblemError) {
    const known = messages[error.code];
    if (known) text = t(known);
    else if (error.code === 'too-many-attempts') text = t('problem.tooManyAttempts');
    else if (error.problem.errors?.length) text = t('form.fixFields');
    else text = t('problem.generic', { requestId: error.problem.requestId ?? '-' });
  } else {
    text = t('problem.network');
  }
  return (
    <Alert color="red" role="alert">
      {text}
    </Alert>
  );
}
