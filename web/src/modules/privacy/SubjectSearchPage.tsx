// /privacy/persons: find the person a data-subject request is from (privacy.subject-access):
// `POST /privacy/persons/search` by BSN, or by surname and date of birth, with the request as reason
// (audited, with every person found as data subject). The privacy officer works on no case, so this is
// her only way to a person; each result opens the request's page.
import { useState, type FormEvent, type ReactElement } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useFormatDate, useT } from '../../i18n/locale.tsx';
import { AnchorLink } from '../../app/AnchorLink.tsx';
import { SubmitButton } from '../../app/SubmitButton.tsx';
import { sessionQuery } from '../identity/session.ts';
import { useGuardedSave } from '../identity/admin/guarded.tsx';
import { holds, PRIVACY_PERMISSION } from './privacy.ts';
import { MIN_REASON, rememberFound, useRequestReason, type FoundPerson } from './subjects.ts';

export function SubjectSearchPage(): ReactElement {
  const t = useT();
  const permissions = useQuery(sessionQuery).data?.permissions;
  return (
    <Stack gap="xl">
      <AnchorLink to="/privacy" size="sm">
        {t('privacy.back')}
      </AnchorLink>
      <Title order={1} size="h2">
        {t('privacy.subjects.title')}
      </Title>
      <Text maw={720}>{t('privacy.subjects.intro')}</Text>
      {holds(permissions, PRIVACY_PERMISSION.subjectAccess) ? <SubjectSearch /> : <Text>{t('privacy.subjects.noSearch')}</Text>}
    </Stack>
  );
}

function SubjectSearch() {
  const t = useT();
  const formatDate = useFormatDate();
  const queryClient = useQueryClient();
  const [reason, setReason] = useRequestReason();
  const [values, setValues] = useState({ bsn: '', achternaam: '', voornamen: '', dateOfBirth: '' });
  const [results, setResults] = useState<FoundPerson[] | null>(null);
  const { mutation, errors, setErrors, formRef, feedback, blocked } = useGuardedSave({
    save: async () => {
      const bsn = values.bsn.trim();
      const byBsn = bsn !== '';
      return unwrap(
        await api.POST('/privacy/persons/search', {
          body: {
            reason: reason.trim(),
            ...(byBsn
              ? { bsn }
              : {
                  achternaam: values.achternaam.trim(),
                  dateOfBirth: values.dateOfBirth,
                  ...(values.voornamen.trim() ? { voornamen: values.voornamen.trim() } : {}),
                }),
          },
        }),
      ).items;
    },
    onSaved: (items) => {
      rememberFound(queryClient, items);
      setResults(items);
    },
  });
  const field = (name: keyof typeof values) => ({
    value: values[name],
    onChange: (event: { currentTarget: { value: string } }) => setValues({ ...values, [name]: event.currentTarget.value }),
    error: errors[name],
  });
  const search = (event: FormEvent) => {
    event.preventDefault();
    const refused: Record<string, string> = {};
    if (reason.trim().length < MIN_REASON) refused.reason = t('privacy.request.tooShort', { min: MIN_REASON });
    if (values.bsn.trim() === '') {
      if (values.achternaam.trim() === '') refused.achternaam = t('privacy.subjects.search.bsnOrName');
      if (values.dateOfBirth === '') refused.dateOfBirth = t('privacy.subjects.search.bsnOrName');
    }
    setErrors(refused);
    if (Object.keys(refused).length === 0) mutation.mutate();
  };
  return (
    <Stack gap="lg">
      <Paper withBorder p="md" maw={720} component="section" aria-labelledby="subject-search-title">
        <Title order={2} size="h3" id="subject-search-title" mb="sm">
          {t('privacy.subjects.search.title')}
        </Title>
        {feedback}
        <form ref={formRef} onSubmit={search} noValidate>
          <Stack gap="sm">
            <TextInput
              label={t('privacy.request.label')}
              description={t('privacy.request.description')}
              value={reason}
              onChange={(event) => setReason(event.currentTarget.value)}
              error={errors.reason}
              required
            />
            <TextInput label={t('privacy.subjects.search.bsn')} inputMode="numeric" autoComplete="off" {...field('bsn')} />
            <Text size="sm">{t('privacy.subjects.search.or')}</Text>
            <Group grow align="flex-start">
              <TextInput label={t('privacy.subjects.search.achternaam')} autoComplete="off" {...field('achternaam')} />
              <TextInput label={t('privacy.subjects.search.voornamen')} autoComplete="off" {...field('voornamen')} />
              <TextInput label={t('privacy.subjects.search.dateOfBirth')} type="date" {...field('dateOfBirth')} />
            </Group>
            <Group>
              <SubmitButton pending={mutation.isPending} disabled={blocked}>
                {t('privacy.subjects.search.submit')}
              </SubmitButton>
            </Group>
          </Stack>
        </form>
      </Paper>
      {results && (
        <Stack component="section" aria-labelledby="subject-results-title" gap="xs">
          <Title order={2} size="h3" id="subject-results-title">
            {t('privacy.subjects.results.title')}
          </Title>
          {results.length === 0 ? (
            <Text role="status">{t('privacy.subjects.results.none')}</Text>
          ) : (
            <Table maw={720} aria-labelledby="subject-results-title">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('privacy.subjects.results.name')}</Table.Th>
                  <Table.Th>{t('privacy.subjects.results.dateOfBirth')}</Table.Th>
                  <Table.Th>{t('privacy.subjects.results.matchedOn')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {results.map((person) => (
                  <Table.Tr key={person.personId}>
                    <Table.Td>
                      <AnchorLink to="/privacy/persons/$personId" params={{ personId: person.personId }}>
                        {person.displayName}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>{person.dateOfBirth ? formatDate(person.dateOfBirth) : t('privacy.unknown')}</Table.Td>
                    <Table.Td>
                      {person.matchedOn
                        .map((m) => (m === 'bsn' ? t('privacy.subjects.matched.bsn') : t('privacy.subjects.matched.name')))
                        .join(', ')}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      )}
    </Stack>
  );
}
