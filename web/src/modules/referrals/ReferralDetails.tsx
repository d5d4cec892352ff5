// The referral's own details: source and channel, received, first-contact deadline and the working days
// left (the API counts them: the holiday calendar stays on the server), reference, incident, note,
// status, who works on it, and how it ended.
import { useQuery } from '@tanstack/react-query';
import { Anchor, Badge, Group, Stack, Title } from '@mantine/core';
import { useFormatDate, useFormatDateTime, useT } from '../../i18n/locale.tsx';
import { sessionQuery } from '../identity/session.ts';
import { DetailTable } from '../../app/DetailTable.tsx';
import { TakeReferral } from './TakeReferral.tsx';
import { CHANNELS, INCIDENT_CATEGORIES, payloadOf, SOURCES, STATUSES, type Referral } from './referral.ts';

function TimeLeft({ referral }: { referral: Referral }) {
  const t = useT();
  const days = referral.workingDaysLeft;
  if (referral.overdue) {
    return (
      <Badge color="red">
        {days !== null && days < 0 ? t('casework.queue.overdueDays', { days: -days }) : t('casework.queue.overdue')}
      </Badge>
    );
  }
  if (days === null) return <>{t('referrals.details.noDeadline')}</>;
  return <>{days === 0 ? t('casework.queue.dueToday') : t('casework.queue.workingDaysLeft', { days })}</>;
}

export function ReferralDetails({ referral }: { referral: Referral }) {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const formatDate = useFormatDate();
  const me = useQuery(sessionQuery).data?.user.id;
  const { incident, note } = payloadOf(referral);
  const none = t('referrals.details.none');
  const assigned =
    referral.assignedTo === null
      ? t('referrals.details.unassigned')
      : referral.assignedTo === me
        ? t('referrals.details.assignedToMe')
        : t('referrals.details.assignedToOther');
  const incidentText = incident
    ? [
        incident.category && INCIDENT_CATEGORIES[incident.category] ? t(INCIDENT_CATEGORIES[incident.category]!) : undefined,
        incident.occurredOn ? formatDate(incident.occurredOn) : undefined,
        incident.place,
      ]
        .filter(Boolean)
        .join(', ')
    : '';
  return (
    <Stack component="section" aria-labelledby="referral-details-title">
      <Title order={2} size="h3" id="referral-details-title">
        {t('referrals.details.title')}
      </Title>
      <DetailTable
        label={t('referrals.details.title')}
        rows={[
          [
            t('referrals.details.source'),
            `${t(SOURCES[referral.source])} (${CHANNELS[referral.channel] ? t(CHANNELS[referral.channel]!) : referral.channel})`,
          ],
          [t('referrals.details.received'), formatDateTime(referral.receivedAt)],
          [t('referrals.details.deadline'), formatDateTime(referral.firstContactDueAt)],
          [t('referrals.details.timeLeft'), <TimeLeft referral={referral} />],
          [t('referrals.details.status'), t(STATUSES[referral.status])],
          [
            t('referrals.details.assigned'),
            <Group gap="sm">
              {assigned}
              {referral.allowedActions.includes('take') && <TakeReferral referral={referral} />}
            </Group>,
          ],
          [t('referrals.details.reference'), referral.sourceReference ?? none],
          [t('referrals.details.policeReference'), incident?.policeReference ?? none],
          [t('referrals.details.incident'), incidentText || none],
          incident?.description ? [t('referrals.details.incidentDescription'), incident.description] : ['', undefined],
          [t('referrals.details.note'), note ?? none],
          [
            t('referrals.details.consent'),
            referral.consentGiven ? t('referrals.details.consentGiven') : t('referrals.details.consentNotGiven'),
          ],
          [t('referrals.details.failedAttempts'), String(referral.failedAttempts)],
          referral.closedAt
            ? [
                t('referrals.details.closed'),
                t('referrals.details.closedOn', { date: formatDateTime(referral.closedAt), reason: referral.closedReason ?? '' }),
              ]
            : ['', undefined],
          referral.convertedCaseId
            ? // The case screen is its own route (cases module); a plain link needs no route of this module.
              [t('referrals.details.case'), <Anchor href={`/cases/${referral.convertedCaseId}`}>{t('referrals.details.openCase')}</Anchor>]
            : ['', undefined],
        ]}
      />
    </Stack>
  );
}
