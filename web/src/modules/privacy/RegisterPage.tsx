// /privacy/register: the processing register (GDPR art. 30). Every privacy and audit permission reads
// it (`GET /privacy/processing-activities`, by status); an activity opens in place with its fields
// (`GET …/{activityId}`, whose ETag a change names in If-Match) and its history. With
// privacy.register-manage, as each activity's allowedActions say: add, change (a 412 shows the newest
// version and keeps the input), retire with a reason (an activity still covering audit actions cannot:
// the API's 409 is shown with its detail).
import { useEffect, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Badge,
  Button,
  Code,
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
import { AnchorLink } from '../../app/AnchorLink.tsx';
import { DetailTable } from '../../app/DetailTable.tsx';
import { SubmitButton } from '../../app/SubmitButton.tsx';
import { useFocusOnOpen, useReturnFocus } from '../../app/focus.ts';
import { sessionQuery } from '../identity/session.ts';
import { QueryState, useGuardedSave } from '../identity/admin/guarded.tsx';
import { holds, PRIVACY_PERMISSION } from './privacy.ts';
import { MIN_REASON } from './subjects.ts';
import { ActorName } from './ActorName.tsx';
import {
  ACTIVITY_FIELDS,
  bodyOf,
  emptyValues,
  LEGAL_BASES,
  REGISTER_PROBLEMS,
  valuesOf,
  type Activity,
  type ActivityValues,
  type RegisterStatus,
} from './register.ts';

const registerKey = ['privacy', 'register'];
const STATUSES: RegisterStatus[] = ['active', 'retired', 'all'];

export function RegisterPage(): ReactElement {
  const t = useT();
  const queryClient = useQueryClient();
  const permissions = useQuery(sessionQuery).data?.permissions;
  const manages = holds(permissions, PRIVACY_PERMISSION.registerManage);
  const [status, setStatus] = useState<RegisterStatus>('active');
  const [adding, setAdding] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const [retired, setRetired] = useState<string | null>(null);
  const notice = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (retired) notice.current?.focus();
  }, [retired]);
  const addButton = useReturnFocus<HTMLButtonElement>(adding);
  const activities = useQuery({
    queryKey: [...registerKey, 'list', status],
    queryFn: async () => unwrap(await api.GET('/privacy/processing-activities', { params: { query: { status } } })).items,
    refetchOnWindowFocus: false,
  });
  return (
    <Stack gap="xl">
      <AnchorLink to="/privacy" size="sm">
        {t('privacy.back')}
      </AnchorLink>
      <Title order={1} size="h2">
        {t('privacy.register.title')}
      </Title>
      <Text maw={720}>{t('privacy.register.intro')}</Text>
      {manages &&
        (adding ? (
          <ActivityForm
            onDone={async (created) => {
              setAdding(false);
              if (created) {
                await queryClient.invalidateQueries({ queryKey: registerKey });
                setOpen(created.id);
              }
            }}
          />
        ) : (
          <Group>
            <Button ref={addButton} onClick={() => setAdding(true)}>
              {t('privacy.register.add')}
            </Button>
          </Group>
        ))}
      <Stack component="section" aria-labelledby="register-list-title" gap="sm">
        <Group justify="space-between" align="flex-end">
          <Title order={2} size="h3" id="register-list-title">
            {t('privacy.register.list')}
          </Title>
          <NativeSelect
            label={t('privacy.register.status')}
            value={status}
            onChange={(event) => setStatus(event.currentTarget.value as RegisterStatus)}
            data={STATUSES.map((value) => ({ value, label: t(`privacy.register.status.${value}`) }))}
          />
        </Group>
        {retired && (
          <Text ref={notice} tabIndex={-1} role="status">
            {t('privacy.register.retired', { name: retired })}
          </Text>
        )}
        <QueryState query={activities} loading={t('privacy.register.loading')}>
          {() =>
            activities.data!.length === 0 ? (
              <Text>{t('privacy.register.empty')}</Text>
            ) : (
              <Stack gap="xs">
                {activities.data!.map((activity) => (
                  <ActivityCard
                    key={activity.id}
                    activity={activity}
                    open={open === activity.id}
                    onToggle={() => setOpen(open === activity.id ? null : activity.id)}
                    onRetired={() => setRetired(activity.name)}
                  />
                ))}
              </Stack>
            )
          }
        </QueryState>
      </Stack>
    </Stack>
  );
}

function ActivityCard({
  activity,
  open,
  onToggle,
  onRetired,
}: {
  activity: Activity;
  open: boolean;
  onToggle: () => void;
  onRetired: () => void;
}) {
  const t = useT();
  const panelId = `activity-${activity.id}`;
  return (
    <Paper withBorder p="sm" component="article" aria-labelledby={`${panelId}-name`} data-testid="processing-activity">
      <Group justify="space-between" wrap="nowrap">
        <Stack gap={2}>
          <Title order={3} size="h5" id={`${panelId}-name`}>
            {activity.name}
          </Title>
          <Text size="sm">
            <Code>{activity.key}</Code> · {t(`privacy.register.basis.${activity.legalBasis}`)}
          </Text>
        </Stack>
        <Group gap="xs" wrap="nowrap">
          {activity.status === 'retired' && (
            <Badge color="gray" autoContrast>
              {t('privacy.register.status.retired')}
            </Badge>
          )}
          <Button size="xs" variant="default" aria-expanded={open} aria-controls={open ? panelId : undefined} onClick={onToggle}>
            {open ? t('privacy.register.close') : t('privacy.register.open', { name: activity.name })}
          </Button>
        </Group>
      </Group>
      {open && (
        <div id={panelId}>
          <ActivityPanel activityId={activity.id} onRetired={onRetired} />
        </div>
      )}
    </Paper>
  );
}

