// The team's cases (GET /cases?view=team: the units where the caller reads all cases, shielded ones
// excepted by the API), filtered as the API's query allows: status, track, case type and the worker
// (assignedTo: the cases she works on now; the choice lists the team's colleagues). The API lists newest
// change first and offers no other order, so none is offered here.
// Filters live in the page's address (shareable, back button); an answer that refuses a filter value
// shows at that field.
import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Anchor, Button, Group, NativeSelect, Stack, Table, TextInput } from '@mantine/core';
import { api, ProblemError, unwrap } from '../../api/client.ts';
import { useFormatDateTime, useT } from '../../i18n/locale.tsx';
import type { MessageId } from '../../i18n/messages.nl.ts';
import { TRACKS, type CaseFilters, type Track } from '../../app/team/search.ts';
import { PagedSection, usePagedList } from '../../app/PagedSection.tsx';
import { VirtualTable } from '../../app/VirtualTable.tsx';
import { sessionQuery } from '../identity/session.ts';
import { useColleagues } from '../identity/colleagues.ts';

const TRACK_TEXT: Record<Track, MessageId> = {
  emotional: 'team.track.emotional',
  practical: 'team.track.practical',
  legal: 'team.track.legal',
  'damage-recovery': 'team.track.damageRecovery',
  'criminal-proceedings': 'team.track.criminalProceedings',
};
/** The statuses of the standard case type (cases migration 0001); another type's statuses show as their key. */
const STATUS_TEXT: Record<string, MessageId> = {
  intake: 'team.caseStatus.intake',
  active: 'team.caseStatus.active',
  'on-hold': 'team.caseStatus.onHold',
  closed: 'team.caseStatus.closed',
};

export function TeamCases({ filters, onFiltersChange }: { filters: CaseFilters; onFiltersChange: (filters: CaseFilters) => void }) {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const cases = usePagedList(['cases', 'team', filters], async (after) =>
    unwrap(
      await api.GET('/cases', {
        params: {
          query: {
            view: 'team',
            status: filters.status,
            track: filters.track,
            caseTypeKey: filters.type,
            assignedTo: filters.worker,
            limit: 25,
            after,
          },
        },
      }),
    ),
  );
  const refused = cases.error instanceof ProblemError ? Object.keys(cases.error.fieldErrors()) : [];

  return (
    <Stack>
      {/* Keyed by the address: when it changes without the form (back button), the form starts from it. */}
      <CaseFilterForm
        key={`${filters.status ?? ''}|${filters.track ?? ''}|${filters.type ?? ''}|${filters.worker ?? ''}`}
        filters={filters}
        refused={refused}
        onApply={onFiltersChange}
      />
      <PagedSection
        id="team-cases"
        texts={{ title: 'team.cases.title', loading: 'team.cases.loading', empty: 'team.cases.empty', error: 'team.cases.error' }}
        list={cases}
      >
        {(items) => (
          <VirtualTable
            items={items}
            columns={6}
            caption={t('team.cases.order')}
            head={
              <>
                <Table.Th>{t('casework.cases.number')}</Table.Th>
                <Table.Th>{t('casework.cases.type')}</Table.Th>
                <Table.Th>{t('casework.cases.status')}</Table.Th>
                <Table.Th>{t('team.cases.tracks')}</Table.Th>
                <Table.Th>{t('team.cases.openedAt')}</Table.Th>
                <Table.Th>{t('casework.cases.updatedAt')}</Table.Th>
              </>
            }
            rowKey={(item) => item.id}
            row={(item) => (
              <>
                <Table.Td>
                  {/* The case screen is its own route: a plain link. */}
                  <Anchor href={`/cases/${item.id}`}>{item.number}</Anchor>
                </Table.Td>
                <Table.Td>{item.caseTypeKey}</Table.Td>
                <Table.Td>{STATUS_TEXT[item.status] ? t(STATUS_TEXT[item.status]!) : item.status}</Table.Td>
                <Table.Td>
                  {item.tracks.map((track) => (TRACK_TEXT[track as Track] ? t(TRACK_TEXT[track as Track]) : track)).join(', ')}
                </Table.Td>
                <Table.Td>{formatDateTime(item.openedAt)}</Table.Td>
                <Table.Td>{formatDateTime(item.updatedAt)}</Table.Td>
              </>
            )}
          />
        )}
      </PagedSection>
    </Stack>
  );
}

