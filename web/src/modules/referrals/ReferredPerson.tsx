// The person the referral is about: as the referrer described them (the payload; a BSN in it is left
// out by the API without persons.read-bsn, and this screen never shows it: the person screen reveals a
// BSN on request, audited), and the registered person once linked.
import { AnchorLink } from '../../app/AnchorLink.tsx';
import { Stack, Text, Title } from '@mantine/core';
import { useFormatDate, useT } from '../../i18n/locale.tsx';
import { DetailTable } from '../../app/DetailTable.tsx';
import { nameOf, payloadOf, type Referral } from './referral.ts';

export function ReferredPersonSection({ referral }: { referral: Referral }) {
  const t = useT();
  const formatDate = useFormatDate();
  const { person } = payloadOf(referral);
  return (
    <Stack component="section" aria-labelledby="referral-person-title">
      <Title order={2} size="h3" id="referral-person-title">
        {t('referrals.person.title')}
      </Title>
      {person ? (
        <DetailTable
          label={t('referrals.person.title')}
          rows={[
            [t('referrals.person.name'), nameOf(person)],
            [t('referrals.person.dateOfBirth'), person.dateOfBirth ? formatDate(person.dateOfBirth) : t('referrals.details.none')],
            [t('referrals.person.bsn'), person.bsn || person.bsnHidden ? t('referrals.person.bsnKnown') : t('referrals.details.none')],
            [t('referrals.person.phones'), person.phones?.join(', ') || t('referrals.details.none')],
            [t('referrals.person.emails'), person.emails?.join(', ') || t('referrals.details.none')],
          ]}
        />
      ) : (
        <Text>{t('referrals.person.none')}</Text>
      )}
      {referral.personId && (
        <AnchorLink to="/persons/$personId" params={{ personId: referral.personId }} w="fit-content">
          {t('referrals.person.open')}
        </AnchorLink>
      )}
    </Stack>
  );
}
