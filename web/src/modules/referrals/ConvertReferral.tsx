// Converting a referral to a case (POST /referrals/{id}/convert). With a person linked the case is
// opened for that person; otherwise a new person is registered from what the referrer sent (the
// surname, first names and date of birth can be corrected here), and the API's duplicate check runs
// first: a possible duplicate the user may see answers 409 possible-duplicate, listed here so that she
// picks the existing person, or registers a new one anyway (not when the BSN matched: the API refuses
// that). Persons she may not see are never reported by the API. Then the new case opens.
import { useState, type FormEvent } from 'react';
import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { Alert, Group, Radio, Stack, Text, TextInput, Title } from '@mantine/core';
import { api, ProblemError, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import { useFormatDate, useT } from '../../i18n/locale.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { SubmitButton } from '../../app/SubmitButton.tsx';
import { emptyFields, useFieldErrors, type FieldErrors } from '../../app/forms.ts';
import { useSignInAgain } from '../identity/SignInAgain.tsx';
import { payloadOf, referralKey, type Referral } from './referral.ts';

type ConvertBody = paths['/referrals/{referralId}/convert']['post']['requestBody']['content']['application/json'];
type NewPerson = NonNullable<ConvertBody['person']>;
interface PossibleDuplicate {
  id: string;
  matchedOn: string[];
}

const NEW_PERSON = 'new';

/** Field errors of the convert body: '/body/person/achternaam' -> 'achternaam', '/body/personId' -> 'personId'. */
function convertFieldErrors(error: unknown, text: string): FieldErrors {
  if (!(error instanceof ProblemError)) return {};
  return Object.fromEntries(
    (error.problem.errors ?? []).map(({ pointer }) => [pointer.replace(/^\/body\/(person\/)?/, '').split('/')[0] ?? '', text]),
  );
}

export function ConvertReferral({ referral }: { referral: Referral }) {
  const t = useT();
  const formatDate = useFormatDate();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const referred = payloadOf(referral).person ?? {};
  const [values, setValues] = useState({
    voornamen: referred.voornamen ?? '',
    achternaam: referred.achternaam ?? '',
    dateOfBirth: referred.dateOfBirth ?? '',
  });
  const [duplicates, setDuplicates] = useState<PossibleDuplicate[] | null>(null);
  const [choice, setChoice] = useState('');
  const { errors, setErrors, formRef } = useFieldErrors();
  const signInAgain = useSignInAgain();
  const linked = referral.personId !== null;
  const bsnMatched = duplicates?.some((d) => d.matchedOn.includes('bsn')) ?? false;

  // The names of the possible duplicates (each an audited read of a person the user may see).
  const candidates = useQueries({
    queries: (duplicates ?? []).map((d) => ({
      queryKey: ['persons', 'one', d.id],
      queryFn: async () => unwrap(await api.GET('/persons/{personId}', { params: { path: { personId: d.id } } })),
    })),
  });

  const newPerson = (confirmNoDuplicate: boolean): NewPerson => {
    // What the referrer sent, with the corrections made here; the API's marker of a hidden BSN is no field.
    const { bsnHidden: _hidden, voornamen: _v, achternaam: _a, dateOfBirth: _d, ...rest } = referred;
    return {
      ...(rest as Omit<NewPerson, 'achternaam'>),
      achternaam: values.achternaam.trim(),
      ...(values.voornamen.trim() ? { voornamen: values.voornamen.trim() } : {}),
      ...(values.dateOfBirth.trim() ? { dateOfBirth: values.dateOfBirth.trim() } : {}),
      ...(confirmNoDuplicate ? { confirmNoDuplicate: true } : {}),
    };
  };

  const convert = useMutation({
    mutationFn: async () => {
      const body: ConvertBody = linked
        ? { version: referral.version }
        : choice && choice !== NEW_PERSON
          ? { version: referral.version, personId: choice }
          : { version: referral.version, person: newPerson(choice === NEW_PERSON) };
      return unwrap(await api.POST('/referrals/{referralId}/convert', { params: { path: { referralId: referral.id } }, body }));
    },
    onSuccess: async (converted) => {
      queryClient.setQueryData(referralKey(referral.id), converted.referral);
      // The case screen is the cases module's route; its path as a plain string needs no route here.
      await navigate({ href: `/cases/${converted.case.id}` });
    },
    onError: (error) => {
      if (signInAgain.caught(error)) return;
      if (error instanceof ProblemError && error.code === 'possible-duplicate') {
        setDuplicates((error.problem.possibleDuplicates as PossibleDuplicate[] | undefined) ?? []);
        setChoice('');
        return;
      }
      setErrors(convertFieldErrors(error, t('form.invalid')));
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!linked) {
      const empty = emptyFields(values, ['achternaam']);
      if (duplicates && !choice) empty.push('choice');
      if (empty.length > 0) return setErrors(Object.fromEntries(empty.map((name) => [name, t('form.required')])));
    }
    setErrors({});
    convert.mutate();
  };
  const set = (name: keyof typeof values) => (event: { currentTarget: { value: string } }) => {
    setValues({ ...values, [name]: event.currentTarget.value });
    // Changed details are checked again: the earlier duplicates may no longer apply.
    setDuplicates(null);
    setChoice('');
  };
  const showProblem =
    convert.isError &&
    !signInAgain.ended &&
    Object.keys(errors).length === 0 &&
    !(convert.error instanceof ProblemError && convert.error.code === 'possible-duplicate');

  return (
    <Stack component="section" aria-labelledby="convert-referral-title" maw={640}>
      <Title order={2} size="h3" id="convert-referral-title">
        {t('referrals.convert.title')}
      </Title>
      {signInAgain.panel(() => convert.reset())}
      <form ref={formRef} onSubmit={submit} noValidate>
        <Stack>
          {showProblem && <ProblemAlert error={convert.error} messages={{ 'precondition-failed': 'referrals.changedMeanwhile' }} />}
          {linked ? (
            <Text>{t('referrals.convert.linked')}</Text>
          ) : (
            <>
              <Text>{t('referrals.convert.newPerson')}</Text>
              <TextInput
                id="convert-voornamen"
                label={t('referrals.convert.voornamen')}
                value={values.voornamen}
                onChange={set('voornamen')}
                error={errors.voornamen}
              />
              <TextInput
                id="convert-achternaam"
                label={t('referrals.convert.achternaam')}
                required
                value={values.achternaam}
                onChange={set('achternaam')}
                error={errors.achternaam}
              />
              <TextInput
                id="convert-date-of-birth"
                label={t('referrals.convert.dateOfBirth')}
                description={t('referrals.convert.dateOfBirthFormat')}
                value={values.dateOfBirth}
                onChange={set('dateOfBirth')}
                error={errors.dateOfBirth}
              />
            </>
          )}
          {duplicates && (
            <Alert color="yellow" role="alert" data-testid="possible-duplicates">
              <Radio.Group
                name="convert-person"
                label={bsnMatched ? t('referrals.convert.duplicateBsn') : t('referrals.convert.duplicates')}
                value={choice}
                onChange={setChoice}
                error={errors.choice}
              >
                <Stack mt="xs" gap="xs">
                  {duplicates.map((duplicate, index) => {
                    const person = candidates[index]?.data;
                    const label = person
                      ? person.dateOfBirth
                        ? t('referrals.convert.existingBorn', { name: person.displayName, date: formatDate(person.dateOfBirth) })
                        : t('referrals.convert.existing', { name: person.displayName })
                      : t('referrals.convert.existingLoading');
                    return (
                      <Radio
                        key={duplicate.id}
                        value={duplicate.id}
                        label={label}
                        description={t('referrals.convert.matchedOn', {
                          fields: duplicate.matchedOn
                            .map((m) => (m === 'bsn' ? t('referrals.convert.matchedBsn') : t('referrals.convert.matchedName')))
                            .join(', '),
                        })}
                      />
                    );
                  })}
                  {!bsnMatched && <Radio value={NEW_PERSON} label={t('referrals.convert.registerNew')} />}
                </Stack>
              </Radio.Group>
            </Alert>
          )}
          <Group>
            <SubmitButton pending={convert.isPending} disabled={signInAgain.ended}>
              {duplicates ? t('referrals.convert.confirm') : t('referrals.convert.submit')}
            </SubmitButton>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
