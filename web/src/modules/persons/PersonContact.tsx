// How to reach the person: phone numbers, e-mail addresses and the address. A confidential address is
// left out by the API without persons.read-confidential-address (addressHidden): the screen says so.
import { Stack, Title } from '@mantine/core';
import { useT } from '../../i18n/locale.tsx';
import { DetailTable } from '../../app/DetailTable.tsx';
import type { Person } from './person.ts';

export function PersonContact({ person }: { person: Person }) {
  const t = useT();
  const none = t('persons.details.none');
  const address = person.address;
  const addressText = person.addressHidden
    ? t('persons.contact.addressHidden')
    : address
      ? [
          [address.street, `${address.huisnummer}${address.toevoeging ? ` ${address.toevoeging}` : ''}`].filter(Boolean).join(' '),
          [address.postcode, address.city].filter(Boolean).join(' '),
          address.country !== 'NL' ? address.country : null,
        ]
          .filter(Boolean)
          .join(', ')
      : none;
  return (
    <Stack component="section" aria-labelledby="person-contact-title">
      <Title order={2} size="h3" id="person-contact-title">
        {t('persons.contact.title')}
      </Title>
      <DetailTable
        label={t('persons.contact.title')}
        rows={[
          [t('persons.contact.phones'), person.phones.join(', ') || none],
          [t('persons.contact.emails'), person.emails.join(', ') || none],
          [t('persons.contact.address'), addressText],
          [t('persons.contact.confidential'), person.confidentialAddress ? t('persons.yes') : t('persons.no')],
        ]}
      />
    </Stack>
  );
}
