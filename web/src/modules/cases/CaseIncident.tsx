// The incident (gebeurtenis) the case is about: shown from GET /incidents/{incidentId} (audited, as the
// description may hold personal data), unlinked, or linked by its police or prosecutor reference
// (GET /incidents?policeReference=…: exact, only incidents one can see), by PATCH /cases/{caseId}
// (incidentId) — both offered only when the case's allowedActions include `update`.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Group, Loader, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import { useFormatDate, useT } from '../../i18n/locale.tsx';
import type { MessageId } from '../../i18n/messages.nl.ts';
import { ProblemAlert } from '../../app/problems.tsx';
import { useFieldErrors } from '../../app/forms.ts';
import { useSignInAgain } from '../identity/SignInAgain.tsx';
import { caseOverviewKey, showChangedCase, type CaseDetails } from './overview.ts';
import { SubmitButton } from '../../app/SubmitButton.tsx';

type Category = paths['/incidents/{incidentId}']['get']['responses'][200]['content']['application/json']['category'];
const CATEGORY: Record<Category, MessageId> = {
  violence: 'cases.incident.category.violence',
  property: 'cases.incident.category.property',
  traffic: 'cases.incident.category.traffic',
  'sexual-offence': 'cases.incident.category.sexualOffence',
  homicide: 'cases.incident.category.homicide',
  calamity: 'cases.incident.category.calamity',
  'missing-person': 'cases.incident.category.missingPerson',
  other: 'cases.incident.category.other',
};

export function CaseIncident({ kase }: { kase: CaseDetails }) {
  const t = useT();
  const formatDate = useFormatDate();
  const queryClient = useQueryClient();
  const signInAgain = useSignInAgain();
  const [linking, setLinking] = useState(false);
  const mayChange = kase.allowedActions.includes('update');
  const incidentId = kase.incidentId;
  const incident = useQuery({
    queryKey: ['incident', incidentId],
    queryFn: async () => unwrap(await api.GET('/incidents/{incidentId}', { params: { path: { incidentId: incidentId! } } })),
    enabled: incidentId !== null,
    refetchOnWindowFocus: false,
  });
  const link = useMutation({
    mutationFn: async (next: string | null) =>
      unwrap(
        await api.PATCH('/cases/{caseId}', { params: { path: { caseId: kase.id } }, body: { version: kase.version, incidentId: next } }),
      ),
    onSuccess: (changed) => {
      showChangedCase(queryClient, changed);
      setLinking(false);
    },
    onError: (error) => {
      if (signInAgain.caught(error)) return;
      void queryClient.invalidateQueries({ queryKey: caseOverviewKey(kase.id) });
    },
  });
  return (
    <Stack component="section" aria-labelledby="case-incident-title" data-testid="case-incident">
      <Title order={2} size="h3" id="case-incident-title">
        {t('cases.incident.title')}
      </Title>
      {signInAgain.panel(() => link.reset())}
      {link.isError && !signInAgain.ended && <ProblemAlert error={link.error} messages={{ 'precondition-failed': 'cases.stale' }} />}
      {incidentId === null ? (
        <Text>{t('cases.incident.none')}</Text>
      ) : incident.isPending ? (
        <Loader aria-label={t('cases.incident.loading')} role="status" />
      ) : incident.isError ? (
        <Alert color="red" role="alert">
          {t('cases.incident.error')}
        </Alert>
      ) : (
        <Stack gap={4}>
          <Text fw={600}>{t(CATEGORY[incident.data.category])}</Text>
          <Text size="sm">
            {[
              incident.data.occurredOn && formatDate(incident.data.occurredOn),
              incident.data.place,
              incident.data.policeReference && t('cases.incident.police', { reference: incident.data.policeReference }),
              incident.data.prosecutorReference && t('cases.incident.prosecutor', { reference: incident.data.prosecutorReference }),
            ]
              .filter(Boolean)
              .join(' · ')}
          </Text>
          {incident.data.description && <Text style={{ whiteSpace: 'pre-wrap' }}>{incident.data.description}</Text>}
        </Stack>
      )}
      {mayChange && (
        <Group gap="xs">
          {incidentId !== null && (
            <Button
              size="xs"
              variant="subtle"
              color="gray"
              loading={link.isPending && link.variables === null}
              onClick={() => link.mutate(null)}
            >
              {t('cases.incident.unlink')}
            </Button>
          )}
          {!linking && (
            <Button size="xs" variant="light" onClick={() => setLinking(true)}>
              {incidentId === null ? t('cases.incident.link') : t('cases.incident.relink')}
            </Button>
          )}
        </Group>
      )}
      {linking && <FindIncident onChoose={(id) => link.mutate(id)} choosing={link.isPending} onCancel={() => setLinking(false)} />}
    </Stack>
  );
}

function FindIncident({ onChoose, choosing, onCancel }: { onChoose: (id: string) => void; choosing: boolean; onCancel: () => void }) {
  const t = useT();
  const formatDate = useFormatDate();
  const [reference, setReference] = useState('');
  const { errors, setErrors, formRef } = useFieldErrors();
  const signInAgain = useSignInAgain();
  const find = useMutation({
    mutationFn: async () => {
      const value = reference.trim();
      // A prosecutor's reference (parketnummer) looks like 12/345678-26; anything else is tried as the police's.
      const query = /^\d{2}\/\d+-\d{2}$/.test(value) ? { prosecutorReference: value } : { policeReference: value };
      return unwrap(await api.GET('/incidents', { params: { query: { ...query, limit: 10 } } }));
    },
    onError: (error) => signInAgain.caught(error),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reference.trim() === '') return setErrors({ reference: t('form.required') });
    setErrors({});
    find.mutate();
  };
  return (
    <Paper withBorder p="sm" radius="md">
      {signInAgain.panel(() => find.reset())}
      <form ref={formRef} onSubmit={submit} noValidate>
        <Group align="flex-end">
          <TextInput
            id="incident-reference"
            label={t('cases.incident.reference')}
            value={reference}
            onChange={(event) => setReference(event.currentTarget.value)}
            error={errors.reference}
          />
          <SubmitButton size="xs" variant="light" pending={find.isPending}>
            {t('cases.incident.find')}
          </SubmitButton>
          <Button type="button" size="xs" variant="subtle" onClick={onCancel}>
            {t('cases.cancel')}
          </Button>
        </Group>
      </form>
      {find.isError && !signInAgain.ended && <ProblemAlert error={find.error} />}
      {find.isSuccess &&
        (find.data.items.length === 0 ? (
          <Text role="status" mt="xs">
            {t('cases.incident.noneFound')}
          </Text>
        ) : (
          <Table mt="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('cases.incident.category')}</Table.Th>
                <Table.Th>{t('cases.incident.when')}</Table.Th>
                <Table.Th>{t('cases.incident.place')}</Table.Th>
                <Table.Th>{t('cases.incident.choose')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {find.data.items.map((item) => (
                <Table.Tr key={item.id}>
                  <Table.Td>{t(CATEGORY[item.category])}</Table.Td>
                  <Table.Td>{item.occurredOn ? formatDate(item.occurredOn) : '–'}</Table.Td>
                  <Table.Td>{item.place ?? '–'}</Table.Td>
                  <Table.Td>
                    <Button size="xs" loading={choosing} onClick={() => onChoose(item.id)}>
                      {t('cases.incident.linkThis')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ))}
    </Paper>
  );
}