function CaseFilterForm(props: { filters: CaseFilters; refused: string[]; onApply: (filters: CaseFilters) => void }) {
  const t = useT();
  const { filters } = props;
  const [draft, setDraft] = useState({
    status: filters.status ?? '',
    track: filters.track ?? '',
    type: filters.type ?? '',
    worker: filters.worker ?? '',
  });
  // The workers of the units whose cases the caller reads (users.read there: her own team).
  const colleagues = useColleagues(useQuery(sessionQuery).data?.permissions['cases.read-unit'] ?? []);
  const fieldError = (field: string) => (props.refused.includes(field) ? t('form.invalid') : undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onApply({
      status: draft.status || undefined,
      track: TRACKS.find((track) => track === draft.track),
      type: draft.type.trim() || undefined,
      worker: draft.worker || undefined,
    });
  };
  const statusOptions = Object.keys(STATUS_TEXT);
  // A status from the address that the standard type does not know stays choosable.
  if (filters.status && !statusOptions.includes(filters.status)) statusOptions.push(filters.status);

  return (
    <form onSubmit={submit} noValidate aria-label={t('team.cases.filters')}>
      <Group align="flex-end">
        <NativeSelect
          id="team-cases-status"
          label={t('team.cases.status')}
          value={draft.status}
          onChange={(event) => setDraft({ ...draft, status: event.currentTarget.value })}
          error={fieldError('status')}
          data={[
            { value: '', label: t('team.cases.any') },
            ...statusOptions.map((value) => ({ value, label: STATUS_TEXT[value] ? t(STATUS_TEXT[value]) : value })),
          ]}
        />
        <NativeSelect
          id="team-cases-track"
          label={t('team.cases.track')}
          value={draft.track}
          onChange={(event) => setDraft({ ...draft, track: event.currentTarget.value })}
          error={fieldError('track')}
          data={[{ value: '', label: t('team.cases.any') }, ...TRACKS.map((value) => ({ value, label: t(TRACK_TEXT[value]) }))]}
        />
        <NativeSelect
          id="team-cases-worker"
          label={t('team.cases.worker')}
          value={draft.worker}
          onChange={(event) => setDraft({ ...draft, worker: event.currentTarget.value })}
          error={fieldError('assignedTo')}
          description={colleagues.isError ? t('team.assign.colleaguesError') : undefined}
          data={[
            { value: '', label: t('team.cases.anyone') },
            ...colleagues.assignable.map((colleague) => ({ value: colleague.id, label: colleague.displayName })),
            // A worker from the address who is not (or no longer) listed stays chosen.
            ...(filters.worker && !colleagues.assignable.some((colleague) => colleague.id === filters.worker)
              ? [{ value: filters.worker, label: colleagues.nameOf(filters.worker) ?? t('team.person.unknown') }]
              : []),
          ]}
        />
        <TextInput
          id="team-cases-type"
          label={t('team.cases.type')}
          description={t('team.cases.typeHint')}
          value={draft.type}
          onChange={(event) => setDraft({ ...draft, type: event.currentTarget.value })}
          error={fieldError('caseTypeKey')}
          maxLength={100}
        />
        <Button type="submit">{t('team.cases.apply')}</Button>
        <Button
          variant="subtle"
          onClick={() => props.onApply({})}
          disabled={!filters.status && !filters.track && !filters.type && !filters.worker}
        >
          {t('team.cases.clear')}
        </Button>
      </Group>
    </form>
  );
}
