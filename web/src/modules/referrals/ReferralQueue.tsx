// My team's referral queue (GET /referrals?view=queue): the API orders it by first-contact deadline,
// overdue first. The deadline is the end of a working day and the API says how many working days are
// left (Dutch holidays and closure days counted by the server), so no holiday calendar is repeated in
// the browser. Each row links to the referral screen; the team lead's queue (TeamQueue.tsx) shows the same columns.
import { AnchorLink } from '../../app/AnchorLink.tsx';
import { Badge, Table } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useFormatDateTime, useT } from '../../i18n/locale.tsx';
import { PagedSection, usePagedList } from '../../app/PagedSection.tsx';
import type { paths } from '../../api/schema';
import { CHANNELS, SOURCES } from './referral.ts';

/** A referral as the queue lists it. */
export type QueuedReferral = paths['/referrals']['get']['responses'][200]['content']['application/json']['items'][number];

/** The working time left as the team plans it: "nog 2 werkdagen", "vandaag", "3 werkdagen te laat". */
export function TimeLeft({ referral }: { referral: QueuedReferral }) {
  const t = useT();
  const days = referral.workingDaysLeft;
  if (referral.overdue) {
    return (
      <Badge color="red">
        {days !== null && days < 0 ? t('casework.queue.overdueDays', { days: -days }) : t('casework.queue.overdue')}
      </Badge>
    );
  }
  if (days === null) return null;
  return <>{days === 0 ? t('casework.queue.dueToday') : t('casework.queue.workingDaysLeft', { days })}</>;
}

export function ReferralQueue() {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const referrals = usePagedList(['referrals', 'queue'], async (after) =>
    unwrap(await api.GET('/referrals', { params: { query: { view: 'queue', limit: 25, after } } })),
  );
  return (
    <PagedSection
      id="referral-queue"
      texts={{
        title: 'casework.queue.title',
        loading: 'casework.queue.loading',
        empty: 'casework.queue.empty',
        error: 'casework.queue.error',
      }}
      list={referrals}
    >
      {(items) => (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('referrals.queue.referral')}</Table.Th>
              <Table.Th>{t('casework.queue.deadline')}</Table.Th>
              <Table.Th>{t('casework.queue.timeLeft')}</Table.Th>
              <Table.Th>{t('casework.queue.receivedAt')}</Table.Th>
              <Table.Th>{t('casework.queue.source')}</Table.Th>
              <Table.Th>{t('casework.queue.attempts')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((referral) => (
              <Table.Tr key={referral.id}>
                <Table.Td>
                  <AnchorLink to="/referrals/$referralId" params={{ referralId: referral.id }}>
                    {referral.sourceReference ?? t('referrals.queue.open', { date: formatDateTime(referral.receivedAt) })}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>{formatDateTime(referral.firstContactDueAt)}</Table.Td>
                <Table.Td>
                  <TimeLeft referral={referral} />
                </Table.Td>
                <Table.Td>{formatDateTime(referral.receivedAt)}</Table.Td>
                <Table.Td>
                  {t(SOURCES[referral.source])} ({CHANNELS[referral.channel] ? t(CHANNELS[referral.channel]!) : referral.channel})
                </Table.Td>
                <Table.Td>{referral.failedAttempts}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </PagedSection>
  );
}
