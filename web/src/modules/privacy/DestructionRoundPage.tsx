// /privacy/destruction/$roundId: one destruction list. Its status (what happens next), the signatures (who
// drew it up, reviewed and approved it, when), the tally, the decisions the API offers now (allowedActions:
// take a case off with a reason, review = the first signature, approve = the second, by another person,
// cancel with a reason), each an inline panel that takes the focus and saves through useGuardedSave. The
// reviewer gets no approve action and is told why (four eyes). After the approval the job destroys the
// cases: the page says "being carried out" and asks again every 2 s until the list is done (bounded),
// then shows the report (which cases went, what went with them, on whose approval) and the PDF link.
import { useRef, type ReactElement, type RefObject } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { Alert, Anchor, Badge, Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { api, ProblemError, unwrap } from '../../api/client.ts';
import { useFormatDate, useFormatDateTime, useT } from '../../i18n/locale.tsx';
import { DetailTable } from '../../app/DetailTable.tsx';
import { PagedSection, usePagedList } from '../../app/PagedSection.tsx';
import { useReadyMark } from '../../app/screen-ready.ts';
import { sessionQuery } from '../identity/session.ts';
import { QueryState, ReasonAction } from '../identity/admin/guarded.tsx';
import { useCaseLabels } from '../cases/labels.ts';
import {
  carryingOut,
  COUNT_LABEL,
  DESTRUCTION_PROBLEMS,
  destructionKey,
  ITEM_STATUS,
  mayDestroy,
  PAGE_SIZE,
  POLL_LIMIT,
  reportPdfUrl,
  ROUND_STATUS_HINT,
  roundKey,
  roundQuery,
  SKIP_REASON,
  tallyValues,
  type Counts,
  type Round,
  type RoundItem,
} from './destruction.ts';
import { RoundStatus } from './DestructionListsPage.tsx';

// The return type is written out: the router's type is made of the routes' components.
export function DestructionRoundPage(): ReactElement {
  const t = useT();
  const { roundId = '' } = useParams({ strict: false });
  const session = useQuery(sessionQuery).data;
  const allowed = mayDestroy(session?.permissions);
  return (
    <Stack gap="xl">
      <Anchor component={Link} to="/privacy/destruction" size="sm">
        {t('privacy.destruction.back')}
      </Anchor>
      {allowed ? <RoundScreen roundId={roundId} me={session?.user.id ?? ''} /> : <Text>{t('privacy.destruction.noPermission')}</Text>}
    </Stack>
  );
}

function RoundScreen({ roundId, me }: { roundId: string; me: string }) {
  const t = useT();
  const queryClient = useQueryClient();
  const round = useQuery(roundQuery(roundId));
  // Read so each answer renders (even an unchanged one): the polls left are counted from the query's state.
  void round.dataUpdatedAt;
  const polls = queryClient.getQueryState(roundKey(roundId))?.dataUpdateCount ?? 0;
  useReadyMark('destruction-round', !round.isPending);
  const status = round.error instanceof ProblemError ? round.error.problem.status : 0;
  if (round.isError && (status === 404 || status === 400))
    return (
      <Stack>
        <Title order={1} size="h2">
          {t('privacy.destruction.notFound.title')}
        </Title>
        <Text>{t('privacy.destruction.notFound.text')}</Text>
      </Stack>
    );
  return (
    <QueryState query={round} loading={t('privacy.destruction.round.loading')}>
      {() => <RoundDetails round={round.data!} me={me} pollsLeft={polls < POLL_LIMIT} refresh={() => void round.refetch()} />}
    </QueryState>
  );
}

function RoundDetails({ round, me, pollsLeft, refresh }: { round: Round; me: string; pollsLeft: boolean; refresh: () => void }) {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const formatDate = useFormatDate();
  const statusRef = useRef<HTMLDivElement>(null);
  const someone = t('privacy.destruction.someone');
  const signed = (by: Round['reviewedBy'], at: string | null) =>
    by && at ? t('privacy.destruction.signedBy', { name: by.displayName ?? someone, when: formatDateTime(at) }) : undefined;
  return (
    <Stack gap="xl">
      <Stack gap="xs">
        <Title order={1} size="h2">
          {t('privacy.destruction.round.title', { when: formatDateTime(round.proposedAt) })}
        </Title>
        <Group gap="sm">
          <RoundStatus round={round} focusRef={statusRef} />
          <Text data-testid="round-status-hint">{t(ROUND_STATUS_HINT[round.status])}</Text>
        </Group>
        {carryingOut(round) && (
          <Alert color="orange" data-testid="round-carrying-out">
            <Group gap="sm">
              {pollsLeft ? (
                <>
                  <Loader size="xs" aria-hidden />
                  <Text size="sm">{t('privacy.destruction.polling')}</Text>
                </>
              ) : (
                <>
                  <Text size="sm">{t('privacy.destruction.pollingStopped')}</Text>
                  <Button size="xs" variant="light" onClick={refresh}>
                    {t('privacy.destruction.refresh')}
                  </Button>
                </>
              )}
            </Group>
          </Alert>
        )}
      </Stack>

      <Stack component="section" aria-labelledby="round-signatures-title">
        <Title order={2} size="h3" id="round-signatures-title">
          {t('privacy.destruction.signatures')}
        </Title>
        <DetailTable
          label={t('privacy.destruction.signatures')}
          rows={[
            [
              t('privacy.destruction.proposedAt'),
              round.proposedBy
                ? t('privacy.destruction.signedBy', {
                    name: round.proposedBy.displayName ?? someone,
                    when: formatDateTime(round.proposedAt),
                  })
                : t('privacy.destruction.bySchedule.at', { when: formatDateTime(round.proposedAt) }),
            ],
            [t('privacy.destruction.cutoff'), t('privacy.destruction.cutoffDay', { day: formatDate(round.cutoff) })],
            [t('privacy.destruction.reviewed'), signed(round.reviewedBy, round.reviewedAt) ?? t('privacy.destruction.notYet')],
            [t('privacy.destruction.approved'), signed(round.approvedBy, round.approvedAt) ?? t('privacy.destruction.notYet')],
            [t('privacy.destruction.startedAt'), round.startedAt ? formatDateTime(round.startedAt) : undefined],
            [t('privacy.destruction.completedAt'), round.completedAt ? formatDateTime(round.completedAt) : undefined],
            [t('privacy.destruction.cancelled'), signed(round.cancelledBy, round.cancelledAt)],
            [t('privacy.destruction.cancelReason'), round.cancelReason ?? undefined],
          ]}
        />
      </Stack>

      <Stack component="section" aria-labelledby="round-tally-title">
        <Title order={2} size="h3" id="round-tally-title">
          {t('privacy.destruction.tally')}
        </Title>
        <Text data-testid="round-tally">{t('privacy.destruction.tallyShort', tallyValues(round))}</Text>
        {round.tally.withdrawn > 0 && <Text size="sm">{t('privacy.destruction.tally.withdrawn', { count: round.tally.withdrawn })}</Text>}
        {round.tally.blobsPending > 0 && (
          <Text size="sm">{t('privacy.destruction.tally.blobsPending', { count: round.tally.blobsPending })}</Text>
        )}
      </Stack>

      <Decisions round={round} me={me} statusRef={statusRef} />

      {round.status === 'completed' ? <RoundReport round={round} /> : <RoundItems round={round} />}
    </Stack>
  );
}

function Decisions({ round, me, statusRef }: { round: Round; me: string; statusRef: RefObject<HTMLDivElement | null> }) {
  const t = useT();
  const queryClient = useQueryClient();
  const allowed = new Set(round.allowedActions);
  const path = { params: { path: { roundId: round.id } } };
  const decided = async (result: unknown) => {
    queryClient.setQueryData(roundKey(round.id), result);
    await queryClient.invalidateQueries({ queryKey: destructionKey });
    // The button pressed is gone with the status it belonged to: the focus goes to the new status.
    setTimeout(() => statusRef.current?.focus());
  };
  const ownReview = round.status === 'reviewed' && !allowed.has('approve') && round.reviewedBy?.id === me;
  if (allowed.size === 0 && !ownReview) return null;
  return (
    <Stack component="section" aria-labelledby="round-decisions-title" align="flex-start">
      <Title order={2} size="h3" id="round-decisions-title">
        {t('privacy.destruction.decisions')}
      </Title>
      {allowed.has('review') && (
        <ReasonAction
          label={t('privacy.destruction.review')}
          intro={t('privacy.destruction.review.intro', { count: round.tally.pending })}
          withReason={false}
          problems={DESTRUCTION_PROBLEMS}
          run={async () => unwrap(await api.POST('/privacy/destruction-lists/{roundId}/review', { ...path, body: {} }))}
          onDone={decided}
        />
      )}
      {allowed.has('approve') && (
        <ReasonAction
          label={t('privacy.destruction.approve')}
          intro={t('privacy.destruction.approve.intro', { count: round.tally.pending })}
          withReason={false}
          danger
          problems={DESTRUCTION_PROBLEMS}
          run={async () => unwrap(await api.POST('/privacy/destruction-lists/{roundId}/approve', { ...path, body: {} }))}
          onDone={decided}
        />
      )}
      {ownReview && (
        <Alert color="blue" data-testid="four-eyes">
          {t('privacy.destruction.fourEyes')}
        </Alert>
      )}
      {allowed.has('cancel') && (
        <ReasonAction
          label={t('privacy.destruction.cancel')}
          intro={t('privacy.destruction.cancel.intro')}
          danger
          problems={DESTRUCTION_PROBLEMS}
          run={async (reason) => unwrap(await api.POST('/privacy/destruction-lists/{roundId}/cancel', { ...path, body: { reason } }))}
          onDone={decided}
        />
      )}
    </Stack>
  );
}

/** What went with a case (or with the whole list), the kinds with anything in them. */
function useCountsText() {
  const t = useT();
  return (counts: Counts | null) => {
    if (!counts) return '';
    const parts = (Object.keys(COUNT_LABEL) as (keyof Counts)[])
      .filter((kind) => counts[kind] > 0)
      .map((kind) => `${t(COUNT_LABEL[kind])}: ${counts[kind]}`);
    return parts.length > 0 ? parts.join(', ') : t('privacy.destruction.count.none');
  };
}

function RoundItems({ round }: { round: Round }) {
  const t = useT();
  const formatDate = useFormatDate();
  const labels = useCaseLabels();
  const queryClient = useQueryClient();
  const mayRemove = round.allowedActions.includes('remove-item');
  // The status in the key: the cases are asked again when the list moves on (carried out, cancelled).
  const items = usePagedList<RoundItem>([...destructionKey, 'items', round.id, round.status], async (after) =>
    unwrap(
      await api.GET('/privacy/destruction-lists/{roundId}/items', {
        params: { path: { roundId: round.id }, query: { limit: PAGE_SIZE, ...(after ? { after } : {}) } },
      }),
    ),
  );
  return (
    <PagedSection
      id="round-items"
      texts={{
        title: 'privacy.destruction.items',
        loading: 'privacy.destruction.items.loading',
        empty: 'privacy.destruction.items.empty',
        error: 'privacy.destruction.items.error',
      }}
      list={items}
    >
      {(rows) => (
        <Table data-testid="round-items-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('privacy.destruction.caseNumber')}</Table.Th>
              <Table.Th>{t('privacy.destruction.caseType')}</Table.Th>
              <Table.Th>{t('privacy.destruction.retentionUntil')}</Table.Th>
              <Table.Th>{t('privacy.destruction.item.status')}</Table.Th>
              <Table.Th>{t('privacy.destruction.item.note')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((item) => (
              <Table.Tr key={item.id}>
                <Table.Td>{item.caseNumber}</Table.Td>
                <Table.Td>{labels.type(item.caseTypeKey)}</Table.Td>
                <Table.Td>{formatDate(item.retentionUntil)}</Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    {t(ITEM_STATUS[item.status])}
                    {item.legalHold && (
                      <Badge color="red.9" autoContrast>
                        {t('privacy.destruction.item.legalHold')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Stack gap="xs" align="flex-start">
                    <ItemNote item={item} />
                    {mayRemove && item.status === 'pending' && (
                      <ReasonAction
                        label={t('privacy.destruction.remove', { number: item.caseNumber })}
                        confirmLabel={t('privacy.destruction.remove.confirm')}
                        intro={t('privacy.destruction.remove.intro', { number: item.caseNumber })}
                        problems={DESTRUCTION_PROBLEMS}
                        run={async (reason) =>
                          unwrap(
                            await api.POST('/privacy/destruction-lists/{roundId}/items/{itemId}/remove', {
                              params: { path: { roundId: round.id, itemId: item.id } },
                              body: { reason },
                            }),
                          )
                        }
                        onDone={async (result) => {
                          queryClient.setQueryData(roundKey(round.id), result);
                          await queryClient.invalidateQueries({ queryKey: [...destructionKey, 'items', round.id] });
                        }}
                      />
                    )}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </PagedSection>
  );
}

function ItemNote({ item }: { item: Pick<RoundItem, 'status' | 'removedBy' | 'removedAt' | 'removalReason' | 'skipReason'> }) {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  if (item.status === 'removed')
    return (
      <Text size="sm">
        {t('privacy.destruction.item.removedBy', {
          name: item.removedBy?.displayName ?? t('privacy.destruction.someone'),
          when: item.removedAt ? formatDateTime(item.removedAt) : '',
          reason: item.removalReason ?? '',
        })}
      </Text>
    );
  if (item.status === 'skipped' && item.skipReason)
    return <Text size="sm">{SKIP_REASON[item.skipReason] ? t(SKIP_REASON[item.skipReason]!) : item.skipReason}</Text>;
  return null;
}

function RoundReport({ round }: { round: Round }) {
  const t = useT();
  const formatDate = useFormatDate();
  const formatDateTime = useFormatDateTime();
  const labels = useCaseLabels();
  const countsText = useCountsText();
  const report = useQuery({
    queryKey: [...destructionKey, 'report', round.id],
    queryFn: async () => unwrap(await api.GET('/privacy/destruction-lists/{roundId}/report', { params: { path: { roundId: round.id } } })),
    refetchOnWindowFocus: false,
  });
  return (
    <Stack component="section" aria-labelledby="round-report-title" data-testid="round-report">
      <Title order={2} size="h3" id="round-report-title">
        {t('privacy.destruction.report')}
      </Title>
      <Text maw={720}>
        {t('privacy.destruction.report.about', {
          reviewer: round.reviewedBy?.displayName ?? t('privacy.destruction.someone'),
          approver: round.approvedBy?.displayName ?? t('privacy.destruction.someone'),
        })}
      </Text>
      <Anchor href={reportPdfUrl(round.id)} download w="fit-content">
        {t('privacy.destruction.report.pdf')}
      </Anchor>
      <Text>{t('privacy.destruction.report.totals', { what: countsText(round.tally.totals) })}</Text>
      <QueryState query={report} loading={t('privacy.destruction.report.loading')}>
        {() => (
          <Table data-testid="round-report-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('privacy.destruction.caseNumber')}</Table.Th>
                <Table.Th>{t('privacy.destruction.caseType')}</Table.Th>
                <Table.Th>{t('privacy.destruction.retentionUntil')}</Table.Th>
                <Table.Th>{t('privacy.destruction.item.status')}</Table.Th>
                <Table.Th>{t('privacy.destruction.report.what')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.data!.items.map((item) => (
                <Table.Tr key={item.caseId}>
                  <Table.Td>{item.caseNumber}</Table.Td>
                  <Table.Td>{labels.type(item.caseTypeKey)}</Table.Td>
                  <Table.Td>{formatDate(item.retentionUntil)}</Table.Td>
                  <Table.Td>
                    {t(ITEM_STATUS[item.status])}
                    {item.doneAt && <Text size="sm">{formatDateTime(item.doneAt)}</Text>}
                  </Table.Td>
                  <Table.Td>{item.status === 'destroyed' ? countsText(item.counts) : <ItemNote item={item} />}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryState>
    </Stack>
  );
}