/** One activity as the API has it now, with its ETag (the version a change names). */
function useActivity(activityId: string) {
  return useQuery({
    queryKey: [...registerKey, 'activity', activityId],
    queryFn: async () => {
      const result = await api.GET('/privacy/processing-activities/{activityId}', { params: { path: { activityId } } });
      return { activity: unwrap(result), etag: result.response.headers.get('ETag') };
    },
    refetchOnWindowFocus: false,
  });
}

function ActivityPanel({ activityId, onRetired }: { activityId: string; onRetired: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const current = useActivity(activityId);
  const [editing, setEditing] = useState(false);
  const [retireRefusal, setRetireRefusal] = useState<ProblemError | null>(null);
  const editButton = useReturnFocus<HTMLButtonElement>(editing);
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: registerKey });
  };
  return (
    <Stack gap="md" mt="sm">
      <QueryState query={current} loading={t('privacy.register.activity.loading')}>
        {() => {
          const { activity, etag } = current.data!;
          const may = (action: string) => activity.allowedActions.includes(action);
          return (
            <>
              <ActivityDetails activity={activity} />
              {editing ? (
                <ActivityForm
                  activity={activity}
                  etag={etag}
                  onStale={() => void current.refetch()}
                  onDone={async () => {
                    setEditing(false);
                    setRetireRefusal(null);
                    await refresh();
                  }}
                />
              ) : (
                may('update') && (
                  <Group>
                    <Button ref={editButton} size="xs" variant="default" onClick={() => setEditing(true)}>
                      {t('privacy.register.change')}
                    </Button>
                  </Group>
                )
              )}
              {retireRefusal && (
                <Alert color="red" role="alert" title={t('privacy.register.retire.refused')} data-testid="retire-refused">
                  <Text size="sm">{t(REGISTER_PROBLEMS[retireRefusal.code] ?? 'privacy.register.problem.conflict')}</Text>
                  {retireRefusal.problem.detail && <Text size="sm">{retireRefusal.problem.detail}</Text>}
                </Alert>
              )}
              {may('retire') ? (
                <RetireActivity
                  activity={activity}
                  onRetired={async () => {
                    setRetireRefusal(null);
                    onRetired();
                    await refresh();
                  }}
                  onRefused={async (error) => {
                    setRetireRefusal(error);
                    await refresh();
                  }}
                />
              ) : (
                may('update') &&
                activity.auditActions.length > 0 &&
                !retireRefusal && <Text size="sm">{t('privacy.register.retire.notWhileCovering')}</Text>
              )}
            </>
          );
        }}
      </QueryState>
      <ActivityHistory activityId={activityId} />
    </Stack>
  );
}

function ActivityDetails({ activity }: { activity: Activity }) {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const list = (items: string[]) =>
    items.length === 0 ? (
      t('privacy.register.none')
    ) : (
      <List size="sm">
        {items.map((item) => (
          <List.Item key={item}>{item}</List.Item>
        ))}
      </List>
    );
  const text = (value: string) => (value === '' ? t('privacy.register.none') : value);
  return (
    <DetailTable
      label={t('privacy.register.details', { name: activity.name })}
      rows={[
        [t('privacy.register.field.key'), <Code key="key">{activity.key}</Code>],
        [t('privacy.register.field.purpose'), activity.purpose],
        [t('privacy.register.field.legalBasis'), t(`privacy.register.basis.${activity.legalBasis}`)],
        [t('privacy.register.field.legalBasisDetail'), text(activity.legalBasisDetail)],
        [t('privacy.register.field.dataSubjectCategories'), list(activity.dataSubjectCategories)],
        [t('privacy.register.field.personalDataCategories'), list(activity.personalDataCategories)],
        [t('privacy.register.field.specialCategories'), list(activity.specialCategories)],
        [t('privacy.register.field.recipients'), list(activity.recipients)],
        [t('privacy.register.field.processors'), list(activity.processors)],
        [t('privacy.register.field.thirdCountryTransfers'), text(activity.thirdCountryTransfers)],
        [t('privacy.register.field.retention'), activity.retention],
        [t('privacy.register.field.securityMeasures'), list(activity.securityMeasures)],
        [t('privacy.register.field.controller'), activity.controller],
        [t('privacy.register.field.dpoContact'), text(activity.dpoContact)],
        [t('privacy.register.field.auditActions'), list(activity.auditActions)],
        [t('privacy.register.field.status'), t(`privacy.register.status.${activity.status}`)],
        [
          t('privacy.register.field.retired'),
          activity.retiredAt ? `${formatDateTime(activity.retiredAt)}: ${activity.retireReason ?? ''}` : undefined,
        ],
        [t('privacy.register.field.version'), String(activity.version)],
        [t('privacy.register.field.updatedAt'), formatDateTime(activity.updatedAt)],
      ]}
    />
  );
}

function ActivityForm({
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

function RetireActivity({
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

function ActivityHistory({ activityId }: { activityId: string }) {
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
