// /audit/alerts/$alertId: one detection alert (GET /audit/alerts/{alertId}, audited): the rule and what
// it looks for, whom it is about, what it counted in which window, the triggering events by id and
// action (their details are in the audit trail, for those who may search it), and who took it up and
// closed it with which finding. Acknowledging and closing (with the finding: an outcome and its
// explanation, recorded as the reason) only as the alert's allowedActions say. A 409 or 412 (someone
// else was first) shows the newest state and says so.
import { useEffect, useRef, useState, type ReactElement } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { Alert, Badge, Button, Group, Paper, Radio, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { api, ProblemError, unwrap } from '../../api/client.ts';
import { useFormatDateTime, useT } from '../../i18n/locale.tsx';
import { AnchorLink } from '../../app/AnchorLink.tsx';
import { DetailTable } from '../../app/DetailTable.tsx';
import { SubmitButton } from '../../app/SubmitButton.tsx';
import { useFocusOnOpen, useReturnFocus } from '../../app/focus.ts';
import { useReadyMark } from '../../app/screen-ready.ts';
import { sessionQuery } from '../identity/session.ts';
import { userQuery } from '../identity/admin/admin.ts';
import { QueryState, useGuardedSave } from '../identity/admin/guarded.tsx';
import {
  alertKey,
  alertsKey,
  FINDING_MIN_LENGTH,
  FINDING_TEXT,
  FINDINGS,
  ruleOf,
  SEVERITY_COLOUR,
  SEVERITY_TEXT,
  STATUS_COLOUR,
  STATUS_TEXT,
  type AlertDetail,
  type Finding,
} from './alerts.ts';
import { SubjectName } from './AlertsPage.tsx';

// The return type is written out: the router's type is made of the routes' components.
export function AlertPage(): ReactElement {
  const t = useT();
  const { alertId = '' } = useParams({ strict: false });
  const alert = useQuery({
    queryKey: alertKey(alertId),
    queryFn: async () => unwrap(await api.GET('/audit/alerts/{alertId}', { params: { path: { alertId } } })),
    refetchOnWindowFocus: false,
    retry: false,
  });
  useReadyMark('alert', !alert.isPending);
  return (
    <Stack gap="lg" maw={1200}>
      <AnchorLink to="/audit/alerts" size="sm">
        {t('audit.alert.back')}
      </AnchorLink>
      <QueryState query={alert} loading={t('audit.alert.loading')}>
        {() => <AlertDetails alert={alert.data!} />}
      </QueryState>
    </Stack>
  );
}

/** A 409 (the status no longer allows it) or 412 (changed since it was read): someone else was first. */
const overtaken = (error: unknown) => error instanceof ProblemError && [409, 412].includes(error.problem.status);

function AlertDetails({ alert }: { alert: AlertDetail }) {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const queryClient = useQueryClient();
  const rule = ruleOf(alert.rule);
  const [closing, setClosing] = useState(false);
  const [notice, setNotice] = useState<'acknowledged' | 'closed' | 'overtaken' | null>(null);
  const closeOpener = useReturnFocus<HTMLButtonElement>(closing);
  // The button pressed goes away with the action: the focus goes to what happened instead.
  const noticeBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (notice) noticeBox.current?.focus();
  }, [notice]);

  /** The newest state on the screen (before the notice says what happened), and the lists to be read again. */
  const show = async (changed: AlertDetail | null) => {
    if (changed) queryClient.setQueryData(alertKey(alert.id), changed);
    else await queryClient.refetchQueries({ queryKey: alertKey(alert.id) });
    // Reset, not only stale: the list must not show the old status first.
    await queryClient.resetQueries({ queryKey: [...alertsKey, 'list'] });
  };
  /** The action's answer, or null when someone else was first (the newest state is then read). */
  const attempt = async (action: () => Promise<AlertDetail>): Promise<AlertDetail | null> => {
    try {
      return await action();
    } catch (error) {
      if (overtaken(error)) return null;
      throw error;
    }
  };

  const acknowledge = useGuardedSave({
    save: () =>
      attempt(async () =>
        unwrap(
          await api.POST('/audit/alerts/{alertId}/acknowledge', {
            params: { path: { alertId: alert.id } },
            body: { version: alert.version },
          }),
        ),
      ),
    onSaved: async (changed) => {
      await show(changed);
      setNotice(changed ? 'acknowledged' : 'overtaken');
    },
  });

  const windowText =
    alert.windowStart === alert.windowEnd
      ? formatDateTime(alert.windowStart)
      : t('audit.alerts.window', { from: formatDateTime(alert.windowStart), to: formatDateTime(alert.windowEnd) });
  const counted =
    alert.kind === 'threshold' && alert.threshold !== null && alert.windowMinutes !== null
      ? t('audit.alert.counted.threshold', { count: alert.count, threshold: alert.threshold, minutes: alert.windowMinutes })
      : t('audit.alert.counted.match', { count: alert.count });

  return (
    <Stack gap="xl">
      <Stack gap="xs">
        <Group gap="sm">
          <Title order={1} size="h2">
            {rule ? t(rule.name) : alert.description}
          </Title>
          <Badge autoContrast color={SEVERITY_COLOUR[alert.severity]}>
            {t('audit.alert.severityBadge', { severity: t(SEVERITY_TEXT[alert.severity]) })}
          </Badge>
          <Badge autoContrast color={STATUS_COLOUR[alert.status]} data-testid="alert-status">
            {t(STATUS_TEXT[alert.status])}
          </Badge>
        </Group>
        <Text maw={720}>{rule ? t(rule.about) : t('audit.alert.customRule', { rule: alert.rule })}</Text>
      </Stack>

      {notice && (
        <Alert ref={noticeBox} tabIndex={-1} color={notice === 'overtaken' ? 'yellow' : 'green'} role="status">
          {t(
            notice === 'overtaken'
              ? 'audit.alert.overtaken'
              : notice === 'acknowledged'
                ? 'audit.alert.acknowledged'
                : 'audit.alert.closed',
          )}
        </Alert>
      )}

      <Stack component="section" aria-labelledby="alert-seen-title">
        <Title order={2} size="h3" id="alert-seen-title">
          {t('audit.alert.seen')}
        </Title>
        <DetailTable
          label={t('audit.alert.seen')}
          rows={[
            [t('audit.alerts.column.subject'), <SubjectName key="subject" actor={alert.actor} />],
            [t('audit.alert.counted'), counted],
            [t('audit.alert.window'), windowText],
            [t('audit.alert.description'), alert.description],
            [t('audit.alert.raised'), formatDateTime(alert.createdAt)],
            [
              t('audit.alert.acknowledgedBy'),
              alert.acknowledgedAt && alert.acknowledgedBy ? (
                <ByWhom key="ack" userId={alert.acknowledgedBy} at={alert.acknowledgedAt} />
              ) : undefined,
            ],
            [
              t('audit.alert.closedBy'),
              alert.closedAt && alert.closedBy ? <ByWhom key="closed" userId={alert.closedBy} at={alert.closedAt} /> : undefined,
            ],
            [t('audit.alert.finding'), alert.closeReason ?? undefined],
          ]}
        />
      </Stack>

      {(alert.allowedActions.includes('acknowledge') || alert.allowedActions.includes('close')) && (
        <Stack component="section" aria-labelledby="alert-actions-title" maw={760}>
          <Title order={2} size="h3" id="alert-actions-title">
            {t('audit.alert.actions')}
          </Title>
          {acknowledge.feedback}
          {!closing && (
            <Group>
              {alert.allowedActions.includes('acknowledge') && (
                <form onSubmit={acknowledge.submit({}, [])} noValidate>
                  <SubmitButton pending={acknowledge.mutation.isPending} disabled={acknowledge.blocked}>
                    {t('audit.alert.acknowledge')}
                  </SubmitButton>
                </form>
              )}
              {alert.allowedActions.includes('close') && (
                <Button ref={closeOpener} variant="light" onClick={() => setClosing(true)}>
                  {t('audit.alert.close')}
                </Button>
              )}
            </Group>
          )}
          {closing && alert.allowedActions.includes('close') && (
            <CloseAlert
              alert={alert}
              attempt={attempt}
              onCancel={() => setClosing(false)}
              onDone={async (changed) => {
                await show(changed);
                setClosing(false);
                setNotice(changed ? 'closed' : 'overtaken');
              }}
            />
          )}
        </Stack>
      )}

      <Stack component="section" aria-labelledby="alert-events-title">
        <Title order={2} size="h3" id="alert-events-title">
          {t('audit.alert.events')}
        </Title>
        <Text size="sm" maw={720}>
          {t('audit.alert.events.about', { shown: alert.events.length })}
        </Text>
        {alert.events.length === 0 ? (
          <Text>{t('audit.alert.events.none')}</Text>
        ) : (
          <Table data-testid="alert-events" maw={760}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('audit.alert.event.id')}</Table.Th>
                <Table.Th>{t('audit.alert.event.action')}</Table.Th>
                <Table.Th>{t('audit.alert.event.at')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {alert.events.map((event) => (
                <Table.Tr key={event.id}>
                  <Table.Td>{event.id}</Table.Td>
                  <Table.Td>
                    <code>{event.action}</code>
                  </Table.Td>
                  <Table.Td>{formatDateTime(event.occurredAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Stack>
  );
}

/** Who did it and when: "you", her name (with users.read), or "a colleague". */
function ByWhom({ userId, at }: { userId: string; at: string }) {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const session = useQuery(sessionQuery).data;
  const mine = session?.user.id === userId;
  const readsUsers = (session?.permissions['users.read']?.length ?? 0) > 0;
  const user = useQuery({ ...userQuery(userId), enabled: !mine && readsUsers, retry: false });
  const name = mine ? t('audit.alert.byYou') : (user.data?.displayName ?? t('audit.alert.byColleague'));
  return <>{t('audit.alert.byAt', { name, at: formatDateTime(at) })}</>;
}

/** The closing panel: what was found (an outcome) and the finding in words, recorded as the reason. */
function CloseAlert({
  alert,
  attempt,
  onCancel,
  onDone,
}: {
  alert: AlertDetail;
  attempt: (action: () => Promise<AlertDetail>) => Promise<AlertDetail | null>;
  onCancel: () => void;
  onDone: (changed: AlertDetail | null) => Promise<void>;
}) {
  const t = useT();
  const [outcome, setOutcome] = useState<Finding | ''>('');
  const [text, setText] = useState('');
  const first = useFocusOnOpen<HTMLInputElement>();
  const reason = () => (outcome ? `${t(FINDING_TEXT[outcome])}: ${text.trim()}` : text.trim());
  const {
    mutation: close,
    errors,
    setErrors,
    formRef,
    feedback,
    blocked,
    submit: submitWith,
  } = useGuardedSave({
    save: () =>
      attempt(async () =>
        unwrap(
          await api.POST('/audit/alerts/{alertId}/close', {
            params: { path: { alertId: alert.id } },
            body: { version: alert.version, reason: reason() },
          }),
        ),
      ),
    onSaved: onDone,
    fieldText: () => t('audit.alert.finding.tooShort', { min: FINDING_MIN_LENGTH }),
    fields: ['reason'],
  });
  const submit = submitWith({ outcome, reason: text }, ['outcome', 'reason']);
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="close-alert-title">
      {feedback}
      <form
        ref={formRef}
        noValidate
        onSubmit={(event) => {
          if (outcome && text.trim().length < FINDING_MIN_LENGTH) {
            event.preventDefault();
            setErrors({ reason: t('audit.alert.finding.tooShort', { min: FINDING_MIN_LENGTH }) });
            return;
          }
          submit(event);
        }}
      >
        <Stack>
          <Title order={3} size="h4" id="close-alert-title">
            {t('audit.alert.close.title')}
          </Title>
          <Text size="sm">{t('audit.alert.close.intro')}</Text>
          <Radio.Group
            name="outcome"
            label={t('audit.alert.finding.outcome')}
            required
            value={outcome}
            onChange={setOutcome}
            error={errors.outcome}
          >
            <Stack mt="xs" gap="xs">
              {FINDINGS.map((finding, index) => (
                <Radio key={finding} ref={index === 0 ? first : undefined} value={finding} label={t(FINDING_TEXT[finding])} />
              ))}
            </Stack>
          </Radio.Group>
          <Textarea
            id="close-alert-finding"
            name="reason"
            label={t('audit.alert.finding.text')}
            description={t('audit.alert.finding.description')}
            required
            rows={3}
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            error={errors.reason}
          />
          <Group>
            <SubmitButton pending={close.isPending} disabled={blocked}>
              {t('audit.alert.close.submit')}
            </SubmitButton>
            <Button variant="subtle" onClick={onCancel}>
              {t('admin.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
