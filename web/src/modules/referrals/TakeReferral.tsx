// Taking an unassigned referral from one's team's queue (POST /referrals/{id}/assign with one's own id):
// offered when the referral's allowedActions say 'take'.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Stack } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useT } from '../../i18n/locale.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { useSignInAgain } from '../identity/SignInAgain.tsx';
import { sessionQuery } from '../identity/session.ts';
import { referralKey, type Referral } from './referral.ts';

export function TakeReferral({ referral }: { referral: Referral }) {
  const t = useT();
  const queryClient = useQueryClient();
  const me = useQuery(sessionQuery).data?.user.id;
  const signInAgain = useSignInAgain();
  const take = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/referrals/{referralId}/assign', {
          params: { path: { referralId: referral.id } },
          body: { version: referral.version, userId: me! },
        }),
      ),
    onSuccess: (taken) => {
      queryClient.setQueryData(referralKey(referral.id), taken);
      // This button is gone once taken (no take in allowedActions): the focus goes to the page's heading
      // rather than to the page's body, as after closing (CloseReferral.tsx).
      document.getElementById('referral-title')?.focus();
    },
    onError: (error) => void signInAgain.caught(error),
  });
  if (!me) return null;
  return (
    <Stack gap="xs" align="flex-start">
      {signInAgain.panel(() => take.reset())}
      {take.isError && !signInAgain.ended && (
        <ProblemAlert error={take.error} messages={{ 'precondition-failed': 'referrals.changedMeanwhile' }} />
      )}
      <Button size="xs" variant="light" loading={take.isPending} disabled={signInAgain.ended} onClick={() => take.mutate()}>
        {t('referrals.take')}
      </Button>
    </Stack>
  );
}
