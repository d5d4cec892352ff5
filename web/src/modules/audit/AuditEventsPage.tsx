// /audit/events: searching the audit trail (GET /audit/events, audit.read at the root unit; every search
// is itself audited as audit.search) and exporting what a filter matches (GET /audit/events/export,
// audit.export). The filters live in the address (events.ts), so a search can be reloaded and shared; a
// search runs only once a filter is given (a person, case, user, action, result or time range), never
// over the whole trail by just opening the page. Newest first, paged with the API's cursor; each event's
// details open in its row. The export is fetched (the session cookie; a read needs no CSRF token) and
// handed to the browser as a download, so that a refusal (more events than an export may hold: 400)
// is shown here with the problem's detail instead of replacing the page.
import { useEffect, useState, type FormEvent } from 'react';
import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useIntl } from 'react-intl';
import { Alert, Button, Checkbox, Fieldset, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { api, ProblemError, unwrap } from '../../api/client.ts';
import { useT } from '../../i18n/locale.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { useFieldErrors, type FieldErrors } from '../../app/forms.ts';
import { PagedSection } from '../../app/PagedSection.tsx';
import { VirtualTable } from '../../app/VirtualTable.tsx';
import { DetailTable } from '../../app/DetailTable.tsx';
import { sessionQuery } from '../identity/session.ts';
import { UserPicker } from '../cases/UserPicker.tsx';
import { AUDIT_PERMISSION, holdsAuditPermission } from './audit.ts';
import { ActionName, ActorName, ObjectName, ResultBadge } from './EventParts.tsx';
import {
  ACTION,
  ACTION_PREFIX,
  AUDIT_RESULTS,
  fromAmsterdamInput,
  hasFilter,
  RESULT_TEXT,
  toAmsterdamInput,
  UUID,
  type AuditEvent,
  type AuditResult,
  type AuditSearch,
} from './events.ts';

const PAGE = 50;

export function AuditEventsPage() {
  const t = useT();
  const navigate = useNavigate({ from: '/audit/events' });
  const search: AuditSearch = useSearch({ from: '/signed-in/audit/events' });
  const permissions = useQuery(sessionQuery).data?.permissions;
  const mayRead = holdsAuditPermission(permissions, AUDIT_PERMISSION.read);
  const mayExport = holdsAuditPermission(permissions, AUDIT_PERMISSION.export);
  const filtered = hasFilter(search);
  const events = useInfiniteQuery({
    queryKey: ['audit', 'events', search],
    queryFn: async ({ pageParam }) =>
      unwrap(await api.GET('/audit/events', { params: { query: { ...search, limit: PAGE, after: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    enabled: mayRead && filtered,
  });
  const problem = events.error instanceof ProblemError ? events.error : null;
  const refused = problem?.problem.status === 400 ? problem.fieldErrors() : {};

  return (
    <Stack maw={1400} gap="lg">
      <Title order={1} size="h2">
        {t('audit.events.title')}
      </Title>
      <Text maw={720}>{t('audit.events.intro')}</Text>
      {/* Keyed by the address: a change without the form (back button, a link) starts the form from it. */}
      <FilterForm
        key={JSON.stringify(search)}
        search={search}
        refused={refused}
        // The same filters again: search again (new events since), as the address does not change.
        onApply={(next) => (JSON.stringify(next) === JSON.stringify(search) ? void events.refetch() : void navigate({ search: next }))}
      />
      {/* A refusal belongs to the filter it was for. */}
      {mayExport && filtered && <ExportButtons key={JSON.stringify(search)} search={search} />}
      {!filtered ? (
        <Text role="status">{t('audit.events.chooseFilter')}</Text>
      ) : !mayRead ? (
        <Text>{t('audit.events.exportOnly')}</Text>
      ) : problem?.problem.status === 403 ? (
        <Alert color="red" role="alert">
          {t('audit.events.forbidden')}
        </Alert>
      ) : problem?.problem.status === 400 ? (
        <ProblemAlert error={problem} />
      ) : (
        <PagedSection
          id="audit-events"
          texts={{
            title: 'audit.events.results',
            loading: 'audit.events.loading',
            empty: 'audit.events.empty',
            error: 'audit.events.error',
          }}
          list={events}
        >
          {(items) => <EventsTable items={items} />}
        </PagedSection>
      )}
    </Stack>
  );
}

function EventsTable({ items }: { items: AuditEvent[] }) {
  const t = useT();
  const intl = useIntl();
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((previous) => {
      const next = new Set(previous);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  return (
    <VirtualTable
      items={items}
      columns={8}
      caption={t('audit.events.order')}
      head={
        <>
          <Table.Th>{t('audit.events.col.time')}</Table.Th>
          <Table.Th>{t('audit.events.col.actor')}</Table.Th>
          <Table.Th>{t('audit.events.col.action')}</Table.Th>
          <Table.Th>{t('audit.events.col.object')}</Table.Th>
          <Table.Th>{t('audit.events.col.subject')}</Table.Th>
          <Table.Th>{t('audit.events.col.result')}</Table.Th>
          <Table.Th>{t('audit.events.col.origin')}</Table.Th>
          <Table.Th>{t('audit.events.col.details')}</Table.Th>
        </>
      }
      rowKey={(event) => event.id}
      rowProps={(event) => ({ 'data-event': event.id })}
      row={(event) => (
        <>
          <Table.Td>{intl.formatDate(event.occurredAt, { dateStyle: 'medium', timeStyle: 'medium' })}</Table.Td>
          <Table.Td>
            <ActorName actor={event.actor} />
          </Table.Td>
          <Table.Td>
            <ActionName action={event.action} />
          </Table.Td>
          <Table.Td>
            <ObjectName type={event.objectType} id={event.objectId} />
            {event.objectIds && <Text size="xs">{t('audit.events.objects', { count: event.objectIds.length })}</Text>}
          </Table.Td>
          <Table.Td>
            {event.dataSubjectId && (
              <Text size="xs" ff="monospace">
                {event.dataSubjectId}
              </Text>
            )}
            {event.dataSubjectIds && <Text size="xs">{t('audit.events.subjects', { count: event.dataSubjectIds.length })}</Text>}
          </Table.Td>
          <Table.Td>
            <ResultBadge result={event.result} />
          </Table.Td>
          <Table.Td>{event.origin.ip ?? '–'}</Table.Td>
          <Table.Td>
            <Button
              size="compact-xs"
              variant="light"
              aria-expanded={open.has(event.id)}
              aria-controls={`audit-event-${event.id}`}
              onClick={() => toggle(event.id)}
            >
              {open.has(event.id) ? t('audit.events.hideDetails') : t('audit.events.showDetails')}
            </Button>
            {open.has(event.id) && (
              <div id={`audit-event-${event.id}`}>
                <EventDetails event={event} />
              </div>
            )}
          </Table.Td>
        </>
      )}
    />
  );
}

function EventDetails({ event }: { event: AuditEvent }) {
  const t = useT();
  const list = (values: string[] | null) => (values && values.length > 0 ? values.join(', ') : undefined);
  return (
    <DetailTable
      label={t('audit.events.detailsOf', { id: event.id })}
      rows={[
        [t('audit.events.detail.id'), event.id],
        [t('audit.events.detail.actorId'), event.actor.id ?? undefined],
        [t('audit.events.detail.objectIds'), list(event.objectIds)],
        [t('audit.events.detail.subjectIds'), list(event.dataSubjectIds)],
        [t('audit.events.detail.reason'), event.reason ?? undefined],
        [t('audit.events.detail.changedFields'), list(event.changedFields)],
        [t('audit.events.detail.details'), event.details ? <DetailsList details={event.details} /> : undefined],
        [t('audit.events.detail.userAgent'), event.origin.userAgent ?? undefined],
        [t('audit.events.detail.requestId'), event.requestId ?? undefined],
        [t('audit.events.detail.traceId'), event.traceId ?? undefined],
      ]}
    />
  );
}

/** What the module recorded besides, one entry a line (a value that is not text as JSON), wrapping in the cell. */
function DetailsList({ details }: { details: Record<string, unknown> }) {
  return (
    <Stack gap={0}>
      {Object.entries(details).map(([key, value]) => (
        <Text key={key} size="xs" ff="monospace">
          {key}: {typeof value === 'string' ? value : JSON.stringify(value)}
        </Text>
      ))}
    </Stack>
  );
}

interface Draft {
  personId: string;
  caseId: string;
  actorId: string;
  action: string;
  family: boolean;
  result: string;
  from: string;
  to: string;
}

/** The API's field names as the form's: an action family is the action field with its box ticked. */
const FORM_FIELD: Record<string, keyof Draft> = {
  personId: 'personId',
  caseId: 'caseId',
  actorId: 'actorId',
  action: 'action',
  actionPrefix: 'action',
  result: 'result',
  from: 'from',
  to: 'to',
};

function FilterForm({
  search,
  refused,
  onApply,
}: {
  search: AuditSearch;
  refused: Record<string, string[]>;
  onApply: (search: AuditSearch) => void;
}) {
  const t = useT();
  const [draft, setDraft] = useState<Draft>({
    personId: search.personId ?? '',
    caseId: search.caseId ?? '',
    actorId: search.actorId ?? '',
    action: search.action ?? search.actionPrefix ?? '',
    family: search.actionPrefix !== undefined,
    result: search.result ?? '',
    from: toAmsterdamInput(search.from),
    to: toAmsterdamInput(search.to),
  });
  const [none, setNone] = useState(false);
  const { errors, setErrors, formRef } = useFieldErrors();
  // The API's refusal of a filter from the address, at its field.
  const refusedFields = Object.keys(refused)
    .map((field) => FORM_FIELD[field])
    .filter((field) => field !== undefined);
  const refusedKey = refusedFields.join(',');
  useEffect(() => {
    if (refusedKey) setErrors(Object.fromEntries(refusedKey.split(',').map((field) => [field, t('form.invalid')])));
  }, [refusedKey, setErrors, t]);
  const set = (changes: Partial<Draft>) => setDraft((previous) => ({ ...previous, ...changes }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {};
    const personId = draft.personId.trim();
    const caseId = draft.caseId.trim();
    const action = draft.action.trim();
    if (personId && !UUID.test(personId)) found.personId = t('audit.events.filter.notAnId');
    if (caseId && !UUID.test(caseId)) found.caseId = t('audit.events.filter.notAnId');
    if (action && !(draft.family ? ACTION_PREFIX : ACTION).test(action)) found.action = t('audit.events.filter.actionInvalid');
    const from = draft.from ? fromAmsterdamInput(draft.from) : undefined;
    const to = draft.to ? fromAmsterdamInput(draft.to) : undefined;
    if (draft.from && !from) found.from = t('form.invalid');
    if (draft.to && !to) found.to = t('form.invalid');
    if (from && to && from > to) found.from = t('audit.events.filter.fromAfterTo');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const next: AuditSearch = {
      ...(personId ? { personId: personId.toLowerCase() } : {}),
      ...(caseId ? { caseId: caseId.toLowerCase() } : {}),
      ...(draft.actorId ? { actorId: draft.actorId } : {}),
      ...(action ? (draft.family ? { actionPrefix: action } : { action }) : {}),
      ...(AUDIT_RESULTS.includes(draft.result as AuditResult) ? { result: draft.result as AuditResult } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
    };
    setNone(!hasFilter(next));
    if (hasFilter(next)) onApply(next);
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-label={t('audit.events.filters')}>
      <Stack gap="sm">
        <Group align="flex-start">
          <TextInput
            id="audit-filter-person"
            label={t('audit.events.filter.person')}
            description={t('audit.events.filter.personHint')}
            value={draft.personId}
            onChange={(event) => set({ personId: event.currentTarget.value })}
            error={errors.personId}
            w={340}
            maxLength={36}
          />
          <TextInput
            id="audit-filter-case"
            label={t('audit.events.filter.case')}
            description={t('audit.events.filter.caseHint')}
            value={draft.caseId}
            onChange={(event) => set({ caseId: event.currentTarget.value })}
            error={errors.caseId}
            w={340}
            maxLength={36}
          />
        </Group>
        <ActorFilter
          chosenInAddress={search.actorId}
          value={draft.actorId}
          onChange={(actorId) => set({ actorId })}
          error={errors.actorId}
        />
        <Group align="flex-start">
          <Stack gap={4}>
            <TextInput
              id="audit-filter-action"
              label={t('audit.events.filter.action')}
              description={t('audit.events.filter.actionHint')}
              value={draft.action}
              onChange={(event) => set({ action: event.currentTarget.value })}
              error={errors.action}
              w={340}
              maxLength={200}
            />
            <Checkbox
              id="audit-filter-family"
              label={t('audit.events.filter.family')}
              checked={draft.family}
              onChange={(event) => set({ family: event.currentTarget.checked })}
            />
          </Stack>
          <NativeSelect
            id="audit-filter-result"
            label={t('audit.events.filter.result')}
            value={draft.result}
            onChange={(event) => set({ result: event.currentTarget.value })}
            error={errors.result}
            data={[
              { value: '', label: t('audit.events.filter.anyResult') },
              ...AUDIT_RESULTS.map((result) => ({ value: result, label: t(RESULT_TEXT[result]) })),
            ]}
          />
          <TextInput
            id="audit-filter-from"
            type="datetime-local"
            label={t('audit.events.filter.from')}
            value={draft.from}
            onChange={(event) => set({ from: event.currentTarget.value })}
            error={errors.from}
          />
          <TextInput
            id="audit-filter-to"
            type="datetime-local"
            label={t('audit.events.filter.to')}
            description={t('audit.events.filter.toHint')}
            value={draft.to}
            onChange={(event) => set({ to: event.currentTarget.value })}
            error={errors.to}
          />
        </Group>
        {none && (
          <Text c="red" size="sm" role="alert">
            {t('audit.events.filter.none')}
          </Text>
        )}
        <Group>
          <Button type="submit">{t('audit.events.filter.apply')}</Button>
          <Button variant="subtle" onClick={() => onApply({})} disabled={!hasFilter(search)}>
            {t('audit.events.filter.clear')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * The user filter: a colleague found by name (GET /users?q=, deactivated ones too), or the one the address
 * names, shown by name (GET /users/{id}) until another is chosen. A system component's name or an account
 * the session may not read shows as its id.
 */
function ActorFilter({
  chosenInAddress,
  value,
  onChange,
  error,
}: {
  chosenInAddress: string | undefined;
  value: string;
  onChange: (actorId: string) => void;
  error?: string;
}) {
  const t = useT();
  const [choosing, setChoosing] = useState(false);
  const named = useQuery({
    queryKey: ['users', 'one', chosenInAddress],
    queryFn: async () => unwrap(await api.GET('/users/{userId}', { params: { path: { userId: chosenInAddress! } } })),
    enabled: chosenInAddress !== undefined && UUID.test(chosenInAddress),
    staleTime: 5 * 60_000,
  });
  const showChosen = !choosing && value !== '' && value === chosenInAddress;
  return (
    <Fieldset legend={t('audit.events.filter.actor')} variant="unstyled">
      {showChosen ? (
        <Stack gap={4}>
          <Group>
            <Text data-testid="audit-filter-actor">{named.data?.displayName ?? value}</Text>
            <Button size="xs" variant="light" onClick={() => setChoosing(true)}>
              {t('audit.events.filter.actorOther')}
            </Button>
            <Button size="xs" variant="subtle" onClick={() => onChange('')}>
              {t('audit.events.filter.actorNone')}
            </Button>
          </Group>
          {error && (
            <Text c="red" size="sm" role="alert">
              {error}
            </Text>
          )}
        </Stack>
      ) : (
        <UserPicker id="audit-filter-actor" value={value} onChange={onChange} error={error} everyone />
      )}
    </Fieldset>
  );
}

/** "Export CSV" and "Export JSON" for the filter in the address (audit.export), as a download. */
function ExportButtons({ search }: { search: AuditSearch }) {
  const t = useT();
  const exportFile = useMutation({
    mutationFn: async (format: 'csv' | 'json') => {
      const answer = await api.GET('/audit/events/export', { params: { query: { ...search, format } }, parseAs: 'blob' });
      const file = unwrap(answer);
      const name = /filename="([^"]+)"/.exec(answer.response.headers.get('Content-Disposition') ?? '')?.[1] ?? `audit-events.${format}`;
      const url = URL.createObjectURL(file);
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
  });
  const refusal = exportFile.error instanceof ProblemError && exportFile.error.problem.status === 400 ? exportFile.error : null;
  return (
    <Stack gap="xs" component="section" aria-label={t('audit.events.export.title')}>
      <Group>
        <Button variant="default" loading={exportFile.isPending && exportFile.variables === 'csv'} onClick={() => exportFile.mutate('csv')}>
          {t('audit.events.export.csv')}
        </Button>
        <Button
          variant="default"
          loading={exportFile.isPending && exportFile.variables === 'json'}
          onClick={() => exportFile.mutate('json')}
        >
          {t('audit.events.export.json')}
        </Button>
      </Group>
      <Text size="sm">{t('audit.events.export.hint')}</Text>
      {refusal ? (
        <Alert color="red" role="alert" title={t('audit.events.export.refused')}>
          {refusal.problem.detail ?? refusal.problem.title}
        </Alert>
      ) : (
        exportFile.isError && <ProblemAlert error={exportFile.error} />
      )}
    </Stack>
  );
}
