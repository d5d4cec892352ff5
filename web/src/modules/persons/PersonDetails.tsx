// Who the person is. The BSN is shown masked: the API never sends it with the person. With
// persons.read-bsn (allowedActions 'revealBsn') the user can ask for it (POST /persons/{id}/bsn/reveal),
// which the server audits as its own action; hiding it again forgets it in the browser.
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useIntl } from 'react-intl';
import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useFormatDate, useT } from '../../i18n/locale.tsx';
import { DetailTable } from '../../app/DetailTable.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { useSignInAgain } from '../identity/SignInAgain.tsx';
import { VULNERABILITIES, type Person } from './person.ts';

function Bsn({ person }: { person: Person }) {
  const t = useT();
  const [bsn, setBsn] = useState<string | null>(null);
  const signInAgain = useSignInAgain();
  const reveal = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/persons/{personId}/bsn/reveal', { params: { path: { personId: person.id } }, body: {} })),
    onSuccess: (answer) => setBsn(answer.bsn),
    onError: (error) => void signInAgain.caught(error),
  });
  if (!person.hasBsn) return <>{t('persons.details.none')}</>;
  return (
    <Stack gap="xs">
      {signInAgain.panel(() => reveal.reset())}
      <Group gap="sm">
        {bsn ? (
          <Text component="span" ff="monospace" data-testid="bsn">
            {bsn}
          </Text>
        ) : (
          <Text component="span" data-testid="bsn">
            {t('persons.bsn.masked')}
          </Text>
        )}
        {person.allowedActions.includes('revealBsn') &&
          (bsn ? (
            <Button size="xs" variant="subtle" onClick={() => setBsn(null)}>
              {t('persons.bsn.hide')}
            </Button>
          ) : (
            <Button size="xs" variant="light" loading={reveal.isPending} disabled={signInAgain.ended} onClick={() => reveal.mutate()}>
              {t('persons.bsn.reveal')}
            </Button>
          ))}
      </Group>
      {reveal.isError && !signInAgain.ended && <ProblemAlert error={reveal.error} />}
    </Stack>
  );
}

export function PersonDetails({ person }: { person: Person }) {
  const t = useT();
  const formatDate = useFormatDate();
  const intl = useIntl();
  const none = t('persons.details.none');
  return (
    <Stack component="section" aria-labelledby="person-details-title">
      <Title order={2} size="h3" id="person-details-title">
        {t('persons.details.title')}
      </Title>
      <DetailTable
        label={t('persons.details.title')}
        rows={[
          [t('persons.details.voornamen'), person.voornamen ?? none],
          [t('persons.details.roepnaam'), person.roepnaam ?? none],
          [t('persons.details.tussenvoegsel'), person.tussenvoegsel ?? none],
          [t('persons.details.achternaam'), person.achternaam],
          [t('persons.details.dateOfBirth'), person.dateOfBirth ? formatDate(person.dateOfBirth) : none],
          [t('persons.details.bsn'), <Bsn person={person} />],
          [
            t('persons.details.language'),
            // The API keeps an ISO 639 code ('nl', 'tr'); the browser names it in the interface language.
            intl.formatDisplayName(person.preferredLanguage, { type: 'language' }) ?? person.preferredLanguage,
          ],
          [t('persons.details.interpreter'), person.interpreterNeeded ? t('persons.yes') : t('persons.no')],
          [
            t('persons.details.vulnerabilities'),
            person.vulnerabilities.length > 0
              ? person.vulnerabilities.map((v) => (VULNERABILITIES[v] ? t(VULNERABILITIES[v]) : v)).join(', ')
              : none,
          ],
        ]}
      />
    </Stack>
  );
}
