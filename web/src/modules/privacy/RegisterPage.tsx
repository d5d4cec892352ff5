// /privacy/register: the processing register (GDPR art. 30). Every privacy and audit permission reads
// it (`GET /privacy/processing-activities`, by status); an activity opens in place with its fields
// (`GET …/{activityId}`, whose ETag a change names in If-Match) and its history. With
// privacy.register-manage, as each activity's allowedActions say: add, change (a 412 shows the newest
// version and keeps the input), retire with a reason (an activity still covering audit actions cannot:
// the API's 409 is shown with its detail).
import { useEffect, useRef, useState, type ReactElement } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Code, Group, List, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import type { ProblemError } from '../../api/client.ts';
import { api, unwrap } from '../../api/client.ts';
import { useFormatDateTime, useT } from '../../i18n/locale.tsx';
import { AnchorLink } from '../../app/AnchorLink.tsx';
import { DetailTable } from '../../app/DetailTable.tsx';
import { useReturnFocus } from '../../app/focus.ts';
import { sessionQuery } from '../identity/session.ts';
import { QueryState } from '../identity/admin/guarded.tsx';
import { holds, PRIVACY_PERMISSION } from './privacy.ts';
import { registerKey } from './register.ts';
import { ActivityForm, ActivityHistory, RetireActivity } from './ActivityEditing.tsx';
import { REGISTER_PROBLEMS, type Activity, type RegisterStatus } from './register.ts';

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
