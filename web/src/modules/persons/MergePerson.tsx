// Merging a duplicate into this person (POST /persons/{id}/merge, persons.merge): find the duplicate
// with the search (POST /search, audited; the person's name to start with), pick it, give the reason,
// then confirm: the duplicate's case participations move here at once and it stays as history.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Group, Radio, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useFormatDate, useT } from '../../i18n/locale.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { emptyFields, problemFieldErrors, useFieldErrors } from '../../app/forms.ts';
import { useSignInAgain } from '../identity/SignInAgain.tsx';
import { sessionQuery } from '../identity/session.ts';
import { personCasesKey, personKey, type Person } from './person.ts';
import { SubmitButton } from '../../app/SubmitButton.tsx';

export function MergePerson({ person }: { person: Person }) {
  const t = useT();
  const formatDate = useFormatDate();
  const queryClient = useQueryClient();
  const maySearch = Boolean(useQuery(sessionQuery).data?.permissions['search.use']);
  const [query, setQuery] = useState(person.displayName);
  const [searched, setSearched] = useState<string | null>(null);
  const [values, setValues] = useState({ duplicateId: '', reason: '' });
  const [confirming, setConfirming] = useState(false);
  const [mergedName, setMergedName] = useState<string | null>(null);
  const { errors, setErrors, formRef } = useFieldErrors();
  const signInAgain = useSignInAgain();

  const candidates = useQuery({
    queryKey: ['search', 'merge', searched],
    queryFn: async () => unwrap(await api.POST('/search', { body: { query: searched!, types: ['persons'], limit: 10 } })),
    enabled: searched !== null,
  });
  const others = (candidates.data?.persons ?? []).filter((p) => p.id !== person.id);
  const chosen = others.find((p) => p.id === values.duplicateId);

  const merge = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/persons/{personId}/merge', {
          params: { path: { personId: person.id } },
          body: { duplicateId: values.duplicateId, reason: values.reason.trim() },
        }),
      ),
    onSuccess: async (kept) => {
      setMergedName(chosen?.displayName ?? '');
      setValues({ duplicateId: '', reason: '' });
      setConfirming(false);
      setSearched(null);
      queryClient.setQueryData(personKey(person.id), kept);
      await queryClient.invalidateQueries({ queryKey: personCasesKey(person.id) });
    },
    onError: (error) => {
      setConfirming(false);
      if (signInAgain.caught(error)) return;
      setErrors(problemFieldErrors(error, () => t('form.invalid')));
    },
  });

  const search = (event: FormEvent) => {
    event.preventDefault();
    if (query.trim().length < 2) return setErrors({ query: t('persons.merge.queryTooShort') });
    setErrors({});
    setValues({ ...values, duplicateId: '' });
    setSearched(query.trim());
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const empty = emptyFields(values, ['duplicateId', 'reason']);
    if (empty.length > 0) return setErrors(Object.fromEntries(empty.map((name) => [name, t('form.required')])));
    setErrors({});
    setConfirming(true);
  };

  return (
    <Stack component="section" aria-labelledby="merge-person-title" maw={640}>
      <Title order={2} size="h3" id="merge-person-title">
        {t('persons.merge.title')}
      </Title>
      <Text>{t('persons.merge.explanation')}</Text>
      {mergedName !== null && (
        <Alert color="green" role="status">
          {t('persons.merge.done', { name: mergedName })}
        </Alert>
      )}
      {!maySearch ? (
        <Text>{t('persons.merge.noSearch')}</Text>
      ) : (
        <>
          <form onSubmit={search} noValidate>
            <Group align="flex-end">
              <TextInput
                id="merge-query"
                label={t('persons.merge.query')}
                description={t('persons.merge.queryDescription')}
                value={query}
                onChange={(event) => setQuery(event.currentTarget.value)}
                error={errors.query}
              />
              <SubmitButton variant="light" pending={candidates.isFetching}>
                {t('persons.merge.search')}
              </SubmitButton>
            </Group>
          </form>
          {searched !== null && candidates.isError && <ProblemAlert error={candidates.error} />}
          {searched !== null && candidates.isSuccess && (
            <form ref={formRef} onSubmit={submit} noValidate>
              <Stack>
                {signInAgain.panel(() => merge.reset())}
                {merge.isError && !signInAgain.ended && Object.keys(errors).length === 0 && <ProblemAlert error={merge.error} />}
                {others.length === 0 ? (
                  <Text role="status">{t('persons.merge.noneFound')}</Text>
                ) : (
                  <Radio.Group
                    name="merge-duplicate"
                    label={t('persons.merge.pick')}
                    required
                    value={values.duplicateId}
                    onChange={(duplicateId) => {
                      setValues({ ...values, duplicateId });
                      setConfirming(false);
                    }}
                    error={errors.duplicateId}
                  >
                    <Stack mt="xs" gap="xs">
                      {others.map((p) => (
                        <Radio
                          key={p.id}
                          value={p.id}
                          label={
                            p.dateOfBirth
                              ? t('persons.merge.candidateBorn', { name: p.displayName, date: formatDate(p.dateOfBirth) })
                              : p.displayName
                          }
                        />
                      ))}
                    </Stack>
                  </Radio.Group>
                )}
                <Textarea
                  id="merge-reason"
                  label={t('persons.merge.reason')}
                  required
                  autosize
                  minRows={2}
                  value={values.reason}
                  onChange={(event) => setValues({ ...values, reason: event.currentTarget.value })}
                  error={errors.reason}
                />
                {confirming && chosen ? (
                  <Alert color="red" role="alert" title={t('persons.merge.confirmTitle')}>
                    <Stack align="flex-start">
                      {t('persons.merge.confirmText', { duplicate: chosen.displayName, kept: person.displayName })}
                      <Group>
                        <Button color="red" loading={merge.isPending} disabled={signInAgain.ended} onClick={() => merge.mutate()}>
                          {t('persons.merge.confirm')}
                        </Button>
                        <Button variant="default" onClick={() => setConfirming(false)}>
                          {t('persons.merge.cancel')}
                        </Button>
                      </Group>
                    </Stack>
                  </Alert>
                ) : (
                  <Group>
                    <Button type="submit" variant="outline" color="red" disabled={others.length === 0 || signInAgain.ended}>
                      {t('persons.merge.submit')}
                    </Button>
                  </Group>
                )}
              </Stack>
            </form>
          )}
        </>
      )}
    </Stack>
  );
}
