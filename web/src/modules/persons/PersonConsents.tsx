// The person's consents (GET /persons/{id}/consents, newest first, audited) and recording one
// (POST /persons/{id}/consents, with allowedActions 'recordConsent'): what, given or withdrawn, from
// which source, with an optional note.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Group, Loader, NativeSelect, Radio, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useFormatDateTime, useT } from '../../i18n/locale.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { emptyFields, problemFieldErrors, useFieldErrors } from '../../app/forms.ts';
import { useSignInAgain } from '../identity/SignInAgain.tsx';
import { CONSENT_SOURCES, CONSENT_SUBJECTS, consentsKey, type ConsentSource, type ConsentSubject, type Person } from './person.ts';
import { SubmitButton } from '../../app/SubmitButton.tsx';

export function PersonConsents({ person }: { person: Person }) {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const consents = useQuery({
    queryKey: consentsKey(person.id),
    queryFn: async () => unwrap(await api.GET('/persons/{personId}/consents', { params: { path: { personId: person.id } } })),
    refetchOnWindowFocus: false,
  });
  return (
    <Stack component="section" aria-labelledby="person-consents-title">
      <Title order={2} size="h3" id="person-consents-title">
        {t('persons.consents.title')}
      </Title>
      {consents.isPending ? (
        <Loader aria-label={t('persons.consents.loading')} role="status" />
      ) : consents.isError ? (
        <Stack align="flex-start">
          <ProblemAlert error={consents.error} />
          <Button size="xs" variant="light" onClick={() => void consents.refetch()}>
            {t('persons.page.retry')}
          </Button>
        </Stack>
      ) : consents.data.items.length === 0 ? (
        <Text>{t('persons.consents.empty')}</Text>
      ) : (
        <Table data-testid="person-consents">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('persons.consents.subject')}</Table.Th>
              <Table.Th>{t('persons.consents.given')}</Table.Th>
              <Table.Th>{t('persons.consents.source')}</Table.Th>
              <Table.Th>{t('persons.consents.recordedAt')}</Table.Th>
              <Table.Th>{t('persons.consents.note')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {consents.data.items.map((consent) => (
              <Table.Tr key={consent.id}>
                <Table.Td>
                  {CONSENT_SUBJECTS[consent.subject as ConsentSubject]
                    ? t(CONSENT_SUBJECTS[consent.subject as ConsentSubject])
                    : consent.subject}
                </Table.Td>
                <Table.Td>
                  <Badge color={consent.given ? 'blue' : 'gray'}>
                    {consent.given ? t('persons.consents.isGiven') : t('persons.consents.isWithdrawn')}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {CONSENT_SOURCES[consent.source as ConsentSource] ? t(CONSENT_SOURCES[consent.source as ConsentSource]) : consent.source}
                </Table.Td>
                <Table.Td>{formatDateTime(consent.recordedAt)}</Table.Td>
                <Table.Td>{consent.note}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {person.allowedActions.includes('recordConsent') && !person.mergedInto && <RecordConsent person={person} />}
    </Stack>
  );
}

const EMPTY = { subject: '', given: '', source: 'client', note: '' };

function RecordConsent({ person }: { person: Person }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [values, setValues] = useState(EMPTY);
  const { errors, setErrors, formRef } = useFieldErrors();
  const signInAgain = useSignInAgain();
  const record = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/persons/{personId}/consents', {
          params: { path: { personId: person.id } },
          body: {
            subject: values.subject as ConsentSubject,
            given: values.given === 'yes',
            source: values.source as ConsentSource,
            ...(values.note.trim() ? { note: values.note.trim() } : {}),
          },
        }),
      ),
    onSuccess: (answer) => {
      setValues(EMPTY);
      queryClient.setQueryData(consentsKey(person.id), answer);
    },
    onError: (error) => {
      if (signInAgain.caught(error)) return;
      setErrors(problemFieldErrors(error, () => t('form.invalid')));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const empty = emptyFields(values, ['subject', 'given', 'source']);
    if (empty.length > 0) return setErrors(Object.fromEntries(empty.map((name) => [name, t('form.required')])));
    setErrors({});
    record.mutate();
  };
  const set = (name: keyof typeof EMPTY) => (event: { currentTarget: { value: string } }) =>
    setValues({ ...values, [name]: event.currentTarget.value });

  return (
    <Stack component="section" aria-labelledby="record-consent-title" maw={560}>
      <Title order={3} size="h4" id="record-consent-title">
        {t('persons.consents.record')}
      </Title>
      {signInAgain.panel(() => record.reset())}
      <form ref={formRef} onSubmit={submit} noValidate>
        <Stack>
          {record.isSuccess && (
            <Alert color="green" role="status">
              {t('persons.consents.saved')}
            </Alert>
          )}
          {record.isError && !signInAgain.ended && Object.keys(errors).length === 0 && <ProblemAlert error={record.error} />}
          <NativeSelect
            id="consent-subject"
            label={t('persons.consents.subject')}
            required
            value={values.subject}
            onChange={set('subject')}
            error={errors.subject}
            data={[
              { value: '', label: t('persons.consents.chooseSubject') },
              ...Object.entries(CONSENT_SUBJECTS).map(([value, label]) => ({ value, label: t(label) })),
            ]}
          />
          <Radio.Group
            name="consent-given"
            label={t('persons.consents.given')}
            required
            value={values.given}
            onChange={(given) => setValues({ ...values, given })}
            error={errors.given}
          >
            <Group mt="xs">
              <Radio value="yes" label={t('persons.consents.isGiven')} />
              <Radio value="no" label={t('persons.consents.isWithdrawn')} />
            </Group>
          </Radio.Group>
          <NativeSelect
            id="consent-source"
            label={t('persons.consents.source')}
            required
            value={values.source}
            onChange={set('source')}
            error={errors.source}
            data={Object.entries(CONSENT_SOURCES).map(([value, label]) => ({ value, label: t(label) }))}
          />
          <Textarea
            id="consent-note"
            label={t('persons.consents.note')}
            autosize
            minRows={2}
            value={values.note}
            onChange={set('note')}
            error={errors.note}
          />
          <Group>
            <SubmitButton pending={record.isPending} disabled={signInAgain.ended}>
              {t('persons.consents.submit')}
            </SubmitButton>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
