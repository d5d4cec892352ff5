// A processing activity's form (add, change with If-Match), retiring it with a reason, and its history:
// the parts of the register screen that change or explain one activity.
import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Group,
  List,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  type TextInputProps,
} from '@mantine/core';
import { api, ProblemError, unwrap, type Problem } from '../../api/client.ts';
import { useFormatDateTime, useT } from '../../i18n/locale.tsx';
import { SubmitButton } from '../../app/SubmitButton.tsx';
import { useFocusOnOpen, useReturnFocus } from '../../app/focus.ts';
import { QueryState, useGuardedSave } from '../identity/admin/guarded.tsx';
import { MIN_REASON } from './subjects.ts';
import { ActorName } from './ActorName.tsx';
import { registerKey } from './register.ts';
import {
  ACTIVITY_FIELDS,
  bodyOf,
  emptyValues,
  LEGAL_BASES,
  REGISTER_PROBLEMS,
  valuesOf,
  type Activity,
  type ActivityValues,
} from './register.ts';

export function ActivityForm({
  activity,
  etag,
  onDone,
  onStale,
}: {
  activity?: Activity;
  etag?: string | null;
  onDone: (created?: Activity) => unknown;
  onStale?: () => void;
}) {
  const t = useT();
  const [values, setValues] = useState<ActivityValues>(() => (activity ? valuesOf(activity) : emptyValues()));
  const first = useFocusOnOpen<HTMLInputElement>();
  const { mutation, errors, setErrors, formRef, feedback, blocked } = useGuardedSave({
    save: async () => {
      if (!activity)
        return unwrap(await api.POST('/privacy/processing-activities', { body: { key: values.key.trim(), ...bodyOf(values) } }));
      const result = await api.PATCH('/privacy/processing-activities/{activityId}', {
        params: { path: { activityId: activity.id } },
        body: etag ? bodyOf(values) : { ...bodyOf(values), version: activity.version },
        ...(etag ? { headers: { 'If-Match': etag } } : {}),
      });
      if (result.response.status === 412) onStale?.();
      return unwrap(result);
    },
    onSaved: (saved) => onDone(saved),
    fields: ['key', ...ACTIVITY_FIELDS.map((field) => field.name)],
  });
  const known = mutation.error instanceof ProblemError ? REGISTER_PROBLEMS[mutation.error.code] : undefined;
  const required = [...(activity ? [] : ['key']), ...ACTIVITY_FIELDS.filter((field) => field.required).map((field) => field.name)];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const empty = required.filter((name) => values[name as keyof ActivityValues].trim() === '');
    if (empty.length > 0) return setErrors(Object.fromEntries(empty.map((name) => [name, t('form.required')])));
    setErrors({});
    mutation.mutate();
  };
  const bind = (name: keyof ActivityValues) => ({
    value: values[name],
    onChange: (event: { currentTarget: { value: string } }) => setValues({ ...values, [name]: event.currentTarget.value }),
    error: errors[name],
  });
  const titleId = activity ? `edit-${activity.id}` : 'new-activity-title';
  return (
    <Paper withBorder p="md" maw={760} component="section" aria-labelledby={titleId}>
      <Title order={activity ? 4 : 2} size="h4" id={titleId} mb="sm">
        {activity ? t('privacy.register.change.title', { name: activity.name }) : t('privacy.register.add.title')}
      </Title>
      {known && mutation.isError ? (
        <Alert color="red" role="alert" mb="sm">
          <Text size="sm">{t(known)}</Text>
          {mutation.error instanceof ProblemError && mutation.error.code !== 'precondition-failed' && mutation.error.problem.detail && (
            <Text size="sm">{mutation.error.problem.detail}</Text>
          )}
        </Alert>
      ) : (
        feedback
      )}
      <form ref={formRef} onSubmit={submit} noValidate>
        <Stack gap="sm">
          {!activity && (
            <TextInput
              ref={first}
              label={t('privacy.register.field.key')}
              description={t('privacy.register.field.key.description')}
              required
              {...bind('key')}
            />
          )}
          {ACTIVITY_FIELDS.map((field, i) => {
            const label = t(`privacy.register.field.${field.name}`);
            const description = field.kind === 'lines' ? t('privacy.register.oneALine') : undefined;
            if (field.kind === 'basis')
              return (
                <NativeSelect
                  key={field.name}
                  label={label}
                  required
                  {...bind(field.name)}
                  data={LEGAL_BASES.map((basis) => ({ value: basis, label: t(`privacy.register.basis.${basis}`) }))}
                />
              );
            if (field.kind === 'text')
              return (
                <TextInput
                  key={field.name}
                  ref={activity && i === 0 ? first : undefined}
                  label={label}
                  required={field.required}
                  {...bind(field.name)}
                />
              );
            return (
              <Textarea
                key={field.name}
                label={label}
                description={description}
                required={field.required}
                rows={field.kind === 'lines' ? 3 : 2}
                {...bind(field.name)}
              />
            );
          })}
          <Group>
            <SubmitButton pending={mutation.isPending} disabled={blocked}>
              {activity ? t('privacy.register.change.save') : t('privacy.register.add.save')}
            </SubmitButton>
            <Button variant="subtle" onClick={() => onDone()}>
              {t('admin.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

export function RetireActivity({
  activity,
  onRetired,
  onRefused,
}: {
  activity: Activity;
  onRetired: () => unknown;
  onRefused: (error: ProblemError) => unknown;
}) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const opener = useReturnFocus<HTMLButtonElement>(open);
  const { mutation, errors, setErrors, formRef, feedback, blocked } = useGuardedSave({
    save: async () => {
      const result = await api.POST('/privacy/processing-activities/{activityId}/retire', {
        params: { path: { activityId: activity.id } },
        body: { version: activity.version, reason: reason.trim() },
      });
      // A refusal is said above the panel, which stays when the newest version no longer offers retiring.
      if (result.response.status === 409) return { refused: new ProblemError(result.error as Problem) };
      return { refused: null, retired: unwrap(result) };
    },
    onSaved: async ({ refused }) => {
      setOpen(false);
      await (refused ? onRefused(refused) : onRetired());
    },
    fields: ['reason'],
  });
  if (!open)
    return (
      <Group>
        <Button ref={opener} size="xs" variant="default" onClick={() => setOpen(true)}>
          {t('privacy.register.retire')}
        </Button>
      </Group>
    );
  return (
    <Paper withBorder p="sm" maw={640} role="group" aria-label={t('privacy.register.retire.title', { name: activity.name })}>
      {feedback}
      <form
        ref={formRef}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (reason.trim().length < MIN_REASON) return setErrors({ reason: t('privacy.request.tooShort', { min: MIN_REASON }) });
          setErrors({});
          mutation.mutate();
        }}
      >
        <Stack gap="xs">
          <Text size="sm">{t('privacy.register.retire.intro')}</Text>
          <FocusedTextInput
            label={t('admin.reason')}
            description={t('admin.reason.description')}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={errors.reason}
            required
          />
          <Group gap="xs">
            <SubmitButton size="xs" color="red" pending={mutation.isPending} disabled={blocked}>
              {t('privacy.register.retire.confirm')}
            </SubmitButton>
            <Button
              size="xs"
              variant="subtle"
              onClick={() => {
                setOpen(false);
                mutation.reset();
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

/** A text field that takes the focus when it appears (the first field of a panel a button opened). */
function FocusedTextInput(props: TextInputProps) {
  const ref = useFocusOnOpen<HTMLInputElement>();
  return <TextInput ref={ref} {...props} />;
}

export function ActivityHistory({ activityId }: { activityId: string }) {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const history = useQuery({
    queryKey: [...registerKey, 'activity', activityId, 'history'],
    queryFn: async () =>
      unwrap(await api.GET('/privacy/processing-activities/{activityId}/history', { params: { path: { activityId } } })).items,
    refetchOnWindowFocus: false,
  });
  const shown = (value: unknown): string =>
    value === null || value === ''
      ? '–'
      : Array.isArray(value)
        ? value.join('; ') || '–'
        : typeof value === 'string' || typeof value === 'number'
          ? String(value)
          : JSON.stringify(value);
  const titleId = `history-${activityId}`;
  return (
    <Stack component="section" aria-labelledby={titleId} gap="xs">
      <Title order={4} size="h5" id={titleId}>
        {t('privacy.register.history')}
      </Title>
      <QueryState query={history} loading={t('privacy.register.history.loading')}>
        {() => (
          <Table aria-labelledby={titleId} data-testid="activity-history">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('privacy.register.history.version')}</Table.Th>
                <Table.Th>{t('privacy.register.history.when')}</Table.Th>
                <Table.Th>{t('privacy.register.history.who')}</Table.Th>
                <Table.Th>{t('privacy.register.history.change')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...history.data!].reverse().map((entry) => (
                <Table.Tr key={entry.version}>
                  <Table.Td>{entry.version}</Table.Td>
                  <Table.Td>{formatDateTime(entry.changedAt)}</Table.Td>
                  <Table.Td>
                    {entry.changedBy ? <ActorName kind="account" id={entry.changedBy} /> : t('privacy.register.history.shipped')}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {t(`privacy.register.history.${entry.change}`)}
                    </Text>
                    {entry.change === 'update' && (
                      <List size="sm">
                        {entry.changes.map((change) => (
                          <List.Item key={change.field}>
                            {t('privacy.register.history.changed', {
                              field: change.field,
                              from: shown(change.from),
                              to: shown(change.to),
                            })}
                          </List.Item>
                        ))}
                      </List>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryState>
    </Stack>
  );
}
