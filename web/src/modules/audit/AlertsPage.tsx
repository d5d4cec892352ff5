// /audit/alerts: the detection alerts of the units where the session holds audit.alerts (never those
// about oneself: the API leaves them out), newest first as the API orders them. Without a status chosen
// the open ones come first, then those someone is looking into; a status (or all) shows one list. The
// filters are in the address (alerts.ts validateAlertsSearch), so a reload or a shared link keeps them.
import type { ReactElement } from 'react';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { Badge, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useFormatDateTime, useT } from '../../i18n/locale.tsx';
import type { MessageId } from '../../i18n/messages.nl.ts';
import { AnchorLink } from '../../app/AnchorLink.tsx';
import { PagedSection, usePagedList } from '../../app/PagedSection.tsx';
import { VirtualTable } from '../../app/VirtualTable.tsx';
import {
  ALERT_SEVERITIES,
  ALERT_STATUSES,
  ALERTS_PAGE,
  alertsKey,
  RULES,
  ruleOf,
  SEVERITY_COLOUR,
  SEVERITY_TEXT,
  STATUS_COLOUR,
  STATUS_TEXT,
  type Alert,
  type AlertsSearch,
  type AlertStatus,
} from './alerts.ts';

const LIST_TITLE: Record<AlertStatus | 'all', MessageId> = {
  open: 'audit.alerts.list.open',
  acknowledged: 'audit.alerts.list.acknowledged',
  closed: 'audit.alerts.list.closed',
  all: 'audit.alerts.list.all',
};

// The return type is written out: the router's type is made of the routes' components.
export function AlertsPage(): ReactElement {
  const t = useT();
  const search: AlertsSearch = useSearch({ from: '/signed-in/audit/alerts' });
  const navigate = useNavigate({ from: '/audit/alerts' });
  const go = (changes: Partial<AlertsSearch>) =>
    void navigate({ search: (previous: AlertsSearch) => ({ ...previous, ...changes }), replace: true });
  const filters = { severity: search.severity, rule: search.rule };
  const ruleIds = [...Object.keys(RULES), ...(search.rule && !ruleOf(search.rule) ? [search.rule] : [])];
  return (
    <Stack gap="lg" maw={1200}>
      <AnchorLink to="/audit" size="sm">
        {t('audit.back')}
      </AnchorLink>
      <Title order={1} size="h2">
        {t('audit.alerts.title')}
      </Title>
      <Text maw={720}>{t('audit.alerts.intro')}</Text>
      <Group align="flex-end" role="group" aria-label={t('audit.alerts.filters')}>
        <NativeSelect
          id="alerts-status"
          label={t('audit.alerts.filter.status')}
          value={search.status ?? ''}
          onChange={(event) => go({ status: (event.currentTarget.value || undefined) as AlertsSearch['status'] })}
          data={[
            { value: '', label: t('audit.alerts.filter.status.toHandle') },
            ...ALERT_STATUSES.map((value) => ({ value, label: t(STATUS_TEXT[value]) })),
            { value: 'all', label: t('audit.alerts.filter.status.all') },
          ]}
        />
        <NativeSelect
          id="alerts-severity"
          label={t('audit.alerts.filter.severity')}
          value={search.severity ?? ''}
          onChange={(event) => go({ severity: (event.currentTarget.value || undefined) as AlertsSearch['severity'] })}
          data={[
            { value: '', label: t('audit.alerts.filter.any') },
            ...ALERT_SEVERITIES.map((value) => ({ value, label: t(SEVERITY_TEXT[value]) })),
          ]}
        />
        <NativeSelect
          id="alerts-rule"
          label={t('audit.alerts.filter.rule')}
          value={search.rule ?? ''}
          onChange={(event) => go({ rule: event.currentTarget.value || undefined })}
          data={[
            { value: '', label: t('audit.alerts.filter.any') },
            ...ruleIds.map((id) => {
              const known = ruleOf(id);
              return { value: id, label: known ? t(known.name) : id };
            }),
          ]}
        />
      </Group>
      {search.status ? (
        <AlertList status={search.status} filters={filters} />
      ) : (
        <>
          <AlertList status="open" filters={filters} />
          <AlertList status="acknowledged" filters={filters} />
        </>
      )}
    </Stack>
  );
}

function AlertList({ status, filters }: { status: AlertStatus | 'all'; filters: Pick<AlertsSearch, 'severity' | 'rule'> }) {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const list = usePagedList([...alertsKey, 'list', status, filters.severity ?? '', filters.rule ?? ''], async (after) =>
    unwrap(
      await api.GET('/audit/alerts', {
        params: {
          query: {
            ...(status === 'all' ? {} : { status }),
            ...(filters.severity ? { severity: filters.severity } : {}),
            ...(filters.rule ? { rule: filters.rule } : {}),
            limit: ALERTS_PAGE,
            after,
          },
        },
      }),
    ),
  );
  return (
    <PagedSection
      id={`alerts-${status}`}
      texts={{ title: LIST_TITLE[status], loading: 'audit.alerts.loading', empty: 'audit.alerts.empty', error: 'audit.alerts.error' }}
      list={list}
    >
      {(items: Alert[]) => (
        <VirtualTable
          items={items}
          columns={5}
          head={
            <>
              <Table.Th>{t('audit.alerts.column.rule')}</Table.Th>
              <Table.Th>{t('audit.alerts.column.subject')}</Table.Th>
              <Table.Th>{t('audit.alerts.column.when')}</Table.Th>
              <Table.Th>{t('audit.alerts.column.severity')}</Table.Th>
              <Table.Th>{t('audit.alerts.column.status')}</Table.Th>
            </>
          }
          rowKey={(alert) => alert.id}
          rowProps={(alert) => ({ 'data-testid': `alert-${alert.id}` })}
          row={(alert) => {
            const rule = ruleOf(alert.rule);
            return (
              <>
                <Table.Td>
                  <AnchorLink to="/audit/alerts/$alertId" params={{ alertId: alert.id }}>
                    {rule ? t(rule.name) : alert.description}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>
                  <SubjectName actor={alert.actor} />
                </Table.Td>
                <Table.Td>
                  {alert.windowStart === alert.windowEnd
                    ? formatDateTime(alert.windowStart)
                    : t('audit.alerts.window', { from: formatDateTime(alert.windowStart), to: formatDateTime(alert.windowEnd) })}
                </Table.Td>
                <Table.Td>
                  <Badge autoContrast color={SEVERITY_COLOUR[alert.severity]}>
                    {t(SEVERITY_TEXT[alert.severity])}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Badge autoContrast color={STATUS_COLOUR[alert.status]}>
                    {t(STATUS_TEXT[alert.status])}
                  </Badge>
                </Table.Td>
              </>
            );
          }}
        />
      )}
    </PagedSection>
  );
}

/** Whom the alert is about: her name, or the account's id when the API could not name it; a service account says so. */
export function SubjectName({ actor }: { actor: Alert['actor'] }) {
  const t = useT();
  const name = actor.displayName ?? actor.id;
  return <>{actor.kind === 'service' ? t('audit.alerts.serviceAccount', { name }) : name}</>;
}
