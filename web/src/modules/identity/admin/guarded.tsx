// The administrator's saves share one way of failing well: a session that ended asks to sign in again
// (the input stays), a 401 reauthentication-required asks for a fresh factor check (ConfirmItsMe) and
// then tries again, field errors from problem+json land at their fields, and anything else is said in
// words. ReasonAction is the small form most support actions are: why (for the audit trail), then do it.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { ProblemError } from '../../../api/client.ts';
import { useT } from '../../../i18n/locale.tsx';
import type { MessageId } from '../../../i18n/messages.nl.ts';
import { ProblemAlert } from '../../../app/problems.tsx';
import { useFieldErrors, type FieldErrors } from '../../../app/forms.ts';
import { useSignInAgain } from '../SignInAgain.tsx';
import { asksForFactor, ConfirmItsMe } from '../ConfirmItsMe.tsx';
import { SubmitButton } from '../../../app/SubmitButton.tsx';

/** What the administrator's screens say to the API's refusals. */
export const ADMIN_PROBLEMS: Record<string, MessageId> = {
  forbidden: 'admin.problem.forbidden',
  'not-found': 'admin.problem.notFound',
  conflict: 'admin.problem.conflict',
  'precondition-failed': 'admin.problem.stale',
};

export function useGuardedSave<TData>(options: {
  save: () => Promise<TData>;
  onSaved?: (data: TData) => unknown;
  /** The text for a field the API refused (default: "not accepted", or "already in use"). */
  fieldText?: (field: string) => string | undefined;
  /** The fields the form shows; a refusal naming another one is said above the form. Default: all. */
  fields?: readonly string[];
  /** What to say to a refusal, by problem code, where the screen knows better than ADMIN_PROBLEMS. */
  problems?: Record<string, MessageId>;
}) {
  const t = useT();
  const { errors, setErrors, formRef } = useFieldErrors();
  const signInAgain = useSignInAgain();
  const [confirming, setConfirming] = useState(false);
  const [elsewhere, setElsewhere] = useState<string[]>([]);
  const mutation = useMutation({
    mutationFn: options.save,
    onSuccess: options.onSaved,
    onError: (error) => {
      if (signInAgain.caught(error)) return;
      if (asksForFactor(error)) return setConfirming(true);
      const refused = fieldErrorsOf(
        error,
        (field, details) =>
          options.fieldText?.(field) ?? (details.some((d) => /already in use/i.test(d)) ? t('admin.field.taken') : t('form.invalid')),
      );
      const shown = (field: string) => !options.fields || options.fields.includes(field);
      setErrors(Object.fromEntries(Object.entries(refused).filter(([field]) => shown(field))));
      setElsewhere(Object.entries(refused).flatMap(([field, text]) => (shown(field) ? [] : [text])));
    },
    onMutate: () => setElsewhere([]),
  });
  const blocked = signInAgain.ended || confirming;
  // Shown above the caller's form, never in it: the panels are forms of their own, and a form inside a
  // form submits the page natively.
  const feedback: ReactNode = (
    <>
      {signInAgain.panel(() => mutation.reset())}
      {confirming && (
        <FocusOnShow>
          <ConfirmItsMe
            onConfirmed={() => {
              setConfirming(false);
              mutation.mutate();
            }}
          />
        </FocusOnShow>
      )}
      {mutation.isError && !blocked && elsewhere.length > 0 && (
        <Alert color="red" role="alert">
          {elsewhere.join(' ')}
        </Alert>
      )}
      {mutation.isError && !blocked && Object.keys(errors).length === 0 && elsewhere.length === 0 && (
        <ProblemAlert error={mutation.error} messages={{ ...ADMIN_PROBLEMS, ...options.problems }} />
      )}
    </>
  );
  /** Checks the required fields, then saves. */
  const submit = (values: Record<string, string>, required: string[]) => (event: FormEvent) => {
    event.preventDefault();
    const empty = required.filter((field) => (values[field] ?? '').trim() === '');
    if (empty.length > 0) return setErrors(Object.fromEntries(empty.map((field) => [field, t('form.required')])));
    setErrors({});
    mutation.mutate();
  };
  return { mutation, errors, setErrors, formRef, feedback, blocked, submit };
}

