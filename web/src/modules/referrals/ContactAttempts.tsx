// The contact attempts on a referral, newest last as the API lists them, and recording one
// (POST /referrals/{id}/attempts). When a failed attempt makes the referral "not reached", the API
// creates the team's letter task in the same transaction: the screen says so and the task list shows it.
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Group, NativeSelect, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useFormatDateTime, useT } from '../../i18n/locale.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { SubmitButton } from '../../app/SubmitButton.tsx';
import { emptyFields, problemFieldErrors, useFieldErrors } from '../../app/forms.ts';
import { useSignInAgain } from '../identity/SignInAgain.tsx';
import { ATTEMPT_CHANNELS, ATTEMPT_OUTCOMES, referralKey, type Attempt, type Referral } from './referral.ts';
import { referralTasksKey } from './ReferralTasks.tsx';

const EMPTY = { channel: 'phone', outcome: '', note: '' };

export function ContactAttempts({ referral, mayRecord }: { referral: Referral; mayRecord: boolean }) {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  return (
    <Stack component="section" aria-labelledby="referral-attempts-title">
      <Title order={2} size="h3" id="referral-attempts-title">
        {t('referrals.attempts.title')}
      </Title>
      {referral.attempts.length === 0 ? (
        <Text>{t('referrals.attempts.empty')}</Text>
      ) : (
        <Table data-testid="referral-attempts">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('referrals.attempts.at')}</Table.Th>
              <Table.Th>{t('referrals.attempts.channel')}</Table.Th>
              <Table.Th>{t('referrals.attempts.outcome')}</Table.Th>
              <Table.Th>{t('referrals.attempts.note')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {referral.attempts.map((attempt) => (
              <Table.Tr key={attempt.id}>
                <Table.Td>{formatDateTime(attempt.at)}</Table.Td>
                <Table.Td>{t(ATTEMPT_CHANNELS[attempt.channel])}</Table.Td>
                <Table.Td>{t(ATTEMPT_OUTCOMES[attempt.outcome])}</Table.Td>
                <Table.Td>{attempt.note}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {mayRecord && <RecordAttempt referral={referral} />}
    </Stack>
  );
}

function RecordAttempt({ referral }: { referral: Referral }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [values, setValues] = useState(EMPTY);
  const [notReachedNow, setNotReachedNow] = useState(false);
  const { errors, setErrors, formRef } = useFieldErrors();
  const signInAgain = useSignInAgain();
  const record = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/referrals/{referralId}/attempts', {
          params: { path: { referralId: referral.id } },
          body: {
            channel: values.channel as Attempt['channel'],
            outcome: values.outcome as Attempt['outcome'],
            ...(values.note.trim() ? { note: values.note.trim() } : {}),
          },
        }),
      ),
    onSuccess: async (updated) => {
      setNotReachedNow(updated.status === 'not-reached' && referral.status !== 'not-reached');
      setValues(EMPTY);
      queryClient.setQueryData(referralKey(referral.id), updated);
      await queryClient.invalidateQueries({ queryKey: referralTasksKey(referral.id) });
    },
    onError: (error) => {
      if (signInAgain.caught(error)) return;
      setErrors(problemFieldErrors(error, () => t('form.invalid')));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const empty = emptyFields(values, ['channel', 'outcome']);
    if (empty.length > 0) return setErrors(Object.fromEntries(empty.map((name) => [name, t('form.required')])));
    setErrors({});
    setNotReachedNow(false);
    record.mutate();
  };
  const set = (name: keyof typeof EMPTY) => (event: { currentTarget: { value: string } }) =>
    setValues({ ...values, [name]: event.currentTarget.value });

  return (
    <Stack component="section" aria-labelledby="record-attempt-title" maw={560}>
      <Title order={3} size="h4" id="record-attempt-title">
        {t('referrals.attempts.record')}
      </Title>
      {signInAgain.panel(() => record.reset())}
      <form ref={formRef} onSubmit={submit} noValidate>
        <Stack>
          {record.isSuccess && (
            <Alert color={notReachedNow ? 'yellow' : 'green'} role="status">
              {notReachedNow ? t('referrals.attempts.notReached') : t('referrals.attempts.saved')}
            </Alert>
          )}
          {record.isError && !signInAgain.ended && Object.keys(errors).length === 0 && (
            <ProblemAlert error={record.error} messages={{ conflict: 'referrals.closedMeanwhile' }} />
          )}
          <NativeSelect
            id="attempt-channel"
            label={t('referrals.attempts.channel')}
            required
            value={values.channel}
            onChange={set('channel')}
            error={errors.channel}
            data={Object.entries(ATTEMPT_CHANNELS).map(([value, label]) => ({ value, label: t(label) }))}
          />
          <NativeSelect
            id="attempt-outcome"
            label={t('referrals.attempts.outcome')}
            required
            value={values.outcome}
            onChange={set('outcome')}
            error={errors.outcome}
            data={[
              { value: '', label: t('referrals.attempts.chooseOutcome') },
              ...Object.entries(ATTEMPT_OUTCOMES).map(([value, label]) => ({ value, label: t(label) })),
            ]}
          />
          <Textarea
            id="attempt-note"
            label={t('referrals.attempts.note')}
            description={t('referrals.attempts.noteDescription')}
            autosize
            minRows={2}
            value={values.note}
            onChange={set('note')}
            error={errors.note}
          />
          <Group>
            <SubmitButton pending={record.isPending} disabled={signInAgain.ended}>
              {t('referrals.attempts.submit')}
            </SubmitButton>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
