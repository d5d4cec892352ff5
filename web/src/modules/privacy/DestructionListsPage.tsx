// /privacy/destruction: the destruction lists (privacy.destruction), newest first, paged with the API's
// cursor, each with its status and tally and a link to its page; and drawing up a list now of the cases
// past their retention date that are not on legal hold (the monthly schedule does the same). 409 when
// nothing is due is said in words; the new list opens at once.
import type { ReactElement, Ref } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { Anchor, Badge, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useFormatDate, useFormatDateTime, useT } from '../../i18n/locale.tsx';
import { PagedSection, usePagedList } from '../../app/PagedSection.tsx';
import { sessionQuery } from '../identity/session.ts';
import { ReasonAction } from '../identity/admin/guarded.tsx';
import {
  destructionKey,
  mayDestroy,
  PAGE_SIZE,
  PROPOSE_PROBLEMS,
  ROUND_COLOUR,
  ROUND_STATUS,
  tallyValues,
  type Round,
} from './destruction.ts';

// The return type is written out: the router's type is made of the routes' components.
export function DestructionListsPage(): ReactElement {
  const t = useT();
  const permissions = useQuery(sessionQuery).data?.permissions;
  return (
    <Stack gap="xl">
      <Anchor component={Link} to="/privacy" size="sm">
        {t('privacy.destruction.backToPrivacy')}
      </Anchor>
      <Title order={1} size="h2">
        {t('privacy.destruction.title')}
      </Title>
      <Text maw={720}>{t('privacy.destruction.intro')}</Text>
      {mayDestroy(permissions) ? <Lists /> : <Text>{t('privacy.destruction.noPermission')}</Text>}
    </Stack>
  );
}

function Lists() {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const formatDate = useFormatDate();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const rounds = usePagedList([...destructionKey, 'rounds'], async (after) =>
    unwrap(await api.GET('/privacy/destruction-lists', { params: { query: { limit: PAGE_SIZE, ...(after ? { after } : {}) } } })),
  );
  return (
    <>
      <Paper withBorder p="md" component="section" aria-labelledby="destruction-propose-title" maw={720}>
        <Stack align="flex-start" gap="xs">
          <Title order={2} size="h3" id="destruction-propose-title">
            {t('privacy.destruction.propose.title')}
          </Title>
          <Text size="sm">{t('privacy.destruction.propose.about')}</Text>
          <ReasonAction
            label={t('privacy.destruction.propose')}
            confirmLabel={t('privacy.destruction.propose.confirm')}
            intro={t('privacy.destruction.propose.intro')}
            withReason={false}
            problems={PROPOSE_PROBLEMS}
            run={async () => unwrap(await api.POST('/privacy/destruction-lists', { body: {} }))}
            onDone={async (round) => {
              await queryClient.invalidateQueries({ queryKey: destructionKey });
              await navigate({ to: '/privacy/destruction/$roundId', params: { roundId: (round as Round).id } });
            }}
          />
        </Stack>
      </Paper>
      <PagedSection
        id="destruction-lists"
        texts={{
          title: 'privacy.destruction.lists',
          loading: 'privacy.destruction.lists.loading',
          empty: 'privacy.destruction.lists.empty',
          error: 'privacy.destruction.lists.error',
        }}
        list={rounds}
      >
        {(items) => (
          <Table data-testid="destruction-rounds">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('privacy.destruction.proposedAt')}</Table.Th>
                <Table.Th>{t('privacy.destruction.cutoff')}</Table.Th>
                <Table.Th>{t('privacy.destruction.status')}</Table.Th>
                <Table.Th>{t('privacy.destruction.cases')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((round) => (
                <Table.Tr key={round.id}>
                  <Table.Td>
                    <Anchor renderRoot={(props) => <Link {...props} to="/privacy/destruction/$roundId" params={{ roundId: round.id }} />}>
                      {formatDateTime(round.proposedAt)}
                    </Anchor>
                    <Text size="sm">
                      {round.proposedBy
                        ? t('privacy.destruction.by', { name: round.proposedBy.displayName ?? t('privacy.destruction.someone') })
                        : t('privacy.destruction.bySchedule')}
                    </Text>
                  </Table.Td>
                  <Table.Td>{t('privacy.destruction.cutoffDay', { day: formatDate(round.cutoff) })}</Table.Td>
                  <Table.Td>
                    <RoundStatus round={round} />
                  </Table.Td>
                  <Table.Td>{t('privacy.destruction.tallyShort', tallyValues(round))}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </PagedSection>
    </>
  );
}

/** The list's status as a badge; on the list's own page it takes the focus after a decision (`focusRef`). */
export function RoundStatus({ round, focusRef }: { round: Round; focusRef?: Ref<HTMLDivElement> }) {
  const t = useT();
  return (
    <Badge ref={focusRef} tabIndex={focusRef ? -1 : undefined} autoContrast color={ROUND_COLOUR[round.status]} data-testid="round-status">
      {t(ROUND_STATUS[round.status])}
    </Badge>
  );
}