/** Moves the focus to the first field inside when it appears: the check asked for is where one types next. */
function FocusOnShow({ children }: { children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.querySelector<HTMLElement>('input')?.focus();
  }, []);
  return <div ref={box}>{children}</div>;
}

function fieldErrorsOf(error: unknown, textFor: (field: string, details: string[]) => string): FieldErrors {
  if (!(error instanceof ProblemError)) return {};
  return Object.fromEntries(Object.entries(error.fieldErrors()).map(([field, details]) => [field, textFor(field, details)]));
}

/**
 * A button that opens a small form: the reason (recorded in the audit trail), then the action. For
 * deactivating, unlocking, revoking and the like; the form takes the focus and gives it back on cancel.
 */
export function ReasonAction({
  label,
  confirmLabel,
  intro,
  run,
  onDone,
  danger = false,
  withReason = true,
  problems,
}: {
  label: string;
  confirmLabel?: string;
  intro?: string;
  run: (reason: string) => Promise<unknown>;
  onDone?: (result: unknown) => unknown;
  danger?: boolean;
  withReason?: boolean;
  problems?: Record<string, MessageId>;
}) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const opener = useRef<HTMLButtonElement>(null);
  const field = useRef<HTMLInputElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const {
    mutation: save,
    errors,
    formRef,
    feedback,
    blocked,
    submit,
  } = useGuardedSave({
    save: () => run(reason.trim()),
    onSaved: async (result) => {
      setOpen(false);
      setReason('');
      await onDone?.(result);
    },
    ...(problems ? { problems } : {}),
  });
  useEffect(() => {
    if (open) (withReason ? field.current : confirmButton.current)?.focus();
  }, [open, withReason]);
  if (!open)
    return (
      <Button ref={opener} size="xs" variant="light" color={danger ? 'red' : undefined} onClick={() => setOpen(true)}>
        {label}
      </Button>
    );
  return (
    <Paper withBorder p="sm" radius="md" w="100%">
      {feedback}
      <form ref={formRef} onSubmit={submit({ reason }, withReason ? ['reason'] : [])} noValidate>
        <Stack gap="xs">
          {intro && <Text size="sm">{intro}</Text>}
          {withReason && (
            <TextInput
              ref={field}
              label={t('admin.reason')}
              description={t('admin.reason.description')}
              value={reason}
              onChange={(event) => setReason(event.currentTarget.value)}
              error={errors.reason}
              required
            />
          )}
          <Group gap="xs">
            <SubmitButton
              ref={confirmButton}

              size="xs"
              color={danger ? 'red' : undefined}
              pending={save.isPending}
              disabled={blocked}
            >
              {confirmLabel ?? label}
            </SubmitButton>
            <Button
              size="xs"
              variant="subtle"
              onClick={() => {
                setOpen(false);
                save.reset();
                setTimeout(() => opener.current?.focus());
              }}
            >
              {t('admin.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** Loading, error (with retry) or the content: for a screen's main query. */
export function QueryState({
  query,
  loading,
  children,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown };
  loading: string;
  children: () => ReactNode;
}) {
  const t = useT();
  if (query.isPending)
    return (
      <Text role="status" aria-live="polite">
        {loading}
      </Text>
    );
  if (query.isError)
    return (
      <Stack align="flex-start">
        <ProblemAlert error={query.error} messages={ADMIN_PROBLEMS} />
        <Button size="xs" variant="light" onClick={() => void query.refetch()}>
          {t('tasks.retry')}
        </Button>
      </Stack>
    );
  return <>{children()}</>;
}
