// The persons in the case (from the overview: name, role, date of birth, the flags that matter for
// contact) and adding one where the API allows it (allowedActions `addParticipant`): found with the
// search box's API (POST /search, persons only; with search.use), then a role. A person's own screen is
// /persons/<id>.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Anchor, Badge, Button, Group, NativeSelect, Paper, Radio, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import { useFormatDate, useT } from '../../i18n/locale.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { problemFieldErrors, useFieldErrors } from '../../app/forms.ts';
import { useSignInAgain } from '../identity/SignInAgain.tsx';
import { sessionQuery } from '../identity/session.ts';
import { caseOverviewKey, showChangedCase, type CaseOverview } from './overview.ts';
import { PARTICIPANT_ROLES, useCaseLabels } from './labels.ts';
import { SubmitButton } from '../../app/SubmitButton.tsx';

type FoundPerson = paths['/search']['post']['responses'][200]['content']['application/json']['persons'][number];

export function CaseParticipants({ overview }: { overview: CaseOverview }) {
  const t = useT();
  const labels = useCaseLabels();
  const formatDate = useFormatDate();
  const permissions = useQuery(sessionQuery).data?.permissions;
  const [adding, setAdding] = useState(false);
  const mayAdd = overview.allowedActions.includes('addParticipant') && (permissions?.['search.use']?.length ?? 0) > 0;
  return (
    <Stack component="section" aria-labelledby="case-participants-title" data-testid="case-participants">
      <Group justify="space-between">
        <Title order={2} size="h3" id="case-participants-title">
          {t('cases.participants.title')}
        </Title>
        {mayAdd && !adding && (
          <Button size="xs" onClick={() => setAdding(true)}>
            {t('cases.participants.add')}
          </Button>
        )}
      </Group>
      {overview.participants.length === 0 ? (
        <Text>{t('cases.participants.empty')}</Text>
      ) : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('cases.participants.name')}</Table.Th>
              <Table.Th>{t('cases.participants.role')}</Table.Th>
              <Table.Th>{t('cases.participants.born')}</Table.Th>
              <Table.Th>{t('cases.participants.notes')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {overview.participants.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>
                  {p.person ? <Anchor href={`/persons/${p.personId}`}>{p.person.displayName}</Anchor> : t('cases.participants.hidden')}
                </Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    {labels.participantRole(p.role)}
                    {p.primaryClient && <Badge variant="light">{t('cases.participants.primary')}</Badge>}
                  </Group>
                </Table.Td>
                <Table.Td>{p.person?.dateOfBirth ? formatDate(p.person.dateOfBirth) : '–'}</Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    {p.person?.confidentialAddress && <Badge color="red">{t('cases.participants.confidentialAddress')}</Badge>}
                    {p.person?.interpreterNeeded && (
                      <Badge color="indigo">{t('cases.participants.interpreter', { language: p.person.preferredLanguage })}</Badge>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {adding && <AddParticipant caseId={overview.case.id} onDone={() => setAdding(false)} />}
    </Stack>
  );
}

function AddParticipant({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const t = useT();
  const labels = useCaseLabels();
  const formatDate = useFormatDate();
  const queryClient = useQueryClient();
  const [query, setQuery] = useState('');
  const [personId, setPersonId] = useState('');
  const [role, setRole] = useState<(typeof PARTICIPANT_ROLES)[number]>('next-of-kin');
  const { errors, setErrors, formRef } = useFieldErrors();
  const signInAgain = useSignInAgain();
  const search = useMutation({
    mutationFn: async () => unwrap(await api.POST('/search', { body: { query: query.trim(), types: ['persons'], limit: 10 } })),
    onError: (error) => signInAgain.caught(error),
  });
  const add = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/cases/{caseId}/participants', { params: { path: { caseId } }, body: { personId, role } })),
    onSuccess: async (kase) => {
      showChangedCase(queryClient, kase);
      // The overview names the persons: ask it again for the new one's name.
      await queryClient.invalidateQueries({ queryKey: caseOverviewKey(caseId) });
      onDone();
    },
    onError: (error) => {
      if (signInAgain.caught(error)) return;
      setErrors(problemFieldErrors(error, () => t('form.invalid')));
    },
  });
  const find = (event: FormEvent) => {
    event.preventDefault();
    if (query.trim().length < 2) return setErrors({ query: t('cases.participants.queryShort') });
    setErrors({});
    setPersonId('');
    search.mutate();
  };
  const persons: FoundPerson[] = search.data?.persons ?? [];
  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-labelledby="participant-add-title">
      <Title order={3} size="h4" id="participant-add-title" mb="xs">
        {t('cases.participants.addTitle')}
      </Title>
      {signInAgain.panel(() => {
        search.reset();
        add.reset();
      })}
      <form ref={formRef} onSubmit={find} noValidate>
        <Stack gap="xs">
          <Group align="flex-end">
            <TextInput
              id="participant-query"
              label={t('cases.participants.query')}
              value={query}
              onChange={(event) => setQuery(event.currentTarget.value)}
              error={errors.query}
            />
            <SubmitButton size="xs" variant="light" pending={search.isPending}>
              {t('cases.participants.search')}
            </SubmitButton>
          </Group>
          {search.isError && !signInAgain.ended && <ProblemAlert error={search.error} />}
          {search.isSuccess && persons.length === 0 && <Text role="status">{t('cases.participants.noneFound')}</Text>}
        </Stack>
      </form>
      {persons.length > 0 && (
        <Stack gap="xs" mt="xs">
          <Radio.Group label={t('cases.participants.choose')} value={personId} onChange={setPersonId} error={errors.personId}>
            <Stack gap={4} mt={4}>
              {persons.map((p) => (
                <Radio key={p.id} value={p.id} label={p.dateOfBirth ? `${p.displayName} (${formatDate(p.dateOfBirth)})` : p.displayName} />
              ))}
            </Stack>
          </Radio.Group>
          <NativeSelect
            id="participant-role"
            label={t('cases.participants.role')}
            value={role}
            onChange={(event) => setRole(event.currentTarget.value as typeof role)}
            data={PARTICIPANT_ROLES.map((r) => ({ value: r, label: labels.participantRole(r) }))}
          />
          {add.isError && !signInAgain.ended && Object.keys(errors).length === 0 && <ProblemAlert error={add.error} />}
          <Group gap="xs">
            <Button size="xs" disabled={!personId || signInAgain.ended} loading={add.isPending} onClick={() => add.mutate()}>
              {t('cases.participants.addSubmit')}
            </Button>
            <Button size="xs" variant="subtle" onClick={onDone}>
              {t('cases.cancel')}
            </Button>
          </Group>
        </Stack>
      )}
      {persons.length === 0 && (
        <Button size="xs" variant="subtle" mt="xs" onClick={onDone}>
          {t('cases.cancel')}
        </Button>
      )}
    </Paper>
  );
}
