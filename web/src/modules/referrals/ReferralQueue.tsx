// My team's referral queue (GET /referrals?view=queue): the API orders it by first-contact deadline,
// overdue first. The API gives the deadline (end of a working day, Dutch holidays counted by the server)
// and whether it has passed, not the working time left: the time left is shown as calendar time to
// that deadline, so no holiday calendar is repeated in the browser.
import { useCallback } from 'react';
import { useIntl } from 'react-intl';
import { Badge, Table } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useFormatDateTime, useT } from '../../i18n/locale.tsx';
import { PagedSection, usePagedList } from '../../app/PagedSection.tsx';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The time from now to a moment, in whole days, hours or minutes: "over 2 dagen", "3 uur geleden". */
function useFormatTimeLeft(): (iso: string) => string {
  const intl = useIntl();
  return useCallback(
    (iso) => {
      const left = new Date(iso).getTime() - Date.now();
      const [size, unit] =
        Math.abs(left) >= DAY ? [DAY, 'day' as const] : Math.abs(left) >= HOUR ? [HOUR, 'hour' as const] : [60_000, 'minute' as const];
      return intl.formatRelativeTime(Math.trunc(left / size), unit, { numeric: 'always' });
    },
    [intl],
  );
}

export function ReferralQueue() {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const formatTimeLeft = useFormatTimeLeft();
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
                <Table.Td>{formatDateTime(referral.firstContactDueAt)}</Table.Td>
                <Table.Td>
                  {referral.overdue ? (
                    <Badge color="red">{t('casework.queue.overdue', { time: formatTimeLeft(referral.firstContactDueAt) })}</Badge>
                  ) : (
                    formatTimeLeft(referral.firstContactDueAt)
                  )}
                </Table.Td>
                <Table.Td>{formatDateTime(referral.receivedAt)}</Table.Td>
                <Table.Td>
                  {referral.source} ({referral.channel})
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
