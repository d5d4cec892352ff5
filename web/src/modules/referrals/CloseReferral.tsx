// Closing a referral without a case (POST /referrals/{id}/close): as a duplicate or declined, with a
// reason (required by the API, kept in the audit trail).
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Group, NativeSelect, Stack, Textarea, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useT } from '../../i18n/locale.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { emptyFields, problemFieldErrors, useFieldErrors } from '../../app/forms.ts';
import { useSignInAgain } from '../identity/SignInAgain.tsx';
import { referralKey, type Referral } from './referral.ts';
import { referralTasksKey } from './ReferralTasks.tsx';
import { SubmitButton } from '../../app/SubmitButton.tsx';

const EMPTY = { status: '', reason: '' };

export function CloseReferral({ referral }: { referral: Referral }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [values, setValues] = useState(EMPTY);
  const { errors, setErrors, formRef } = useFieldErrors();
  const signInAgain = useSignInAgain();
  const close = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/referrals/{referralId}/close', {
          params: { path: { referralId: referral.id } },
          body: { version: referral.version, status: values.status as 'duplicate' | 'declined', reason: values.reason.trim() },
        }),
      ),
    onSuccess: async (closed) => {
      queryClient.setQueryData(referralKey(referral.id), closed);
      // This form is gone once closed (no close in allowedActions): the focus goes to the page's heading.
      document.getElementById('referral-title')?.focus();
      // Closing cancels the referral's open tasks.
      await queryClient.invalidateQueries({ queryKey: referralTasksKey(referral.id) });
    },
    onError: (error) => {
      if (signInAgain.caught(error)) return;
      setErrors(problemFieldErrors(error, () => t('form.invalid')));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const empty = emptyFields(values, ['status', 'reason']);
    if (empty.length > 0) return setErrors(Object.fromEntries(empty.map((name) => [name, t('form.required')])));
    setErrors({});
    close.mutate();
  };
  const set = (name: keyof typeof EMPTY) => (event: { currentTarget: { value: string } }) =>
    setValues({ ...values, [name]: event.currentTarget.value });

  return (
    <Stack component="section" aria-labelledby="close-referral-title" maw={560}>
      <Title order={2} size="h3" id="close-referral-title">
        {t('referrals.close.title')}
      </Title>
      {signInAgain.panel(() => close.reset())}
      <form ref={formRef} onSubmit={submit} noValidate>
        <Stack>
          {close.isError && !signInAgain.ended && Object.keys(errors).length === 0 && (
            <ProblemAlert error={close.error} messages={{ 'precondition-failed': 'referrals.changedMeanwhile' }} />
          )}
          <NativeSelect
            id="close-status"
            label={t('referrals.close.status')}
            required
            value={values.status}
            onChange={set('status')}
            error={errors.status}
            data={[
              { value: '', label: t('referrals.close.chooseStatus') },
              { value: 'duplicate', label: t('referrals.close.duplicate') },
              { value: 'declined', label: t('referrals.close.declined') },
            ]}
          />
          <Textarea
            id="close-reason"
            label={t('referrals.close.reason')}
            required
            autosize
            minRows={2}
            value={values.reason}
            onChange={set('reason')}
            error={errors.reason}
          />
          <Group>
            <SubmitButton color="red" variant="outline" pending={close.isPending} disabled={signInAgain.ended}>
              {t('referrals.close.submit')}
            </SubmitButton>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
