// A small form asking why (closing, reopening, ending an assignment, cancelling a task): the reason goes
// to the audit trail. A failed save keeps the reason and shows the problem at the field or above it; an
// ended session asks to sign in again here, and the reason is still there to be saved again.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { useT } from '../../i18n/locale.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { SubmitButton } from '../../app/SubmitButton.tsx';
import { problemFieldErrors, useFieldErrors } from '../../app/forms.ts';
import { useSignInAgain } from '../identity/SignInAgain.tsx';

interface ReasonFormProps {
  id: string;
  label: string;
  submitLabel: string;
  intro?: ReactNode;
  save: (reason: string) => Promise<unknown>;
  onDone: () => void;
  onCancel: () => void;
}

export function ReasonForm({ id, label, submitLabel, intro, save, onDone, onCancel }: ReasonFormProps) {
  const t = useT();
  const [reason, setReason] = useState('');
  const { errors, setErrors, formRef } = useFieldErrors();
  const signInAgain = useSignInAgain();
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => field.current?.focus(), []);
  const mutation = useMutation({
    mutationFn: () => save(reason.trim()),
    onSuccess: onDone,
    onError: (error) => {
      if (signInAgain.caught(error)) return;
      setErrors(problemFieldErrors(error, () => t('form.invalid')));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim() === '') return setErrors({ reason: t('form.required') });
    setErrors({});
    mutation.mutate();
  };
  return (
    <Paper withBorder p="sm" radius="md">
      {signInAgain.panel(() => mutation.reset())}
      <form ref={formRef} onSubmit={submit} noValidate>
        <Stack gap="xs">
          {intro && <Text size="sm">{intro}</Text>}
          {mutation.isError && !signInAgain.ended && Object.keys(errors).length === 0 && (
            <ProblemAlert error={mutation.error} messages={{ 'precondition-failed': 'cases.stale' }} />
          )}
          <Textarea
            ref={field}
            id={`${id}-reason`}
            label={label}
            required
            autosize
            minRows={2}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={errors.reason}
          />
          <Group gap="xs">
            <SubmitButton size="xs" pending={mutation.isPending} disabled={signInAgain.ended}>
              {submitLabel}
            </SubmitButton>
            <Button type="button" size="xs" variant="subtle" onClick={onCancel}>
              {t('cases.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
