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
import type { MessageId } from '../../i18n/messages.nl.ts';
import type { paths } from '../../api/schema';

type Referral = paths['/referrals']['get']['responses'][200]['content']['application/json']['items'][number];

const SOURCES: Record<Referral['source'], MessageId> = {
  police: 'casework.source.police',
  'public-prosecutor': 'casework.source.publicProsecutor',
  zsm: 'casework.source.zsm',
  self: 'casework.source.self',
  partner: 'casework.source.partner',
};
const CHANNELS: Record<string, MessageId> = {
  api: 'casework.channel.api',
  phone: 'casework.channel.phone',
  email: 'casework.channel.email',
  'web-form': 'casework.channel.webForm',
  letter: 'casework.channel.letter',
  'in-person': 'casework.channel.inPerson',
};

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
